/**
 * Batch calls through the real @hubspot/api-client against the sandbox: chunking, input order,
 * per-input errors of 207 answers, and counting.
 */
import { useContractSandbox } from '../sandbox/testSandbox';
import { hubSpotRequests, sandboxTransport } from './transportSupport';

const sandbox = useContractSandbox({}, { resetBeforeEach: 'startSeed' });

function taskInput(index: number) {
	return {
		properties: {
			hs_task_subject: `Call back customer ${index}`,
			hs_task_status: 'NOT_STARTED',
			hs_task_priority: 'MEDIUM',
			hs_timestamp: '2030-01-01T09:00:00.000Z',
		},
	};
}

describe('batchCreate', () => {
	it('sends 250 creates as 3 batches and answers in input order', async () => {
		const transport = sandboxTransport(sandbox);
		const inputs = Array.from({ length: 250 }, (_, index) => taskInput(index));

		const results = await transport.batchCreate('tasks', inputs);

		const batches = hubSpotRequests(sandbox, /^\/crm\/v3\/objects\/tasks\/batch\/create$/);
		expect(
			batches
				.map((exchange) => (exchange.requestBody as { inputs: unknown[] }).inputs.length)
				.sort(),
		).toEqual([100, 100, 50]);
		expect(batches.every((exchange) => exchange.status === 201)).toBe(true);
		expect(results).toHaveLength(250);
		results.forEach((result, index) => {
			if (!result.ok) throw result.error;
			expect(result.value.properties.hs_task_subject).toBe(`Call back customer ${index}`);
			expect(sandbox.store.get('tasks', result.value.id)?.properties.hs_task_subject).toBe(
				`Call back customer ${index}`,
			);
		});
		expect(new Set(results.map((result) => (result.ok ? result.value.id : ''))).size).toBe(250);
		expect(transport.callStats()).toEqual({ calls: 3, retries: 0, rateLimited: 0, searchCalls: 0 });
	});
});

describe('batchRead, batchCreate and batchUpdate: per-input errors', () => {
	it('reports OBJECT_NOT_FOUND for exactly the missing inputs, results for the others', async () => {
		const transport = sandboxTransport(sandbox);
		const existing = Array.from({ length: 120 }, (_, index) =>
			sandbox.store.create('tasks', {
				hs_task_subject: `Existing ${index}`,
				hs_task_status: 'NOT_STARTED',
			}),
		);
		const ids = existing.map((task) => task.id);
		ids.splice(5, 0, '999999901');
		ids.splice(110, 0, '999999902');

		const read = await transport.batchRead('tasks', ids, { properties: ['hs_task_subject'] });

		expect(
			hubSpotRequests(sandbox, /batch\/read$/)
				.map((exchange) => exchange.status)
				.sort(),
		).toEqual([207, 207]);
		read.forEach((result, index) => {
			if (ids[index].startsWith('9999999')) {
				expect(result.ok).toBe(false);
				if (!result.ok) {
					expect(result.error.httpCode).toBe('404');
					expect(result.error.description).toContain('category: OBJECT_NOT_FOUND');
				}
			} else {
				expect(result).toMatchObject({ ok: true, value: { id: ids[index] } });
			}
		});

		const updates = ids.map((id) => ({ id, properties: { hs_task_subject: `Renamed ${id}` } }));
		const updated = await transport.batchUpdate('tasks', updates);
		expect(updated.filter((result) => !result.ok)).toHaveLength(2);
		expect(updated[5].ok).toBe(false);
		expect(updated[110].ok).toBe(false);
		expect(sandbox.store.get('tasks', ids[0])?.properties.hs_task_subject).toBe(
			`Renamed ${ids[0]}`,
		);
		expect(updated[0]).toMatchObject({
			ok: true,
			value: { properties: { hs_task_subject: `Renamed ${ids[0]}` } },
		});
	});

	it('narrows a chunk refused as a whole (400) to the input it was about: the other 149 are created', async () => {
		const transport = sandboxTransport(sandbox);
		const inputs = Array.from({ length: 150 }, (_, index) => taskInput(index));
		inputs[120].properties.hs_task_priority = 'NOT_A_PRIORITY';

		const results = await transport.batchCreate('tasks', inputs);

		const refused = results[120];
		if (refused.ok) throw new Error('expected input 120 to be refused');
		expect(refused.error.httpCode).toBe('400');
		expect(refused.error.description).toContain('category: VALIDATION_ERROR');
		expect(refused.error.message).toContain('NOT_A_PRIORITY');
		results.forEach((result, index) => {
			if (index === 120) return;
			if (!result.ok) throw result.error;
			expect(result.value.properties.hs_task_subject).toBe(`Call back customer ${index}`);
		});
		expect(
			sandbox.store
				.all('tasks')
				.filter((task) => /^Call back customer/.test(String(task.properties.hs_task_subject))),
		).toHaveLength(149);
		// The chunk of 50 holding it is halved until it stands alone: 2 per level, 6 levels (50 -> 1).
		const calls = hubSpotRequests(sandbox, /^\/crm\/v3\/objects\/tasks\/batch\/create$/).length;
		expect(calls).toBe(2 + 2 * 6);
	});

	it('a refusal common to every input (a property the portal lacks) is not split further: 3 calls, all refused', async () => {
		const transport = sandboxTransport(sandbox);
		const inputs = Array.from({ length: 100 }, (_, index) => ({
			properties: { ...taskInput(index).properties, taskflow_missing_property: 'x' },
		}));

		const results = await transport.batchCreate('tasks', inputs);

		expect(results.every((result) => !result.ok && result.error.httpCode === '400')).toBe(true);
		expect(hubSpotRequests(sandbox, /^\/crm\/v3\/objects\/tasks\/batch\/create$/)).toHaveLength(3);
		expect(
			sandbox.store
				.all('tasks')
				.filter((task) => /^Call back customer/.test(String(task.properties.hs_task_subject))),
		).toHaveLength(0);
	});

	it('batch update: one refused value fails its own task only', async () => {
		const transport = sandboxTransport(sandbox);
		const tasks = Array.from({ length: 40 }, (_, index) =>
			sandbox.store.create('tasks', {
				hs_task_subject: `Open ${index}`,
				hs_task_status: 'NOT_STARTED',
			}),
		);
		const results = await transport.batchUpdate(
			'tasks',
			tasks.map((task, index) => ({
				id: task.id,
				properties: { hs_task_priority: index === 7 ? 'URGENT' : 'HIGH' },
			})),
		);
		expect(results.map((result) => result.ok)).toEqual(tasks.map((_, index) => index !== 7));
		expect(sandbox.store.get('tasks', tasks[8].id)?.properties.hs_task_priority).toBe('HIGH');
		expect(sandbox.store.get('tasks', tasks[7].id)?.properties.hs_task_priority).not.toBe('URGENT');
	});
});

describe('batchArchive', () => {
	it('archives every id and reports each input', async () => {
		const transport = sandboxTransport(sandbox);
		const ids = Array.from(
			{ length: 3 },
			(_, index) => sandbox.store.create('tasks', { hs_task_subject: `Old ${index}` }).id,
		);

		const results = await transport.batchArchive('tasks', ids);

		expect(results).toEqual(ids.map((id) => ({ ok: true, value: { id } })));
		for (const id of ids) expect(sandbox.store.get('tasks', id)?.archived).toBe(true);
	});
});
