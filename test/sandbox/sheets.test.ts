/** Google Sheets v4 and the OAuth token endpoint, through fetch and the real @googleapis/sheets client. */
import { generateKeyPairSync, sign } from 'node:crypto';

import { auth, sheets } from '@googleapis/sheets';

import { columnLetters, columnNumber, parseA1 } from '../../sandbox/a1';
import type { Sandbox } from '../../sandbox/server';
import { startSandbox } from '../../sandbox/server';
import { parseCsv } from '../../sandbox/sheets';
import { call } from './testHttp';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
	sandbox.store.setSheet('book', 'Data', [
		['name', 'count', 'active'],
		['alpha', '1', 'TRUE'],
		['beta', '22', 'FALSE'],
		['', '', ''],
		['gamma', '', ''],
	]);
	sandbox.store.setSheet('book', 'My Sheet', [['x', 'y']]);
});
afterAll(() => sandbox.close());

const values = (range: string, query = '') =>
	call(
		sandbox,
		'GET',
		`/v4/spreadsheets/book/values/${encodeURIComponent(range)}${query}`,
		undefined,
		'ya29.any',
	);

describe('values.get', () => {
	it('reads a whole sheet, trimming trailing empty cells and rows', async () => {
		const reply = await values('Data');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			range: 'Data!A1:Z1000',
			majorDimension: 'ROWS',
			values: [
				['name', 'count', 'active'],
				['alpha', '1', 'TRUE'],
				['beta', '22', 'FALSE'],
				[],
				['gamma'],
			],
		});
	});

	it('reads A1 ranges: bounded, open-ended, columns, rows, single cells, quoted titles', async () => {
		expect((await values('Data!A2:B3')).body).toMatchObject({
			range: 'Data!A2:B3',
			values: [
				['alpha', '1'],
				['beta', '22'],
			],
		});
		expect((await values('Data!B2:C')).body.values).toEqual([
			['1', 'TRUE'],
			['22', 'FALSE'],
		]);
		expect((await values('Data!A:A')).body.values).toEqual([
			['name'],
			['alpha'],
			['beta'],
			[],
			['gamma'],
		]);
		expect((await values('Data!2:2')).body.values).toEqual([['alpha', '1', 'TRUE']]);
		expect((await values('Data!C3')).body).toMatchObject({
			range: 'Data!C3:C3',
			values: [['FALSE']],
		});
		expect((await values('A1:B1')).body.values).toEqual([['name', 'count']]);
		expect((await values("'My Sheet'!A1:B1")).body).toMatchObject({
			range: "'My Sheet'!A1:B1",
			values: [['x', 'y']],
		});
		expect((await values('Data!Z50')).body).toEqual({
			range: 'Data!Z50:Z50',
			majorDimension: 'ROWS',
		});
	});

	it('honours valueRenderOption and majorDimension', async () => {
		const unformatted = await values('Data!A2:C3', '?valueRenderOption=UNFORMATTED_VALUE');
		expect(unformatted.body.values).toEqual([
			['alpha', 1, true],
			['beta', 22, false],
		]);
		const columns = await values('Data!A1:B3', '?majorDimension=COLUMNS');
		expect(columns.body).toMatchObject({
			majorDimension: 'COLUMNS',
			values: [
				['name', 'alpha', 'beta'],
				['count', '1', '22'],
			],
		});
	});

	it("answers Google's errors", async () => {
		expect((await values('Nope!A1')).body.error).toMatchObject({
			code: 400,
			status: 'INVALID_ARGUMENT',
		});
		expect((await values('Data!A1:B2:C3')).status).toBe(400);
		const missing = await call(
			sandbox,
			'GET',
			'/v4/spreadsheets/unknown/values/A1',
			undefined,
			'x',
		);
		expect(missing.body).toEqual({
			error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
		});
		const anonymous = await call(
			sandbox,
			'GET',
			'/v4/spreadsheets/book/values/Data',
			undefined,
			null,
		);
		expect(anonymous.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
	});

	it('serves the rules spreadsheet read from sandbox/sheets/', async () => {
		const rules = await call(
			sandbox,
			'GET',
			'/v4/spreadsheets/priority-rules/values/Rules',
			undefined,
			'x',
		);
		expect(rules.body.values[0]).toEqual(['keyword', 'priority', 'match type']);
		expect(rules.body.values.length).toBeGreaterThan(10);
		for (const row of rules.body.values.slice(1))
			expect(['P1', 'P2', 'P3', 'P4']).toContain(row[1]);
	});
});

describe('spreadsheet metadata and batchGet', () => {
	it('lists the sheets with grid sizes', async () => {
		const meta = await call(sandbox, 'GET', '/v4/spreadsheets/book', undefined, 'x');
		expect(meta.body).toMatchObject({
			spreadsheetId: 'book',
			properties: { title: 'book' },
			sheets: [
				{
					properties: {
						sheetId: 0,
						title: 'Data',
						index: 0,
						sheetType: 'GRID',
						gridProperties: { rowCount: 1000, columnCount: 26 },
					},
				},
				{ properties: { title: 'My Sheet', index: 1 } },
			],
		});
	});

	it('reads several ranges at once', async () => {
		const reply = await call(
			sandbox,
			'GET',
			`/v4/spreadsheets/book/values:batchGet?ranges=${encodeURIComponent('Data!A1:A2')}&ranges=${encodeURIComponent("'My Sheet'!A1")}`,
			undefined,
			'x',
		);
		expect(reply.body.valueRanges.map((r: { values: string[][] }) => r.values)).toEqual([
			[['name'], ['alpha']],
			[['x']],
		]);
	});
});

describe('the @googleapis/sheets client', () => {
	it('reads values and metadata with rootUrl pointed at the sandbox', async () => {
		const oauth = new auth.OAuth2();
		oauth.setCredentials({ access_token: 'ya29.test' });
		// Under jest, gaxios cannot import its default fetch lazily; hand it Node's own.
		const api = sheets({
			version: 'v4',
			auth: oauth,
			rootUrl: `${sandbox.url}/`,
			fetchImplementation: fetch,
		});
		const reply = await api.spreadsheets.values.get({
			spreadsheetId: 'priority-rules',
			range: 'Rules!A1:C3',
		});
		expect(reply.data.values).toEqual([
			['keyword', 'priority', 'match type'],
			['urgente', 'P1', 'contains'],
			['urgent', 'P1', 'contains'],
		]);
		const meta = await api.spreadsheets.get({ spreadsheetId: 'priority-rules' });
		expect(meta.data.sheets?.map((s) => s.properties?.title)).toEqual(['Rules']);
		// The log keeps the path as sent (percent-encoded).
		const request = sandbox
			.requestLog()
			.find(
				(e) => decodeURIComponent(e.path) === '/v4/spreadsheets/priority-rules/values/Rules!A1:C3',
			);
		expect(request?.requestHeaders.authorization).toBe('Bearer ya29.test');
	});
});

describe('POST /token', () => {
	function signedJwt(claims: Record<string, unknown>): string {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
		const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
		return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
	}

	async function token(form: Record<string, string>) {
		const response = await fetch(`${sandbox.url}/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(form).toString(),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	it('answers a service-account JWT-bearer grant with an access token', async () => {
		const now = Math.floor(Date.now() / 1000);
		const assertion = signedJwt({
			iss: 'robot@project.iam.gserviceaccount.com',
			scope: 'https://www.googleapis.com/auth/spreadsheets.readonly',
			aud: 'https://oauth2.googleapis.com/token',
			iat: now,
			exp: now + 3600,
		});
		const reply = await token({
			grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
			assertion,
		});
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			access_token: expect.stringMatching(/^ya29\./),
			expires_in: 3599,
			token_type: 'Bearer',
		});
	});

	it('rejects other grants and malformed assertions', async () => {
		expect((await token({ grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
		expect(
			(await token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'abc' }))
				.body.error,
		).toBe('invalid_grant');
	});
});

describe('A1 and CSV parsing', () => {
	it('converts column letters both ways', () => {
		expect([columnNumber('A'), columnNumber('Z'), columnNumber('AA'), columnNumber('AZ')]).toEqual([
			1, 26, 27, 52,
		]);
		expect([columnLetters(1), columnLetters(26), columnLetters(27), columnLetters(702)]).toEqual([
			'A',
			'Z',
			'AA',
			'ZZ',
		]);
	});

	it('parses sheet titles and cell parts', () => {
		expect(parseA1('Sheet1')).toEqual({ sheetTitle: 'Sheet1' });
		expect(parseA1("'It''s here'!B2:D")).toEqual({
			sheetTitle: "It's here",
			startColumn: 2,
			startRow: 2,
			endColumn: 4,
			endRow: undefined,
		});
		expect(parseA1('Q1', (title) => title === 'Q1')).toEqual({ sheetTitle: 'Q1' });
		expect(parseA1('Q1')).toMatchObject({ sheetTitle: undefined, startColumn: 17, startRow: 1 });
		expect(() => parseA1('Data!1A')).toThrow(/Unable to parse range/);
	});

	it('reads quoted CSV fields', () => {
		expect(parseCsv('a,"b,c","d ""e"""\r\n1,2,3\n')).toEqual([
			['a', 'b,c', 'd "e"'],
			['1', '2', '3'],
		]);
	});
});
