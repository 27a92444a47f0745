/**
 * Deadlines and cancellation reach the HTTP request itself: a hung call is aborted at its deadline
 * and retried, and cancelling the execution stops the call in flight (its socket closes on the
 * sandbox's side) and every call still waiting for the rate budget, with no request started after.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Exchange } from '../../sandbox/server';
import {
	hubSpotRequests,
	sandboxTransport,
	seedTask as seedTaskIn,
	useTransportSandbox,
} from './transportSupport';

/** When the sandbox finished each exchange (answered, or saw its connection close). */
const finishedAt = new Map<number, number>();

const sandbox = useTransportSandbox({
	onExchange: (exchange: Exchange) => finishedAt.set(exchange.id, Date.now()),
});

beforeEach(() => finishedAt.clear());

const seedTask = (): string => seedTaskIn(sandbox);

describe('request deadline', () => {
	it('aborts a hung call at the deadline and retries it like a dropped connection', async () => {
		const id = seedTask();
		sandbox.setFaults({ rate: 1, statuses: ['hang'], hangMs: 30_000, maxFaults: 1 });
		const transport = sandboxTransport(sandbox, { requestTimeoutMs: 300 });

		const started = Date.now();
		const record = await transport.getRecord('tasks', id);
		const took = Date.now() - started;

		expect(record.id).toBe(id);
		expect(took).toBeGreaterThanOrEqual(300);
		expect(took).toBeLessThan(2_000);
		const exchanges = hubSpotRequests(sandbox);
		expect(exchanges.map((exchange) => exchange.fault ?? exchange.status)).toEqual(['hang', 200]);
		// The sandbox saw the hung connection close at the deadline, not after its 30 s.
		const hung = exchanges[0];
		expect(finishedAt.get(hung.id)! - hung.at).toBeLessThan(1_500);
		expect(transport.callStats()).toMatchObject({ calls: 2, retries: 1 });
	});

	it('fails with the deadline named when every attempt hangs', async () => {
		const id = seedTask();
		sandbox.setFaults({ rate: 1, statuses: ['hang'], hangMs: 30_000 });
		const transport = sandboxTransport(sandbox, {
			requestTimeoutMs: 200,
			retry: { maxRetries: 1 },
		});

		const error = await transport.getRecord('tasks', id).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).description).toContain('request deadline of 0.2 s');
		expect(hubSpotRequests(sandbox)).toHaveLength(2);
	});

	it('refuses a deadline that is not a positive number', () => {
		expect(() => sandboxTransport(sandbox, { requestTimeoutMs: 0 })).toThrow(
			'request timeout must be a positive number',
		);
	});
});

describe('cancelling the execution', () => {
	it('stops the call in flight and the calls waiting for the budget within 1 s; nothing starts after', async () => {
		const ids = Array.from({ length: 12 }, () => seedTask());
		// Every call hangs, and the budget lets only a few start: the rest wait for a token.
		sandbox.setFaults({ rate: 1, statuses: ['hang'], hangMs: 30_000 });
		const cancel = new AbortController();
		const transport = sandboxTransport(sandbox, {
			abortSignal: cancel.signal,
			rateLimit: { requestsPer10s: 4, maxConcurrent: 2 },
		});

		const calls = ids.map(async (id) => {
			const outcome = await transport.getRecord('tasks', id).catch((caught: unknown) => caught);
			return { outcome, settledAt: Date.now() };
		});
		await new Promise((resolve) => setTimeout(resolve, 400));
		const abortedAt = Date.now();
		cancel.abort();
		const settled = await Promise.all(calls);

		for (const { outcome, settledAt } of settled) {
			expect(outcome).toBeInstanceOf(NodeOperationError);
			expect((outcome as Error).message).toContain('execution was cancelled');
			expect(settledAt - abortedAt).toBeLessThan(1_000);
		}
		// Give a queued call the chance to leak out before looking at the log.
		await new Promise((resolve) => setTimeout(resolve, 500));
		// The sandbox logs an exchange when it ends, so the calls that were in flight show up now.
		const exchanges = hubSpotRequests(sandbox);
		expect(exchanges.length).toBeGreaterThan(0);
		expect(exchanges.length).toBeLessThan(ids.length);
		expect(exchanges.filter((exchange) => exchange.at > abortedAt + 50)).toEqual([]);
		// The requests in flight were closed, not abandoned: the sandbox saw each connection end.
		for (const exchange of exchanges) {
			expect(finishedAt.get(exchange.id)! - abortedAt).toBeLessThan(1_000);
		}
	});

	it('sends nothing when the execution is already cancelled', async () => {
		const id = seedTask();
		const cancel = new AbortController();
		cancel.abort();
		const transport = sandboxTransport(sandbox, { abortSignal: cancel.signal });

		await expect(transport.getRecord('tasks', id)).rejects.toThrow('execution was cancelled');
		expect(hubSpotRequests(sandbox)).toEqual([]);
	});
});
