/**
 * POST /crm/v3/objects/{type}/search: filterGroups (OR of ANDs), sorts, free-text query, offset
 * paging with HubSpot's limits (5 groups, 6 filters a group, 18 in all, limit <= 200, 10,000
 * results reachable). One pass over the records per request; no per-pair work.
 */
import { validationError } from './errors';
import type { ObjectType } from './objectTypes';
import type { PropertyType } from './propertyDefs';
import { QUERY_PROPERTIES } from './propertyDefs';
import type { SandboxStore } from './store';
import type { StoredObject } from './types';
import { parseDateTime } from './values';

export const SEARCH_MAX_LIMIT = 200;
export const SEARCH_MAX_RESULTS = 10_000;
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;

const OPERATORS = new Set([
	'EQ',
	'NEQ',
	'GT',
	'GTE',
	'LT',
	'LTE',
	'IN',
	'NOT_IN',
	'HAS_PROPERTY',
	'NOT_HAS_PROPERTY',
	'CONTAINS_TOKEN',
	'NOT_CONTAINS_TOKEN',
	'BETWEEN',
]);

interface FilterInput {
	propertyName?: unknown;
	operator?: unknown;
	value?: unknown;
	values?: unknown;
	highValue?: unknown;
}

export interface SearchPage {
	total: number;
	results: StoredObject[];
	nextAfter?: string;
}

type Predicate = (object: StoredObject) => boolean;
type Comparable = number | string;

function tokenize(text: string): string[] {
	return text
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);
}

function escapeRegex(text: string): string {
	return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function containsToken(stored: string | undefined, pattern: string): boolean {
	if (stored === undefined) return false;
	const lower = stored.toLowerCase();
	if (pattern.includes('*')) {
		const regex = new RegExp(`^${escapeRegex(pattern.toLowerCase()).replace(/\*/g, '.*')}$`, 'u');
		return regex.test(lower) || tokenize(lower).some((token) => regex.test(token));
	}
	const wanted = tokenize(pattern);
	if (wanted.length === 0) return false;
	const tokens = tokenize(lower);
	for (let start = 0; start + wanted.length <= tokens.length; start++) {
		if (wanted.every((token, i) => tokens[start + i] === token)) return true;
	}
	return false;
}

class FilterCompiler {
	constructor(
		private readonly store: SandboxStore,
		private readonly type: ObjectType,
	) {}

	private propertyType(name: string): PropertyType {
		return this.store.properties[this.type].get(name)?.type ?? 'string';
	}

	/** A comparable form of a value, by the property's type; undefined when it cannot compare. */
	comparable(name: string, value: string | undefined): Comparable | undefined {
		if (value === undefined) return undefined;
		const type = this.propertyType(name);
		if (type === 'number') {
			const n = Number(value);
			return Number.isFinite(n) ? n : undefined;
		}
		if (type === 'datetime') {
			const ms = parseDateTime(value);
			return Number.isNaN(ms) ? undefined : ms;
		}
		return value.toLowerCase();
	}

	compile(filter: FilterInput, where: string): Predicate {
		const name = filter.propertyName;
		const operator = filter.operator;
		if (typeof name !== 'string' || name === '')
			throw filterError(`${where}.propertyName is required`, where);
		if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
			throw filterError(
				`${where}.operator must be one of ${[...OPERATORS].join(', ')}; got ${String(operator)}`,
				where,
			);
		}
		const single = (): Comparable => {
			if (filter.value === undefined || filter.value === null)
				throw filterError(`${where}.value is required for operator ${operator}`, where);
			const c = this.comparable(name, String(filter.value));
			if (c === undefined)
				throw filterError(
					`${where}.value ${String(filter.value)} is not a valid value for ${name}`,
					where,
				);
			return c;
		};
		const many = (): Set<Comparable> => {
			if (!Array.isArray(filter.values) || filter.values.length === 0)
				throw filterError(`${where}.values is required for operator ${operator}`, where);
			return new Set(
				filter.values
					.map((v) => this.comparable(name, String(v)))
					.filter((v): v is Comparable => v !== undefined),
			);
		};
		const read = (object: StoredObject) => this.comparable(name, object.properties[name]);
		const has = (object: StoredObject) =>
			object.properties[name] !== undefined && object.properties[name] !== '';
		switch (operator) {
			case 'EQ': {
				const v = single();
				return (o) => read(o) === v;
			}
			case 'NEQ': {
				const v = single();
				return (o) => read(o) !== v;
			}
			case 'GT':
			case 'GTE':
			case 'LT':
			case 'LTE': {
				const v = single();
				return (o) => {
					const x = read(o);
					if (x === undefined || typeof x !== typeof v) return false;
					if (operator === 'GT') return x > v;
					if (operator === 'GTE') return x >= v;
					if (operator === 'LT') return x < v;
					return x <= v;
				};
			}
			case 'BETWEEN': {
				const low = single();
				if (filter.highValue === undefined || filter.highValue === null)
					throw filterError(`${where}.highValue is required for BETWEEN`, where);
				const high = this.comparable(name, String(filter.highValue));
				if (high === undefined)
					throw filterError(`${where}.highValue is not a valid value for ${name}`, where);
				return (o) => {
					const x = read(o);
					return x !== undefined && typeof x === typeof low && x >= low && x <= high;
				};
			}
			case 'IN': {
				const set = many();
				return (o) => {
					const x = read(o);
					return x !== undefined && set.has(x);
				};
			}
			case 'NOT_IN': {
				const set = many();
				return (o) => {
					const x = read(o);
					return x === undefined || !set.has(x);
				};
			}
			case 'HAS_PROPERTY':
				return has;
			case 'NOT_HAS_PROPERTY':
				return (o) => !has(o);
			case 'CONTAINS_TOKEN': {
				if (filter.value === undefined || filter.value === null)
					throw filterError(`${where}.value is required for operator ${operator}`, where);
				const pattern = String(filter.value);
				return (o) => containsToken(o.properties[name], pattern);
			}
			default: {
				if (filter.value === undefined || filter.value === null)
					throw filterError(`${where}.value is required for operator ${operator}`, where);
				const pattern = String(filter.value);
				return (o) => !containsToken(o.properties[name], pattern);
			}
		}
	}
}

function filterError(message: string, where: string) {
	return validationError(`Invalid search request: ${message}`, [
		{ message, in: where, code: 'INVALID_FILTER' },
	]);
}

function compileGroups(compiler: FilterCompiler, groups: unknown): Predicate {
	if (groups === undefined || groups === null) return () => true;
	if (!Array.isArray(groups)) throw filterError('filterGroups must be an array', 'filterGroups');
	if (groups.length > MAX_GROUPS)
		throw filterError(
			`at most ${MAX_GROUPS} filterGroups are allowed, got ${groups.length}`,
			'filterGroups',
		);
	let total = 0;
	const compiled = groups.map((group: unknown, g) => {
		const filters = (group as { filters?: unknown })?.filters;
		if (!Array.isArray(filters))
			throw filterError(`filterGroups[${g}].filters must be an array`, `filterGroups[${g}]`);
		if (filters.length > MAX_FILTERS_PER_GROUP) {
			throw filterError(
				`at most ${MAX_FILTERS_PER_GROUP} filters are allowed in a filter group, got ${filters.length}`,
				`filterGroups[${g}].filters`,
			);
		}
		total += filters.length;
		return filters.map((f: FilterInput, i) =>
			compiler.compile(f ?? {}, `filterGroups[${g}].filters[${i}]`),
		);
	});
	if (total > MAX_FILTERS)
		throw filterError(
			`at most ${MAX_FILTERS} filters are allowed in all, got ${total}`,
			'filterGroups',
		);
	const nonEmpty = compiled.filter((group) => group.length > 0);
	if (nonEmpty.length === 0) return () => true;
	return (object) => nonEmpty.some((group) => group.every((predicate) => predicate(object)));
}

function compileQuery(type: ObjectType, query: unknown): Predicate {
	if (typeof query !== 'string' || query.trim() === '') return () => true;
	const wanted = tokenize(query);
	const names = QUERY_PROPERTIES[type];
	return (object) => {
		const tokens = names.flatMap((name) =>
			object.properties[name] ? tokenize(object.properties[name]) : [],
		);
		return wanted.every((w) => tokens.some((t) => t.startsWith(w)));
	};
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
	for (const object of store.iterate(type, false, idLowerBound(body.filterGroups))) {
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
