import { compileRuleSet, rowsFromSheetValues, RuleSetError } from '../../../nodes/domain/priority';
import { LEVELS } from './support/rows';

function sheetError(
	values: string[][],
	opts?: Parameters<typeof rowsFromSheetValues>[1],
): RuleSetError {
	try {
		rowsFromSheetValues(values, opts);
	} catch (error) {
		if (error instanceof RuleSetError) return error;
		throw error;
	}
	throw new Error('expected a RuleSetError');
}

describe('rowsFromSheetValues', () => {
	it('reads English headers and numbers rows as the sheet does', () => {
		const rows = rowsFromSheetValues([
			['Keyword', 'Priority', 'Match type'],
			['ligar', 'P1', 'whole word'],
			['', '', ''],
			['boleto', 'P3'],
		]);
		expect(rows).toEqual([
			{
				keyword: 'ligar',
				priority: 'P1',
				matchType: 'whole word',
				location: { kind: 'sheet', row: 2 },
				sheetColumns: { keyword: 'A', priority: 'B', matchType: 'C' },
			},
			{
				keyword: 'boleto',
				priority: 'P3',
				matchType: '',
				location: { kind: 'sheet', row: 4 },
				sheetColumns: { keyword: 'A', priority: 'B', matchType: 'C' },
			},
		]);
	});

	it('reads Portuguese headers in any order and case, accents optional', () => {
		const rows = rowsFromSheetValues([
			['Notas', 'PRIORIDADE', 'Tipo', 'Palavra-chave'],
			['', 'P2', 'exato', 'Retornar cliente'],
			['só uma nota', '', '', ''],
		]);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			keyword: 'Retornar cliente',
			priority: 'P2',
			matchType: 'exato',
			sheetColumns: { keyword: 'D', priority: 'B', matchType: 'C' },
		});
		const { ruleSet } = compileRuleSet(rows, LEVELS);
		expect(ruleSet.match('retornar cliente')?.matchType).toBe('exact');
	});

	it('accepts the synonyms "palavra chave", "nível", "frase" and "tipo de correspondência"', () => {
		expect(
			rowsFromSheetValues([
				['Palavra chave', 'Nível'],
				['a', 'P1'],
			]),
		).toHaveLength(1);
		const rows = rowsFromSheetValues([
			['Frase', 'Prioridade', 'Tipo de correspondência'],
			['a b', 'P1', 'regex'],
		]);
		expect(rows[0].matchType).toBe('regex');
	});

	it('finds the header below a title row', () => {
		const rows = rowsFromSheetValues([
			['Tabela de prioridades'],
			[],
			['keyword', 'priority'],
			['ligar', 'P1'],
		]);
		expect(rows).toEqual([
			expect.objectContaining({ keyword: 'ligar', location: { kind: 'sheet', row: 4 } }),
		]);
	});

	it('uses the given header row and offsets of a range that does not start at A1', () => {
		const rows = rowsFromSheetValues(
			[
				['keyword', 'priority'],
				['ligar', 'P1'],
			],
			{ headerRow: 5, firstRowNumber: 5, firstColumnIndex: 2 },
		);
		expect(rows[0]).toMatchObject({
			location: { kind: 'sheet', row: 6 },
			sheetColumns: { keyword: 'C', priority: 'D' },
		});
	});

	it('names the header row and the missing columns', () => {
		const error = sheetError([
			['ligar', 'P1'],
			['boleto', 'P2'],
		]);
		expect(error.problems.map((p) => [p.location, p.column])).toEqual([
			[{ kind: 'sheet', row: 1 }, 'keyword'],
			[{ kind: 'sheet', row: 1 }, 'priority'],
		]);
		expect(error.message).toContain(
			'sheet row 1, column keyword: expected a header with a "keyword" column',
		);
		expect(error.message).toContain('found "ligar", "P1"');
	});

	it('names the missing priority column only, when the keyword column is there', () => {
		const error = sheetError([
			['Keyword', 'Notes'],
			['ligar', 'x'],
		]);
		expect(error.problems).toHaveLength(1);
		expect(error.problems[0].column).toBe('priority');
	});

	it('refuses an empty sheet', () => {
		expect(sheetError([]).message).toContain('sheet row 1, column keyword');
		expect(sheetError([]).message).toContain('the row is empty');
	});

	it('names a given header row that is not a header', () => {
		const error = sheetError(
			[
				['keyword', 'priority'],
				['ligar', 'P1'],
			],
			{ headerRow: 2 },
		);
		expect(error.problems[0].location).toEqual({ kind: 'sheet', row: 2 });
	});
});
