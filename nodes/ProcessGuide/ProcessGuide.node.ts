import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { HUBSPOT_CREDENTIAL_TYPE, testHubSpotTaskflowApi } from '../shared/transport';
import { GUIDE_OUTPUT_NAMES, nodeProperties } from './properties';
import { executeGuideStep } from './runGuide';

/**
 * A HubSpot process guide in an n8n form: between a Form Trigger and a Form page ("Using JSON",
 * fed from this node's Form Page output), it shows the guide's pages one by one and, when they
 * are answered, writes them to the record and its timeline.
 */
export class ProcessGuide implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Process Guide',
		name: 'processGuide',
		icon: { light: 'file:processGuide.svg', dark: 'file:processGuide.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Guide on a " + $parameter["objectType"] }}',
		description:
			"Runs a process guide on a HubSpot record as n8n form pages: questions bound to record properties, asked with HubSpot's own field types and options, checked before anything is written, then saved to the record and logged on its timeline",
		defaults: { name: 'Process Guide' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: GUIDE_OUTPUT_NAMES,
		credentials: [
			{ name: HUBSPOT_CREDENTIAL_TYPE, required: true, testedBy: 'testHubSpotTaskflowApi' },
		],
		properties: nodeProperties,
	};

	methods = { credentialTest: { testHubSpotTaskflowApi } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeGuideStep.call(this);
	}
}
