/**
 * Complete Pending Activities (goals): per item a record; its tasks are found through
 * associations (one batch read per record type), read in batches, and the open ones this node
 * created (known by their key) are completed or deleted through the shared write path. One output
 * item per task acted on; a record that does not exist fails its item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	goalActions,
	pendingActivities,
	type GoalAction,
	type RecordTask,
} from '../domain/activity';
import type { CrmAction } from '../domain/crm';
import { DEFAULT_IDEMPOTENCY_PROPERTY, executeCrmActions } from '../shared/crm';
import { pickedRecord, type PickedRecord } from '../shared/descriptions';
import { hubSpotTransportFor, type HubSpotTransport } from '../shared/transport';
import { RECORD_PICKER } from './properties';

const TASK_PROPERTIES = ['hs_task_subject', 'hs_task_status', DEFAULT_IDEMPOTENCY_PROPERTY];

function titleList(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((title) => title.trim())
		.filter(Boolean);
}

/** Per record (type:id): its tasks, or the error that names why they could not be read. */
async function tasksOfRecords(
	ctx: IExecuteFunctions,
	transport: HubSpotTransport,
	records: PickedRecord[],
): Promise<Map<string, RecordTask[] | Error>> {
	const byRecord = new Map<string, RecordTask[] | Error>();
	const idsByType = new Map<string, string[]>();
	for (const record of records) {
		const ids = idsByType.get(record.apiName) ?? [];
		if (!ids.includes(record.id)) ids.push(record.id);
		idsByType.set(record.apiName, ids);
	}
	for (const [apiName, ids] of idsByType) {
		const [exists, associations] = await Promise.all([
			transport.batchRead(apiName, ids, { properties: [] }),
			transport.batchReadAssociations(apiName, 'tasks', ids),
		]);
		const taskIds = new Set<string>();
		ids.forEach((id, index) => {
			const association = associations[index];
			if (association.ok) for (const task of association.value) taskIds.add(task.toObjectId);
		});
		const reads = await transport.batchRead('tasks', [...taskIds], { properties: TASK_PROPERTIES });
		const tasks = new Map<string, RecordTask>();
		[...taskIds].forEach((taskId, index) => {
			const read = reads[index];
			if (!read.ok) return; // deleted meanwhile: nothing to complete
			const properties = read.value.properties;
			tasks.set(taskId, {
				id: taskId,
				title: properties.hs_task_subject ?? '',
				status: properties.hs_task_status ?? '',
				key: properties[DEFAULT_IDEMPOTENCY_PROPERTY] ?? undefined,
			});
		});
		ids.forEach((id, index) => {
			const key = `${apiName}:${id}`;
			const found = exists[index];
			const association = associations[index];
			if (!found.ok) {
				const objectType = records.find((record) => record.apiName === apiName)?.objectType;
				byRecord.set(
					key,
					String(found.error.httpCode) === '404'
						? new NodeOperationError(
								ctx.getNode(),
								`Record ID: no ${objectType} ${id} exists in HubSpot`,
							)
						: found.error,
				);
			} else if (!association.ok) {
				byRecord.set(key, association.error);
			} else {
				byRecord.set(
					key,
					association.value.flatMap((associated) => tasks.get(associated.toObjectId) ?? []),
				);
			}
		});
	}
	return byRecord;
}

export async function executeCompletePendingActivities(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const records = items.map((_item, itemIndex) => {
		try {
			return pickedRecord(this, itemIndex, RECORD_PICKER);
		} catch (error) {
			return error as Error;
		}
	});
	const transport = await hubSpotTransportFor(this);
	const tasks = await tasksOfRecords(
		this,
		transport,
		records.filter((record): record is PickedRecord => !(record instanceof Error)),
	);
	const taskOf = new Map<CrmAction, RecordTask>();
	const done = await executeCrmActions(this, transport, {
		plan: (_item, itemIndex) => {
			const record = records[itemIndex];
			if (record instanceof Error) throw record;
			const found = tasks.get(`${record.apiName}:${record.id}`);
			if (found instanceof Error) throw found;
			const pending = pendingActivities(
				found ?? [],
				titleList(this.getNodeParameter('onlyTitles', itemIndex, '')),
			);
			const actions = goalActions(
				pending,
				this.getNodeParameter('goalAction', itemIndex, 'complete') as GoalAction,
			);
			actions.forEach((action, index) => taskOf.set(action, pending[index]));
			return actions;
		},
		emit: (outcome, action, itemIndex) => {
			const record = records[itemIndex] as PickedRecord;
			const json: IDataObject = {
				taskId: outcome.id,
				title: taskOf.get(action)?.title ?? null,
				done: action.kind === 'archive' ? 'deleted' : 'completed',
				record: { objectType: record.objectType, id: record.id },
			};
			return json;
		},
	});
	return [done, []];
}
