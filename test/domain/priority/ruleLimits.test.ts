/** Bounds on what a rules source may hold, each refused with the limit and the row that passes it. */
import {
	compileRuleSet,
	RULE_LIMITS,
	rowsFromSheetValues,
	RuleSetError,
} from '../../../nodes/domain/priority';
import type { RawRuleRow } from '../../../nodes/domain/priority';
import { LEVELS } from './support/rows';

function ruleSetError(run: () => unknown): RuleSetError {
	try {
		run();
	} catch (error) {
		if (error instanceof RuleSetError) return error;
		throw error;
	}
	throw new Error('expected a RuleSetError');
}

const sheetRow = (row: number, keyword: unknown, matchType?: string): RawRuleRow => ({
	keyword,
	priority: 'P2',
	...(matchType ? { matchType } : {}),
	location: { kind: 'sheet', row },
	sheetColumns: { keyword: 'A', priority: 'B', matchType: 'C' },
});

describe('rule set limits', () => {
	it('refuses more rules than the limit, naming the first row past it, even when skipping bad rows', () => {
		const rows = Array.from({ length: RULE_LIMITS.maxRules + 2 }, (_, i) =>
			sheetRow(i + 2, `palavra${i}`),
		);
		const error = ruleSetError(() => compileRuleSet(rows, LEVELS, { skipBadRows: true }));
		expect(error.message).toBe(
			`Bad priority rule: sheet row ${RULE_LIMITS.maxRules + 2}, column A (keyword): ` +
				`${RULE_LIMITS.maxRules + 2} rules, over the limit of ${RULE_LIMITS.maxRules}; ` +
				'this row is the first past it (split the rules or remove unused ones)',
		);
	});

	it('compiles exactly the limit', () => {
		const rows = Array.from({ length: RULE_LIMITS.maxRules }, (_, i) =>
			sheetRow(i + 2, `palavra${i}`),
		);
		expect(compileRuleSet(rows, LEVELS).ruleSet.size).toBe(RULE_LIMITS.maxRules);
	});

	it.each([['contains'], ['regex']])(
		'refuses a %s keyword longer than the limit, naming its row',
		(matchType) => {
			const long = 'a'.repeat(RULE_LIMITS.maxKeywordLength + 1);
			const error = ruleSetError(() =>
				compileRuleSet([sheetRow(2, 'ligar'), sheetRow(9, long, matchType)], LEVELS),
			);
			expect(error.message).toBe(
				`Bad priority rule: sheet row 9, column A (keyword): keyword is ${RULE_LIMITS.maxKeywordLength + 1} ` +
					`characters long, over the limit of ${RULE_LIMITS.maxKeywordLength}`,
			);
		},
	);
});

describe('rules sheet limits', () => {
	const header = ['Keyword', 'Priority'];

	it('refuses a range with more rows than the limit, naming the limit and the first row past it', () => {
		const values = [
			header,
			...Array.from({ length: RULE_LIMITS.maxSheetRows }, (_, i) => [`k${i}`, 'P1']),
		];
		const error = ruleSetError(() => rowsFromSheetValues(values, { firstRowNumber: 3 }));
		expect(error.message).toBe(
			`Bad priority rule: sheet row ${RULE_LIMITS.maxSheetRows + 3}, column A (keyword): ` +
				`the range holds ${RULE_LIMITS.maxSheetRows + 1} rows, over the limit of ${RULE_LIMITS.maxSheetRows}; ` +
				'this row is the first past it (narrow the range to the rules)',
		);
	});

	it('refuses a range with more cells than the limit, naming the row where it passes', () => {
		const width = 50;
		const wide = (label: string) => [
			label,
			'P1',
			...Array.from({ length: width - 2 }, () => 'note'),
		];
		const rowCount = Math.floor(RULE_LIMITS.maxSheetCells / width) + 1;
		const values = [
			[...header, ...Array.from({ length: width - 2 }, () => '')],
			...Array.from({ length: rowCount }, (_, i) => wide(`k${i}`)),
		];
		const firstOver = Math.floor(RULE_LIMITS.maxSheetCells / width) + 1;
		const error = ruleSetError(() => rowsFromSheetValues(values));
		expect(error.message).toBe(
			`Bad priority rule: sheet row ${firstOver}, column A (keyword): ` +
				`the range holds ${values.length * width} cells, over the limit of ${RULE_LIMITS.maxSheetCells}; ` +
				'this row is the first past it (narrow the range to the rule columns)',
		);
	});
});
