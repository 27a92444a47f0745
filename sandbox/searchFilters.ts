/**
 * The filtering half of search: filterGroups (OR of ANDs, HubSpot's limits of 5 groups, 6 filters a
 * group, 18 in all), each operator's predicate over stored values compared by property type, and
 * the free-text `query`.
 */
import { validationError } from './errors';
import type { ObjectType } from './objectTypes';
import type { PropertyType } from './propertyDefs';
import { QUERY_PROPERTIES } from './readDefaults';
import type { SandboxStore } from './store';
import type { StoredObject } from './types';
import { parseDateTime } from './values';

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

export interface FilterInput {
	propertyName?: unknown;
	operator?: unknown;
	value?: unknown;
	values?: unknown;
	highValue?: unknown;
}

export type Predicate = (object: StoredObject) => boolean;
export type Comparable = number | string;

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

export class FilterCompiler {
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

export function filterError(message: string, where: string) {
	return validationError(`Invalid search request: ${message}`, [
		{ message, in: where, code: 'INVALID_FILTER' },
	]);
}

export function compileGroups(compiler: FilterCompiler, groups: unknown): Predicate {
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

export function compileQuery(type: ObjectType, query: unknown): Predicate {
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
