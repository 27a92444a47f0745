/**
 * Update Record's Tasks: every item names a CRM record (contact, deal, ticket or company), e.g.
 * the one a HubSpot workflow fired on when a task was associated with it. The record's tasks are
 * found through associations v4 (one batch read for all items of a type), read in batches, and
 * the ones not completed are prioritized by the rules. One output item per task.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	HUBSPOT_RECORD_TYPES,
	pickedRecord,
	recordPicker,
	type PickedRecord,
	type RecordPickerOptions,
} from '../../shared/descriptions';
import { mapBatch, type BatchResult } from '../../shared/itemLoop';
import type { OperationMetadata } from '../../shared/operations';
import type { HubSpotTransport } from '../../shared/transport';
import { hubSpotIdParameter, transportForItems } from '../common/itemInputs';
import { plannerFromRules } from '../common/planners';
import { executeTaskWrites, planTasks } from '../common/planTasks';
import { outcomesToJson, type TaskOutcome } from '../common/taskOutcome';

export const operation: OperationMetadata = {
	value: 'updateRecordTasks',
	name: "Update Record's Tasks",
	action: 'Prefix the open tasks of a record',
	description: 'Prefix the open tasks of a contact, deal, ticket or company',
};

const RECORD_PICKER: RecordPickerOptions = {
	objectTypes: ['contact', 'deal', 'ticket', 'company'],
	typeParameter: 'recordType',
	idParameter: 'recordId',
	typeDescription: 'Type of the record whose tasks are prioritized',
};

export const description: INodeProperties[] = recordPicker(RECORD_PICKER);

/** The task ids associated with each requested record, in request order. */
async function associatedTaskIds(
	transport: HubSpotTransport,
	requests: PickedRecord[],
): Promise<Array<BatchResult<string[]>>> {
	const answers = new Array<BatchResult<string[]>>(requests.length);
	const byType = new Map<string, number[]>();
	requests.forEach((request, position) => {
		const positions = byType.get(request.apiName) ?? [];
		positions.push(position);
		byType.set(request.apiName, positions);
	});
	await Promise.all(
		[...byType].map(async ([apiName, positions]) => {
			const ids = [...new Set(positions.map((position) => requests[position].id))];
			const results = await transport.batchReadAssociations(apiName, 'tasks', ids);
			const byId = new Map(ids.map((id, index) => [id, results[index]]));
			for (const position of positions) {
				const result = byId.get(requests[position].id);
				answers[position] =
					result === undefined || !result.ok
						? { ok: false, error: result?.error as NodeApiError }
						: { ok: true, value: result.value.map((associated) => associated.toObjectId) };
			}
		}),
	);
	return answers;
}

/**
 * HubSpot answers "no associations" alike for a record without tasks and for one that does not
 * exist; the records with no tasks are read (one batch per type) so a wrong id is an error.
 */
async function failMissingRecords(
	ctx: IExecuteFunctions,
	transport: HubSpotTransport,
	requests: PickedRecord[],
	answers: Array<BatchResult<string[]>>,
): Promise<Array<BatchResult<string[]>>> {
	const withoutTasks = new Map<string, number[]>();
	answers.forEach((answer, position) => {
		if (!answer.ok || answer.value.length > 0) return;
		const { apiName } = requests[position];
		withoutTasks.set(apiName, [...(withoutTasks.get(apiName) ?? []), position]);
	});
	const checked = [...answers];
	await Promise.all(
		[...withoutTasks].map(async ([apiName, positions]) => {
			const ids = [...new Set(positions.map((position) => requests[position].id))];
			const reads = await transport.batchRead(apiName, ids, { properties: [] });
			const readById = new Map(ids.map((id, index) => [id, reads[index]]));
			for (const position of positions) {
				const read = readById.get(requests[position].id);
				if (read === undefined || read.ok) continue;
				const { objectType } = requests[position];
				checked[position] = {
					ok: false,
					error:
						String(read.error.httpCode) === '404'
							? new NodeOperationError(
									ctx.getNode(),
									`no ${objectType} with this Record ID exists in HubSpot`,
								)
							: read.error,
				};
			}
		}),
	);
	return checked;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { planner } = await plannerFromRules(this);

	return await mapBatch<PickedRecord, TaskOutcome[]>(this, {
		collect: (_item, itemIndex) => {
			hubSpotIdParameter(this, RECORD_PICKER.idParameter as string, 'Record ID', itemIndex);
			return [pickedRecord(this, itemIndex, RECORD_PICKER)];
		},
		run: async (requests) => {
			const transport = await transportForItems(this);
			const taskIdsByRequest = await failMissingRecords(
				this,
				transport,
				requests,
				await associatedTaskIds(transport, requests),
			);
			const allTaskIds = taskIdsByRequest.flatMap((result) => (result.ok ? result.value : []));
			const planned = await planTasks(
				transport,
				planner,
				allTaskIds.map((taskId) => ({ taskId })),
				{ openOnly: true },
			);
			const outcomes = await executeTaskWrites(transport, planned);
			return taskIdsByRequest.map((result): BatchResult<TaskOutcome[]> => {
				if (!result.ok) return result;
				const recordOutcomes = result.value
					.map((taskId) => outcomes.get(taskId))
					.filter((outcome): outcome is TaskOutcome => outcome !== undefined);
				return { ok: true, value: recordOutcomes };
			});
		},
		emit: (outcomes, _request, itemIndex) =>
			outcomesToJson(this, outcomes, itemIndex).map((json) => ({ json })),
		describe: (request) => `${HUBSPOT_RECORD_TYPES[request.objectType].label} ${request.id}`,
	});
}
