/**
 * Create Activities: per item, the record is read (its owner), the permission checked (a record
 * outside it goes to the second output, untouched), the owner chosen, each action planned by the
 * domain, and every task of every item created through the shared write path in batches, each
 * create keyed by workflow, action, record and event so a redelivered event creates nothing new.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	activityKey,
	ActivityError,
	planActivity,
	type ActivityPlan,
	type Permission,
} from '../domain/activity';
import { updateRecord, type AssociationTarget, type CrmAction } from '../domain/crm';
import { executeCrmActions } from '../shared/crm';
import { pickedOwnerId } from '../shared/descriptions';
import {
	hubSpotTransportFor,
	type BatchItemResult,
	type HubSpotRecord,
	type HubSpotTransport,
} from '../shared/transport';
import { readAssociatedRecords, recordKey, type AssociatedByRecord } from './associatedRecords';
import { activityFailure, readItemSettings, type ItemSettings } from './itemSettings';
import { OwnerChoice, type OwnerMode } from './ownerChoice';
import { calendarForTeams } from './teamCalendars';

export interface Planned {
	settings: ItemSettings;
	ownerId?: string;
	creates: Array<{ plan: Extract<ActivityPlan, { kind: 'create' }>; label: string }>;
	/** The record, unowned until now, handed to the chosen owner ("Assign Unowned Records"). */
	assignRecord?: CrmAction;
	skipped: Array<{ label: string; reason: string }>;
}

export type ItemDecision =
	| { kind: 'planned'; planned: Planned }
	| { kind: 'refused'; reason: string }
	| { kind: 'failed'; error: Error };

export const OWNER_PROPERTY = 'hubspot_owner_id';

async function readRecords(
	transport: HubSpotTransport,
	settings: Array<ItemSettings | undefined>,
): Promise<Map<string, BatchItemResult<HubSpotRecord>>> {
	const idsByType = new Map<string, Set<string>>();
	for (const item of settings) {
		if (!item) continue;
		const ids = idsByType.get(item.record.apiName) ?? new Set<string>();
		ids.add(item.record.id);
		idsByType.set(item.record.apiName, ids);
	}
	const answers = new Map<string, BatchItemResult<HubSpotRecord>>();
	for (const [apiName, idSet] of idsByType) {
		const ids = [...idSet];
		const results = await transport.batchRead(apiName, ids, { properties: [OWNER_PROPERTY] });
		ids.forEach((id, index) => answers.set(`${apiName}:${id}`, results[index]));
	}
	return answers;
}

function permissionOf(ctx: IExecuteFunctions, itemIndex: number): Permission {
	if (ctx.getNodeParameter('permission', itemIndex, 'all') !== 'teams') return { kind: 'all' };
	const teamIds = (ctx.getNodeParameter('permittedTeamIds', itemIndex, []) as unknown[]).map(
		String,
	);
	if (teamIds.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Team Names or IDs: choose at least one team', {
			itemIndex,
		});
	}
	return { kind: 'teams', teamIds };
}

/** The plan, or the domain's refusal as a value (named by the caller as the item's error). */
function planOrError(plan: () => ActivityPlan): ActivityPlan | Error {
	try {
		return plan();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

async function decide(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: ItemSettings,
	record: BatchItemResult<HubSpotRecord> | undefined,
	owners: OwnerChoice,
	nowMs: number,
	associated: AssociatedByRecord,
): Promise<ItemDecision> {
	if (!record?.ok) {
		const missing = !record || String(record.error.httpCode) === '404';
		const error = missing
			? new NodeOperationError(
					ctx.getNode(),
					`Record ID: no ${settings.record.objectType} ${settings.record.id} exists in HubSpot`,
					{ itemIndex },
				)
			: record.error;
		return { kind: 'failed', error };
	}
	const extraAssociations = associated.get(recordKey(settings.record)) ?? [];
	if (extraAssociations instanceof Error) return { kind: 'failed', error: extraAssociations };
	return await decideForRecord(
		ctx,
		itemIndex,
		settings,
		record.value.properties[OWNER_PROPERTY] || undefined,
		owners,
		nowMs,
		extraAssociations,
	);
}

/** Permission, owner and plans for a record whose owner is known. */
export async function decideForRecord(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: ItemSettings,
	recordOwnerId: string | undefined,
	owners: OwnerChoice,
	nowMs: number,
	extraAssociations: AssociationTarget[] = [],
): Promise<ItemDecision> {
	const reason = await owners.refusalFor(permissionOf(ctx, itemIndex), recordOwnerId);
	if (reason) return { kind: 'refused', reason };
	const mode = ctx.getNodeParameter('ownerMode', itemIndex, 'recordOwner') as OwnerMode;
	const ownerId = await owners.ownerFor(
		mode,
		{
			recordOwnerId,
			fixedOwnerId: mode === 'fixed' ? pickedOwnerId(ctx, itemIndex) : undefined,
			teamId: String(ctx.getNodeParameter('teamId', itemIndex, '') ?? '').trim(),
			occasion: `${settings.record.apiName}:${settings.record.id}:${settings.eventKey}`,
		},
		itemIndex,
	);
	const workflow = ctx.getWorkflow().id ?? 'workflow';
	const planned: Planned = { settings, ownerId, creates: [], skipped: [] };
	// Only an unowned record: a redelivered event finds it owned and leaves it to its first owner.
	const assignUnowned =
		mode !== 'recordOwner' &&
		(ctx.getNodeParameter('assignUnownedRecord', itemIndex, false) as boolean);
	if (assignUnowned && ownerId && !recordOwnerId) {
		planned.assignRecord = updateRecord(settings.record.apiName, settings.record.id, {
			[OWNER_PROPERTY]: ownerId,
		});
	}
	// Only when teams have calendars of their own is the owner's team looked up.
	const calendar =
		(ownerId && settings.teamCalendars.length > 0
			? calendarForTeams(settings.teamCalendars, await owners.teamsOf(ownerId))
			: undefined) ?? settings.calendar;
	settings.actions.forEach((action, position) => {
		const plan = planOrError(() =>
			planActivity(action, {
				nowMs,
				calendar,
				businessTimeOnly: settings.businessTimeOnly,
				ownerId,
				record: { objectType: settings.record.apiName, id: settings.record.id },
				extraAssociations,
				idempotencyKey: activityKey({
					workflow,
					action: position,
					objectType: settings.record.apiName,
					recordId: settings.record.id,
					event: settings.eventKey,
				}),
			}),
		);
		if (plan instanceof ActivityError) throw activityFailure(ctx, itemIndex, plan);
		if (plan instanceof Error) throw plan;
		if (plan.kind === 'skip') planned.skipped.push({ label: action.label, reason: plan.reason });
		else planned.creates.push({ plan, label: action.label });
	});
	return { kind: 'planned', planned };
}

export async function executeCreateActivities(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const nowMs = Date.now();
	const items = this.getInputData();
	const decisions: ItemDecision[] = [];
	const settings = items.map((item, itemIndex) => {
		try {
			return readItemSettings(this, item, itemIndex, nowMs);
		} catch (error) {
			decisions[itemIndex] = { kind: 'failed', error: error as Error };
			return undefined;
		}
	});
	const transport = await hubSpotTransportFor(this);
	const records = await readRecords(transport, settings);
	const associated = await readAssociatedRecords(this, transport, settings);
	const owners = new OwnerChoice(this, transport);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = settings[itemIndex];
		if (!item) continue;
		try {
			decisions[itemIndex] = await decide(
				this,
				itemIndex,
				item,
				records.get(recordKey(item.record)),
				owners,
				nowMs,
				associated,
			);
		} catch (error) {
			decisions[itemIndex] = { kind: 'failed', error: error as Error };
		}
	}

	const planOf = new Map<CrmAction, { label: string; dueMs: number; reminderMs?: number }>();
	const created = await executeCrmActions(this, transport, {
		plan: (_item, itemIndex) => {
			const decision = decisions[itemIndex];
			if (decision.kind === 'failed') throw decision.error;
			if (decision.kind === 'refused') return [];
			const creates = decision.planned.creates.map(({ plan, label }) => {
				planOf.set(plan.action, { label, dueMs: plan.dueMs, reminderMs: plan.reminderMs });
				return plan.action;
			});
			const { assignRecord } = decision.planned;
			return assignRecord ? [...creates, assignRecord] : creates;
		},
		describe: (action) =>
			planOf.get(action)?.label ??
			(action.kind === 'update' ? `Owner of ${action.objectType} ${action.id}` : action.kind),
		emit: (outcome, action, itemIndex) => {
			const info = planOf.get(action);
			const decision = decisions[itemIndex] as Extract<ItemDecision, { kind: 'planned' }>;
			const record = {
				objectType: decision.planned.settings.record.objectType,
				id: decision.planned.settings.record.id,
			};
			if (action.kind === 'update') {
				return { recordOwnerAssigned: decision.planned.ownerId ?? null, record } as IDataObject;
			}
			const json: IDataObject = {
				action: info?.label ?? null,
				taskId: outcome.id,
				title:
					outcome.record?.properties.hs_task_subject ??
					(action.kind === 'create' ? action.properties.hs_task_subject : null),
				dueAt: info ? new Date(info.dueMs).toISOString() : null,
				reminderAt: info?.reminderMs !== undefined ? new Date(info.reminderMs).toISOString() : null,
				ownerId: decision.planned.ownerId ?? null,
				record,
				existing: Boolean(outcome.existing),
			};
			return json;
		},
	});
	const skipped: INodeExecutionData[] = [];
	const notPermitted: INodeExecutionData[] = [];
	decisions.forEach((decision, itemIndex) => {
		if (decision?.kind === 'refused') {
			notPermitted.push({
				json: { ...items[itemIndex].json, notPermitted: decision.reason },
				pairedItem: { item: itemIndex },
			});
		}
		if (decision?.kind === 'planned') {
			for (const skip of decision.planned.skipped) {
				skipped.push({
					json: { action: skip.label, skipped: true, reason: skip.reason },
					pairedItem: { item: itemIndex },
				});
			}
		}
	});
	return [[...created, ...skipped], notPermitted];
}
