import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getOwners, OWNERS_LOAD_OPTIONS_METHOD } from '../shared/descriptions';
import {
	HUBSPOT_CREDENTIAL_TYPE,
	hubSpotTransportFor,
	testHubSpotTaskflowApi,
} from '../shared/transport';
import { executeFindOwner } from './findOwner';
import { executeForgetOwner } from './forgetOwner';
import { executeLogCall } from './logCall';
import {
	nodeProperties,
	PIPELINES_LOAD_OPTIONS_METHOD,
	STAGES_LOAD_OPTIONS_METHOD,
} from './properties';

/** loadOptions: the deal pipelines. */
async function getDealPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pipelines = await (await hubSpotTransportFor(this)).pipelines('deals');
	return pipelines.map((pipeline) => ({ name: pipeline.label, value: pipeline.id }));
}

/** loadOptions: the open stages of the chosen deal pipeline. */
async function getDealStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pipelineId = String(this.getCurrentNodeParameter('pipelineId') ?? '');
	const pipelines = await (await hubSpotTransportFor(this)).pipelines('deals');
	const pipeline = pipelines.find((candidate) => candidate.id === pipelineId);
	return (pipeline?.stages ?? [])
		.filter((stage) => !stage.closed)
		.map((stage) => ({ name: stage.label, value: stage.id }));
}

export class RouteCallToOwner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Route Call to Owner',
		name: 'routeCallToOwner',
		icon: { light: 'file:routeCallToOwner.svg', dark: 'file:routeCallToOwner.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"logCall": "Log Call", "findOwner": "Find Owner", "forgetOwner": "Forget Cached Owner"}[$parameter["operation"]] }}',
		description:
			'Applies call-tracking events (Ringostat or any provider) to HubSpot contacts, deals, calls and tasks by a normalised phone number, and finds who owns a caller while the phone rings',
		defaults: { name: 'Route Call to Owner' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: HUBSPOT_CREDENTIAL_TYPE, required: true, testedBy: 'testHubSpotTaskflowApi' },
		],
		properties: nodeProperties,
	};

	methods = {
		credentialTest: { testHubSpotTaskflowApi },
		loadOptions: {
			[OWNERS_LOAD_OPTIONS_METHOD]: getOwners,
			[PIPELINES_LOAD_OPTIONS_METHOD]: getDealPipelines,
			[STAGES_LOAD_OPTIONS_METHOD]: getDealStages,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'logCall');
		if (operation === 'findOwner') return await executeFindOwner.call(this);
		if (operation === 'forgetOwner') return await executeForgetOwner.call(this);
		return await executeLogCall.call(this);
	}
}
