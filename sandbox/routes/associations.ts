/** Associations v4: batch read/create/associate-default/archive and the per-record endpoints. */
import { objectNotFound, standardError, validationError } from '../errors';
import { OBJECT_TYPE_INFO, associationDefinition, defaultAssociationTypeId } from '../objectTypes';
import type { ObjectType } from '../objectTypes';
import type { RequestContext, Router } from '../router';
import { queryString } from '../router';
import type { SandboxStore } from '../store';
import { isoTime } from '../store';
import { batchInputs, objectTypeParam, requestBody } from './shared';

const LIST_DEFAULT_LIMIT = 500;

function category(typeId: number): 'HUBSPOT_DEFINED' | 'USER_DEFINED' {
	return associationDefinition(typeId) ? 'HUBSPOT_DEFINED' : 'USER_DEFINED';
}

/** MultiAssociatedObjectWithLabel (label left out: unlabeled associations have none). */
function associatedObject(toId: string, typeIds: number[]) {
	return {
		toObjectId: toId,
		associationTypes: typeIds.map((typeId) => ({ category: category(typeId), typeId })),
	};
}

function requireDefaultType(from: ObjectType, to: ObjectType): number {
	const typeId = defaultAssociationTypeId(from, to);
	if (typeId === undefined)
		throw validationError(`There is no default association type from ${from} to ${to}`);
	return typeId;
}

function idOf(value: unknown): string | undefined {
	const id = (value as { id?: unknown } | undefined)?.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** What is wrong when the records at either end do not both exist; undefined when they do. */
function missingEnds(
	store: SandboxStore,
	from: ObjectType,
	fromId: string,
	to: ObjectType,
	toId: string,
): { message: string; context: Record<string, string[]> } | undefined {
	const missing: string[] = [];
	if (!store.active(from, fromId)) missing.push(`${OBJECT_TYPE_INFO[from].label} ${fromId}`);
	if (!store.active(to, toId)) missing.push(`${OBJECT_TYPE_INFO[to].label} ${toId}`);
	if (missing.length === 0) return undefined;
	return {
		message: `Objects do not exist: ${missing.join(', ')}`,
		context: { fromObjectId: [fromId], toObjectId: [toId] },
	};
}

/** For the single-association endpoints: both records must exist (404 otherwise). */
function requireBothExist(
	store: SandboxStore,
	from: ObjectType,
	fromId: string,
	to: ObjectType,
	toId: string,
): void {
	const missing = missingEnds(store, from, fromId, to, toId);
	if (missing) throw objectNotFound(missing.message, missing.context);
}

/** Association type ids that do not lead from `from` to `to`. */
function invalidTypeIds(typeIds: number[], from: ObjectType, to: ObjectType): number[] {
	return typeIds.filter((typeId) => {
		const definition = associationDefinition(typeId);
		return !definition || definition.from !== from || definition.to !== to;
	});
}

/** LabelsBetweenObjectPair: what creating a labelled association answers with. */
function labelledPair(from: ObjectType, fromId: string, to: ObjectType, toId: string) {
	return {
		fromObjectTypeId: OBJECT_TYPE_INFO[from].typeId,
		fromObjectId: fromId,
		toObjectTypeId: OBJECT_TYPE_INFO[to].typeId,
		toObjectId: toId,
		labels: [],
	};
}

/** The `from.id` and `to.id` every v4 batch create input needs. */
function inputEnds(raw: unknown, index: number): { fromId: string; toId: string } {
	const input = raw as { from?: unknown; to?: unknown } | undefined;
	const fromId = idOf(input?.from);
	const toId = idOf(input?.to);
	if (!fromId || !toId)
		throw validationError(`Invalid input JSON: inputs[${index}] needs from.id and to.id`, [
			{ message: 'from.id and to.id are required', in: `inputs[${index}]` },
		]);
	return { fromId, toId };
}

/** The 207 error entry for an input whose records do not both exist; undefined when they do. */
function missingObjectsError(
	store: SandboxStore,
	from: ObjectType,
	fromId: string,
	to: ObjectType,
	toId: string,
): Record<string, unknown> | undefined {
	const missing = missingEnds(store, from, fromId, to, toId);
	return missing && standardError('OBJECT_NOT_FOUND', missing.message, missing.context);
}

/** What every v4 batch endpoint starts from: both object types, the inputs, and empty outcomes. */
function batchFrame(ctx: RequestContext) {
	return {
		startedAt: isoTime(),
		from: objectTypeParam(ctx, 'fromObjectType'),
		to: objectTypeParam(ctx, 'toObjectType'),
		inputs: batchInputs(requestBody(ctx)),
		results: [] as unknown[],
		errors: [] as unknown[],
	};
}

/** A batch answer: `numErrors` and `errors` appear only when some inputs failed. */
function batchBody({ startedAt, results, errors }: ReturnType<typeof batchFrame>) {
	const body: Record<string, unknown> = {
		status: 'COMPLETE',
		results,
		startedAt,
		completedAt: isoTime(),
	};
	if (errors.length > 0) Object.assign(body, { numErrors: errors.length, errors });
	return body;
}

function defaultAssociationResults(from: ObjectType, fromId: string, to: ObjectType, toId: string) {
	const forward = requireDefaultType(from, to);
	const backward = requireDefaultType(to, from);
	return [
		{
			from: { id: fromId },
			to: { id: toId },
			associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: forward },
		},
		{
			from: { id: toId },
			to: { id: fromId },
			associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: backward },
		},
	];
}

function batchRead(store: SandboxStore, ctx: RequestContext) {
	const frame = batchFrame(ctx);
	const { from, to, inputs, results, errors } = frame;
	inputs.forEach((input, index) => {
		const id = idOf(input);
		if (!id)
			throw validationError(`Invalid input JSON: inputs[${index}].id is required`, [
				{ message: 'id is required', in: `inputs[${index}].id` },
			]);
		const linked = store.associations(from, id, to);
		if (linked.length === 0) {
			errors.push(
				standardError(
					'OBJECT_NOT_FOUND',
					`No ${to} is associated with ${OBJECT_TYPE_INFO[from].singular} ${id}.`,
					{ fromObjectId: [id] },
				),
			);
			return;
		}
		results.push({ from: { id }, to: linked.map((l) => associatedObject(l.toId, l.typeIds)) });
	});
	return { status: errors.length === 0 ? 200 : 207, body: batchBody(frame) };
}

function batchCreate(store: SandboxStore, ctx: RequestContext) {
	const frame = batchFrame(ctx);
	const { from, to, inputs, results, errors } = frame;
	inputs.forEach((raw, index) => {
		const { fromId, toId } = inputEnds(raw, index);
		const types = (raw as { types?: Array<{ associationTypeId?: unknown }> }).types ?? [];
		const typeIds = types.map((t) => Number(t.associationTypeId));
		const invalid = invalidTypeIds(typeIds, from, to);
		if (typeIds.length === 0 || invalid.length > 0) {
			throw validationError(
				`inputs[${index}].types: association type ids [${invalid.join(', ')}] are not valid from ${from} to ${to}`,
				[
					{
						message: 'invalid association types',
						in: `inputs[${index}].types`,
						code: 'INVALID_ASSOCIATION_TYPE',
					},
				],
			);
		}
		const notFound = missingObjectsError(store, from, fromId, to, toId);
		if (notFound) {
			errors.push(notFound);
			return;
		}
		store.associate(from, fromId, to, toId, typeIds);
		results.push(labelledPair(from, fromId, to, toId));
	});
	return { status: errors.length === 0 ? 201 : 207, body: batchBody(frame) };
}

function batchAssociateDefault(store: SandboxStore, ctx: RequestContext) {
	const frame = batchFrame(ctx);
	const { from, to, inputs, results, errors } = frame;
	requireDefaultType(from, to);
	inputs.forEach((raw, index) => {
		const { fromId, toId } = inputEnds(raw, index);
		const notFound = missingObjectsError(store, from, fromId, to, toId);
		if (notFound) {
			errors.push(notFound);
			return;
		}
		store.associate(from, fromId, to, toId);
		results.push(...defaultAssociationResults(from, fromId, to, toId));
	});
	// The spec declares no 207 for this operation: failed inputs ride along in a 200.
	return { status: 200, body: batchBody(frame) };
}

function batchArchive(store: SandboxStore, ctx: RequestContext) {
	const from = objectTypeParam(ctx, 'fromObjectType');
	const to = objectTypeParam(ctx, 'toObjectType');
	for (const raw of batchInputs(requestBody(ctx))) {
		const input = raw as { from?: unknown; to?: unknown[] };
		const fromId = idOf(input?.from);
		if (!fromId) continue;
		for (const target of input.to ?? []) {
			const toId = idOf(target);
			if (toId) store.unassociate(from, fromId, to, toId);
		}
	}
	return { status: 204 };
}

function listForObject(store: SandboxStore, ctx: RequestContext) {
	const from = objectTypeParam(ctx, 'objectType');
	const to = objectTypeParam(ctx, 'toObjectType');
	const id = ctx.params.objectId;
	if (!store.active(from, id))
		throw objectNotFound(`No ${OBJECT_TYPE_INFO[from].singular} with id ${id} exists`, {
			id: [id],
		});
	const limit = Number(queryString(ctx, 'limit') ?? LIST_DEFAULT_LIMIT);
	const offset = Number(queryString(ctx, 'after') ?? '0');
	if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0)
		throw validationError('limit and after must be non-negative integers');
	const linked = store.associations(from, id, to);
	const page = linked.slice(offset, offset + limit);
	const body: Record<string, unknown> = {
		results: page.map((l) => associatedObject(l.toId, l.typeIds)),
	};
	if (offset + limit < linked.length)
		body.paging = { next: { after: String(offset + limit), link: `?after=${offset + limit}` } };
	return { status: 200, body };
}

function putDefault(store: SandboxStore, ctx: RequestContext) {
	const startedAt = isoTime();
	const from = objectTypeParam(ctx, 'fromObjectType');
	const to = objectTypeParam(ctx, 'toObjectType');
	const { fromObjectId, toObjectId } = ctx.params;
	requireBothExist(store, from, fromObjectId, to, toObjectId);
	const results = defaultAssociationResults(from, fromObjectId, to, toObjectId);
	store.associate(from, fromObjectId, to, toObjectId);
	return { status: 200, body: { status: 'COMPLETE', results, startedAt, completedAt: isoTime() } };
}

function putLabeled(store: SandboxStore, ctx: RequestContext) {
	const from = objectTypeParam(ctx, 'objectType');
	const to = objectTypeParam(ctx, 'toObjectType');
	const { objectId, toObjectId } = ctx.params;
	if (!Array.isArray(ctx.body) || ctx.body.length === 0)
		throw validationError('Invalid input JSON: expected an array of association specs');
	const typeIds = (ctx.body as Array<{ associationTypeId?: unknown }>).map((spec) =>
		Number(spec?.associationTypeId),
	);
	if (invalidTypeIds(typeIds, from, to).length > 0) {
		throw validationError(
			`Association type ids [${typeIds.join(', ')}] are not valid from ${from} to ${to}`,
		);
	}
	requireBothExist(store, from, objectId, to, toObjectId);
	store.associate(from, objectId, to, toObjectId, typeIds);
	return { status: 201, body: labelledPair(from, objectId, to, toObjectId) };
}

function remove(store: SandboxStore, ctx: RequestContext) {
	const from = objectTypeParam(ctx, 'objectType');
	const to = objectTypeParam(ctx, 'toObjectType');
	store.unassociate(from, ctx.params.objectId, to, ctx.params.toObjectId);
	return { status: 204 };
}

export function registerAssociationRoutes(router: Router, store: SandboxStore): void {
	const batch = '/crm/v4/associations/:fromObjectType/:toObjectType/batch';
	const perObject = '/crm/v4/objects/:objectType/:objectId/associations';
	router
		.add('POST', `${batch}/read`, 'hubspot', (ctx) => batchRead(store, ctx))
		.add('POST', `${batch}/create`, 'hubspot', (ctx) => batchCreate(store, ctx))
		.add('POST', `${batch}/associate/default`, 'hubspot', (ctx) =>
			batchAssociateDefault(store, ctx),
		)
		.add('POST', `${batch}/archive`, 'hubspot', (ctx) => batchArchive(store, ctx))
		.add('GET', `${perObject}/:toObjectType`, 'hubspot', (ctx) => listForObject(store, ctx))
		.add(
			'PUT',
			'/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
			'hubspot',
			(ctx) => putDefault(store, ctx),
		)
		.add('PUT', `${perObject}/:toObjectType/:toObjectId`, 'hubspot', (ctx) =>
			putLabeled(store, ctx),
		)
		.add('DELETE', `${perObject}/:toObjectType/:toObjectId`, 'hubspot', (ctx) =>
			remove(store, ctx),
		);
}
