/**
 * /crm/v3/objects/{type}/batch/*: at most 100 inputs; invalid values fail the whole batch (400),
 * ids that do not exist come back as errors in a 207 multi-status answer, as HubSpot does.
 */
import { standardError, validationError } from '../errors';
import { OBJECT_TYPE_INFO } from '../objectTypes';
import type { ObjectType } from '../objectTypes';
import { assertStageInPipeline } from '../pipelines';
import type { RequestContext, Router } from '../router';
import { queryFlag } from '../router';
import type { SandboxStore } from '../store';
import { isoTime } from '../store';
import type { StoredObject } from '../types';
import type { PropertyChanges } from '../values';
import {
	assertNoDuplicateUniqueValues,
	assertRequiredOnCreate,
	assertUniqueValues,
	validateProperties,
	valuesOnly,
	withCreateDefaults,
} from '../values';
import { findForPath } from './objects';
import type { ResolvedAssociation } from './shared';
import {
	batchInputs,
	linkAll,
	objectTypeParam,
	publicObject,
	readPropertyNames,
	requestBody,
	resolveCreateAssociations,
} from './shared';

interface IdInput {
	id?: unknown;
	idProperty?: unknown;
	properties?: unknown;
	associations?: unknown;
	objectWriteTraceId?: unknown;
}

/** HubSpot echoes an input's objectWriteTraceId on its result, so callers can pair the two up. */
function traced<T extends object>(result: T, input: IdInput): T & { objectWriteTraceId?: string } {
	const traceId = input?.objectWriteTraceId;
	return typeof traceId === 'string' ? { ...result, objectWriteTraceId: traceId } : result;
}

function inputId(input: IdInput, index: number): string {
	if (typeof input?.id !== 'string' && typeof input?.id !== 'number') {
		throw validationError(`Invalid input JSON: inputs[${index}].id is required`, [
			{ message: 'id is required', in: `inputs[${index}].id`, code: 'REQUIRED' },
		]);
	}
	return String(input.id);
}

function batchResponse(
	startedAt: string,
	results: unknown[],
	missing: string[],
	verb: string,
	type: ObjectType,
	okStatus: number,
) {
	const body: Record<string, unknown> = {
		status: 'COMPLETE',
		results,
		startedAt,
		completedAt: isoTime(),
	};
	if (missing.length === 0) return { status: okStatus, body };
	body.numErrors = 1;
	body.errors = [
		standardError(
			'OBJECT_NOT_FOUND',
			`Could not ${verb} some ${OBJECT_TYPE_INFO[type].label} objects, they may be deleted or not exist. Check that ids are valid.`,
			{ ids: missing },
		),
	];
	return { status: 207, body };
}

function batchRead(store: SandboxStore, ctx: RequestContext) {
	const startedAt = isoTime();
	const type = objectTypeParam(ctx);
	const body = requestBody(ctx);
	const inputs = batchInputs(body) as IdInput[];
	const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
	const names = readPropertyNames(
		type,
		Array.isArray(body.properties) ? body.properties.map(String) : undefined,
	);
	const archived = queryFlag(ctx, 'archived');
	const results: unknown[] = [];
	const missing: string[] = [];
	const seen = new Set<string>();
	inputs.forEach((input, index) => {
		const id = inputId(input, index);
		const object = findForPath(store, type, id, idProperty, archived);
		if (!object) missing.push(id);
		else if (!seen.has(object.id)) {
			seen.add(object.id);
			results.push(publicObject(object, names));
		}
	});
	return batchResponse(startedAt, results, missing, 'get', type, 200);
}

function batchCreate(store: SandboxStore, ctx: RequestContext) {
	const startedAt = isoTime();
	const type = objectTypeParam(ctx);
	const inputs = batchInputs(requestBody(ctx)) as IdInput[];
	// Validate everything first: a bad input fails the batch before anything is written.
	const prepared: Array<{
		input: IdInput;
		changes: PropertyChanges;
		associations: ResolvedAssociation[];
	}> = inputs.map((input, index) => {
		const changes = validateProperties(store, type, input?.properties ?? {});
		assertRequiredOnCreate(type, changes);
		assertStageInPipeline(store.pipelines, type, changes);
		assertUniqueValues(store, type, changes);
		return {
			input,
			changes,
			associations: resolveCreateAssociations(
				store,
				type,
				input?.associations,
				`inputs[${index}].associations`,
			),
		};
	});
	assertNoDuplicateUniqueValues(
		store,
		type,
		prepared.map((p) => p.changes),
	);
	const results = prepared.map(({ input, changes, associations }) => {
		const object = store.create(type, withCreateDefaults(type, valuesOnly(changes)));
		linkAll(store, type, object.id, associations);
		return traced(publicObject(object, 'all'), input);
	});
	return batchResponse(startedAt, results, [], 'create', type, 201);
}

function batchUpdate(store: SandboxStore, ctx: RequestContext) {
	const startedAt = isoTime();
	const type = objectTypeParam(ctx);
	const inputs = batchInputs(requestBody(ctx)) as IdInput[];
	const ids = inputs.map((input, index) => inputId(input, index));
	const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
	if (duplicates.length > 0) {
		throw validationError(
			`Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`,
			[
				{
					message: 'duplicate ids',
					in: 'inputs',
					code: 'DUPLICATE_ID',
					context: { ids: duplicates },
				},
			],
		);
	}
	const missing: string[] = [];
	const updates: Array<{ input: IdInput; object: StoredObject; changes: PropertyChanges }> = [];
	inputs.forEach((input, index) => {
		const changes = validateProperties(store, type, input.properties ?? {});
		const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
		const object = findForPath(store, type, ids[index], idProperty);
		if (!object) {
			missing.push(ids[index]);
			return;
		}
		assertStageInPipeline(store.pipelines, type, changes, object.properties);
		assertUniqueValues(store, type, changes, object.id);
		updates.push({ input, object, changes });
	});
	assertNoDuplicateUniqueValues(
		store,
		type,
		updates.map((u) => u.changes),
	);
	const results = updates.map(({ input, object, changes }) =>
		traced(publicObject(store.update(type, object.id, changes), 'all'), input),
	);
	return batchResponse(startedAt, results, missing, 'update', type, 200);
}

function batchArchive(store: SandboxStore, ctx: RequestContext) {
	const type = objectTypeParam(ctx);
	const inputs = batchInputs(requestBody(ctx)) as IdInput[];
	const ids = inputs.map((input, index) => inputId(input, index));
	for (const id of ids) store.archive(type, id);
	return { status: 204 };
}

function batchUpsert(store: SandboxStore, ctx: RequestContext) {
	const startedAt = isoTime();
	const type = objectTypeParam(ctx);
	const inputs = batchInputs(requestBody(ctx)) as IdInput[];
	const prepared = inputs.map((input, index) => {
		const value = inputId(input, index);
		const idProperty = typeof input.idProperty === 'string' ? input.idProperty : 'hs_object_id';
		if (idProperty !== 'hs_object_id' && !store.isUnique(type, idProperty)) {
			throw validationError(
				`inputs[${index}].idProperty ${idProperty} is not a unique property of ${type}`,
				[
					{
						message: 'idProperty must be unique',
						in: `inputs[${index}].idProperty`,
						code: 'INVALID_ID_PROPERTY',
					},
				],
			);
		}
		const changes = validateProperties(store, type, input.properties ?? {});
		const existing = findForPath(store, type, value, idProperty);
		if (!existing && idProperty === 'hs_object_id') {
			throw validationError(
				`inputs[${index}]: no ${type} with id ${value}; upsert creates records only by a unique property`,
				[{ message: 'not found', in: `inputs[${index}].id`, code: 'OBJECT_NOT_FOUND' }],
			);
		}
		if (!existing && changes[idProperty] === undefined) changes[idProperty] = value;
		assertStageInPipeline(store.pipelines, type, changes, existing?.properties);
		assertUniqueValues(store, type, changes, existing?.id);
		return { input, existing, changes };
	});
	const results = prepared.map(({ input, existing, changes }) => {
		const object = existing
			? store.update(type, existing.id, changes)
			: store.create(type, withCreateDefaults(type, valuesOnly(changes)));
		return traced({ ...publicObject(object, 'all'), new: !existing }, input);
	});
	return { status: 200, body: { status: 'COMPLETE', results, startedAt, completedAt: isoTime() } };
}

export function registerBatchRoutes(router: Router, store: SandboxStore): void {
	const base = '/crm/v3/objects/:objectType/batch';
	router
		.add('POST', `${base}/read`, 'hubspot', (ctx) => batchRead(store, ctx))
		.add('POST', `${base}/create`, 'hubspot', (ctx) => batchCreate(store, ctx))
		.add('POST', `${base}/update`, 'hubspot', (ctx) => batchUpdate(store, ctx))
		.add('POST', `${base}/archive`, 'hubspot', (ctx) => batchArchive(store, ctx))
		.add('POST', `${base}/upsert`, 'hubspot', (ctx) => batchUpsert(store, ctx));
}
