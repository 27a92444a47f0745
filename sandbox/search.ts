/**
 * POST /crm/v3/objects/{type}/search: filters (searchFilters.ts), then sorts and offset paging with
 * HubSpot's limits (limit <= 200, 10,000 results reachable). One pass over the records per request;
 * no per-pair work.
 */
import { validationError } from './errors';
import type { ObjectType } from './objectTypes';
import { FilterCompiler, compileGroups, compileQuery, filterError } from './searchFilters';
import type { FilterInput } from './searchFilters';
import type { SandboxStore } from './store';
import type { StoredObject } from './types';

export const SEARCH_MAX_LIMIT = 200;
export const SEARCH_MAX_RESULTS = 10_000;

export interface SearchPage {
	total: number;
	results: StoredObject[];
	nextAfter?: string;
}

/**
 * The id every match must exceed, when each filter group bounds hs_object_id from below (the
 * "page by hs_object_id" pattern HubSpot recommends past 10,000 results): iteration starts there.
 */
function idLowerBound(groups: unknown): number | undefined {
	if (!Array.isArray(groups) || groups.length === 0) return undefined;
	let overall: number | undefined;
	for (const group of groups) {
		let bound: number | undefined;
		for (const filter of (group as { filters?: FilterInput[] })?.filters ?? []) {
			if (filter?.propertyName !== 'hs_object_id') continue;
			const value = Number(filter.value);
			if (!Number.isFinite(value)) continue;
			const candidate =
				filter.operator === 'GT'
					? value
					: filter.operator === 'GTE' || filter.operator === 'EQ' || filter.operator === 'BETWEEN'
						? value - 1
						: undefined;
			if (candidate !== undefined) bound = Math.max(bound ?? candidate, candidate);
		}
		if (bound === undefined) return undefined;
		overall = Math.min(overall ?? bound, bound);
	}
	return overall === undefined ? undefined : Math.floor(overall);
}

interface SortRule {
	propertyName: string;
	descending: boolean;
}

function parseSorts(sorts: unknown): SortRule[] {
	if (sorts === undefined || sorts === null) return [];
	if (!Array.isArray(sorts)) throw filterError('sorts must be an array', 'sorts');
	return sorts.map((sort: unknown, i) => {
		if (typeof sort === 'string') {
			return sort.startsWith('-')
				? { propertyName: sort.slice(1), descending: true }
				: { propertyName: sort, descending: false };
		}
		const rule = sort as { propertyName?: unknown; direction?: unknown };
		if (typeof rule?.propertyName !== 'string')
			throw filterError(`sorts[${i}].propertyName is required`, `sorts[${i}]`);
		if (
			rule.direction !== undefined &&
			rule.direction !== 'ASCENDING' &&
			rule.direction !== 'DESCENDING'
		) {
			throw filterError(`sorts[${i}].direction must be ASCENDING or DESCENDING`, `sorts[${i}]`);
		}
		return { propertyName: rule.propertyName, descending: rule.direction === 'DESCENDING' };
	});
}

function parsePaging(body: { limit?: unknown; after?: unknown }): {
	limit: number;
	offset: number;
} {
	const limit = body.limit === undefined || body.limit === null ? 10 : Number(body.limit);
	if (!Number.isInteger(limit) || limit < 1)
		throw filterError(`limit must be a positive integer, got ${String(body.limit)}`, 'limit');
	if (limit > SEARCH_MAX_LIMIT) {
		throw validationError(
			`Invalid input JSON: limit must be less than or equal to ${SEARCH_MAX_LIMIT}, got ${limit}`,
			[
				{
					message: `must be less than or equal to ${SEARCH_MAX_LIMIT}`,
					in: 'limit',
					code: 'INVALID_LIMIT',
				},
			],
		);
	}
	const afterRaw =
		body.after === undefined || body.after === null || body.after === '' ? '0' : String(body.after);
	if (!/^\d+$/.test(afterRaw))
		throw filterError(`after must be a numeric offset, got ${afterRaw}`, 'after');
	const offset = Number(afterRaw);
	if (offset + limit > SEARCH_MAX_RESULTS) {
		throw validationError(
			`Invalid search request: the search endpoints return at most ${SEARCH_MAX_RESULTS} results for a query; after=${offset} with limit=${limit} pages past result ${SEARCH_MAX_RESULTS}. Narrow the query (for example filter on hs_object_id) instead of paging further.`,
			[
				{
					message: `after + limit must not exceed ${SEARCH_MAX_RESULTS}`,
					in: 'after',
					code: 'PAGING_LIMIT',
				},
			],
		);
	}
	return { limit, offset };
}

export function runSearch(
	store: SandboxStore,
	type: ObjectType,
	body: Record<string, unknown>,
): SearchPage {
	const compiler = new FilterCompiler(store, type);
	const matchesFilters = compileGroups(compiler, body.filterGroups);
	const matchesQuery = compileQuery(type, body.query);
	const sorts = parseSorts(body.sorts);
	const { limit, offset } = parsePaging(body);

	let matched: StoredObject[] = [];
	// What the search index holds, which trails recent writes when a lag is set (searchIndex.ts).
	for (const object of store.searchIndex.visible(type, idLowerBound(body.filterGroups))) {
		if (matchesFilters(object) && matchesQuery(object)) matched.push(object);
	}
	const defaultOrder =
		sorts.length === 0 ||
		(sorts.length === 1 && sorts[0].propertyName === 'hs_object_id' && !sorts[0].descending);
	if (!defaultOrder) {
		const keyed = matched.map((object) => ({
			object,
			keys: sorts.map((s) =>
				compiler.comparable(s.propertyName, object.properties[s.propertyName]),
			),
		}));
		keyed.sort((a, b) => {
			for (let i = 0; i < sorts.length; i++) {
				const x = a.keys[i];
				const y = b.keys[i];
				if (x === y) continue;
				// Records without the value come last in either direction.
				if (x === undefined) return 1;
				if (y === undefined) return -1;
				const order = x < y ? -1 : 1;
				return sorts[i].descending ? -order : order;
			}
			return Number(a.object.id) - Number(b.object.id);
		});
		matched = keyed.map((k) => k.object);
	}
	const results = matched.slice(offset, offset + limit);
	const next = offset + limit;
	return {
		total: matched.length,
		results,
		nextAfter: next < matched.length ? String(next) : undefined,
	};
}
