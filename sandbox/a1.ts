/**
 * A1 notation as Google Sheets reads it: "Sheet1", "'My Sheet'!A1:C", "Rules!A:C", "Rules!2:5",
 * "B3", "A1:C5" (no sheet: the first sheet). Rows and columns are 1-based; open ends are undefined.
 */

export interface A1Range {
	/** undefined: the spreadsheet's first sheet */
	sheetTitle?: string;
	startRow?: number;
	endRow?: number;
	startColumn?: number;
	endColumn?: number;
}

export class A1ParseError extends Error {}

/** "A" -> 1, "Z" -> 26, "AA" -> 27. */
export function columnNumber(letters: string): number {
	let n = 0;
	for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n;
}

export function columnLetters(n: number): string {
	let letters = '';
	while (n > 0) {
		const rem = (n - 1) % 26;
		letters = String.fromCharCode(65 + rem) + letters;
		n = Math.floor((n - 1) / 26);
	}
	return letters;
}

interface CellRef {
	column?: number;
	row?: number;
}

function parseCell(text: string, whole: string): CellRef {
	const match = /^\$?([A-Za-z]*)\$?(\d*)$/.exec(text);
	if (!match || (match[1] === '' && match[2] === ''))
		throw new A1ParseError(`Unable to parse range: ${whole}`);
	const row = match[2] === '' ? undefined : Number(match[2]);
	if (row === 0) throw new A1ParseError(`Unable to parse range: ${whole}`);
	return { column: match[1] === '' ? undefined : columnNumber(match[1]), row };
}

/** Splits "Sheet!A1:B2" into sheet title and cell part, honouring quoted titles ('It''s'). */
function splitSheet(range: string): { sheet?: string; cells?: string } {
	if (range.startsWith("'")) {
		let i = 1;
		let title = '';
		while (i < range.length) {
			if (range[i] === "'") {
				if (range[i + 1] === "'") {
					title += "'";
					i += 2;
					continue;
				}
				break;
			}
			title += range[i++];
		}
		if (range[i] !== "'") throw new A1ParseError(`Unable to parse range: ${range}`);
		const rest = range.slice(i + 1);
		if (rest === '') return { sheet: title };
		if (!rest.startsWith('!')) throw new A1ParseError(`Unable to parse range: ${range}`);
		return { sheet: title, cells: rest.slice(1) };
	}
	const bang = range.lastIndexOf('!');
	if (bang >= 0) return { sheet: range.slice(0, bang), cells: range.slice(bang + 1) };
	// Without "!", a text that reads as cells is cells; anything else names a sheet.
	return /^\$?[A-Za-z]{0,3}\$?\d*(:\$?[A-Za-z]{0,3}\$?\d*)?$/.test(range) &&
		/[A-Za-z0-9]/.test(range) &&
		!/^[A-Za-z]{4,}$/.test(range)
		? { cells: range }
		: { sheet: range };
}

export function parseA1(
	range: string,
	sheetExists: (title: string) => boolean = () => false,
): A1Range {
	const trimmed = range.trim();
	if (trimmed === '') throw new A1ParseError('Unable to parse range: ');
	// A bare name that is a sheet title is the whole sheet, even when it looks like cells ("Q1").
	if (!trimmed.includes('!') && sheetExists(trimmed)) return { sheetTitle: trimmed };
	const { sheet, cells } = splitSheet(trimmed);
	if (cells === undefined || cells === '') return { sheetTitle: sheet };
	const [startText, endText, extra] = cells.split(':');
	if (extra !== undefined) throw new A1ParseError(`Unable to parse range: ${range}`);
	const start = parseCell(startText, range);
	const end = endText === undefined ? start : parseCell(endText, range);
	const result: A1Range = {
		sheetTitle: sheet,
		startColumn: start.column,
		startRow: start.row,
		endColumn: end.column,
		endRow: end.row,
	};
	// "A:C" is whole columns; "2:5" whole rows; "A2:C" runs to the last row.
	if (result.startRow === undefined && result.endRow !== undefined) result.startRow = 1;
	if (result.startColumn === undefined && result.endColumn !== undefined) result.startColumn = 1;
	return result;
}

/** How Google writes a sheet title in a range: quoted unless it is plain letters, digits and _. */
export function quoteSheetTitle(title: string): string {
	return /^[A-Za-z0-9_]+$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}
