/** /crm/v3/objects/{type}: list, read, create, update, archive and search one type of record. */
import { objectNotFound, validationError } from '../errors';
import type { ObjectType } from '../objectTypes';
import { assertStageInPipeline } from '../pipelines';
import { ALWAYS_IN_SEARCH, DEFAULT_READ_PROPERTIES } from '../readDefaults';
import type { RequestContext, Router } from '../router';
import { queryFlag, queryList, queryString } from '../router';
import { runSearch } from '../search';
import type { SandboxStore } from '../store';
import type { StoredObject } from '../types';
import {
	assertRequiredOnCreate,
	assertUniqueValues,
	validateProperties,
	valuesOnly,
	withCreateDefaults,
} from '../values';
import {
	linkAll,
	nextLink,
	objectTypeParam,
	publicObject,
	publicObjectWithAssociations,
	readPropertyNames,
	requestBody,
	resolveCreateAssociations,
} from './shared';

const LIST_MAX_LIMIT = 100;

/** The record an {id} path names: by id, or by a unique property given as idProperty. */
export function findForPath(
	store: SandboxStore,
	type: ObjectType,
	idOrValue: string,
	idProperty: string | undefined,
	archived = false,
): StoredObject | undefined {
	if (idProperty && idProperty !== 'hs_object_id') {
		if (!store.isUnique(type, idProperty)) {
			throw validationError(
				`${idProperty} is not a unique property of ${type}; idProperty must name a property with unique values`,
				[{ message: `${idProperty} is not unique`, in: 'idProperty', code: 'INVALID_ID_PROPERTY' }],
			);
		}
		return store.findByUnique(type, idProperty, idOrValue);
	}
	const object = store.get(type, idOrValue);
	return object && object.archived === archived ? object : undefined;
}

function notFound(type: ObjectType, id: string) {
	return objectNotFound(`Object not found.  objectId are usually numeric.`, {
		id: [id],
		objectType: [type],
	});
}

function list(store: SandboxStore, ctx: RequestContext) {
	const type = objectTypeParam(ctx);
	const limit = Number(queryString(ctx, 'limit') ?? '10');
	if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT) {
		throw validationError(
			`limit must be an integer between 1 and ${LIST_MAX_LIMIT}, got ${queryString(ctx, 'limit')}`,
			[{ message: `must be between 1 and ${LIST_MAX_LIMIT}`, in: 'limit', code: 'INVALID_LIMIT' }],
		);
	}
	const after = queryString(ctx, 'after');
	if (after !== undefined && !/^\d+$/.test(after))
		throw validationError(`after must be a paging cursor from a previous page, got ${after}`);
	const names = readPropertyNames(type, queryList(ctx, 'properties'));
	const associationTypes = queryList(ctx, 'associations');
	const results: Record<string, unknown>[] = [];
	let nextAfter: string | undefined;
	for (const object of store.iterate(
		type,
		queryFlag(ctx, 'archived'),
		after === undefined ? undefined : Number(after) - 1,
	)) {
		if (results.length === limit) {
			nextAfter = object.id;
			break;
		}
		results.push(publicObjectWithAssociations(store, object, names, associationTypes));
	}
	const body: Record<string, unknown> = { results };
	if (nextAfter)
		body.paging = { next: { after: nextAfter, link: nextLink(ctx, { after: nextAfter }) } };
	return { status: 200, body };
}

function read(store: SandboxStore, ctx: RequestContext) {
	const type = objectTypeParam(ctx);
	const object = findForPath(
		store,
		type,
		ctx.params.objectId,
		queryString(ctx, 'idProperty'),
		queryFlag(ctx, 'archived'),
	);
	if (!object) throw notFound(type, ctx.params.objectId);
	const names = readPropertyNames(type, queryList(ctx, 'properties'));
	return {
		status: 200,
		body: publicObjectWithAssociations(store, object, names, queryList(ctx, 'associations')),
	};
}

function create(store: SandboxStore, ctx: RequestContext) {
	const type = objectTypeParam(ctx);
	const body = requestBody(ctx);
	const changes = validateProperties(store, type, body.properties ?? {});
	assertRequiredOnCreate(type, changes);
	assertStageInPipeline(store.pipelines, type, changes);
	assertUniqueValues(store, type, changes);
	const associations = resolveCreateAssociations(store, type, body.associations, 'associations');
	const object = store.create(type, withCreateDefaults(type, valuesOnly(changes)));
	linkAll(store, type, object.id, associations);
	return { status: 201, body: publicObject(object, 'all') };
}

function update(store: SandboxStore, ctx: RequestContext) {
	const type = objectTypeParam(ctx);
	const body = requestBody(ctx);
	const existing = findForPath(store, type, ctx.params.objectId, queryString(ctx, 'idProperty'));
	if (!existing) throw notFound(type, ctx.params.objectId);
	const changes = validateProperties(store, type, body.properties ?? {});
	assertStageInPipeline(store.pipelines, type, changes, existing.properties);
	assertUniqueValues(store, type, changes, existing.id);
	const object = store.update(type, existing.id, changes);
	return { status: 200, body: publicObject(object, 'all') };
}

function archive(store: SandboxStore, ctx: RequestContext) {
	const type = objectTypeParam(ctx);
	store.archive(type, ctx.params.objectId);
	return { status: 204 };
}

function search(store: SandboxStore, ctx: RequestContext) {
	const type = objectTypeParam(ctx);
	const body = requestBody(ctx);
	const page = runSearch(store, type, body);
	const requested = Array.isArray(body.properties) ? body.properties.map(String) : [];
	const names =
		requested.length > 0
			? [...new Set([...requested, ...ALWAYS_IN_SEARCH[type]])]
			: DEFAULT_READ_PROPERTIES[type];
	const response: Record<string, unknown> = {
		total: page.total,
		results: page.results.map((o) => publicObject(o, names)),
	};
	if (page.nextAfter)
		response.paging = { next: { after: page.nextAfter, link: `?after=${page.nextAfter}` } };
	return { status: 200, body: response };
}

export function registerObjectRoutes(router: Router, store: SandboxStore): void {
	const base = '/crm/v3/objects/:objectType';
	router
		.add('GET', base, 'hubspot', (ctx) => list(store, ctx))
		.add('POST', base, 'hubspot', (ctx) => create(store, ctx))
		.add('POST', `${base}/search`, 'hubspot', (ctx) => search(store, ctx))
		.add('GET', `${base}/:objectId`, 'hubspot', (ctx) => read(store, ctx))
		.add('PATCH', `${base}/:objectId`, 'hubspot', (ctx) => update(store, ctx))
		.add('DELETE', `${base}/:objectId`, 'hubspot', (ctx) => archive(store, ctx));
}
