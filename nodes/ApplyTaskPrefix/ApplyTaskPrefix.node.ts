import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SHEETS_CREDENTIAL_FOR_RULES } from '../shared/descriptions';
import { nodeOperations, showForOperations } from '../shared/operations';
import { rulesSourceProperties } from '../shared/rulesSource';
import { testGoogleSheetsServiceAccount, testHubSpotTaskflowApi } from '../shared/transport';
import * as reprioritizeOpenTasks from './actions/reprioritizeOpenTasks.operation';
import * as updateRecordTasks from './actions/updateRecordTasks.operation';
import * as updateTasks from './actions/updateTasks.operation';
import { prefixSettingsProperties } from './common/prefixSettings';

const operations = nodeOperations([updateTasks, updateRecordTasks, reprioritizeOpenTasks], {
	defaultOperation: updateRecordTasks.operation.value,
});

export class ApplyTaskPrefix implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apply Task Prefix',
		name: 'applyTaskPrefix',
		icon: { light: 'file:applyTaskPrefix.svg', dark: 'file:applyTaskPrefix.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operations.subtitle,
		description:
			'Writes a priority prefix such as [P1] into HubSpot task titles, from a keyword table or from Priority Lookup',
		defaults: { name: 'Apply Task Prefix' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'hubSpotTaskflowApi', required: true, testedBy: 'testHubSpotTaskflowApi' },
			{
				name: 'googleSheetsTaskflowServiceAccountApi',
				testedBy: 'testGoogleSheetsServiceAccount',
				...SHEETS_CREDENTIAL_FOR_RULES,
			},
		],
		properties: [
			...operations.properties,
			// Update Tasks needs rules only when the items bring no priority.
			...rulesSourceProperties({
				displayOptions: {
					show: { ...showForOperations(updateTasks).show, priorityFrom: ['rules'] },
				},
			}),
			...rulesSourceProperties({
				displayOptions: showForOperations(updateRecordTasks, reprioritizeOpenTasks),
			}),
			...prefixSettingsProperties,
		],
	};

	methods = {
		credentialTest: { testGoogleSheetsServiceAccount, testHubSpotTaskflowApi },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await operations.execute.call(this);
	}
}
