/**
 * Performs a list of planned CRM actions through the transport: grouped by kind and object type,
 * each group handed to the transport's batch call (which chunks to HubSpot's limits), and every
 * result put back at its action's position. A failed action never takes the others with it.
 */
import { NodeApiError } from 'n8n-workflow';

import type {
	AssociateRecordsAction,
	AssociationTarget,
	AssociationType,
	CreateRecordAction,
	CrmAction,
} from '../../domain/crm';
import { modifiedMsOf } from '../../domain/poll';
import { createRecords, isKeyed, lookupByProperty, type KeyLookup } from './createRecords';
import type {
	BatchItemResult,
	DefaultAssociationPair,
	HubSpotRecord,
	HubSpotTransport,
} from '../transport';

export interface CrmActionOutcome {
	kind: CrmAction['kind'];
	objectType: string;
	/** The record acted on: created, updated or archived, or the `from` end of an association. */
	id: string;
	/** The record as HubSpot answered a create or update. */
	record?: HubSpotRecord;
	/** A create answered by a record found through its idempotency key: nothing was created. */
	existing?: boolean;
}

/**
 * Finds records made by earlier runs for keyed creates: one answer per create, undefined where
 * none exists. Asked before creating, and again for a create whose answer was lost.
 */
export type FindExistingRecords = KeyLookup;

export interface PerformOptions {
	findExisting?: FindExistingRecords;
	/**
	 * The unique-value property (hasUniqueValue) a keyed create writes its key to, on each object
	 * type it creates; a create whose answer was lost is then looked up by it. Default
	 * DEFAULT_IDEMPOTENCY_PROPERTY. Not used with `findExisting`, which then owns how keys are found
	 * (e.g. contacts by email, where the key is the email itself).
	 */
	idempotencyProperty?: string;
}

/** The property the README asks to create (unique values) on each object type keyed creates make. */
export const DEFAULT_IDEMPOTENCY_PROPERTY = 'taskflow_idempotency_key';

type ActionResult = BatchItemResult<CrmActionOutcome>;

/** Actions of one batch call: same kind and object type (and, to associate, the same target). */
function groupKey(action: CrmAction): string {
	if (action.kind !== 'associate') return `${action.kind} ${action.objectType}`;
	return `associate ${action.objectType} ${action.toObjectType} ${action.type ? 'typed' : 'default'}`;
}

function groupByKey(actions: CrmAction[]): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	actions.forEach((action, position) => {
		const key = groupKey(action);
		const positions = groups.get(key) ?? [];
		positions.push(position);
		groups.set(key, positions);
	});
	return groups;
}

/** One result per action, in order. 401/403 reject the whole call (they affect every action). */
export async function performCrmActions(
	transport: HubSpotTransport,
	actions: CrmAction[],
	options: PerformOptions = {},
): Promise<ActionResult[]> {
	const results = new Array<ActionResult>(actions.length);
	// Groups run one after another, so an archive listed after an update of the same record stays
	// after it; each group is still sent as parallel chunks.
	for (const positions of groupByKey(actions).values()) {
		const group = positions.map((position) => actions[position]);
		const answers = await performGroup(transport, group, options);
		positions.forEach((position, index) => (results[position] = answers[index]));
	}
	await rememberOwnWrites(transport, actions, results);
	return results;
}

/**
 * Tells the poll trigger which record versions the pack wrote, so they do not come back as work.
 * Best effort: a write forgotten is read back once and finds nothing to do; the write stands.
 */
async function rememberOwnWrites(
	transport: HubSpotTransport,
	actions: CrmAction[],
	results: ActionResult[],
): Promise<void> {
	if (!transport.ownWrites) return;
	const writes = results.flatMap((result, index) => {
		if (!result?.ok || !result.value.record || result.value.existing) return [];
		const { kind, objectType, record } = result.value;
		const modifiedMs = modifiedMsOf(objectType, record);
		if ((kind !== 'create' && kind !== 'update') || modifiedMs === undefined) return [];
		const action = actions[index];
		const properties =
			action.kind === 'create' || action.kind === 'update'
				? Object.keys(action.properties)
				: undefined;
		return [{ objectType, id: record.id, modifiedMs, ...(properties ? { properties } : {}) }];
	});
	try {
		await transport.ownWrites.remember(writes);
	} catch {
		// Redis unavailable: the poll emits these changes once, and nothing is written twice.
	}
}

/** The group's actions with their kind known to the compiler (a group holds one kind). */
function ofKind<K extends CrmAction['kind']>(
	group: CrmAction[],
	kind: K,
): Array<Extract<CrmAction, { kind: K }>> {
	return group.filter((action): action is Extract<CrmAction, { kind: K }> => action.kind === kind);
}

/** Failures pass through as they are; successes become the action's outcome. */
function outcomes<T>(
	answers: Array<BatchItemResult<T>>,
	toOutcome: (value: T) => CrmActionOutcome,
): ActionResult[] {
	return answers.map((answer) =>
		answer.ok ? { ok: true, value: toOutcome(answer.value) } : answer,
	);
}

async function performGroup(
	transport: HubSpotTransport,
	group: CrmAction[],
	options: PerformOptions,
): Promise<ActionResult[]> {
	const { kind, objectType } = group[0];
	switch (kind) {
		case 'create':
			return await performCreates(transport, objectType, ofKind(group, 'create'), options);
		case 'update':
			return outcomes(
				await transport.batchUpdate(objectType, ofKind(group, 'update')),
				(record) => ({ kind, objectType, id: record.id, record }),
			);
		case 'archive':
			return outcomes(
				await transport.batchArchive(
					objectType,
					ofKind(group, 'archive').map((action) => action.id),
				),
				({ id }) => ({ kind, objectType, id }),
			);
		case 'associate':
			return outcomes(
				await associate(transport, objectType, ofKind(group, 'associate')),
				({ fromId }) => ({ kind, objectType, id: fromId }),
			);
	}
}

/** HubSpot's shape of an association type; none means the pair's default type. */
function associationTypes(type: AssociationType | undefined) {
	return type ? [{ associationCategory: type.category, associationTypeId: type.typeId }] : [];
}

/** Associations from `objectType` to one other type, all typed or all default (one group). */
async function associate(
	transport: HubSpotTransport,
	objectType: string,
	group: AssociateRecordsAction[],
): Promise<Array<BatchItemResult<DefaultAssociationPair>>> {
	const { toObjectType, type } = group[0];
	const pairs = group.map((action) => ({ fromId: action.fromId, toId: action.toId }));
	if (type === undefined) {
		return await transport.batchAssociateDefault(objectType, toObjectType, pairs);
	}
	return await transport.batchAssociate(
		objectType,
		toObjectType,
		group.map((action, index) => ({ ...pairs[index], types: associationTypes(action.type) })),
	);
}

/** Typed associations go inline with the create; the others are made by default afterwards. */
function inlineAssociations(targets: AssociationTarget[]) {
	return targets
		.filter((target) => target.type !== undefined)
		.map((target) => ({ to: { id: target.toId }, types: associationTypes(target.type) }));
}

/**
 * Creates with their typed associations inline (one request makes record and links); targets
 * without a type get HubSpot's default association right after, which the create API cannot do.
 * Keyed creates first ask `findExisting`, so a repeated run can answer with the earlier record;
 * a create whose answer was lost is settled by ./createRecords, never simply sent again.
 */
async function performCreates(
	transport: HubSpotTransport,
	objectType: string,
	creates: CreateRecordAction[],
	options: PerformOptions,
): Promise<ActionResult[]> {
	const results = new Array<ActionResult>(creates.length);
	const keyed = creates.flatMap((action, position) =>
		isKeyed(action) ? [{ action, position }] : [],
	);
	if (options.findExisting && keyed.length > 0) {
		const found = await options.findExisting(
			objectType,
			keyed.map(({ action }) => action),
		);
		keyed.forEach(({ position }, index) => {
			const record = found[index];
			if (record) {
				results[position] = {
					ok: true,
					value: { kind: 'create', objectType, id: record.id, record, existing: true },
				};
			}
		});
	}

	// Two creates with one key in a run are one record (e.g. two calls from one new number): the
	// first is sent, the others get its answer as a record that already existed.
	const firstWithKey = new Map<string, number>();
	const sameAs = new Map<number, number>();
	creates.forEach((action, position) => {
		if (results[position] || !isKeyed(action)) return;
		const first = firstWithKey.get(action.idempotencyKey);
		if (first === undefined) firstWithKey.set(action.idempotencyKey, position);
		else sameAs.set(position, first);
	});
	const toCreate = creates.flatMap((_, position) =>
		results[position] || sameAs.has(position) ? [] : [position],
	);
	const keyProperty = options.findExisting
		? undefined
		: (options.idempotencyProperty ?? DEFAULT_IDEMPOTENCY_PROPERTY);
	const answers = await createRecords(
		transport,
		objectType,
		toCreate.map((position) => creates[position]),
		(create) => ({
			properties:
				keyProperty && isKeyed(create)
					? { ...create.properties, [keyProperty]: create.idempotencyKey }
					: create.properties,
			associations: inlineAssociations(create.associations),
		}),
		options.findExisting ?? (keyProperty ? lookupByProperty(transport, keyProperty) : undefined),
	);
	toCreate.forEach((position, index) => {
		const answer = answers[index];
		if (!answer.ok) {
			results[position] = answer;
			return;
		}
		const { record, existing } = answer.value;
		results[position] = {
			ok: true,
			value: { kind: 'create', objectType, id: record.id, record, ...(existing && { existing }) },
		};
	});
	await associateCreatedByDefault(transport, objectType, creates, toCreate, results);
	// After the first's default associations, so a failure there is the copies' failure too. The
	// copies' own associations are the first's: one key names one record, made one way.
	for (const [position, first] of sameAs) {
		const answer = results[first];
		results[position] = answer.ok
			? { ok: true, value: { ...answer.value, existing: true } }
			: answer;
	}
	return results;
}

/** The default associations of freshly created records; a failure fails its create's result. */
async function associateCreatedByDefault(
	transport: HubSpotTransport,
	objectType: string,
	creates: CreateRecordAction[],
	created: number[],
	results: ActionResult[],
): Promise<void> {
	const follow: Array<{ position: number; action: AssociateRecordsAction }> = [];
	for (const position of created) {
		const result = results[position];
		if (!result.ok) continue;
		for (const target of creates[position].associations) {
			if (target.type) continue;
			follow.push({
				position,
				action: { kind: 'associate', objectType, fromId: result.value.id, ...target },
			});
		}
	}
	if (follow.length === 0) return;
	const answers = await performCrmActions(
		transport,
		follow.map((entry) => entry.action),
	);
	answers.forEach((answer, index) => {
		const { position, action } = follow[index];
		const result = results[position];
		if (answer.ok || !result.ok) return;
		results[position] = {
			ok: false,
			error: createdButNotAssociated(transport, answer.error, action),
		};
	});
}

/** A new error per create: one chunk's failure is a single object shared by all its inputs. */
function createdButNotAssociated(
	transport: HubSpotTransport,
	error: NodeApiError,
	action: AssociateRecordsAction,
): NodeApiError {
	return new NodeApiError(
		transport.node,
		{ message: error.message },
		{
			message: `${action.objectType} ${action.fromId} was created, but not associated with ${action.toObjectType} ${action.toId}: ${error.message}`,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
		},
	);
}
