import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { rulesSourceProperties } from '../shared/rulesSource';
import { testGoogleSheetsServiceAccount, testHubSpotTaskflowApi } from '../shared/transport';
import * as reprioritizeOpenTasks from './actions/reprioritizeOpenTasks.operation';
import * as updateRecordTasks from './actions/updateRecordTasks.operation';
import * as updateTasks from './actions/updateTasks.operation';
import { prefixSettingsProperties } from './common/prefixSettings';

/** Operation value -> its module; values are stable, saved workflows hold them. */
const operations: Record<
	string,
	{ execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]> }
> = {
	[updateTasks.OPERATION]: updateTasks,
	[updateRecordTasks.OPERATION]: updateRecordTasks,
	[reprioritizeOpenTasks.OPERATION]: reprioritizeOpenTasks,
};

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'updateRecordTasks',
	options: [
		{
			name: 'Re-Prioritize Open Tasks',
			value: reprioritizeOpenTasks.OPERATION,
			description: 'Re-apply the rules to every task not completed, writing only changed titles',
			action: 'Reprioritize all open tasks',
		},
		{
			name: "Update Record's Tasks",
			value: updateRecordTasks.OPERATION,
			description: 'Prefix the open tasks of a contact, deal, ticket or company',
			action: 'Prefix the open tasks of a record',
		},
		{
			name: 'Update Tasks',
			value: updateTasks.OPERATION,
			description: 'Prefix tasks named by the items, with their priority or one from the rules',
			action: 'Prefix tasks by ID',
		},
	],
};

export class ApplyTaskPrefix implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apply Task Prefix',
		name: 'applyTaskPrefix',
		icon: { light: 'file:applyTaskPrefix.svg', dark: 'file:applyTaskPrefix.dark.svg' },
		group: ['transform'],
		version: 1,
		// The operation's display name under the node, not its stored value.
		subtitle:
			'={{ {"reprioritizeOpenTasks": "Re-Prioritize Open Tasks", "updateRecordTasks": "Update Record\'s Tasks", "updateTasks": "Update Tasks"}[$parameter["operation"]] }}',
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
				required: true,
				testedBy: 'testGoogleSheetsServiceAccount',
				displayOptions: { show: { rulesSource: ['sheet'] } },
			},
		],
		properties: [
			operationProperty,
			...updateTasks.description,
			...updateRecordTasks.description,
			...reprioritizeOpenTasks.description,
			...rulesSourceProperties({
				displayOptions: {
					show: { operation: [updateTasks.OPERATION], priorityFrom: ['rules'] },
				},
			}),
			...rulesSourceProperties({
				displayOptions: {
					show: { operation: [updateRecordTasks.OPERATION, reprioritizeOpenTasks.OPERATION] },
				},
			}),
			...prefixSettingsProperties,
		],
	};

	methods = {
		credentialTest: { testGoogleSheetsServiceAccount, testHubSpotTaskflowApi },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = operations[operation];
		if (!handler) {
			throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`);
		}
		return [await handler.execute.call(this)];
	}
}
