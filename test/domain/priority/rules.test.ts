import { compileRuleSet, parsePriorityLevels, RuleSetError } from '../../../nodes/domain/priority';
import type { RawRuleRow } from '../../../nodes/domain/priority';
import { LEVELS, tableRows } from './support/rows';

function compileError(rows: RawRuleRow[]): RuleSetError {
	try {
		compileRuleSet(rows, LEVELS);
	} catch (error) {
		if (error instanceof RuleSetError) return error;
		throw error;
	}
	throw new Error('expected a RuleSetError');
}

const sheetRow = (
	row: number,
	keyword: unknown,
	priority: unknown,
	matchType?: unknown,
): RawRuleRow => ({
	keyword,
	priority,
	matchType,
	location: { kind: 'sheet', row },
	sheetColumns: { keyword: 'A', priority: 'B', matchType: 'C' },
});

describe('bad rules', () => {
	it('names the sheet row and column of a blank keyword', () => {
		const error = compileError([sheetRow(2, 'ligar', 'P1'), sheetRow(3, '  ', 'P2')]);
		expect(error.message).toBe(
			'Bad priority rule: sheet row 3, column A (keyword): keyword is blank',
		);
		expect(error.problems).toEqual([
			{
				location: { kind: 'sheet', row: 3 },
				column: 'keyword',
				sheetColumn: 'A',
				message: 'keyword is blank',
			},
		]);
	});

	it('names a priority that is not one of the levels', () => {
		const error = compileError([sheetRow(5, 'ligar', 'P9')]);
		expect(error.message).toContain(
			'sheet row 5, column B (priority): "P9" is not one of the priority levels P1, P2, P3, P4',
		);
	});

	it('names a blank priority', () => {
		const error = compileError(tableRows(['ligar', '']));
		expect(error.message).toContain('rules table index 0, column priority: priority is blank');
	});

	it('names an invalid regex with the engine message', () => {
		const error = compileError([sheetRow(4, 'liga(r', 'P1', 'regex')]);
		expect(error.problems[0]).toMatchObject({
			column: 'keyword',
			sheetColumn: 'A',
			location: { row: 4 },
		});
		expect(error.message).toMatch(
			/sheet row 4, column A \(keyword\): invalid regex \/liga\(r\/: .+/,
		);
	});

	it('refuses a regex that matches every title', () => {
		const error = compileError(tableRows(['.*', 'P1', 'regex']));
		expect(error.message).toContain('matches an empty title');
	});

	it('names an unknown match type', () => {
		const error = compileError([sheetRow(6, 'ligar', 'P1', 'fuzzy')]);
		expect(error.message).toContain(
			'sheet row 6, column C (matchType): unknown match type "fuzzy" (expected contains, whole word, exact or regex)',
		);
	});

	it('names the second row of a keyword given two priorities, after normalisation', () => {
		const error = compileError([sheetRow(2, 'Ligação', 'P1'), sheetRow(9, ' ligacao ', 'P3')]);
		expect(error.message).toContain(
			'sheet row 9, column B (priority): keyword "ligacao" (contains) has priority P3 here but P1 at sheet row 2',
		);
	});

	it('allows the same keyword with the same priority, or with another match type', () => {
		const { ruleSet } = compileRuleSet(
			tableRows(['ligar', 'P1'], ['LIGAR', 'p1'], ['ligar', 'P3', 'exact']),
			LEVELS,
		);
		expect(ruleSet.size).toBe(3);
		expect(ruleSet.match('ligar')?.priority).toBe('P1');
	});

	it('refuses keywords that are not text, or that fold to nothing', () => {
		const error = compileError(tableRows([{ a: 1 }, 'P1'], ['\u0301', 'P2']));
		expect(error.problems.map((p) => p.message)).toEqual([
			'keyword must be text',
			'keyword "\u0301" has no characters that can be matched',
		]);
	});

	it('accepts numbers as keywords and priorities in any case', () => {
		const { ruleSet } = compileRuleSet(tableRows([2024, 'p2']), LEVELS);
		expect(ruleSet.match('IPVA 2024')).toMatchObject({ priority: 'P2', matchedKeyword: '2024' });
	});

	it('reports every problem of every row, listing the first five in the message', () => {
		const rows = tableRows(
			...Array.from({ length: 7 }, (_v, i): [unknown, unknown] => [`k${i}`, 'X']),
			['', ''],
		);
		const error = compileError(rows);
		expect(error.problems).toHaveLength(9);
		expect(error.message).toMatch(
			/^9 bad priority rules: rules table index 0, column priority: .*; and 4 more$/,
		);
	});

	it('names field rules by their index', () => {
		const error = compileError([
			{ keyword: '', priority: 'P1', location: { kind: 'field', index: 3 } },
		]);
		expect(error.message).toContain('rules field index 3, column keyword');
	});
});

describe('skipBadRows', () => {
	it('leaves bad rows out and returns them as warnings', () => {
		const { ruleSet, warnings } = compileRuleSet(
			[
				sheetRow(2, 'ligar', 'P1'),
				sheetRow(3, '', 'P2'),
				sheetRow(4, 'boleto', 'P7'),
				sheetRow(5, 'LIGAR', 'P2'),
			],
			LEVELS,
			{ skipBadRows: true },
		);
		expect(ruleSet.size).toBe(1);
		expect(warnings.map((w) => [w.location, w.column])).toEqual([
			[{ kind: 'sheet', row: 3 }, 'keyword'],
			[{ kind: 'sheet', row: 4 }, 'priority'],
			[{ kind: 'sheet', row: 5 }, 'priority'],
		]);
		expect(ruleSet.match('ligar')?.priority).toBe('P1');
		expect(ruleSet.match('boleto')).toBeUndefined();
	});

	it('returns no warnings for good rules', () => {
		expect(compileRuleSet(tableRows(['a', 'P1']), LEVELS, { skipBadRows: true }).warnings).toEqual(
			[],
		);
	});
});

describe('parsePriorityLevels', () => {
	it('parses comma, semicolon, ">" and line separated lists', () => {
		expect(parsePriorityLevels('P1, P2, P3, P4')).toEqual(['P1', 'P2', 'P3', 'P4']);
		expect(parsePriorityLevels('Crítica > Alta > Normal')).toEqual(['Crítica', 'Alta', 'Normal']);
		expect(parsePriorityLevels('A;B\nC')).toEqual(['A', 'B', 'C']);
		expect(parsePriorityLevels([' x ', 'y'])).toEqual(['x', 'y']);
	});

	it('defaults to P1..P4 when empty', () => {
		expect(parsePriorityLevels('')).toEqual(['P1', 'P2', 'P3', 'P4']);
		expect(parsePriorityLevels('  ')).toEqual(['P1', 'P2', 'P3', 'P4']);
		expect(parsePriorityLevels([])).toEqual(['P1', 'P2', 'P3', 'P4']);
	});

	it('refuses blank entries and duplicates', () => {
		expect(() => parsePriorityLevels('P1,,P2')).toThrow('entry 2 is blank');
		expect(() => parsePriorityLevels('P1, p1')).toThrow('"p1" (entry 2) repeats "P1" (entry 1)');
	});

	it('ranks rules by the order of the levels', () => {
		const levels = parsePriorityLevels('Alta, Média, Baixa');
		const { ruleSet } = compileRuleSet(tableRows(['boleto', 'Baixa'], ['vip', 'alta']), levels);
		expect(ruleSet.match('boleto cliente vip')).toMatchObject({
			priority: 'Alta',
			priorityRank: 1,
		});
	});
});
