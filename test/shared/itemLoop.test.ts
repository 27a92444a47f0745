/**
 * The shared item loops: the pure helpers directly, and mapItems / mapBatch inside a node run by
 * n8n's engine against the sandbox (real batch reads, real 404s per input).
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { failedItemJson, itemError } from '../../nodes/shared/itemLoop';
import { NodeTypeRegistry, runNode } from '../../tools/engine';
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { BatchTitlesFixture } from './fixtures/BatchTitlesFixture.node';
import { CREDENTIAL_CLASSES, sandboxCredentials } from './rulesTestSupport';

const node: INode = {
	id: 'loop-test',
	name: 'Loop Test',
	type: 'loopTest',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ctx = { getNode: () => node };

describe('itemError', () => {
	it("keeps n8n's own errors, adding the item index only where there is none", () => {
		const apiError = new NodeApiError(
			node,
			{ message: 'gone' },
			{ httpCode: '404', message: 'Not found' },
		);
		const alreadyIndexed = new NodeOperationError(node, 'bad', { itemIndex: 1 });

		expect(itemError(ctx, apiError, 3)).toBe(apiError);
		expect(apiError.context.itemIndex).toBe(3);
		expect(itemError(ctx, alreadyIndexed, 3).context.itemIndex).toBe(1);
	});

	it('wraps anything else in a NodeOperationError for the item', () => {
		const wrapped = itemError(ctx, new TypeError('x is undefined'), 2);
		const fromString = itemError(ctx, 'plain text', 0);

		expect(wrapped).toBeInstanceOf(NodeOperationError);
		expect(wrapped.message).toBe('x is undefined');
		expect(wrapped.context.itemIndex).toBe(2);
		expect(fromString.message).toBe('plain text');
	});
});

describe('failedItemJson', () => {
	const error = new NodeApiError(
		node,
		{ message: 'gone' },
		{ httpCode: '404', message: 'Not found', description: 'No task 7' },
	);

	it('for the regular output: the input json plus error and details', () => {
		expect(failedItemJson(error, 1, { taskId: '7', error: 'old' }, false, 'Task 7')).toEqual({
			taskId: '7',
			error: 'Task 7 (item 1): Not found',
			details: { itemIndex: 1, httpCode: '404', description: 'No task 7' },
		});
	});

	it('for the error output: nothing but error and details, as n8n requires to route it', () => {
		expect(failedItemJson(new Error('boom'), 0, { taskId: '7' }, true)).toEqual({
			error: 'boom',
			details: { itemIndex: 0 },
		});
	});
});

describe('mapItems and mapBatch in a node run by n8n', () => {
	const nodeTypes = new NodeTypeRegistry([BatchTitlesFixture], CREDENTIAL_CLASSES);
	let sandbox: ContractSandbox;
	let existing: string[];

	beforeAll(async () => {
		sandbox = await startContractSandbox();
	});

	beforeEach(() => {
		sandbox.reset();
		existing = ['Ligar para Ana', 'Enviar contrato', 'Revisar proposta'].map(
			(subject) =>
				sandbox.store.create('tasks', { hs_task_subject: subject, hs_task_status: 'NOT_STARTED' })
					.id,
		);
	});

	afterAll(async () => {
		try {
			sandbox.contract.assertClean();
		} finally {
			await sandbox.close();
		}
	});

	const batchReads = () =>
		sandbox
			.requestLog()
			.filter((exchange) => exchange.path === '/crm/v3/objects/tasks/batch/read')
			.map((exchange) =>
				(exchange.requestBody as { inputs: Array<{ id: string }> }).inputs.map((input) => input.id),
			);

	const items = (...taskIds: string[]) => taskIds.map((taskIds) => ({ json: { taskIds } }));

	it('mapItems: several output items per input item, each paired with it', async () => {
		const result = await runNode(
			{
				type: BatchTitlesFixture,
				parameters: { mode: 'perItem', taskIds: '={{ $json.taskIds }}' },
			},
			{ nodeTypes, credentials: sandboxCredentials(sandbox), inputItems: items('1, 2', '3') },
		);

		expect(result.items()).toEqual([
			{ json: { taskId: '1' }, pairedItem: { item: 0 } },
			{ json: { taskId: '2' }, pairedItem: { item: 0 } },
			{ json: { taskId: '3' }, pairedItem: { item: 1 } },
		]);
	});

	it('mapBatch with continueOnFail: one batch for all items, results back in item order, failures per input', async () => {
		const [ana, contrato, proposta] = existing;
		const result = await runNode(
			{
				type: BatchTitlesFixture,
				parameters: { taskIds: '={{ $json.taskIds }}' },
				continueOnFail: true,
			},
			{
				nodeTypes,
				credentials: sandboxCredentials(sandbox),
				inputItems: items(`${ana}, 987654321`, '', `${contrato},${proposta}`),
			},
		);

		expect(result.status).toBe('success');
		expect(batchReads()).toEqual([[ana, '987654321', contrato, proposta]]);
		expect(result.items()).toEqual([
			{ json: { taskId: ana, title: 'Ligar para Ana' }, pairedItem: { item: 0 } },
			{
				json: {
					taskIds: `${ana}, 987654321`,
					error: expect.stringMatching(/^Task 987654321 \(item 0\): /),
					details: expect.objectContaining({ itemIndex: 0, httpCode: '404' }),
				},
				pairedItem: { item: 0 },
			},
			{
				json: { taskIds: '', error: 'No task IDs given', details: { itemIndex: 1 } },
				pairedItem: { item: 1 },
			},
			{ json: { taskId: contrato, title: 'Enviar contrato' }, pairedItem: { item: 2 } },
			{ json: { taskId: proposta, title: 'Revisar proposta' }, pairedItem: { item: 2 } },
		]);
	});

	it('mapBatch without continueOnFail: the whole batch still runs, then one error names every failed input', async () => {
		const [ana] = existing;
		const result = await runNode(
			{ type: BatchTitlesFixture, parameters: { taskIds: '={{ $json.taskIds }}' } },
			{
				nodeTypes,
				credentials: sandboxCredentials(sandbox),
				inputItems: items('111111111', ana, '222222222'),
			},
		);

		expect(result.status).toBe('error');
		expect(batchReads()).toEqual([['111111111', ana, '222222222']]);
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: '2 of 3 failed: Task 111111111, Task 222222222',
			context: { itemIndex: 0 },
		});
		expect(result.error?.description).toMatch(
			/^Task 111111111 \(item 0\): .*\nTask 222222222 \(item 2\): /,
		);
	});

	it('mapBatch without continueOnFail: a single failure keeps its NodeApiError and names the input', async () => {
		const [ana] = existing;
		const result = await runNode(
			{ type: BatchTitlesFixture, parameters: { taskIds: '={{ $json.taskIds }}' } },
			{ nodeTypes, credentials: sandboxCredentials(sandbox), inputItems: items(ana, '333333333') },
		);

		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '404',
			context: { itemIndex: 1 },
		});
		expect(result.error?.message).toMatch(/^Task 333333333: /);
	});

	it("mapBatch with onError 'continueErrorOutput': failed inputs on the error output, with the input json from n8n", async () => {
		const [ana] = existing;
		const result = await runNode(
			{
				type: BatchTitlesFixture,
				parameters: { taskIds: '={{ $json.taskIds }}' },
				onError: 'continueErrorOutput',
			},
			{ nodeTypes, credentials: sandboxCredentials(sandbox), inputItems: items(ana, '444444444') },
		);

		expect(result.items(0)).toEqual([
			{ json: { taskId: ana, title: 'Ligar para Ana' }, pairedItem: { item: 0 } },
		]);
		expect(result.items(1)).toEqual([
			{
				json: {
					taskIds: '444444444',
					error: expect.stringMatching(/^Task 444444444 \(item 1\): /),
					details: expect.objectContaining({ httpCode: '404' }),
				},
				pairedItem: { item: 1 },
			},
		]);
	});

	it('mapBatch with continueOnFail: a batch refused as a whole fails every item with the same error', async () => {
		const credentials = sandboxCredentials(sandbox);
		credentials.hubSpotTaskflowApi = {
			...credentials.hubSpotTaskflowApi,
			accessToken: 'revoked-token',
		};
		const result = await runNode(
			{
				type: BatchTitlesFixture,
				parameters: { taskIds: '={{ $json.taskIds }}' },
				continueOnFail: true,
			},
			{ nodeTypes, credentials, inputItems: items(existing[0], existing[1]) },
		);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => [item.pairedItem, item.json.details])).toEqual([
			[{ item: 0 }, expect.objectContaining({ httpCode: '401' })],
			[{ item: 1 }, expect.objectContaining({ httpCode: '401' })],
		]);
	});
});
