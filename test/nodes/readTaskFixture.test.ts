/**
 * The harness run against the local HubSpot: a test-only node reads tasks through the shared
 * transport while n8n's engine resolves its parameters, pairs its items and handles its errors.
 */
import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { ReadTaskFixture } from './fixtures/ReadTaskFixture.node';
import { NodeTypeRegistry, runNode, START_NODE_NAME } from '../../tools/engine';
import type { TestCredentials } from '../../tools/engine';

const nodeTypes = new NodeTypeRegistry([ReadTaskFixture], [HubSpotTaskflowApi]);
let sandbox: ContractSandbox;

function sandboxCredentials(): TestCredentials {
	return { hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url } };
}

function createTask(subject: string): string {
	return sandbox.store.create('tasks', { hs_task_subject: subject, hs_task_status: 'NOT_STARTED' })
		.id;
}

function batchReadsSent(): Array<{ ids: string[]; authorization: string | undefined }> {
	return sandbox
		.requestLog()
		.filter((exchange) => exchange.path === '/crm/v3/objects/tasks/batch/read')
		.map((exchange) => ({
			ids: (exchange.requestBody as { inputs: Array<{ id: string }> }).inputs.map(
				(input) => input.id,
			),
			authorization: exchange.requestHeaders.authorization,
		}));
}

beforeAll(async () => {
	sandbox = await startContractSandbox();
});

beforeEach(() => sandbox.reset());

afterAll(async () => {
	try {
		sandbox.contract.assertClean();
	} finally {
		await sandbox.close();
	}
});

describe('a node run through n8n-core against the sandbox', () => {
	it('resolves expressions per item, reads all tasks in one batch and pairs every output item', async () => {
		const firstId = createTask('Call Ada');
		const secondId = createTask('Email Grace');

		const result = await runNode(
			{
				type: ReadTaskFixture,
				parameters: {
					taskId: '={{ $json.taskId }}',
					label: `={{ $('${START_NODE_NAME}').item.json.owner }} #{{ $itemIndex }}`,
				},
			},
			{
				nodeTypes,
				credentials: sandboxCredentials(),
				inputItems: [
					{ json: { taskId: firstId, owner: 'ada' } },
					{ json: { taskId: secondId, owner: 'grace' } },
				],
			},
		);

		expect(result.status).toBe('success');
		expect(result.executionOrder).toEqual([START_NODE_NAME, 'Read Task']);
		expect(result.items()).toEqual([
			{
				json: {
					id: firstId,
					label: 'ada #0',
					hs_task_subject: 'Call Ada',
					hs_task_status: 'NOT_STARTED',
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					id: secondId,
					label: 'grace #1',
					hs_task_subject: 'Email Grace',
					hs_task_status: 'NOT_STARTED',
				},
				pairedItem: { item: 1 },
			},
		]);
		expect(batchReadsSent()).toEqual([
			{ ids: [firstId, secondId], authorization: `Bearer ${sandbox.token}` },
		]);
	});

	it('with continueOnFail, turns a missing task into an error item that names the item', async () => {
		const existingId = createTask('Call Ada');

		const result = await runNode(
			{
				type: ReadTaskFixture,
				parameters: { taskId: '={{ $json.taskId }}' },
				continueOnFail: true,
			},
			{
				nodeTypes,
				credentials: sandboxCredentials(),
				inputItems: [{ json: { taskId: existingId } }, { json: { taskId: '987654321' } }],
			},
		);

		expect(result.status).toBe('success');
		const [found, missing] = result.items();
		expect(found).toMatchObject({
			json: { id: existingId, hs_task_subject: 'Call Ada' },
			pairedItem: { item: 0 },
		});
		expect(missing).toEqual({
			json: {
				taskId: '987654321',
				error: expect.stringMatching(/^Task 987654321 \(item 1\): /),
				details: expect.objectContaining({ itemIndex: 1, httpCode: '404' }),
			},
			pairedItem: { item: 1 },
		});
	});

	it('without continueOnFail, fails the run with the NodeApiError of the missing task', async () => {
		const existingId = createTask('Call Ada');

		const result = await runNode(
			{ type: ReadTaskFixture, parameters: { taskId: '={{ $json.taskId }}' } },
			{
				nodeTypes,
				credentials: sandboxCredentials(),
				inputItems: [{ json: { taskId: existingId } }, { json: { taskId: '987654321' } }],
			},
		);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '404',
			context: { itemIndex: 1 },
		});
		expect(result.error).toMatchObject({ node: { name: 'Read Task' } });
		expect(result.nodeRun?.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(result.items()).toEqual([]);
	});

	it("with onError 'continueErrorOutput', n8n routes the failed item to the node's error output", async () => {
		const existingId = createTask('Call Ada');

		const result = await runNode(
			{
				type: ReadTaskFixture,
				parameters: { taskId: '={{ $json.taskId }}' },
				onError: 'continueErrorOutput',
			},
			{
				nodeTypes,
				credentials: sandboxCredentials(),
				inputItems: [{ json: { taskId: existingId } }, { json: { taskId: '987654321' } }],
			},
		);

		expect(result.status).toBe('success');
		expect(result.items(0)).toMatchObject([{ json: { id: existingId }, pairedItem: { item: 0 } }]);
		// n8n itself merged the failed item's input json back in on the error output.
		expect(result.items(1)).toEqual([
			{
				json: {
					taskId: '987654321',
					error: expect.stringMatching(/^Task 987654321 \(item 1\): /),
					details: expect.objectContaining({ itemIndex: 1, httpCode: '404' }),
				},
				pairedItem: { item: 1 },
			},
		]);
	});

	it("applies the credential type's authenticate when a node uses n8n's request helper", async () => {
		const taskId = createTask('Call Ada');

		const result = await runNode(
			{ type: ReadTaskFixture, parameters: { taskId, readPath: 'n8nHttpHelper' } },
			{ nodeTypes, credentials: sandboxCredentials() },
		);

		expect(result.status).toBe('success');
		expect(result.items()).toMatchObject([
			{ json: { id: taskId, hs_task_subject: 'Call Ada' }, pairedItem: { item: 0 } },
		]);
		const [exchange] = sandbox
			.requestLog()
			.filter((entry) => entry.path === `/crm/v3/objects/tasks/${taskId}`);
		expect(exchange.requestHeaders.authorization).toBe(`Bearer ${sandbox.token}`);
	});
});
