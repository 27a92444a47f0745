/** Helpers the route modules share: body checks, object serialisation, association lookups. */
import { validationError } from '../errors';
import { associationDefinition, associationTypeName, resolveObjectType } from '../objectTypes';
import type { ObjectType } from '../objectTypes';
import { DEFAULT_READ_PROPERTIES } from '../readDefaults';
import type { RequestContext } from '../router';
import type { SandboxStore } from '../store';
import type { StoredObject } from '../types';

export const BATCH_MAX_INPUTS = 100;

export function requestBody(ctx: RequestContext): Record<string, unknown> {
	if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) {
		throw validationError('Invalid input JSON: expected a JSON object as the request body', [
			{ message: 'request body must be a JSON object', in: 'body', code: 'INVALID_JSON' },
		]);
	}
	return ctx.body as Record<string, unknown>;
}

/** `inputs` of a batch body: an array of at most 100 entries. */
export function batchInputs(body: Record<string, unknown>): unknown[] {
	const inputs = body.inputs;
	if (!Array.isArray(inputs)) {
		throw validationError('Invalid input JSON: inputs is required and must be an array', [
			{ message: 'inputs must be an array', in: 'inputs', code: 'REQUIRED' },
		]);
	}
	if (inputs.length > BATCH_MAX_INPUTS) {
		throw validationError(
			`Invalid input JSON: inputs must contain at most ${BATCH_MAX_INPUTS} items, got ${inputs.length}`,
			[
				{
					message: `size must be between 0 and ${BATCH_MAX_INPUTS}`,
					in: 'inputs',
					code: 'INVALID_SIZE',
				},
			],
		);
	}
	return inputs;
}

export function objectTypeParam(ctx: RequestContext, name = 'objectType'): ObjectType {
	const raw = ctx.params[name];
	const type = resolveObjectType(raw);
	if (!type)
		throw validationError(`Unable to infer object type from: ${raw}`, [
			{ message: `unknown object type ${raw}`, in: name, code: 'INVALID_OBJECT_TYPE' },
		]);
	return type;
}

/** Property names to return: the requested ones, or HubSpot's defaults for the type. */
export function readPropertyNames(type: ObjectType, requested: string[] | undefined): string[] {
	return requested && requested.length > 0 ? requested : DEFAULT_READ_PROPERTIES[type];
}

function pick(properties: Record<string, string>, names: string[] | 'all'): Record<string, string> {
	if (names === 'all') return { ...properties };
	const result: Record<string, string> = {};
	// Requested properties without a value are left out: the spec types values as strings only.
	for (const name of names) if (properties[name] !== undefined) result[name] = properties[name];
	return result;
}

/** SimplePublicObject. */
export function publicObject(
	object: StoredObject,
	names: string[] | 'all',
): Record<string, unknown> {
	const result: Record<string, unknown> = {
		id: object.id,
		properties: pick(object.properties, names),
		createdAt: object.createdAt,
		updatedAt: object.updatedAt,
		archived: object.archived,
	};
	if (object.archivedAt) result.archivedAt = object.archivedAt;
	return result;
}

/** SimplePublicObjectWithAssociations: `associations` keyed by the requested type names. */
export function publicObjectWithAssociations(
	store: SandboxStore,
	object: StoredObject,
	names: string[] | 'all',
	associationTypes: string[] | undefined,
): Record<string, unknown> {
	const result = publicObject(object, names);
	if (!associationTypes || associationTypes.length === 0) return result;
	const associations: Record<string, unknown> = {};
	for (const raw of associationTypes) {
		const toType = resolveObjectType(raw);
		if (!toType) continue;
		const linked = store.associations(object.objectType, object.id, toType);
		if (linked.length === 0) continue;
		associations[raw] = {
			results: linked.map((l) => ({
				id: l.toId,
				type: associationTypeName(object.objectType, toType),
			})),
		};
	}
	if (Object.keys(associations).length > 0) result.associations = associations;
	return result;
}

interface AssociationInput {
	to?: { id?: unknown };
	types?: Array<{ associationCategory?: unknown; associationTypeId?: unknown }>;
}

export interface ResolvedAssociation {
	toType: ObjectType;
	toId: string;
	typeIds: number[];
}

/** Checks the `associations` of a create input: known HUBSPOT_DEFINED type ids from this type, existing targets. */
export function resolveCreateAssociations(
	store: SandboxStore,
	fromType: ObjectType,
	raw: unknown,
	where: string,
): ResolvedAssociation[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw))
		throw validationError(`Invalid input JSON: ${where} must be an array`, [
			{ message: 'associations must be an array', in: where },
		]);
	return (raw as AssociationInput[]).map((input, i) => {
		const toId = input?.to?.id;
		if (typeof toId !== 'string' && typeof toId !== 'number') {
			throw validationError(`Invalid input JSON: ${where}[${i}].to.id is required`, [
				{ message: 'to.id is required', in: `${where}[${i}].to.id` },
			]);
		}
		const types = Array.isArray(input.types) ? input.types : [];
		if (types.length === 0)
			throw validationError(`${where}[${i}].types must name at least one association type`, [
				{ message: 'types is required', in: `${where}[${i}].types` },
			]);
		let toType: ObjectType | undefined;
		const typeIds: number[] = [];
		for (const type of types) {
			const typeId = Number(type.associationTypeId);
			const definition = associationDefinition(typeId);
			if (
				!definition ||
				definition.from !== fromType ||
				(toType !== undefined && definition.to !== toType)
			) {
				throw validationError(`${typeId} is not a valid association type id from ${fromType}`, [
					{
						message: `invalid associationTypeId ${String(type.associationTypeId)}`,
						in: `${where}[${i}].types`,
						code: 'INVALID_ASSOCIATION_TYPE',
					},
				]);
			}
			toType = definition.to;
			typeIds.push(typeId);
		}
		const target = String(toId);
		if (!toType || !store.active(toType, target)) {
			throw validationError(
				`One or more associated objects do not exist: ${toType ?? 'unknown'} ${target}`,
				[
					{
						message: `${toType} ${target} does not exist`,
						in: `${where}[${i}].to.id`,
						code: 'OBJECT_NOT_FOUND',
					},
				],
			);
		}
		return { toType, toId: target, typeIds };
	});
}

export function linkAll(
	store: SandboxStore,
	fromType: ObjectType,
	fromId: string,
	associations: ResolvedAssociation[],
): void {
	for (const a of associations) store.associate(fromType, fromId, a.toType, a.toId, a.typeIds);
}

/** Absolute link to the next page, as HubSpot's paging.next.link. */
export function nextLink(ctx: RequestContext, params: Record<string, string>): string {
	const host = ctx.headers.host ?? '127.0.0.1';
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(ctx.query)) {
		if (name === 'after') continue;
		for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
	}
	for (const [name, value] of Object.entries(params)) query.set(name, value);
	return `http://${host}${ctx.path}?${query.toString()}`;
}
