/**
 * Rules from a sheet's cell values: a header row names the keyword, priority and (optional) match
 * type columns, in any order, in English or Portuguese; every non-blank row below it is a rule.
 */
import { RULE_LIMITS } from './limits';
import { simplifyName } from './matchType';
import { RuleSetError } from './types';
import type { RawRuleRow, RuleColumn, RuleProblem, SheetColumns } from './types';

const HEADER_NAMES: Readonly<Record<RuleColumn, readonly string[]>> = {
	keyword: [
		'keyword',
		'keywords',
		'keyphrase',
		'phrase',
		'keywordphrase',
		'keywordorphrase',
		'term',
		'text',
		'palavrachave',
		'palavraschave',
		'palavrachavefrase',
		'chave',
		'frase',
		'termo',
		'texto',
	],
	priority: [
		'priority',
		'prio',
		'level',
		'prioritylevel',
		'prioridade',
		'nivel',
		'niveldeprioridade',
	],
	matchType: [
		'matchtype',
		'match',
		'type',
		'matchmode',
		'mode',
		'tipo',
		'tipodecorrespondencia',
		'tipodematch',
		'correspondencia',
		'modo',
	],
};

const HEADER_LOOKUP = new Map<string, RuleColumn>(
	(Object.entries(HEADER_NAMES) as Array<[RuleColumn, readonly string[]]>).flatMap(
		([column, names]) => names.map((name): [string, RuleColumn] => [name, column]),
	),
);

/** How many non-blank rows at the top are searched for the header (a title row may come first). */
const HEADER_SEARCH_ROWS = 5;

export function columnLetter(index: number): string {
	let letters = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
		letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	}
	return letters;
}

function cell(row: readonly unknown[] | undefined, index: number): string {
	const value = row?.[index];
	return value === undefined || value === null ? '' : String(value).trim();
}

function isBlankRow(row: readonly unknown[] | undefined): boolean {
	return (
		!row ||
		row.every((value) => value === undefined || value === null || String(value).trim() === '')
	);
}

function headerColumns(row: readonly unknown[]): Partial<Record<RuleColumn, number>> {
	const found: Partial<Record<RuleColumn, number>> = {};
	row.forEach((_value, index) => {
		const column = HEADER_LOOKUP.get(simplifyName(cell(row, index)));
		if (column && found[column] === undefined) found[column] = index;
	});
	return found;
}

export interface SheetReadOptions {
	/** Sheet row number of the header; default: found among the first non-blank rows. */
	headerRow?: number;
	/** Sheet row number of values[0] (when the range starts below row 1); default 1. */
	firstRowNumber?: number;
	/** 0-based sheet column of values[*][0] (when the range starts right of column A); default 0. */
	firstColumnIndex?: number;
}

/** Refuses a range over the row or cell limit, naming the first sheet row past it. */
function refuseOversizedRange(
	values: readonly (readonly unknown[])[],
	firstRow: number,
	firstColumn: number,
): void {
	const overLimit = (index: number, message: string, hint: string) =>
		new RuleSetError([
			{
				location: { kind: 'sheet', row: firstRow + index },
				column: 'keyword',
				sheetColumn: columnLetter(firstColumn),
				message: `${message}; this row is the first past it (${hint})`,
			},
		]);
	if (values.length > RULE_LIMITS.maxSheetRows) {
		throw overLimit(
			RULE_LIMITS.maxSheetRows,
			`the range holds ${values.length} rows, over the limit of ${RULE_LIMITS.maxSheetRows}`,
			'narrow the range to the rules',
		);
	}
	let cells = 0;
	let firstOver: number | undefined;
	values.forEach((row, index) => {
		cells += row?.length ?? 0;
		if (cells > RULE_LIMITS.maxSheetCells) firstOver ??= index;
	});
	if (firstOver !== undefined) {
		throw overLimit(
			firstOver,
			`the range holds ${cells} cells, over the limit of ${RULE_LIMITS.maxSheetCells}`,
			'narrow the range to the rule columns',
		);
	}
}

export function rowsFromSheetValues(
	values: readonly (readonly unknown[])[],
	opts: SheetReadOptions = {},
): RawRuleRow[] {
	const firstRow = opts.firstRowNumber ?? 1;
	const firstColumn = opts.firstColumnIndex ?? 0;
	const letter = (index: number) => columnLetter(firstColumn + index);
	refuseOversizedRange(values, firstRow, firstColumn);

	let headerIndex: number;
	let columns: Partial<Record<RuleColumn, number>> = {};
	if (opts.headerRow !== undefined) {
		headerIndex = opts.headerRow - firstRow;
		columns = headerColumns(values[headerIndex] ?? []);
	} else {
		const candidates = values
			.map((row, index) => ({ row, index }))
			.filter(({ row }) => !isBlankRow(row))
			.slice(0, HEADER_SEARCH_ROWS);
		const header = candidates.find(({ row }) => {
			const found = headerColumns(row);
			return found.keyword !== undefined && found.priority !== undefined;
		});
		headerIndex = header?.index ?? candidates[0]?.index ?? 0;
		columns = headerColumns(values[headerIndex] ?? []);
	}

	const headerRowNumber = firstRow + headerIndex;
	const missing = (['keyword', 'priority'] as const).filter(
		(column) => columns[column] === undefined,
	);
	if (missing.length > 0) {
		const seen = (values[headerIndex] ?? [])
			.map((_v, i) => cell(values[headerIndex], i))
			.filter((v) => v !== '');
		const foundText =
			seen.length > 0 ? `found ${seen.map((v) => `"${v}"`).join(', ')}` : 'the row is empty';
		const problems: RuleProblem[] = missing.map((column) => ({
			location: { kind: 'sheet', row: headerRowNumber },
			column,
			message: `expected a header with a "${column === 'keyword' ? 'keyword' : 'priority'}" column (${
				column === 'keyword' ? 'keyword / palavra-chave' : 'priority / prioridade'
			}; optional "match type" / "tipo"), ${foundText}`,
		}));
		throw new RuleSetError(problems);
	}

	const sheetColumns: SheetColumns = {};
	for (const column of ['keyword', 'priority', 'matchType'] as const) {
		const index = columns[column];
		if (index !== undefined) sheetColumns[column] = letter(index);
	}

	const rows: RawRuleRow[] = [];
	for (let index = headerIndex + 1; index < values.length; index++) {
		const row = values[index];
		// Notes in other columns do not make a rule.
		const ruleCells = [columns.keyword, columns.priority, columns.matchType].filter(
			(i) => i !== undefined,
		);
		if (!row || ruleCells.every((i) => cell(row, i as number) === '')) continue;
		rows.push({
			keyword: row[columns.keyword as number] ?? '',
			priority: row[columns.priority as number] ?? '',
			...(columns.matchType !== undefined ? { matchType: row[columns.matchType] ?? '' } : {}),
			location: { kind: 'sheet', row: firstRow + index },
			sheetColumns,
		});
	}
	return rows;
}
