/**
 * Google Sheets through @googleapis/sheets with a service account: google-auth-library signs the
 * JWT grant with a key generated here, the token URL and base URL point at the sandbox.
 */
import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';

import { NodeApiError, type ICredentialTestFunctions } from 'n8n-workflow';

import {
	GoogleSheetsClient,
	parseServiceAccount,
	testGoogleSheetsServiceAccount,
	toGoogleSheetsNodeApiError,
} from '../../nodes/shared/transport';
import type { ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { startTransportSandbox, transportNode } from './transportSupport';

const CLIENT_EMAIL = 'keyword-reader@taskflow-test.iam.gserviceaccount.com';
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let sandbox: ContractSandbox;

beforeAll(async () => {
	sandbox = await startTransportSandbox();
});

afterAll(async () => {
	sandbox.contract.assertClean();
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	sandbox.store.setSheet('keyword-table', 'Rules', [
		['keyword', 'prefix', 'priority'],
		['renewal', '[P1]', 'HIGH'],
		['invoice', '[P2]', 'MEDIUM'],
	]);
});

function keyFileJson(): string {
	return JSON.stringify({
		type: 'service_account',
		project_id: 'taskflow-test',
		private_key_id: 'test-key',
		private_key: privateKey,
		client_email: CLIENT_EMAIL,
		token_uri: `${sandbox.url}/token`,
	});
}

function requestsTo(pathStart: string) {
	return sandbox.requestLog().filter((exchange) => exchange.path.startsWith(pathStart));
}

describe('GoogleSheetsClient with a service account', () => {
	it('reads values with a token obtained from the key file token_uri', async () => {
		const client = new GoogleSheetsClient({
			node: transportNode(),
			serviceAccount: parseServiceAccount({ keySource: 'json', privateKeyJson: keyFileJson() }),
			baseUrl: sandbox.url,
		});

		const rows = await client.readValues('keyword-table', 'Rules!A1:C');
		const again = await client.readValues('keyword-table', 'Rules');

		expect(rows).toEqual([
			['keyword', 'prefix', 'priority'],
			['renewal', '[P1]', 'HIGH'],
			['invoice', '[P2]', 'MEDIUM'],
		]);
		expect(again).toEqual(rows);
		const [tokenExchange] = requestsTo('/token');
		expect(requestsTo('/token')).toHaveLength(1); // the token is cached between calls
		const grant = new URLSearchParams(String(tokenExchange.requestBody ?? ''));
		const assertion = (grant.get('assertion') ??
			(tokenExchange.requestBody as Record<string, string>)?.assertion) as string;
		const [header, claims, signature] = assertion.split('.');
		const verifier = createVerify('RSA-SHA256').update(`${header}.${claims}`);
		expect(verifier.verify(createPublicKey(publicKey), Buffer.from(signature, 'base64url'))).toBe(
			true,
		);
		expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({
			iss: CLIENT_EMAIL,
			scope: 'https://www.googleapis.com/auth/spreadsheets.readonly',
		});
		const accessToken = (tokenExchange.responseBody as { access_token: string }).access_token;
		for (const exchange of requestsTo('/v4/spreadsheets/')) {
			expect(exchange.requestHeaders.authorization).toBe(`Bearer ${accessToken}`);
		}
	});

	it('takes the client email and key as separate fields with a token URL override', async () => {
		const client = new GoogleSheetsClient({
			node: transportNode(),
			serviceAccount: parseServiceAccount({
				keySource: 'fields',
				email: CLIENT_EMAIL,
				// As pasted from the key file: escaped line breaks.
				privateKey: privateKey.replace(/\n/g, '\\n'),
				tokenUrl: `${sandbox.url}/token`,
			}),
			baseUrl: `${sandbox.url}/`,
		});

		const spreadsheet = await client.getSpreadsheet('keyword-table');
		const columns = await client.readValues('keyword-table', 'Rules!A2:A', {
			majorDimension: 'COLUMNS',
		});

		expect(spreadsheet.sheets.map((sheet) => sheet.title)).toEqual(['Rules']);
		expect(columns).toEqual([['renewal', 'invoice']]);
		expect(requestsTo('/token')).toHaveLength(1);
	});

	it('maps a missing spreadsheet to a NodeApiError with Google’s message', async () => {
		const client = new GoogleSheetsClient({
			node: transportNode(),
			serviceAccount: parseServiceAccount({ keySource: 'json', privateKeyJson: keyFileJson() }),
			baseUrl: sandbox.url,
		});

		const mapped = await client.readValues('no-such-sheet', 'Rules').then(
			() => {
				throw new Error('expected the read to fail');
			},
			(error: unknown) => error as NodeApiError,
		);

		expect(mapped).toBeInstanceOf(NodeApiError);
		expect(mapped.description).toContain('while: read Rules of spreadsheet no-such-sheet');
		expect(mapped.httpCode).toBe('404');
		expect(mapped.message).toMatch(/not found/i);
		expect(toGoogleSheetsNodeApiError(transportNode(), mapped)).toBe(mapped);
	});

	it('credential test: OK for a valid key, an error for unparseable JSON or a missing email', async () => {
		const context = {} as ICredentialTestFunctions;
		const ok = await testGoogleSheetsServiceAccount.call(context, {
			id: 'c1',
			name: 'Sheets',
			type: 'googleSheetsTaskflowServiceAccountApi',
			data: { keySource: 'json', privateKeyJson: keyFileJson(), baseUrl: sandbox.url },
		});
		const broken = await testGoogleSheetsServiceAccount.call(context, {
			id: 'c2',
			name: 'Sheets',
			type: 'googleSheetsTaskflowServiceAccountApi',
			data: { keySource: 'json', privateKeyJson: '{ not json' },
		});

		const noEmail = await testGoogleSheetsServiceAccount.call(context, {
			id: 'c3',
			name: 'Sheets',
			type: 'googleSheetsTaskflowServiceAccountApi',
			data: { keySource: 'fields', email: '', privateKey },
		});

		expect(ok).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(noEmail).toEqual({
			status: 'Error',
			message: 'The service account credential needs both the client email and the private key',
		});
		expect(broken.status).toBe('Error');
		expect(broken.message).toMatch(/not valid JSON/);
		expect(requestsTo('/token')).toHaveLength(1);
	});
});
