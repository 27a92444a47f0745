/** Spreadsheet ids from what users paste, and the first sheet row of an A1 range. */

/** A spreadsheet URL; its one group is the spreadsheet id. */
export const SPREADSHEET_URL_PATTERN =
	'https?:\\/\\/(?:docs|drive)\\.google\\.com\\/(?:.*\\/)?d\\/([A-Za-z0-9_-]+)';

/** The same, matching a whole URL: n8n anchors validation patterns (^...$). */
export const SPREADSHEET_URL_VALIDATION = `${SPREADSHEET_URL_PATTERN}(?:[/?#].*)?`;

const URL_REGEX = new RegExp(SPREADSHEET_URL_PATTERN);
const ID_REGEX = /^[A-Za-z0-9_-]{2,}$/;

/**
 * The spreadsheet id of a resource locator value (either mode) or a plain string: a URL gives the
 * id inside it, whatever mode it was typed into; undefined when neither fits.
 */
export function spreadsheetIdFrom(value: unknown): string | undefined {
	const raw =
		typeof value === 'object' && value !== null && 'value' in value
			? (value as { value: unknown }).value
			: value;
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	const fromUrl = URL_REGEX.exec(text);
	if (fromUrl) return fromUrl[1];
	return ID_REGEX.test(text) ? text : undefined;
}

/**
 * Sheet row number of the first row an A1 range returns: "Rules" and "Rules!A:C" start at 1,
 * "Rules!A5:C" at 5, "'My Sheet'!B3" at 3.
 */
export function firstRowOfRange(range: string): number {
	const bang = range.lastIndexOf('!');
	if (bang === -1) return 1;
	const start = range.slice(bang + 1).split(':')[0];
	const row = /^\$?[A-Za-z]*\$?(\d+)$/.exec(start.trim());
	return row ? Number(row[1]) : 1;
}

/** Column number (A = 1) of the first column an A1 range returns: "Rules!C2:E" starts at 3. */
export function firstColumnOfRange(range: string): number {
	const bang = range.lastIndexOf('!');
	if (bang === -1) return 1;
	const start = /^\$?([A-Za-z]+)/.exec(
		range
			.slice(bang + 1)
			.split(':')[0]
			.trim(),
	);
	if (!start) return 1;
	let column = 0;
	for (const letter of start[1].toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
	return column;
}
