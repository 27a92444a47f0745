/**
 * Google Sheets v4 (values.get, values:batchGet, spreadsheet metadata) and Google's OAuth token
 * endpoint for service-account JWT grants. Any Bearer token is accepted; errors use Google's shape.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import type { A1Range } from './a1';
import { A1ParseError, columnLetters, parseA1, quoteSheetTitle } from './a1';
import type { HandlerResult, RequestContext, Router } from './router';
import { queryString } from './router';
import type { SandboxStore, Sheet, Spreadsheet } from './store';

const MIN_GRID_ROWS = 1000;
const MIN_GRID_COLUMNS = 26;
export const SHEETS_DIR = path.join(__dirname, 'sheets');

function googleError(code: number, status: string, message: string): HandlerResult {
	return { status: code, body: { error: { code, message, status } } };
}

function gridSize(sheet: Sheet): { rowCount: number; columnCount: number } {
	const columns = sheet.rows.reduce((max, row) => Math.max(max, row.length), 0);
	return {
		rowCount: Math.max(MIN_GRID_ROWS, sheet.rows.length),
		columnCount: Math.max(MIN_GRID_COLUMNS, columns),
	};
}

function render(cell: string, option: string | undefined): string | number | boolean {
	if (option !== 'UNFORMATTED_VALUE') return cell;
	if (/^-?\d+(\.\d+)?$/.test(cell.trim())) return Number(cell);
	if (cell === 'TRUE' || cell === 'FALSE') return cell === 'TRUE';
	return cell;
}

interface ValueRange {
	range: string;
	majorDimension: 'ROWS' | 'COLUMNS';
	values?: Array<Array<string | number | boolean>>;
}

/** The cells of a range, trailing empty rows and cells dropped, as Google answers. */
function valueRange(sheet: Sheet, range: A1Range, ctx: RequestContext): ValueRange {
	const grid = gridSize(sheet);
	const top = range.startRow ?? 1;
	const left = range.startColumn ?? 1;
	const bottom = Math.min(range.endRow ?? grid.rowCount, grid.rowCount);
	const right = Math.min(range.endColumn ?? grid.columnCount, grid.columnCount);
	const option = queryString(ctx, 'valueRenderOption');
	let rows: Array<Array<string | number | boolean>> = [];
	for (let r = top; r <= bottom && r <= sheet.rows.length; r++) {
		const source = sheet.rows[r - 1] ?? [];
		const cells = source.slice(left - 1, right);
		while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
		rows.push(cells.map((cell) => render(cell, option)));
	}
	while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
	const majorDimension = queryString(ctx, 'majorDimension') === 'COLUMNS' ? 'COLUMNS' : 'ROWS';
	if (majorDimension === 'COLUMNS') {
		const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
		const columns: Array<Array<string | number | boolean>> = [];
		for (let c = 0; c < width; c++) {
			const column = rows.map((row) => row[c] ?? '');
			while (column.length > 0 && column[column.length - 1] === '') column.pop();
			columns.push(column);
		}
		rows = columns;
	}
	const a1 = `${quoteSheetTitle(sheet.title)}!${columnLetters(left)}${top}:${columnLetters(right)}${bottom}`;
	const result: ValueRange = { range: a1, majorDimension };
	if (rows.length > 0) result.values = rows;
	return result;
}

function resolveRange(
	spreadsheet: Spreadsheet,
	text: string,
): { sheet: Sheet; range: A1Range } | HandlerResult {
	let range: A1Range;
	try {
		range = parseA1(text, (title) => spreadsheet.sheets.some((s) => s.title === title));
	} catch (error) {
		const message =
			error instanceof A1ParseError ? error.message : `Unable to parse range: ${text}`;
		return googleError(400, 'INVALID_ARGUMENT', message);
	}
	const sheet =
		range.sheetTitle === undefined
			? spreadsheet.sheets[0]
			: spreadsheet.sheets.find((s) => s.title === range.sheetTitle);
	if (!sheet) return googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${text}`);
	return { sheet, range };
}

function requireBearer(ctx: RequestContext): HandlerResult | undefined {
	if (/^Bearer \S+/.test(ctx.headers.authorization ?? '') || queryString(ctx, 'key'))
		return undefined;
	return googleError(
		401,
		'UNAUTHENTICATED',
		'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
	);
}

function spreadsheetOr404(store: SandboxStore, id: string): Spreadsheet | HandlerResult {
	return store.spreadsheet(id) ?? googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
}

function isResult(value: unknown): value is HandlerResult {
	return (
		typeof value === 'object' &&
		value !== null &&
		'status' in value &&
		typeof (value as HandlerResult).status === 'number'
	);
}

function getValues(store: SandboxStore, ctx: RequestContext): HandlerResult {
	const denied = requireBearer(ctx);
	if (denied) return denied;
	const spreadsheet = spreadsheetOr404(store, ctx.params.spreadsheetId);
	if (isResult(spreadsheet)) return spreadsheet;
	const resolved = resolveRange(spreadsheet, ctx.params.range);
	if (isResult(resolved)) return resolved;
	return { status: 200, body: valueRange(resolved.sheet, resolved.range, ctx) };
}

function batchGetValues(store: SandboxStore, ctx: RequestContext): HandlerResult {
	const denied = requireBearer(ctx);
	if (denied) return denied;
	const spreadsheet = spreadsheetOr404(store, ctx.params.spreadsheetId);
	if (isResult(spreadsheet)) return spreadsheet;
	const valueRanges: ValueRange[] = [];
	for (const text of [ctx.query.ranges ?? []].flat()) {
		const resolved = resolveRange(spreadsheet, text);
		if (isResult(resolved)) return resolved;
		valueRanges.push(valueRange(resolved.sheet, resolved.range, ctx));
	}
	return { status: 200, body: { spreadsheetId: spreadsheet.spreadsheetId, valueRanges } };
}

function getSpreadsheet(store: SandboxStore, ctx: RequestContext): HandlerResult {
	const denied = requireBearer(ctx);
	if (denied) return denied;
	const spreadsheet = spreadsheetOr404(store, ctx.params.spreadsheetId);
	if (isResult(spreadsheet)) return spreadsheet;
	const host = ctx.headers.host ?? '127.0.0.1';
	return {
		status: 200,
		body: {
			spreadsheetId: spreadsheet.spreadsheetId,
			properties: {
				title: spreadsheet.title,
				locale: 'en_US',
				autoRecalc: 'ON_CHANGE',
				timeZone: 'Etc/GMT',
			},
			sheets: spreadsheet.sheets.map((sheet, index) => ({
				properties: {
					sheetId: sheet.sheetId,
					title: sheet.title,
					index,
					sheetType: 'GRID',
					gridProperties: gridSize(sheet),
				},
			})),
			spreadsheetUrl: `http://${host}/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
		},
	};
}

/** Google's token endpoint for the JWT-bearer grant that service accounts use. */
function token(ctx: RequestContext): HandlerResult {
	const form = (ctx.body ?? {}) as Record<string, unknown>;
	if (form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
		return {
			status: 400,
			body: {
				error: 'unsupported_grant_type',
				error_description: `Invalid grant_type: ${String(form.grant_type ?? '')}`,
			},
		};
	}
	const assertion = typeof form.assertion === 'string' ? form.assertion : '';
	const parts = assertion.split('.');
	let claims: Record<string, unknown> | undefined;
	try {
		claims =
			parts.length === 3
				? (JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<
						string,
						unknown
					>)
				: undefined;
	} catch {
		claims = undefined;
	}
	if (!claims || typeof claims.iss !== 'string') {
		return {
			status: 400,
			body: {
				error: 'invalid_grant',
				error_description:
					'Invalid JWT: the assertion must be a signed JWT whose claims name the issuer (iss)',
			},
		};
	}
	return {
		status: 200,
		body: {
			access_token: `ya29.sandbox-${randomBytes(12).toString('hex')}`,
			expires_in: 3599,
			token_type: 'Bearer',
		},
	};
}

export function registerSheetRoutes(router: Router, store: SandboxStore): void {
	router
		.add('GET', '/v4/spreadsheets/:spreadsheetId', 'sheets', (ctx) => getSpreadsheet(store, ctx))
		.add('GET', '/v4/spreadsheets/:spreadsheetId/values/:range', 'sheets', (ctx) =>
			getValues(store, ctx),
		)
		.add('GET', '/v4/spreadsheets/:spreadsheetId/values:batchGet', 'sheets', (ctx) =>
			batchGetValues(store, ctx),
		)
		.add('POST', '/token', 'oauth', token);
}

/** Reads spreadsheets kept as files: sheets/<id>.json ({title?, sheets}) or sheets/<id>/<Sheet title>.csv. */
export function loadSheetFiles(store: SandboxStore, dir = SHEETS_DIR): void {
	if (!existsSync(dir)) return;
	for (const entry of readdirSync(dir).sort()) {
		const full = path.join(dir, entry);
		if (entry.endsWith('.json')) {
			const data = JSON.parse(readFileSync(full, 'utf8')) as {
				title?: string;
				sheets: Record<string, string[][]>;
			};
			for (const [title, rows] of Object.entries(data.sheets))
				store.setSheet(entry.slice(0, -5), title, rows, data.title);
		} else if (statSync(full).isDirectory()) {
			for (const file of readdirSync(full).sort()) {
				if (file.endsWith('.csv'))
					store.setSheet(
						entry,
						file.slice(0, -4),
						parseCsv(readFileSync(path.join(full, file), 'utf8')),
					);
			}
		}
	}
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += ch;
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}
