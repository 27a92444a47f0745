/**
 * Update Tasks: every item names a task. Its priority comes with the item (as Priority Lookup
 * emits it) or is looked up by the rules; titles are read in batches either way, because the
 * prefix goes in front of the title HubSpot holds now.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveLevel } from '../../domain/priority';
import { mapBatch } from '../../shared/itemLoop';
import { plannerFromLevels, plannerFromRules } from '../common/planners';
import {
	executeTaskWrites,
	planTasks,
	type TaskOutcomes,
	type TaskRequest,
} from '../common/planTasks';
import { hubSpotIdParameter, transportForItems } from '../common/itemInputs';
import { outcomesToJson } from '../common/taskOutcome';
import type { TaskPlanner } from '../common/taskPlanning';
import { priorityLevelsField } from '../../shared/descriptions';
import type { OperationMetadata } from '../../shared/operations';

export const operation: OperationMetadata = {
	value: 'updateTasks',
	name: 'Update Tasks',
	action: 'Prefix tasks by ID',
	description: 'Prefix tasks named by the items, with their priority or one from the rules',
};

const showForPriorityFromItems = { show: { priorityFrom: ['inputItems'] } };

export type PriorityFrom = 'inputItems' | 'rules';

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.taskId }}',
		description: 'ID of the HubSpot task to prefix; usually an expression reading it from the item',
	},
	{
		displayName: 'Priority From',
		name: 'priorityFrom',
		type: 'options',
		noDataExpression: true,
		default: 'inputItems',
		options: [
			{
				name: 'Input Items',
				value: 'inputItems',
				description: 'Each item carries its priority, e.g. the output of Priority Lookup',
			},
			{
				name: 'Rules',
				value: 'rules',
				description: 'Look the priority up from the task title with a rules source',
			},
		],
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'string',
		default: '={{ $json.priority }}',
		description:
			'The priority level of the task. Empty means no priority (the prefix is removed if so set).',
		displayOptions: showForPriorityFromItems,
	},
	priorityLevelsField({
		role: 'A prefix of any of them already on a title is replaced.',
		displayOptions: showForPriorityFromItems,
	}),
];

/** The priority an item brings: empty means none; anything else must be one of the levels. */
function givenPriority(
	ctx: IExecuteFunctions,
	planner: TaskPlanner,
	itemIndex: number,
): string | undefined {
	const value = ctx.getNodeParameter('priority', itemIndex, '') as unknown;
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	const resolved = resolveLevel(planner.levels, String(value));
	if (!resolved) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Priority "${String(value)}" is not one of the priority levels (${planner.levels.join(', ')})`,
			{ itemIndex },
		);
	}
	return resolved.level;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const priorityFrom = this.getNodeParameter('priorityFrom', 0, 'inputItems') as PriorityFrom;
	const planner =
		priorityFrom === 'rules' ? (await plannerFromRules(this)).planner : plannerFromLevels(this);

	return await mapBatch<TaskRequest, TaskOutcomes>(this, {
		collect: (_item, itemIndex) => {
			const taskId = hubSpotIdParameter(this, 'taskId', 'Task ID', itemIndex);
			const priorityGiven =
				priorityFrom === 'inputItems' ? givenPriority(this, planner, itemIndex) : undefined;
			return [{ taskId, priorityGiven }];
		},
		run: async (requests) => {
			const transport = await transportForItems(this);
			const planned = await planTasks(transport, planner, requests);
			const outcomes = await executeTaskWrites(transport, planned);
			return requests.map(() => ({ ok: true as const, value: outcomes }));
		},
		emit: (outcomes, request, itemIndex) => {
			const outcome = outcomes.get(request.taskId) ?? { taskId: request.taskId };
			return outcomesToJson(this, [outcome], itemIndex).map((json) => ({ json }));
		},
		describe: (request) => `Task ${request.taskId}`,
	});
}
