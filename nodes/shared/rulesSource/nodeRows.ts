/** Rule rows from the node's own table and from a field of the input items. */
import type { IDataObject } from 'n8n-workflow';

import type { RawRuleRow } from '../../domain/priority';

export interface TableRule {
	keyword?: unknown;
	priority?: unknown;
	matchType?: unknown;
}

export function rowsFromTable(rules: TableRule[]): RawRuleRow[] {
	return rules.map((rule, index) => ({
		keyword: rule.keyword,
		priority: rule.priority,
		// The table's "Default" choice is the empty string: the rule uses the default match type.
		matchType: rule.matchType === '' ? undefined : rule.matchType,
		location: { kind: 'table', index },
	}));
}

/** Value at a dot path ("config.rules"); a key that itself holds dots is found first. */
export function valueAtPath(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	let current: unknown = json;
	for (const key of path.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** "Match Type", "match_type", "matchType" -> "matchtype". */
function fieldKey(key: string): string {
	return key.toLowerCase().replace(/[^a-z]/g, '');
}

const FIELD_KEYS: Record<string, keyof TableRule> = {
	keyword: 'keyword',
	priority: 'priority',
	matchtype: 'matchType',
	type: 'matchType',
};

/**
 * Rule rows from the value of the rules field: a list of objects (or that list as JSON text), each
 * with keyword, priority and optional matchType (key spelling is forgiving: "match type" works).
 * Throws a plain Error saying what the field holds instead.
 */
export function rowsFromFieldValue(value: unknown, fieldName: string): RawRuleRow[] {
	let list = value;
	if (typeof list === 'string') {
		list = parseJson(list);
		if (list === undefined) {
			throw new Error(`Field "${fieldName}" holds text that is not a JSON list of rules`);
		}
	}
	if (list === undefined || list === null) {
		throw new Error(`The first input item has no field "${fieldName}"`);
	}
	if (!Array.isArray(list)) {
		throw new Error(
			`Field "${fieldName}" must be a list of rules ({ keyword, priority, matchType }), not ${typeof list}`,
		);
	}
	return list.map((entry: unknown, index): RawRuleRow => {
		const rule: TableRule = {};
		if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
			for (const [key, cell] of Object.entries(entry)) {
				const target = FIELD_KEYS[fieldKey(key)];
				if (target && rule[target] === undefined) rule[target] = cell;
			}
		}
		return { ...rule, location: { kind: 'field', index } } as RawRuleRow;
	});
}
