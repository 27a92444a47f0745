import type { RawRuleRow } from '../../../../nodes/domain/priority';

/** Inline-table rows from [keyword, priority, matchType?] tuples. */
export function tableRows(...rules: Array<[unknown, unknown, unknown?]>): RawRuleRow[] {
	return rules.map(([keyword, priority, matchType], index) => ({
		keyword,
		priority,
		...(matchType !== undefined ? { matchType } : {}),
		location: { kind: 'table', index },
	}));
}

export const LEVELS = ['P1', 'P2', 'P3', 'P4'];
