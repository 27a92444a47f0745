/**
 * The transport's BatchStream against the sandbox: inputs added one by one leave in batches of
 * 100 while more are added, every input gets its own result, and a failure that ends the job
 * (401) surfaces from `close`.
 */
import {
	BatchStream,
	type BatchItemResult,
	type RecordToUpdate,
} from '../../nodes/shared/transport';
import { useContractSandbox } from '../sandbox/testSandbox';
import { hubSpotRequests, sandboxTransport } from './transportSupport';

const sandbox = useContractSandbox({}, { resetBeforeEach: 'startSeed' });

function taskIds(count: number): string[] {
	return Array.from(
		{ length: count },
		(_, index) => sandbox.store.create('tasks', { hs_task_subject: `Tarefa ${index}` }).id,
	);
}

describe('BatchStream', () => {
	it('sends every full batch as it fills and answers each input, a missing record included', async () => {
		const transport = sandboxTransport(sandbox);
		const ids = taskIds(249);
		ids.splice(150, 0, '999999901');
		const answered = new Map<string, BatchItemResult<unknown>>();
		const stream = new BatchStream(
			async (inputs: RecordToUpdate[]) => await transport.batchUpdate('tasks', inputs),
			{ maxBatchesInFlight: 2, onResult: (input, result) => answered.set(input.id, result) },
		);

		for (const id of ids) {
			await stream.add({ id, properties: { hs_task_subject: `Nova ${id}` } });
			// A batch leaves as soon as it is full, before the stream is closed.
			if (id === ids[99]) expect(stream.batchesSent).toBe(1);
		}
		await stream.close();

		expect(stream.batchesSent).toBe(3);
		expect(
			hubSpotRequests(sandbox, /tasks\/batch\/update$/).map(
				(exchange) => (exchange.requestBody as { inputs: unknown[] }).inputs.length,
			),
		).toEqual([100, 100, 50]);
		expect(answered.size).toBe(250);
		expect([...answered].filter(([, result]) => !result.ok).map(([id]) => id)).toEqual([
			'999999901',
		]);
		expect(sandbox.store.get('tasks', ids[249])?.properties.hs_task_subject).toBe(
			`Nova ${ids[249]}`,
		);
	});

	it('stops on a failure that affects every batch and throws it from close', async () => {
		const transport = sandboxTransport(sandbox, { accessToken: 'revoked-token' });
		const ids = taskIds(120);
		const stream = new BatchStream(
			async (inputs: RecordToUpdate[]) => await transport.batchUpdate('tasks', inputs),
			{ onResult: () => undefined },
		);

		for (const id of ids) await stream.add({ id, properties: { hs_task_subject: 'x' } });

		await expect(stream.close()).rejects.toMatchObject({ httpCode: '401' });
		await expect(
			stream.add({ id: ids[0], properties: { hs_task_subject: 'y' } }),
		).rejects.toMatchObject({ httpCode: '401' });
	});
});
