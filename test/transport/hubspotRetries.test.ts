/**
 * What is retried and what is not, verified in the sandbox's request log: 429 (honouring the
 * wait asked for), 5xx and reset connections are retried to success; 401 and 403 are sent once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { NodeApiError } from 'n8n-workflow';

import { toHubSpotNodeApiError } from '../../nodes/shared/transport';
import { tokenBucketFor } from '../../nodes/shared/transport/rateLimit';
import type { ContractSandbox } from '../../sandbox/contract/contractSandbox';
import {
	CREDENTIAL_NAME,
	hubSpotRequests,
	sandboxTransport,
	startTransportSandbox,
	transportNode,
} from './transportSupport';

const LIMITED_TOKEN = 'contacts-only-token';

let sandbox: ContractSandbox;

beforeAll(async () => {
	sandbox = await startTransportSandbox({
		tokens: {
			'sandbox-token': { scopes: '*' },
			[LIMITED_TOKEN]: { scopes: ['crm.objects.contacts.read'] },
		},
	});
});

afterAll(async () => {
	sandbox.contract.assertClean();
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	sandbox.setFaults(undefined);
	sandbox.setRateLimits(undefined);
});

function seedTask(): string {
	return sandbox.store.create('tasks', {
		hs_task_subject: 'Follow up',
		hs_task_status: 'NOT_STARTED',
	}).id;
}

/**
 * A front on 127.0.0.1 that answers the first request with HubSpot's 429 plus `Retry-After` (the
 * sandbox's own 429 has none, like most of HubSpot's) and forwards every later one to the sandbox.
 */
async function startRateLimitingFront(target: string, retryAfterSeconds: number) {
	const arrivals: number[] = [];
	const server = http.createServer((req, res) => {
		arrivals.push(Date.now());
		if (arrivals.length === 1) {
			res.writeHead(429, {
				'Content-Type': 'application/json;charset=utf-8',
				'Retry-After': String(retryAfterSeconds),
				'X-HubSpot-RateLimit-Max': '190',
				'X-HubSpot-RateLimit-Remaining': '0',
				'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
			});
			res.end(
				JSON.stringify({
					status: 'error',
					message: 'You have reached your ten_secondly_rolling limit.',
					errorType: 'RATE_LIMIT',
					correlationId: 'front-429',
					policyName: 'TEN_SECONDLY_ROLLING',
				}),
			);
			return;
		}
		const upstream = http.request(
			new URL(req.url ?? '/', target),
			{ method: req.method, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		arrivals,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function rejectionOf(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(NodeApiError);
		return error as NodeApiError;
	}
	throw new Error('expected the call to fail');
}

describe('retried failures', () => {
	it.each([500, 502, 503] as const)('retries HTTP %s until HubSpot answers', async (status) => {
		const id = seedTask();
		sandbox.setFaults({ rate: 1, statuses: [status], maxFaults: 2 });
		const transport = sandboxTransport(sandbox);

		const record = await transport.getRecord('tasks', id, { properties: ['hs_task_subject'] });

		expect(record.properties.hs_task_subject).toBe('Follow up');
		expect(hubSpotRequests(sandbox).map((exchange) => exchange.status)).toEqual([
			status,
			status,
			200,
		]);
		expect(transport.callStats()).toMatchObject({ calls: 3, retries: 2, rateLimited: 0 });
	});

	it('retries a connection reset by the server', async () => {
		const id = seedTask();
		sandbox.setFaults({ rate: 1, statuses: ['reset'], maxFaults: 1 });
		const transport = sandboxTransport(sandbox);

		const results = await transport.batchRead('tasks', [id]);

		expect(results[0]).toMatchObject({ ok: true, value: { id } });
		expect(transport.callStats()).toMatchObject({ calls: 2, retries: 1 });
		expect(
			hubSpotRequests(sandbox, /batch\/read$/).filter((exchange) => exchange.status === 200),
		).toHaveLength(1);
	});

	it('waits after a ten-secondly 429 without Retry-After, then succeeds', async () => {
		const id = seedTask();
		sandbox.setFaults({ rate: 1, statuses: [429], maxFaults: 1 });
		const transport = sandboxTransport(sandbox);

		await transport.getRecord('tasks', id);

		const [limited, accepted] = hubSpotRequests(sandbox);
		expect(limited.status).toBe(429);
		expect(accepted.status).toBe(200);
		// X-HubSpot-RateLimit-Remaining: 0 of a 10 s window: the transport probes again after 2 s.
		expect(accepted.at - limited.at).toBeGreaterThanOrEqual(1_950);
		expect(transport.callStats()).toMatchObject({ calls: 2, retries: 1, rateLimited: 1 });
	});

	it('honours Retry-After on a 429 before its own policy', async () => {
		const id = seedTask();
		const front = await startRateLimitingFront(sandbox.url, 1);
		try {
			const transport = sandboxTransport(sandbox, { baseUrl: front.url });

			const record = await transport.getRecord('tasks', id);

			expect(record.id).toBe(id);
			expect(front.arrivals).toHaveLength(2);
			const waited = front.arrivals[1] - front.arrivals[0];
			// Retry-After: 1 wins over the 2 s the rate-limit headers alone would lead to.
			expect(waited).toBeGreaterThanOrEqual(950);
			expect(waited).toBeLessThan(1_900);
			expect(hubSpotRequests(sandbox).map((exchange) => exchange.status)).toEqual([200]);
			expect(transport.callStats()).toMatchObject({ calls: 2, retries: 1, rateLimited: 1 });
		} finally {
			await front.close();
		}
	});

	it("meters requests by the client's limiter, even after another client was built", async () => {
		const ids = Array.from({ length: 16 }, () => seedTask());
		const paced = sandboxTransport(sandbox, {
			rateLimit: { requestsPer10s: 50, maxConcurrent: 8 },
		});
		// @hubspot/api-client keeps decorators in a process-wide registry; a later client must not
		// replace the limiter of an earlier one.
		sandboxTransport(sandbox, { rateLimit: { requestsPer10s: 10_000, maxConcurrent: 50 } });

		await Promise.all(ids.map(async (id) => await paced.getRecord('tasks', id)));

		const arrivals = hubSpotRequests(sandbox)
			.map((exchange) => exchange.at)
			.sort((a, b) => a - b);
		expect(arrivals).toHaveLength(16);
		// 50 per 10 s: a bucket of 5 goes at once, the other 11 at the refill rate of 4.5 a second.
		expect(tokenBucketFor(50)).toMatchObject({ reservoir: 5, reservoirIncreaseAmount: 1.125 });
		expect(arrivals[4] - arrivals[0]).toBeLessThan(200);
		const refillsNeeded = Math.ceil((16 - 5) / 1.125);
		expect(arrivals[15] - arrivals[0]).toBeGreaterThanOrEqual((refillsNeeded - 1) * 250);
	});
});

describe('failures that are never retried', () => {
	it('sends a rejected token once and names the credential', async () => {
		const transport = sandboxTransport(sandbox, { accessToken: 'revoked-token' });

		const error = await rejectionOf(transport.batchRead('tasks', ['1', '2']));

		expect(error.message).toBe(
			`HubSpot rejected the access token of credential "${CREDENTIAL_NAME}"`,
		);
		expect(error.httpCode).toBe('401');
		expect(error.description).toContain('category: INVALID_AUTHENTICATION');
		expect(error.description).toMatch(/correlationId: \S+/);
		expect(hubSpotRequests(sandbox)).toHaveLength(1);
		expect(transport.callStats()).toMatchObject({ calls: 1, retries: 0 });
	});

	it('sends a call lacking a scope once and names the missing scope', async () => {
		const transport = sandboxTransport(sandbox, { accessToken: LIMITED_TOKEN });

		const error = await rejectionOf(
			transport.batchUpdate('tasks', [{ id: '1', properties: { hs_task_subject: 'x' } }]),
		);

		expect(error.httpCode).toBe('403');
		expect(error.message).toMatch(
			new RegExp(
				`^The HubSpot private app behind credential "${CREDENTIAL_NAME}" lacks the scope\\(s\\): \\S+`,
			),
		);
		const [exchange] = hubSpotRequests(sandbox);
		const scopes = (
			exchange.responseBody as { errors: Array<{ context: { requiredGranularScopes: string[] } }> }
		).errors[0].context.requiredGranularScopes;
		for (const scope of scopes) expect(error.message).toContain(scope);
		expect(hubSpotRequests(sandbox)).toHaveLength(1);
	});

	it('maps an error exactly once', async () => {
		const transport = sandboxTransport(sandbox, { accessToken: 'revoked-token' });
		const error = await rejectionOf(transport.getRecord('tasks', '1'));

		expect(toHubSpotNodeApiError(transport.node, error)).toBe(error);
		expect(transport.mapError(error)).toBe(error);
		expect(toHubSpotNodeApiError(transportNode(), error).message).toBe(error.message);
	});

	it('gives up after the configured retries with the last answer', async () => {
		const id = seedTask();
		sandbox.setFaults({ rate: 1, statuses: [503] });
		const transport = sandboxTransport(sandbox, { retry: { maxRetries: 2 } });

		const error = await rejectionOf(transport.getRecord('tasks', id));

		expect(error.httpCode).toBe('503');
		expect(hubSpotRequests(sandbox)).toHaveLength(3);
		expect(transport.callStats()).toMatchObject({ calls: 3, retries: 2 });
	});
});
