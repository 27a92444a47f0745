/**
 * The HubSpot rate budget shared through Redis (the real one on 127.0.0.1:6379): two processes,
 * each with its own transport, hammer the sandbox and together stay under its limit in every
 * rolling 10 s window, read from the sandbox's request log. Without Redis the same two processes
 * overrun it, which is what the shared budget is for.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import IORedis from 'ioredis';

import {
	closeSharedRateBudgets,
	HubSpotTransport,
	type HubSpotTransportConfig,
} from '../../nodes/shared/transport';
import { redisConnectionName } from '../../nodes/shared/state/redisSettings';
import { budgetId, tokenBucketFor } from '../../nodes/shared/transport/rateLimit';
import {
	busiestWindow,
	hubSpotExchanges,
	isSearch,
	unretried429s,
} from '../../tools/n8n/rate-windows';
import type { ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { deleteKeysMatching, TEST_REDIS_URL } from '../support/redisKeys';
import type { HammerReport } from './redisBudget.hammer';
import { startTransportSandbox, transportNode } from './transportSupport';
import { describeWithRedis } from '../support/describeWithServices';

const REDIS_URL = TEST_REDIS_URL;
const SANDBOX_LIMIT = 40;
const TRANSPORT_LIMIT = 36;
const REQUESTS_PER_PROCESS = 30;
const SEARCH_EVERY = 6;
const SECOND_TOKEN = 'second-app-token';
/** Unique per run, so runs (and other suites on the same Redis) never share state. */
const KEY_PREFIX = `hubspot-taskflow-test-${process.pid}-${Date.now().toString(36)}`;

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const HAMMER = path.join(__dirname, 'redisBudget.hammer.ts');

let sandbox: ContractSandbox;
let redis: IORedis;
let taskIds: string[];

beforeAll(async () => {
	sandbox = await startTransportSandbox({
		tokens: { 'sandbox-token': { scopes: '*' }, [SECOND_TOKEN]: { scopes: '*' } },
		rateLimits: { requestsPer10s: SANDBOX_LIMIT, searchPerSecond: 5 },
	});
	redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
	await redis.connect();
});

afterAll(async () => {
	await closeSharedRateBudgets();
	if (redis) {
		await deleteKeysMatching(redis, `b_${KEY_PREFIX}*`);
		await redis.quit();
	}
	sandbox?.contract.assertClean();
	await sandbox?.close();
});

beforeEach(() => {
	// An empty log and empty rate windows for each test.
	sandbox.reset();
	taskIds = Array.from(
		{ length: 12 },
		(_, n) =>
			sandbox.store.create('tasks', {
				hs_task_subject: `Ligar para o cliente ${n}`,
				hs_task_status: 'NOT_STARTED',
			}).id,
	);
});

function runHammer(options: { redisUrl?: string }): Promise<HammerReport> {
	return new Promise((resolve, reject) => {
		const child = spawn(TSX, [HAMMER], {
			cwd: REPO_ROOT,
			env: {
				...process.env,
				HAMMER_BASE_URL: sandbox.url,
				HAMMER_TOKEN: sandbox.token,
				HAMMER_TASK_IDS: taskIds.join(','),
				HAMMER_REQUESTS: String(REQUESTS_PER_PROCESS),
				HAMMER_SEARCH_EVERY: String(SEARCH_EVERY),
				HAMMER_REQUESTS_PER_10S: String(TRANSPORT_LIMIT),
				HAMMER_REDIS_URL: options.redisUrl ?? '',
				HAMMER_REDIS_KEY_PREFIX: KEY_PREFIX,
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) return reject(new Error(`hammer exited with ${code}:\n${stderr}`));
			try {
				resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as HammerReport);
			} catch (error) {
				reject(
					new Error(
						`hammer printed no report (${(error as Error).message}):\n${stdout}\n${stderr}`,
					),
				);
			}
		});
	});
}

function overlapMs(a: HammerReport, b: HammerReport): number {
	return Math.min(a.finishedAt, b.finishedAt) - Math.max(a.startedAt, b.startedAt);
}

describeWithRedis('a HubSpot rate budget shared through Redis', () => {
	test('two processes together stay under the limit in every rolling 10 s window, with no 429', async () => {
		const [first, second] = await Promise.all([
			runHammer({ redisUrl: REDIS_URL }),
			runHammer({ redisUrl: REDIS_URL }),
		]);
		for (const report of [first, second]) {
			expect(report.failures).toEqual([]);
			expect(report.succeeded).toBe(REQUESTS_PER_PROCESS);
			expect(report.rateLimited).toBe(0);
		}
		// Both were sending at the same time for most of the run.
		expect(overlapMs(first, second)).toBeGreaterThan(5_000);

		const log = hubSpotExchanges(sandbox.requestLog());
		const searches = log.filter(isSearch);
		expect(log).toHaveLength(2 * REQUESTS_PER_PROCESS);
		expect(searches.length).toBe(2 * Math.floor(REQUESTS_PER_PROCESS / SEARCH_EVERY));
		expect(log.filter((exchange) => exchange.status === 429)).toEqual([]);
		const peak = busiestWindow(log.map((exchange) => exchange.at));
		expect(peak.count).toBeLessThanOrEqual(SANDBOX_LIMIT);
		// One budget, not two: past the first full bucket, the 60 requests came at one refill rate.
		const bucket = tokenBucketFor(TRANSPORT_LIMIT);
		const refillPerMs =
			(bucket.reservoirIncreaseAmount as number) / (bucket.reservoirIncreaseInterval as number);
		const span = log[log.length - 1].at - log[0].at;
		const leastSpan = (log.length - (bucket.reservoir as number)) / refillPerMs;
		expect(span).toBeGreaterThanOrEqual(0.9 * leastSpan);
		const searchPeak = busiestWindow(
			searches.map((exchange) => exchange.at),
			1_000,
		);
		expect(searchPeak.count).toBeLessThanOrEqual(5);

		// The shared bucket lives in Redis under the budget's id.
		const id = budgetId(
			sandbox.token,
			{ ...sharedSettings(), redisKeyPrefix: KEY_PREFIX },
			sandbox.url,
		);
		const stored = await redis.hmget(
			`b_${id}_settings`,
			'minTime',
			'reservoirIncreaseAmount',
			'reservoirIncreaseInterval',
			'reservoirIncreaseMaximum',
		);
		expect(stored.map(Number)).toEqual([
			0,
			bucket.reservoirIncreaseAmount,
			bucket.reservoirIncreaseInterval,
			bucket.reservoirIncreaseMaximum,
		]);
		console.log(
			`[redisBudget] shared: ${log.length} requests in ${(span / 1000).toFixed(1)} s, busiest 10 s window ${peak.count} (sandbox limit ${SANDBOX_LIMIT}, budget ${TRANSPORT_LIMIT}), 429s 0`,
		);
	}, 60_000);

	test('without Redis the same two processes overrun the limit and need 429 retries', async () => {
		const [first, second] = await Promise.all([runHammer({}), runHammer({})]);
		for (const report of [first, second]) {
			expect(report.failures).toEqual([]);
			expect(report.succeeded).toBe(REQUESTS_PER_PROCESS);
		}
		const log = hubSpotExchanges(sandbox.requestLog());
		const rejected = log.filter((exchange) => exchange.status === 429);
		expect(rejected.length).toBeGreaterThan(0);
		expect(first.rateLimited + second.rateLimited).toBe(rejected.length);
		expect(unretried429s(log)).toEqual([]);
		const attempted = busiestWindow(log.map((exchange) => exchange.at));
		expect(attempted.count).toBeGreaterThan(SANDBOX_LIMIT);
		console.log(
			`[redisBudget] separate budgets: busiest 10 s window ${attempted.count} attempts, ${rejected.length} answered 429 and retried`,
		);
	}, 90_000);

	test('one process keeps one Redis connection per URL and one limiter per budget', async () => {
		const transports = [sandbox.token, sandbox.token, SECOND_TOKEN, SECOND_TOKEN].map(
			(accessToken) => sharedTransport({ accessToken }),
		);
		await Promise.all(
			transports.flatMap((transport) =>
				taskIds.slice(0, 3).map(async (id) => await transport.getRecord('tasks', id)),
			),
		);
		// ioredis names both clients (the shared one and Bottleneck's pub/sub) after this process.
		expect(await budgetClients()).toBe(2);
		for (const token of [sandbox.token, SECOND_TOKEN]) {
			const id = budgetId(token, { ...sharedSettings(), redisKeyPrefix: KEY_PREFIX }, sandbox.url);
			expect(await redis.exists(`b_${id}_settings`, `b_${id}-search_settings`)).toBe(2);
		}

		await closeSharedRateBudgets();
		expect(await eventually(budgetClients, (count) => count === 0)).toBe(0);
		// A request after closing connects again.
		await sharedTransport({ accessToken: sandbox.token }).getRecord('tasks', taskIds[0]);
		expect(await budgetClients()).toBe(2);
		await closeSharedRateBudgets();
	});

	test('an unreachable Redis fails the request with a message naming it', async () => {
		const transport = sharedTransport({
			accessToken: sandbox.token,
			rateLimit: { redisUrl: 'redis://127.0.0.1:9', redisConnectTimeoutMs: 1_000 },
		});
		const started = Date.now();
		await expect(transport.getRecord('tasks', taskIds[0])).rejects.toThrow(
			/Could not reach Redis at redis:\/\/127\.0\.0\.1:9 for the shared HubSpot rate limit/,
		);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(hubSpotExchanges(sandbox.requestLog())).toEqual([]);
		await closeSharedRateBudgets();
	});

	test('a malformed Redis URL is refused when the transport is made', () => {
		expect(() =>
			sharedTransport({
				accessToken: sandbox.token,
				rateLimit: { redisUrl: 'http://127.0.0.1:6379' },
			}),
		).toThrow(/redis:\/\/ or rediss:\/\//);
	});
});

function sharedSettings() {
	return { requestsPer10s: TRANSPORT_LIMIT, maxConcurrent: 8, searchPerSecond: 4.5 };
}

function sharedTransport(
	overrides: Partial<HubSpotTransportConfig> & { accessToken: string },
): HubSpotTransport {
	return new HubSpotTransport({
		node: transportNode(),
		baseUrl: sandbox.url,
		...overrides,
		rateLimit: {
			...sharedSettings(),
			redisUrl: REDIS_URL,
			redisKeyPrefix: KEY_PREFIX,
			...overrides.rateLimit,
		},
	});
}

async function budgetClients(): Promise<number> {
	const list = (await redis.call('CLIENT', 'LIST')) as string;
	const name = `name=${redisConnectionName()} `;
	return list.split('\n').filter((line) => line.includes(name)).length;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
	const deadline = Date.now() + 5_000;
	let value = await read();
	while (!done(value) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		value = await read();
	}
	return value;
}
