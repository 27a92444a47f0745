/** Auth and scopes (sandbox/scopes.ts), rate limits, the exchange log, admin calls. */
import path from 'node:path';

import { startContractSandbox } from '../../sandbox/contract/contractSandbox';
import type { Exchange } from '../../sandbox/server';
import { startSandbox } from '../../sandbox/server';
import { call, searchBody, taskInput } from './testHttp';
import { expectViolations, useContractSandbox } from './testSandbox';

describe('authentication and scopes', () => {
	const sandbox = useContractSandbox({
		tokens: {
			'contacts-reader': { scopes: ['crm.objects.contacts.read'] },
			'tickets-only': { scopes: ['tickets'] },
			'owners-reader': { scopes: ['crm.objects.owners.read'] },
		},
	});

	it('answers 401 INVALID_AUTHENTICATION without a token or with an unknown one', async () => {
		for (const token of [null, 'nope']) {
			const reply = await call(sandbox, 'GET', '/crm/v3/objects/tasks', undefined, token);
			expect(reply.status).toBe(401);
			expect(reply.body).toMatchObject({
				status: 'error',
				category: 'INVALID_AUTHENTICATION',
				message: expect.any(String),
				correlationId: expect.any(String),
			});
		}
	});

	it('checks the scopes HubSpot lists for each operation', async () => {
		// tasks.json lists crm.objects.contacts.read for reads and crm.objects.contacts.write for writes.
		expect(
			(await call(sandbox, 'GET', '/crm/v3/objects/tasks', undefined, 'contacts-reader')).status,
		).toBe(200);
		expect(
			(await call(sandbox, 'POST', '/crm/v3/objects/tasks/search', searchBody(), 'contacts-reader'))
				.status,
		).toBe(200);
		const write = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/tasks',
			taskInput('x'),
			'contacts-reader',
		);
		expect(write.status).toBe(403);
		expect(write.body).toMatchObject({
			status: 'error',
			category: 'MISSING_SCOPES',
			errors: [
				{
					message: expect.any(String),
					context: { requiredGranularScopes: ['crm.objects.contacts.write'] },
				},
			],
			correlationId: write.headers.get('x-hubspot-correlation-id'),
		});
		expect(
			(await call(sandbox, 'GET', '/crm/v3/objects/tickets', undefined, 'tickets-only')).status,
		).toBe(200);
		expect(
			(await call(sandbox, 'GET', '/crm/v3/objects/deals', undefined, 'tickets-only')).status,
		).toBe(403);
		expect((await call(sandbox, 'GET', '/crm/v3/owners', undefined, 'owners-reader')).status).toBe(
			200,
		);
		const ownersDenied = await call(sandbox, 'GET', '/crm/v3/owners', undefined, 'tickets-only');
		expect(ownersDenied.body.errors[0].context.requiredGranularScopes).toEqual([
			'automation',
			'crm.objects.owners.read',
		]);
		// associations.json accepts any one of many object scopes.
		for (const [token, status] of [
			['tickets-only', 200],
			['owners-reader', 403],
		] as const) {
			const reply = await call(
				sandbox,
				'POST',
				'/crm/v4/associations/tasks/contacts/batch/read',
				{ inputs: [] },
				token,
			);
			expect(reply.status).toBe(status);
		}
	});

	it('leaves Google Sheets and the admin API out of HubSpot auth', async () => {
		expect(
			(await call(sandbox, 'GET', '/v4/spreadsheets/priority-rules', undefined, 'any-google-token'))
				.status,
		).toBe(200);
		expect((await call(sandbox, 'GET', '/__sandbox/health', undefined, null)).status).toBe(200);
	});

	it('starts and checks scopes with no spec folder anywhere (scopes come from sandbox/scopes.ts)', async () => {
		const previous = process.env.HUBSPOT_OPENAPI_DIR;
		process.env.HUBSPOT_OPENAPI_DIR = path.join(__dirname, 'no-such-folder');
		try {
			const plain = await startSandbox({
				tokens: { 'contacts-reader': { scopes: ['crm.objects.contacts.read'] } },
			});
			try {
				const read = await call(
					plain,
					'GET',
					'/crm/v3/objects/tasks',
					undefined,
					'contacts-reader',
				);
				expect(read.status).toBe(200);
				const write = await call(
					plain,
					'POST',
					'/crm/v3/objects/tasks',
					taskInput('x'),
					'contacts-reader',
				);
				expect(write.status).toBe(403);
				expect(write.body.errors[0].context.requiredGranularScopes).toEqual([
					'crm.objects.contacts.write',
				]);
				expect((await call(plain, 'GET', '/crm/v3/no-such-api', undefined)).status).toBe(404);
			} finally {
				await plain.close();
			}
		} finally {
			if (previous === undefined) delete process.env.HUBSPOT_OPENAPI_DIR;
			else process.env.HUBSPOT_OPENAPI_DIR = previous;
		}
	});
});

describe('rate limits', () => {
	const sandbox = useContractSandbox({ tokens: { other: { scopes: '*' } } });
	beforeEach(() => {
		sandbox.setRateLimits(undefined);
		sandbox.reset();
	});

	it('allows 190 calls per rolling 10 seconds per token, then 429 TEN_SECONDLY_ROLLING', async () => {
		const replies = await Promise.all(
			Array.from({ length: 190 }, () => call(sandbox, 'GET', '/crm/v3/objects/tasks?limit=1')),
		);
		expect(replies.every((r) => r.status === 200)).toBe(true);
		const remaining = replies
			.map((r) => Number(r.headers.get('x-hubspot-ratelimit-remaining')))
			.sort((a, b) => a - b);
		expect(remaining[0]).toBe(0);
		expect(remaining[remaining.length - 1]).toBe(189);
		expect(replies[0].headers.get('x-hubspot-ratelimit-max')).toBe('190');
		expect(replies[0].headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');

		const limited = await call(sandbox, 'GET', '/crm/v3/objects/tasks');
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({
			status: 'error',
			message: 'You have reached your ten_secondly_rolling limit.',
			errorType: 'RATE_LIMIT',
			correlationId: limited.headers.get('x-hubspot-correlation-id'),
			policyName: 'TEN_SECONDLY_ROLLING',
		});
		expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
		// The window is per token.
		expect((await call(sandbox, 'GET', '/crm/v3/objects/tasks', undefined, 'other')).status).toBe(
			200,
		);
		expect(sandbox.perSecondCounts().reduce((sum, s) => sum + s.status429, 0)).toBe(1);
	});

	it('limits search to 5 per second, apart from the 10-second window', async () => {
		sandbox.setRateLimits({ requestsPer10s: 2 });
		const replies = await Promise.all(
			Array.from({ length: 6 }, () =>
				call(sandbox, 'POST', '/crm/v3/objects/tasks/search', searchBody()),
			),
		);
		expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
		const limited = replies.find((r) => r.status === 429);
		expect(limited?.body).toMatchObject({
			message: 'You have reached your secondly limit.',
			errorType: 'RATE_LIMIT',
			policyName: 'SECONDLY',
		});
		const stats = sandbox.perSecondCounts();
		expect(stats.reduce((sum, s) => sum + s.search, 0)).toBe(6);
		// Searches did not use the 10-second budget of 2.
		expect((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status).toBe(200);
		expect((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status).toBe(200);
		expect((await call(sandbox, 'GET', '/crm/v3/objects/tasks')).status).toBe(429);
		await new Promise((resolve) => setTimeout(resolve, 1_050));
		expect((await call(sandbox, 'POST', '/crm/v3/objects/tasks/search', searchBody())).status).toBe(
			200,
		);
	});

	it('can be switched off', async () => {
		sandbox.setRateLimits({ enabled: false, requestsPer10s: 1 });
		const replies = await Promise.all(
			Array.from({ length: 5 }, () => call(sandbox, 'GET', '/crm/v3/objects/tasks')),
		);
		expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
	});
});

describe('exchange log and admin API', () => {
	it('logs every API exchange, reports per-second counts and calls onExchange', async () => {
		const seen: Exchange[] = [];
		const sandbox = await startContractSandbox({
			onExchange: (ex) => seen.push(ex),
			seed: 'demo',
		});
		try {
			const created = await call(sandbox, 'POST', '/crm/v3/objects/tasks?x=1', taskInput('logged'));
			await call(sandbox, 'POST', '/crm/v3/objects/tasks/search', searchBody({ limit: 1 }));
			await call(sandbox, 'GET', '/__sandbox/health', undefined, null);
			// `x` is made up to show the query is logged; the spec declares no such parameter.
			expectViolations(sandbox, [
				'request query.x: query parameter is not declared by the operation',
			]);
			const log = sandbox.requestLog();
			expect(log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
				'POST /crm/v3/objects/tasks 201',
				'POST /crm/v3/objects/tasks/search 200',
			]);
			expect(log[0]).toMatchObject({
				id: expect.any(Number),
				at: expect.any(Number),
				query: { x: '1' },
				requestHeaders: expect.objectContaining({ authorization: `Bearer ${sandbox.token}` }),
				requestBody: taskInput('logged'),
				responseHeaders: expect.objectContaining({
					'X-HubSpot-Correlation-Id': expect.any(String),
				}),
				responseBody: created.body,
			});
			expect(seen.map((e) => e.id)).toEqual(log.map((e) => e.id));
			expect(sandbox.perSecondCounts().reduce((sum, s) => sum + s.total, 0)).toBe(2);

			const since = await call(
				sandbox,
				'GET',
				`/__sandbox/log?since=${log[0].id}`,
				undefined,
				null,
			);
			expect(since.body.exchanges.map((e: Exchange) => e.path)).toEqual([
				'/crm/v3/objects/tasks/search',
			]);
			const stats = await call(sandbox, 'GET', '/__sandbox/stats', undefined, null);
			const perSecond: Array<{ second: number; total: number; search: number; status429: number }> =
				stats.body.perSecond;
			expect(perSecond[0].second).toBe(Math.floor(log[0].at / 1000));
			const sum = (key: 'total' | 'search' | 'status429') =>
				perSecond.reduce((acc, s) => acc + s[key], 0);
			expect([sum('total'), sum('search'), sum('status429')]).toEqual([2, 1, 0]);

			const direct = await call(
				sandbox,
				'POST',
				'/__sandbox/objects/tasks',
				{ properties: { hs_task_subject: 'direct' } },
				null,
			);
			expect(direct.status).toBe(201);
			const fetched = await call(
				sandbox,
				'GET',
				`/__sandbox/objects/tasks/${direct.body.id}`,
				undefined,
				null,
			);
			expect(fetched.body.properties.hs_task_subject).toBe('direct');
			// a change as HubSpot makes it itself: a read-only date the API refuses
			const contact = sandbox.store.create('contacts', { email: 'abriu@example.com' });
			const opened = '2026-12-07T12:00:00.000Z';
			const refused = await call(sandbox, 'PATCH', `/crm/v3/objects/contacts/${contact.id}`, {
				properties: { hs_sales_email_last_opened: opened },
			});
			expect(refused.status).toBe(400);
			const tracked = await call(
				sandbox,
				'PATCH',
				`/__sandbox/objects/contacts/${contact.id}`,
				{ properties: { hs_sales_email_last_opened: opened } },
				null,
			);
			expect(tracked.status).toBe(200);
			expect(sandbox.store.get('contacts', contact.id)?.properties.hs_sales_email_last_opened).toBe(
				opened,
			);
			expect(
				(
					await call(
						sandbox,
						'PATCH',
						'/__sandbox/objects/contacts/999999',
						{ properties: {} },
						null,
					)
				).status,
			).toBe(404);
			const listed = await call(sandbox, 'GET', '/__sandbox/objects/tasks', undefined, null);
			expect(listed.body.objects.map((task: { id: string }) => task.id)).toContain(direct.body.id);

			await call(sandbox, 'POST', '/__sandbox/reset', { seed: {} }, null);
			expect(sandbox.requestLog()).toHaveLength(0);
			expect(sandbox.store.all('tasks')).toHaveLength(0);
			await call(sandbox, 'POST', '/__sandbox/reset', { seed: 'demo' }, null);
			expect(sandbox.store.all('tasks')).toHaveLength(300);
			sandbox.contract.assertClean();
		} finally {
			await sandbox.close();
		}
	});
});
