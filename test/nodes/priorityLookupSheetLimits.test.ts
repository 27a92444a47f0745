/**
 * Priority Lookup with rules from a sheet someone else edits: a catastrophic regex runs in linear
 * time, one RE2 cannot run is refused naming its row and column, and an oversized range is refused
 * naming the limit and the first row past it; through n8n's engine and the sandbox's Sheets API.
 */
import type { INodeParameters } from 'n8n-workflow';

import { RULE_LIMITS } from '../../nodes/domain/priority';
import { PriorityLookup } from '../../nodes/PriorityLookup/PriorityLookup.node';
import { clearSheetCache } from '../../nodes/shared/rulesSource';
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { NodeTypeRegistry, runNode } from '../../tools/engine';
import { CREDENTIAL_CLASSES, sandboxCredentials } from '../shared/rulesTestSupport';

const nodeTypes = new NodeTypeRegistry([PriorityLookup], CREDENTIAL_CLASSES);
const SPREADSHEET_ID = 'shared-priorities';
let sandbox: ContractSandbox;

beforeAll(async () => {
	sandbox = await startContractSandbox();
});

beforeEach(() => {
	sandbox.reset();
	clearSheetCache();
});

afterAll(async () => {
	try {
		sandbox.contract.assertClean();
	} finally {
		await sandbox.close();
	}
});

const PARAMETERS: INodeParameters = {
	rulesSource: 'sheet',
	rulesSpreadsheet: { __rl: true, mode: 'id', value: SPREADSHEET_ID },
};

async function lookUp(rows: unknown[][], ...titles: string[]) {
	sandbox.store.setSheet(SPREADSHEET_ID, 'Rules', rows as string[][]);
	return await runNode(
		{ type: PriorityLookup, parameters: PARAMETERS },
		{
			nodeTypes,
			credentials: sandboxCredentials(sandbox),
			inputItems: titles.map((title) => ({ json: { title } })),
		},
	);
}

describe('Priority Lookup with an untrusted rules sheet', () => {
	it('matches a catastrophic regex rule against long titles in linear time', async () => {
		const longTitle = `${'a'.repeat(50_000)}!`;
		const started = Date.now();
		const result = await lookUp(
			[
				['keyword', 'priority', 'match type'],
				['(a+)+$', 'P1', 'regex'],
				['ligar', 'P2', ''],
			],
			longTitle,
			longTitle,
			'ligar aaaa',
		);
		expect(result.status).toBe('success');
		expect(result.items().map((item) => item.json.priority)).toEqual([null, null, 'P1']);
		// The whole execution; RegExp would backtrack for longer than the universe has existed.
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it('refuses a regex rule RE2 cannot run, naming the spreadsheet, row and column', async () => {
		const result = await lookUp(
			[
				['keyword', 'priority', 'match type'],
				['ligar', 'P2', ''],
				['(\\w+)\\s\\1', 'P1', 'regex'],
			],
			'ligar ligar',
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Bad priority rule: sheet row 3, column A (keyword): regex /(\\w+)\\s\\1/ uses a backreference (\\1), ' +
				'which the linear-time regex engine cannot run; rewrite the rule without it ' +
				`(in spreadsheet ${SPREADSHEET_ID}, range "Rules")`,
		);
	});

	it('refuses a range over the row limit, naming the limit and the first row past it', async () => {
		const rows = [
			['keyword', 'priority'],
			...Array.from({ length: RULE_LIMITS.maxSheetRows }, (_, i) => [`palavra ${i}`, 'P3']),
		];
		const result = await lookUp(rows, 'palavra 1');
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`Bad priority rule: sheet row ${RULE_LIMITS.maxSheetRows + 1}, column A (keyword): the range holds ` +
				`${RULE_LIMITS.maxSheetRows + 1} rows, over the limit of ${RULE_LIMITS.maxSheetRows}; this row is the ` +
				`first past it (narrow the range to the rules) (in spreadsheet ${SPREADSHEET_ID}, range "Rules")`,
		);
	});
});
