/** Injected faults: statuses, resets, hangs, a proxy's page, answers lost after the change was applied. */
import { call, searchBody, taskInput } from './testHttp';
import { useContractSandbox } from './testSandbox';

describe('faults', () => {
	const sandbox = useContractSandbox({ rateLimits: { enabled: false } });
	afterEach(() => sandbox.setFaults(undefined));

	it('fails the given share of requests with the listed statuses in turn', async () => {
		sandbox.setFaults({ rate: 1, statuses: [500, 502, 503, 429] });
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++)
			statuses.push((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status);
		expect(statuses).toEqual([500, 502, 503, 429]);
		sandbox.setFaults({ rate: 0.3, statuses: [503], seed: 7 });
		let failed = 0;
		for (let i = 0; i < 200; i++)
			if ((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status === 503) failed++;
		expect(failed).toBeGreaterThan(35);
		expect(failed).toBeLessThan(85);
	});

	it('sends an injected 429 with its policy headers and the configured Retry-After', async () => {
		sandbox.setFaults({ rate: 1, statuses: [429], retryAfterSeconds: 3 });
		const limited = await call(sandbox, 'GET', '/crm/v3/objects/tasks');
		expect(limited.status).toBe(429);
		expect(limited.body).toMatchObject({
			errorType: 'RATE_LIMIT',
			policyName: 'TEN_SECONDLY_ROLLING',
		});
		expect(Object.fromEntries(limited.headers)).toMatchObject({
			'retry-after': '3',
			'x-hubspot-ratelimit-max': '190',
			'x-hubspot-ratelimit-remaining': '0',
			'x-hubspot-ratelimit-interval-milliseconds': '10000',
			'x-hubspot-ratelimit-daily': expect.stringMatching(/^\d+$/),
			'x-hubspot-ratelimit-daily-remaining': expect.stringMatching(/^\d+$/),
		});

		// On a search path the fault looks like the secondly search limit.
		const search = await call(sandbox, 'POST', '/crm/v3/objects/tasks/search', searchBody());
		expect(search.body.policyName).toBe('SECONDLY');
		expect(Object.fromEntries(search.headers)).toMatchObject({
			'retry-after': '3',
			'x-hubspot-ratelimit-secondly': '5',
			'x-hubspot-ratelimit-secondly-remaining': '0',
			'x-hubspot-ratelimit-max': '5',
			'x-hubspot-ratelimit-remaining': '0',
			'x-hubspot-ratelimit-interval-milliseconds': '1000',
		});

		// Without retryAfterSeconds only the rate-limit headers say how long to wait.
		sandbox.setFaults({ rate: 1, statuses: [429] });
		const plain = await call(sandbox, 'GET', '/crm/v3/objects/tasks');
		expect(plain.headers.get('retry-after')).toBeNull();
		expect(plain.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');

		expect(
			(await call(sandbox, 'PUT', '/__sandbox/faults', { retryAfterSeconds: -1 }, null)).status,
		).toBe(400);
	});

	it('resets connections, honours a path pattern and a fault budget', async () => {
		sandbox.setFaults({ rate: 1, statuses: ['reset'], paths: '/search$', maxFaults: 1 });
		await expect(
			call(sandbox, 'POST', '/crm/v3/objects/tasks/search', searchBody()),
		).rejects.toThrow();
		expect((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status).toBe(200);
		expect((await call(sandbox, 'POST', '/crm/v3/objects/tasks/search', searchBody())).status).toBe(
			200,
		);
		const resets = sandbox.requestLog().filter((e) => e.status === 0);
		expect(resets).toHaveLength(1);
		expect(resets[0].path).toBe('/crm/v3/objects/tasks/search');
	});

	it('applies a request and then loses its answer (applied-reset, applied-504)', async () => {
		sandbox.setFaults({ rate: 1, statuses: ['applied-reset', 'applied-504'], maxFaults: 2 });
		const tasksBefore = sandbox.store.all('tasks').length;
		await expect(
			call(sandbox, 'POST', '/crm/v3/objects/tasks', taskInput('lost answer 1')),
		).rejects.toThrow();
		const gateway = await fetch(`${sandbox.url}/crm/v3/objects/tasks`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(taskInput('lost answer 2')),
		});
		expect(gateway.status).toBe(504);
		expect(gateway.headers.get('content-type')).toBe('text/html');
		expect(await gateway.text()).toContain('504 Gateway Time-out');
		// Both creates happened although neither caller saw an answer.
		expect(sandbox.store.all('tasks')).toHaveLength(tasksBefore + 2);
		const faulted = sandbox
			.requestLog()
			.filter((e) => typeof e.fault === 'string' && e.fault.startsWith('applied-'));
		expect(faulted.map((e) => [e.status, e.fault])).toEqual([
			[0, 'applied-reset'],
			[504, 'applied-504'],
		]);
	});

	it("answers a proxy's HTML 502 and holds a hung call until the client gives up", async () => {
		sandbox.setFaults({ rate: 1, statuses: ['proxy-502'], maxFaults: 1 });
		const proxied = await fetch(`${sandbox.url}/crm/v3/objects/tasks`, {
			headers: { Authorization: `Bearer ${sandbox.token}` },
		});
		expect(proxied.status).toBe(502);
		expect(await proxied.text()).toContain('<h1>502 Bad Gateway</h1>');

		sandbox.setFaults({ rate: 1, statuses: ['hang'], maxFaults: 1, hangMs: 60_000 });
		const started = Date.now();
		await expect(
			fetch(`${sandbox.url}/crm/v3/objects/tasks`, {
				headers: { Authorization: `Bearer ${sandbox.token}` },
				signal: AbortSignal.timeout(300),
			}),
		).rejects.toThrow();
		expect(Date.now() - started).toBeLessThan(5_000);
		// The next call is answered normally: the hang held one request, not the server.
		expect((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status).toBe(200);
		expect((await call(sandbox, 'PUT', '/__sandbox/faults', { hangMs: -1 }, null)).status).toBe(
			400,
		);
	});

	it('delays matching requests', async () => {
		sandbox.setFaults({ delayMs: 150 });
		const started = Date.now();
		expect((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('is configurable over the admin API', async () => {
		const put = await call(sandbox, 'PUT', '/__sandbox/faults', { rate: 1, statuses: [502] }, null);
		expect(put.body.faults).toMatchObject({ rate: 1 });
		expect((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status).toBe(502);
		expect((await call(sandbox, 'PUT', '/__sandbox/faults', { rate: 2 }, null)).status).toBe(400);
		await call(sandbox, 'PUT', '/__sandbox/faults', null, null);
	});
});
