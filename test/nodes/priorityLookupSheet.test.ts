/**
 * Priority Lookup with its rules in a Google Sheet: the real @googleapis/sheets client, a service
 * account key made here and the sandbox's token endpoint; one read per execution, the cache across
 * executions, and errors that name the spreadsheet, row and column.
 */
import type { INodeParameters } from 'n8n-workflow';

import { PriorityLookup } from '../../nodes/PriorityLookup/PriorityLookup.node';
import { clearSheetCache } from '../../nodes/shared/rulesSource';
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { NodeTypeRegistry, runNode, TestCredentialsHelper } from '../../tools/engine';
import { CREDENTIAL_CLASSES, sandboxCredentials, sheetReads } from '../shared/rulesTestSupport';

const nodeTypes = new NodeTypeRegistry([PriorityLookup], CREDENTIAL_CLASSES);
const SPREADSHEET_ID = 'team-priorities';
let sandbox: ContractSandbox;

beforeAll(async () => {
	sandbox = await startContractSandbox();
});

beforeEach(() => {
	sandbox.reset();
	clearSheetCache();
	sandbox.store.setSheet(SPREADSHEET_ID, 'Rules', [
		['Palavra-chave', 'Prioridade', 'Tipo'],
		['renovação', 'P1', 'contains'],
		['ligar', 'P2', 'whole word'],
		['newsletter', 'P4', ''],
	]);
});

afterAll(async () => {
	try {
		sandbox.contract.assertClean();
	} finally {
		await sandbox.close();
	}
});

function sheetParameters(extra: INodeParameters = {}): INodeParameters {
	return {
		rulesSource: 'sheet',
		rulesSpreadsheet: { __rl: true, mode: 'id', value: SPREADSHEET_ID },
		...extra,
	};
}

const titles = (...list: string[]) => list.map((title) => ({ json: { title } }));

describe('Priority Lookup with rules from a Google Sheet', () => {
	it('reads the sheet once for all items and reports sheet row numbers', async () => {
		const result = await runNode(
			{ type: PriorityLookup, parameters: sheetParameters() },
			{
				nodeTypes,
				credentials: sandboxCredentials(sandbox),
				inputItems: titles(
					'Renovacao do plano',
					'Ligar para Ana',
					'Religar',
					'Newsletter de março',
				),
			},
		);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => item.json)).toEqual([
			expect.objectContaining({
				priority: 'P1',
				matchedRule: 2,
				matchedRuleSource: 'sheet',
				matchedKeyword: 'renovação',
			}),
			expect.objectContaining({ priority: 'P2', matchedRule: 3 }),
			expect.objectContaining({ priority: null, matchedRule: null }),
			expect.objectContaining({ priority: 'P4', priorityRank: 4, matchedRule: 4 }),
		]);
		expect(sheetReads(sandbox, SPREADSHEET_ID)).toEqual(['Rules']);
	});

	it('takes the spreadsheet as a URL and reads the range given, numbering rows as the sheet does', async () => {
		sandbox.store.setSheet(SPREADSHEET_ID, 'Team rules', [
			['Priority rules of the sales team'],
			[],
			['', 'keyword', 'priority'],
			['', 'contract', 'HIGH'],
			['', 'demo', 'LOW'],
		]);
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: sheetParameters({
					rulesSpreadsheet: {
						__rl: true,
						mode: 'url',
						value: `https://docs.google.com/spreadsheets/d/${SPREADSHEET_ID}/edit#gid=0`,
					},
					rulesRange: "'Team rules'!B3:C",
					rulesHeaderRow: 3,
					priorityLevels: 'HIGH, MEDIUM, LOW',
				}),
			},
			{
				nodeTypes,
				credentials: sandboxCredentials(sandbox),
				inputItems: titles('Send the contract', 'Demo'),
			},
		);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => [item.json.priority, item.json.matchedRule])).toEqual([
			['HIGH', 4],
			['LOW', 5],
		]);
		expect(sheetReads(sandbox, SPREADSHEET_ID)).toEqual(["'Team rules'!B3:C"]);
	});

	it('with a cache time, reads the sheet once for two executions; without, once per execution', async () => {
		const credentials = new TestCredentialsHelper(
			nodeTypes.credentialClasses,
			sandboxCredentials(sandbox),
		);
		const run = async (parameters: INodeParameters) =>
			await runNode(
				{ type: PriorityLookup, parameters },
				{ nodeTypes, credentials, inputItems: titles('Renovação', 'Ligar', 'Outro') },
			);

		const first = await run(sheetParameters({ rulesOptions: { cacheMinutes: 5 } }));
		// Changed in the sheet after the first read: the cached rules stay in use within the cache time.
		sandbox.store.setSheet(SPREADSHEET_ID, 'Rules', [
			['keyword', 'priority'],
			['outro', 'P3'],
		]);
		const second = await run(sheetParameters({ rulesOptions: { cacheMinutes: 5 } }));

		expect(first.items().map((item) => item.json.priority)).toEqual(['P1', 'P2', null]);
		expect(second.items().map((item) => item.json.priority)).toEqual(['P1', 'P2', null]);
		expect(sheetReads(sandbox, SPREADSHEET_ID)).toEqual(['Rules']);

		const uncached = await run(sheetParameters());
		expect(uncached.items().map((item) => item.json.priority)).toEqual([null, null, 'P3']);
		expect(sheetReads(sandbox, SPREADSHEET_ID)).toEqual(['Rules', 'Rules']);
	});

	it('the demo rules sheet with the default levels: every row is a valid rule', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: {
					rulesSource: 'sheet',
					rulesSpreadsheet: { __rl: true, mode: 'id', value: 'priority-rules' },
				},
			},
			{
				nodeTypes,
				credentials: sandboxCredentials(sandbox),
				inputItems: titles(
					'URGENTE: cobrança atrasada',
					'Enviar orcamento',
					'Fazer ligacao para o cliente',
					'Newsletter',
				),
			},
		);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => item.json.priority)).toEqual(['P1', 'P2', 'P3', 'P4']);
		expect(result.run.data.resultData.runData['Priority Lookup'][0].hints ?? []).toEqual([]);
	});
});

describe('Priority Lookup with a bad rules sheet', () => {
	it('fails naming the spreadsheet, the sheet row and the column', async () => {
		sandbox.store.setSheet(SPREADSHEET_ID, 'Rules', [
			['keyword', 'priority'],
			['contrato', 'P1'],
			['contrato', 'P2'],
			['ligar', 'urgent'],
		]);

		const result = await runNode(
			{ type: PriorityLookup, parameters: sheetParameters() },
			{ nodeTypes, credentials: sandboxCredentials(sandbox), inputItems: titles('x') },
		);

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/^2 bad priority rules: /);
		// Rows as the sheet numbers them: the header is row 1.
		expect(result.error?.message).toContain(
			'sheet row 3, column B (priority): keyword "contrato" (contains) has priority P2 here but P1 at sheet row 2',
		);
		expect(result.error?.message).toContain(
			'sheet row 4, column B (priority): "urgent" is not one of',
		);
		expect(result.error?.message).toContain(`(in spreadsheet ${SPREADSHEET_ID}, range "Rules")`);
	});

	it('fails naming the header row when the expected header is missing', async () => {
		sandbox.store.setSheet(SPREADSHEET_ID, 'Rules', [
			['word', 'level'],
			['contrato', 'P1'],
		]);

		const result = await runNode(
			{ type: PriorityLookup, parameters: sheetParameters() },
			{ nodeTypes, credentials: sandboxCredentials(sandbox), inputItems: titles('x') },
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('sheet row 1, column keyword');
		expect(result.error?.message).toContain('found "word", "level"');
		expect(result.error?.message).toContain(`spreadsheet ${SPREADSHEET_ID}`);
	});

	it("passes the Sheets API's own error on for a spreadsheet that does not exist", async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: sheetParameters({
					rulesSpreadsheet: { __rl: true, mode: 'id', value: 'no-such-book' },
				}),
			},
			{ nodeTypes, credentials: sandboxCredentials(sandbox), inputItems: titles('x') },
		);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(result.error?.description).toContain('while: read Rules of spreadsheet no-such-book');
	});

	it('asks for a spreadsheet when an expression gives neither a URL nor an id', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: sheetParameters({
					rulesSpreadsheet: { __rl: true, mode: 'id', value: '={{ $json.book }}' },
				}),
			},
			{
				nodeTypes,
				credentials: sandboxCredentials(sandbox),
				inputItems: [{ json: { title: 'x', book: 'not a sheet!' } }],
			},
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Enter the URL or ID of the rules spreadsheet');
		expect(result.error?.description).toBe('"not a sheet!" is neither');
		expect(sandbox.requestLog()).toEqual([]);
	});
});
