/** The rules source's pure parts: ids from URLs, A1 starts, item rows, the sheet cache, warnings. */
import {
	clearSheetCache,
	firstColumnOfRange,
	firstRowOfRange,
	MAX_WARNING_HINTS,
	priorityRank,
	ruleWarningMessages,
	rowsFromFieldValue,
	rowsFromTable,
	rulesSourceProperties,
	SHEET_CACHE_MAX_ENTRIES,
	sheetCacheSize,
	spreadsheetIdFrom,
	valueAtPath,
} from '../../nodes/shared/rulesSource';
import { cachedSheetValues, sheetCacheKey } from '../../nodes/shared/rulesSource/sheetCache';
import type { RuleProblem } from '../../nodes/domain/priority';

describe('spreadsheetIdFrom', () => {
	it.each([
		['https://docs.google.com/spreadsheets/d/1AbC_d-9/edit#gid=0', '1AbC_d-9'],
		['https://docs.google.com/spreadsheets/u/1/d/1AbC_d-9/edit?usp=sharing', '1AbC_d-9'],
		['https://drive.google.com/file/d/1AbC_d-9/view', '1AbC_d-9'],
		['  1AbC_d-9  ', '1AbC_d-9'],
		[
			{ __rl: true, mode: 'url', value: 'https://docs.google.com/spreadsheets/d/xyz123/edit' },
			'xyz123',
		],
		[{ __rl: true, mode: 'id', value: 'priority-rules' }, 'priority-rules'],
		// A URL typed into the ID mode still works.
		[{ __rl: true, mode: 'id', value: 'https://docs.google.com/spreadsheets/d/xyz123/' }, 'xyz123'],
	])('%j -> %s', (input, expected) => {
		expect(spreadsheetIdFrom(input)).toBe(expected);
	});

	it.each([[''], ['x'], ['has spaces in it'], [42], [undefined], [{ mode: 'id', value: null }]])(
		'%j -> undefined',
		(input) => {
			expect(spreadsheetIdFrom(input)).toBeUndefined();
		},
	);
});

describe('first row and column of an A1 range', () => {
	it.each([
		['Rules', 1, 1],
		['Rules!A:C', 1, 1],
		['Rules!A5:C', 5, 1],
		["'My Sheet'!B3", 3, 2],
		["'Regras!2025'!$AA$10:AC", 10, 27],
		['Rules!5:40', 5, 1],
	])('%s starts at row %d, column %d', (range, row, column) => {
		expect(firstRowOfRange(range)).toBe(row);
		expect(firstColumnOfRange(range)).toBe(column);
	});
});

describe('rows from the node table and from a field', () => {
	it('table rows carry their index; the "Default" match type is no match type', () => {
		expect(
			rowsFromTable([
				{ keyword: 'contrato', priority: 'P1', matchType: '' },
				{ keyword: 'demo', priority: 'P3', matchType: 'wholeWord' },
			]),
		).toEqual([
			{
				keyword: 'contrato',
				priority: 'P1',
				matchType: undefined,
				location: { kind: 'table', index: 0 },
			},
			{
				keyword: 'demo',
				priority: 'P3',
				matchType: 'wholeWord',
				location: { kind: 'table', index: 1 },
			},
		]);
	});

	it('field rows accept forgiving key spellings, JSON text, and keep non-objects for the domain to refuse', () => {
		const rows = rowsFromFieldValue(
			JSON.stringify([
				{ Keyword: 'ligar', PRIORITY: 'P2', 'match type': 'exact' },
				'oops',
				{ keyword: 'x', priority: 'P1', match_type: 'regex' },
			]),
			'rules',
		);

		expect(rows).toEqual([
			{
				keyword: 'ligar',
				priority: 'P2',
				matchType: 'exact',
				location: { kind: 'field', index: 0 },
			},
			{ location: { kind: 'field', index: 1 } },
			{ keyword: 'x', priority: 'P1', matchType: 'regex', location: { kind: 'field', index: 2 } },
		]);
	});

	it('says what the field holds when it is not a list', () => {
		expect(() => rowsFromFieldValue(undefined, 'rules')).toThrow(
			'The first input item has no field "rules"',
		);
		expect(() => rowsFromFieldValue({ keyword: 'x' }, 'rules')).toThrow(
			'Field "rules" must be a list of rules ({ keyword, priority, matchType }), not object',
		);
		expect(() => rowsFromFieldValue('[{', 'cfg.rules')).toThrow(
			'Field "cfg.rules" holds text that is not a JSON list of rules',
		);
	});

	it('valueAtPath follows dots, preferring a key that itself holds the dots', () => {
		const json = { config: { rules: [1] }, 'config.rules': [2] };
		expect(valueAtPath(json, 'config.rules')).toEqual([2]);
		expect(valueAtPath({ config: { rules: [1] } }, 'config.rules')).toEqual([1]);
		expect(valueAtPath({ config: 'text' }, 'config.rules')).toBeUndefined();
	});
});

describe('the sheet cache', () => {
	beforeEach(() => clearSheetCache());

	it('serves values until they expire, then reads again', async () => {
		let now = 1_000;
		let reads = 0;
		const read = async () => [[`read ${++reads}`]];
		const key = sheetCacheKey('cred-1', 'book', 'Rules');

		expect(await cachedSheetValues(key, 60_000, read, () => now)).toEqual([['read 1']]);
		now += 59_999;
		expect(await cachedSheetValues(key, 60_000, read, () => now)).toEqual([['read 1']]);
		now += 1;
		expect(await cachedSheetValues(key, 60_000, read, () => now)).toEqual([['read 2']]);
	});

	it('keeps credentials, spreadsheets and ranges apart', async () => {
		const read = (label: string) => async () => [[label]];
		await cachedSheetValues(sheetCacheKey('cred-1', 'book', 'Rules'), 60_000, read('a'));

		expect(
			await cachedSheetValues(sheetCacheKey('cred-2', 'book', 'Rules'), 60_000, read('b')),
		).toEqual([['b']]);
		expect(
			await cachedSheetValues(sheetCacheKey('cred-1', 'book', 'Rules!A:B'), 60_000, read('c')),
		).toEqual([['c']]);
		expect(
			await cachedSheetValues(sheetCacheKey('cred-1', 'book', 'Rules'), 60_000, read('d')),
		).toEqual([['a']]);
	});

	it('shares a read in flight and forgets a failed one', async () => {
		let reads = 0;
		let fail = true;
		const read = async () => {
			reads++;
			await new Promise((resolve) => setTimeout(resolve, 5));
			if (fail) throw new Error('quota');
			return [['ok']];
		};
		const key = sheetCacheKey('c', 'book', 'Rules');

		const both = await Promise.allSettled([
			cachedSheetValues(key, 60_000, read),
			cachedSheetValues(key, 60_000, read),
		]);
		expect(both.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
		expect(reads).toBe(1);
		expect(sheetCacheSize()).toBe(0);

		fail = false;
		expect(await cachedSheetValues(key, 60_000, read)).toEqual([['ok']]);
		expect(reads).toBe(2);
	});

	it('stays bounded, dropping the oldest entry', async () => {
		const read = async () => [['x']];
		for (let index = 0; index < SHEET_CACHE_MAX_ENTRIES + 10; index++) {
			await cachedSheetValues(sheetCacheKey('c', `book-${index}`, 'Rules'), 60_000, read);
		}
		expect(sheetCacheSize()).toBe(SHEET_CACHE_MAX_ENTRIES);

		let reread = false;
		await cachedSheetValues(sheetCacheKey('c', 'book-0', 'Rules'), 60_000, async () => {
			reread = true;
			return [];
		});
		expect(reread).toBe(true);
	});
});

describe('warnings and ranks', () => {
	const problem = (row: number): RuleProblem => ({
		location: { kind: 'sheet', row },
		column: 'priority',
		sheetColumn: 'B',
		message: '"P9" is not one of the priority levels',
	});

	it('one message per skipped rule, capped with a count of the rest', () => {
		const messages = ruleWarningMessages({
			warnings: Array.from({ length: MAX_WARNING_HINTS + 3 }, (_v, index) => problem(index + 2)),
			source: 'spreadsheet book, range "Rules"',
		});

		expect(messages).toHaveLength(MAX_WARNING_HINTS + 1);
		expect(messages[0]).toBe(
			'Skipped a bad rule in spreadsheet book, range "Rules": sheet row 2, column B (priority): "P9" is not one of the priority levels',
		);
		expect(messages[MAX_WARNING_HINTS]).toBe(
			'Skipped 3 more bad rules in spreadsheet book, range "Rules"',
		);
	});

	it('priorityRank is 1 for the highest level', () => {
		expect(priorityRank(['P1', 'P2'], 'P1')).toBe(1);
		expect(priorityRank(['P1', 'P2'], 'P2')).toBe(2);
		expect(priorityRank(['P1', 'P2'], 'P3')).toBeUndefined();
	});
});

describe('rulesSourceProperties', () => {
	it('merges the given displayOptions into every field, keeping each field’s own conditions', () => {
		const properties = rulesSourceProperties({
			displayOptions: { show: { operation: ['updateTasks'] } },
		});
		const byName = new Map(properties.map((property) => [property.name, property]));

		expect(
			properties.every(
				(property) => property.displayOptions?.show?.operation?.[0] === 'updateTasks',
			),
		).toBe(true);
		expect(byName.get('rulesSpreadsheet')?.displayOptions?.show).toEqual({
			operation: ['updateTasks'],
			rulesSource: ['sheet'],
		});
		expect(byName.get('rulesSource')?.displayOptions?.hide).toBeUndefined();
	});

	it('without options, fields show as declared', () => {
		const properties = rulesSourceProperties();
		expect(
			properties.find((property) => property.name === 'priorityLevels')?.displayOptions,
		).toBeUndefined();
		expect(properties.map((property) => property.name)).toEqual([
			'rulesSource',
			'rulesSpreadsheet',
			'rulesRange',
			'rulesHeaderRow',
			'rulesTable',
			'rulesField',
			'priorityLevels',
			'rulesOptions',
		]);
	});
});
