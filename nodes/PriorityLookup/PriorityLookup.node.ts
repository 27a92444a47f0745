import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SHEETS_CREDENTIAL_FOR_RULES } from '../shared/descriptions';
import { testGoogleSheetsServiceAccount } from '../shared/transport';
import { lookupPriorities } from './lookupItems';
import { configuredOutputs } from './outputs';
import { priorityLookupProperties } from './properties';

export class PriorityLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Priority Lookup',
		name: 'priorityLookup',
		icon: { light: 'file:priorityLookup.svg', dark: 'file:priorityLookup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"rules: " + $parameter["rulesSource"]}}',
		description:
			'Finds the priority of each item from a keyword table (Google Sheet, inline or from the items)',
		defaults: { name: 'Priority Lookup' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		credentials: [
			{
				name: 'googleSheetsTaskflowServiceAccountApi',
				testedBy: 'testGoogleSheetsServiceAccount',
				...SHEETS_CREDENTIAL_FOR_RULES,
			},
		],
		properties: priorityLookupProperties,
	};

	methods = {
		credentialTest: { testGoogleSheetsServiceAccount },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await lookupPriorities(this);
	}
}
