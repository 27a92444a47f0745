/**
 * The trigger's redelivery dedupe kept in Redis (the real one on 127.0.0.1:6379), through
 * n8n-core's WebhookContext: simultaneous deliveries and separate processes (each with its own
 * workflow static data) agree on which delivery runs an event, which static data alone cannot.
 * A Redis that is down or silent gets HubSpot a quick 503 and starts nothing.
 */
import path from 'node:path';

import type { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import IORedis from 'ioredis';

import {
	closeRedisConnections,
	redisUrlSetting,
	RedisStateStore,
	STATE_STORE_TIMEOUT_MS,
} from '../../nodes/shared/state';
import { startSilentServer } from '../support/redisDoubles';
import { deleteKeysMatching, keysMatching, TEST_REDIS_URL } from '../support/redisKeys';
import type { WebhookHarness, WebhookOutcome } from '../../tools/engine';
import {
	CLIENT_SECRET,
	contactCreated,
	signedDelivery,
	startTaskflowTrigger,
	TRIGGER_NAME,
} from './hubSpotTaskflowTriggerSupport';
import { describeWithRedis } from '../support/describeWithServices';

const REDIS_URL = TEST_REDIS_URL;
/** Nothing listens on port 1: connections are refused at once. */
const CLOSED_PORT_URL = 'redis://127.0.0.1:1';
const URL_VARIABLE = 'HUBSPOT_TASKFLOW_REDIS_URL';
const PREFIX_VARIABLE = 'HUBSPOT_TASKFLOW_REDIS_KEY_PREFIX';
/** Unique per run, and per test below it, so runs and tests never see each other's claims. */
const RUN_PREFIX = `hubspot-taskflow-test-dedupe-${process.pid}-${Date.now().toString(36)}`;
const HOUR_MS = 60 * 60 * 1000;

let redis: IORedis;
let keyPrefix: string;
let testNumber = 0;
const savedEnvironment = { url: process.env[URL_VARIABLE], prefix: process.env[PREFIX_VARIABLE] };
const started: WebhookHarness[] = [];

function restore(name: string, value: string | undefined): void {
	if (value === undefined) delete process.env[name];
	else process.env[name] = value;
}

beforeAll(async () => {
	redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
	await redis.connect();
});

beforeEach(() => {
	keyPrefix = `${RUN_PREFIX}-${++testNumber}`;
	process.env[PREFIX_VARIABLE] = keyPrefix;
	delete process.env[URL_VARIABLE];
});

afterEach(async () => {
	restore(URL_VARIABLE, savedEnvironment.url);
	restore(PREFIX_VARIABLE, savedEnvironment.prefix);
	await Promise.all(started.splice(0).map(async (trigger) => await trigger.close()));
});

afterAll(async () => {
	await closeRedisConnections();
	if (redis) {
		await deleteKeysMatching(redis, `${RUN_PREFIX}*`);
		await redis.quit();
	}
});

async function trigger(
	setup: Parameters<typeof startTaskflowTrigger>[0] = {},
	/** The credential's Redis URL; null: none. */
	redisUrl: string | null = REDIS_URL,
): Promise<WebhookHarness> {
	const credential = {
		accessToken: 'not-used-by-the-trigger',
		clientSecret: CLIENT_SECRET,
		...(redisUrl === null ? {} : { redisUrl }),
	};
	const harness = await startTaskflowTrigger({ credential, ...setup });
	started.push(harness);
	return harness;
}

/** The store the trigger uses, for one made-up node, to drive its claims directly. */
function stateStoreForTest(workflowId = 'claims-test', nodeId = 'node'): RedisStateStore {
	const setting = redisUrlSetting(REDIS_URL);
	if (!setting) throw new Error('no Redis URL');
	const scope = { prefix: keyPrefix, workflowId, nodeId };
	return new RedisStateStore(setting, scope, STATE_STORE_TIMEOUT_MS);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function counts(outcome: WebhookOutcome): Record<string, unknown> {
	return JSON.parse(outcome.body) as Record<string, unknown>;
}

function eventIdsOf(outcome: WebhookOutcome): unknown[] | undefined {
	return outcome.workflowData?.[0].map((item) => item.json.eventId);
}

describeWithRedis('HubSpot Taskflow Trigger with redelivery claims in Redis', () => {
	it('lets exactly one of five simultaneous deliveries of an event through', async () => {
		const hub = await trigger();
		const deliveries = [0, 1, 2, 3, 4].map((attempt) =>
			hub.deliver(signedDelivery([contactCreated(7, 701, attempt)], hub)),
		);

		const outcomes = await Promise.all(deliveries);

		expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 200, 200, 200, 200]);
		const accepted = outcomes.filter((outcome) => counts(outcome).accepted === 1);
		expect(accepted).toHaveLength(1);
		expect(accepted[0].execution?.itemsOf(TRIGGER_NAME).map((item) => item.json.eventId)).toEqual([
			7,
		]);
		const duplicates = outcomes.filter((outcome) => counts(outcome).duplicates === 1);
		expect(duplicates).toHaveLength(4);
		expect(duplicates.every((outcome) => outcome.execution === undefined)).toBe(true);
		// Redis holds the memory; the workflow's static data is left alone.
		expect(hub.staticData()).toEqual({});
	});

	it('when answering after the run: a copy of a running event gets 503; once the run settled it, 200 as a duplicate', async () => {
		const hub = await trigger({ parameters: { respondWhen: 'lastNode' } });
		// Another delivery (another n8n process) is running event 9.
		const running = stateStoreForTest('taskflow-test-workflow', hub.node.id);
		const eventKey = `e:9:4242:901:${1_790_000_000_009}`;
		const elsewhere = await running.claimPending([eventKey], 45_000);
		expect(elsewhere.outcomes).toEqual(['claimed']);

		const copy = await hub.deliver(signedDelivery([contactCreated(9, 901, 1)], hub));
		expect(copy.status).toBe(503);
		expect(copy.execution).toBeUndefined();

		// That run failed and gave the event back: HubSpot's retry runs it.
		await running.releaseClaims(elsewhere);
		const retry = await hub.deliver(signedDelivery([contactCreated(9, 901, 2)], hub));
		expect(retry.execution?.itemsOf(TRIGGER_NAME).map((item) => item.json.eventId)).toEqual([9]);
		// The harness answered that run 200, which settles the claim for the whole window.
		const key = `${keyPrefix}:dedupe:taskflow-test-workflow:${hub.node.id}:${eventKey}`;
		await waitFor(async () => (await redis.get(key)) === 'settled');
		expect(await redis.pttl(key)).toBeGreaterThan(23 * 3_600_000);
		const later = await hub.deliver(signedDelivery([contactCreated(9, 901, 3)], hub));
		expect(later.status).toBe(200);
		expect(counts(later)).toMatchObject({ accepted: 0, duplicates: 1 });
	});

	it('when answering after the run: a run answered 500 gives its events back, so the retry runs them', async () => {
		const store = stateStoreForTest();
		const claim = await store.claimPending(['e:10'], 45_000);
		expect(claim.outcomes).toEqual(['claimed']);
		expect((await store.claimPending(['e:10'], 45_000)).outcomes).toEqual(['pending']);
		await store.releaseClaims(claim);
		const retry = await store.claimPending(['e:10'], 45_000);
		expect(retry.outcomes).toEqual(['claimed']);
		await store.settleClaims(retry.claimedKeys, 60_000);
		// a late release of the first claim does not drop the settled mark
		await store.releaseClaims(claim);
		expect((await store.claimPending(['e:10'], 45_000)).outcomes).toEqual(['settled']);
	});

	it('names its keys by prefix, workflow, node and event, and keeps them for the window', async () => {
		const hub = await trigger({ parameters: { dedupeWindowHours: 2 } });

		await hub.deliver(signedDelivery([contactCreated(8, 801)], hub));

		const keys = await keysMatching(redis, `${keyPrefix}:*`);
		expect(keys).toEqual([
			`${keyPrefix}:dedupe:taskflow-test-workflow:${hub.node.id}:e:8:4242:801:1790000000008`,
		]);
		const ttlMs = await redis.pttl(keys[0]);
		expect(ttlMs).toBeGreaterThan(2 * HOUR_MS - 60_000);
		expect(ttlMs).toBeLessThanOrEqual(2 * HOUR_MS);
	});

	it('drops a retry that reaches another process, whose static data never saw the event', async () => {
		const first = await trigger();
		const second = await trigger();

		const original = await first.deliver(signedDelivery([contactCreated(9, 901)], first));
		const retry = await second.deliver(signedDelivery([contactCreated(9, 901, 1)], second));

		expect(eventIdsOf(original)).toEqual([9]);
		expect(retry.status).toBe(200);
		expect(counts(retry)).toMatchObject({ received: 1, accepted: 0, duplicates: 1 });
		expect(retry.execution).toBeUndefined();
		expect(second.staticData()).toEqual({});

		// The same two processes without Redis: each remembers only its own deliveries.
		const firstAlone = await trigger({}, null);
		const secondAlone = await trigger({}, null);
		await firstAlone.deliver(signedDelivery([contactCreated(9, 901)], firstAlone));
		const missed = await secondAlone.deliver(
			signedDelivery([contactCreated(9, 901, 1)], secondAlone),
		);
		expect(eventIdsOf(missed)).toEqual([9]);
	});

	it('treats a repeat within one delivery as a duplicate and lets new events of a mixed one through', async () => {
		const hub = await trigger();

		const batch = await hub.deliver(
			signedDelivery(
				[contactCreated(20, 2001), contactCreated(20, 2001, 1), contactCreated(21, 2101)],
				hub,
			),
		);
		const mixed = await hub.deliver(
			signedDelivery([contactCreated(21, 2101, 1), contactCreated(22, 2201)], hub),
		);

		expect(eventIdsOf(batch)).toEqual([20, 21]);
		expect(counts(batch)).toMatchObject({ received: 3, accepted: 2, duplicates: 1 });
		expect(eventIdsOf(mixed)).toEqual([22]);
		expect(counts(mixed)).toMatchObject({ received: 2, accepted: 1, duplicates: 1 });
	});

	it('uses the environment variable when there is no credential (no verification)', async () => {
		process.env[URL_VARIABLE] = REDIS_URL;
		const noCredential = { parameters: { verification: 'none' }, credential: null };
		const first = await trigger(noCredential);
		const second = await trigger(noCredential);

		const original = await first.deliver({ body: [contactCreated(30, 3001)] });
		const retry = await second.deliver({ body: [contactCreated(30, 3001, 1)] });

		expect(eventIdsOf(original)).toEqual([30]);
		expect(counts(retry)).toMatchObject({ accepted: 0, duplicates: 1 });
		expect(await keysMatching(redis, `${keyPrefix}:dedupe:*`)).toHaveLength(1);
	});

	it('answers 503 at once and starts nothing when Redis refuses connections', async () => {
		const warn = jest.spyOn(n8nCoreLogger(), 'warn');
		try {
			const hub = await trigger({}, CLOSED_PORT_URL);

			const startedAt = Date.now();
			const outcome = await hub.deliver(signedDelivery([contactCreated(40, 4001)], hub));
			const elapsedMs = Date.now() - startedAt;

			expect(outcome.status).toBe(503);
			expect(counts(outcome)).toEqual({
				status: 'error',
				message: expect.stringMatching(
					/^Could not check for redeliveries in Redis; check the Redis URL of the HubSpot Taskflow credential/,
				),
			});
			expect(outcome.error).toBeUndefined();
			expect(outcome.workflowData).toBeUndefined();
			expect(outcome.execution).toBeUndefined();
			expect(hub.staticData()).toEqual({});
			expect(elapsedMs).toBeLessThan(3_000);
			expect(warn).toHaveBeenCalledWith(
				expect.stringMatching(
					/^HubSpot Taskflow Trigger answered 503, could not check redeliveries in Redis: .*ECONNREFUSED/,
				),
				expect.objectContaining({
					redis: 'redis://127.0.0.1:1',
					error: expect.stringContaining('ECONNREFUSED'),
				}),
			);

			// HubSpot's retry finds the same answer, not a connection left hanging.
			const retry = await hub.deliver(signedDelivery([contactCreated(40, 4001, 1)], hub));
			expect(retry.status).toBe(503);
		} finally {
			warn.mockRestore();
		}
	});

	it('names the environment variable when that is where the unreachable Redis URL came from', async () => {
		process.env[URL_VARIABLE] = CLOSED_PORT_URL;
		const hub = await trigger({ parameters: { verification: 'none' }, credential: null });

		const outcome = await hub.deliver({ body: [contactCreated(41, 4101)] });

		expect(outcome.status).toBe(503);
		expect(counts(outcome).message).toContain(`check the ${URL_VARIABLE} environment variable`);
		expect(outcome.workflowData).toBeUndefined();
	});

	it('answers 503 within 3 s when Redis accepts the connection but never answers', async () => {
		const silent = await startSilentServer();
		try {
			const hub = await trigger({}, `redis://127.0.0.1:${silent.port}`);

			const startedAt = Date.now();
			const outcome = await hub.deliver(signedDelivery([contactCreated(42, 4201)], hub));

			expect(outcome.status).toBe(503);
			expect(Date.now() - startedAt).toBeLessThan(3_000);
			expect(outcome.workflowData).toBeUndefined();
			expect(silent.connections()).toBeGreaterThan(0);
		} finally {
			await silent.close();
		}
	});

	it('needs no Redis when dedupe is off', async () => {
		const hub = await trigger({ parameters: { dedupe: false } }, CLOSED_PORT_URL);

		const outcome = await hub.deliver(signedDelivery([contactCreated(43, 4301)], hub));
		const again = await hub.deliver(signedDelivery([contactCreated(43, 4301, 1)], hub));

		expect(eventIdsOf(outcome)).toEqual([43]);
		expect(eventIdsOf(again)).toEqual([43]);
	});
});

/** The logger nodes get as `this.logger`: n8n-core's own copy of @n8n/backend-common's Logger. */
function n8nCoreLogger(): Logger {
	const fromN8nCore = require.resolve('@n8n/backend-common', {
		paths: [path.dirname(require.resolve('n8n-core'))],
	});
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy n8n-core loaded, not ours
	const { Logger: LoggerOfN8nCore } = require(fromN8nCore) as { Logger: typeof Logger };
	return Container.get(LoggerOfN8nCore);
}
