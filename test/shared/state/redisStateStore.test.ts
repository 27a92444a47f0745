/**
 * The state store in the real Redis on 127.0.0.1:6379 (`nodes/shared/state/redisStateStore.ts`):
 * its key names, one number per increment across connections, and the failure rule. A Redis
 * that does not answer within the time limit fails the operation with a clear error, and one
 * that gets the operation after all leaves nothing half-done: a late claim would turn HubSpot's
 * retry of a delivery answered 503 into a duplicate.
 */
import {
	closeRedisConnections,
	redisConnectionName,
	type StateStore,
	StateStoreUnavailableError,
} from '../../../nodes/shared/state';
import { startDelayingProxy, startSilentServer } from '../../support/redisDoubles';
import { TEST_REDIS_URL as REDIS_URL } from '../../support/redisKeys';
import { redisStore, sleep, useTestRedis } from './stateStoreSupport';
import { describeWithRedis } from '../../support/describeWithServices';

const HOUR_MS = 60 * 60 * 1000;

const testRedis = useTestRedis('redis');
let keyPrefix = '';
let redis: ReturnType<typeof testRedis.redis>;

beforeEach(() => {
	keyPrefix = testRedis.keyPrefix();
	redis = testRedis.redis();
});

/** Every operation of the store, each on its own key. */
const operations: Array<[string, (store: StateStore) => Promise<unknown>]> = [
	['claim', async (store) => await store.claim(['event-1'], HOUR_MS)],
	['increment', async (store) => await store.increment('rotation')],
	['cache get', async (store) => await store.cache.get('route')],
	['cache set', async (store) => await store.cache.set('route', 'owner-7', HOUR_MS)],
	['cache invalidate', async (store) => await store.cache.invalidate('route')],
	['cache invalidate by prefix', async (store) => await store.cache.invalidatePrefix('ro')],
];

async function failureOf(operation: Promise<unknown>): Promise<{ error: Error; ms: number }> {
	const startedAt = Date.now();
	const error = await operation.then(
		() => new Error('the operation succeeded'),
		(failure: Error) => failure,
	);
	return { error, ms: Date.now() - startedAt };
}

/** The Redis key the test store gives `name` of `kind`. */
function keyOf(kind: string, name: string): string {
	return `${keyPrefix}:${kind}:workflow-1:node-1:${name}`;
}

type DelayingProxy = Awaited<ReturnType<typeof startDelayingProxy>>;

/** Runs `test` with a store that reaches Redis through a delaying proxy, and closes both after. */
async function throughDelayingProxy(
	test: (proxy: DelayingProxy, store: StateStore) => Promise<void>,
): Promise<void> {
	const proxy = await startDelayingProxy(new URL(REDIS_URL));
	try {
		await test(proxy, redisStore(keyPrefix, 'node-1', `redis://127.0.0.1:${proxy.port}`));
	} finally {
		await closeRedisConnections();
		await proxy.close();
	}
}

describeWithRedis('the Redis state store', () => {
	it('names its keys by prefix, kind, workflow and node, and gives them their time to live', async () => {
		const store = redisStore(keyPrefix);

		await store.claim(['e:8:4242'], 2 * HOUR_MS);
		await store.increment('rotation', { ttlMs: HOUR_MS });
		await store.cache.set('route', { ownerId: '7' }, 60_000);

		const claimTtl = await redis.pttl(keyOf('dedupe', 'e:8:4242'));
		expect(claimTtl).toBeGreaterThan(2 * HOUR_MS - 60_000);
		expect(await redis.get(keyOf('counter', 'rotation'))).toBe('1');
		expect(await redis.pttl(keyOf('counter', 'rotation'))).toBeGreaterThan(HOUR_MS - 60_000);
		expect(await redis.get(keyOf('cache', 'route'))).toBe('{"ownerId":"7"}');
		expect(await redis.pttl(keyOf('cache', 'route'))).toBeGreaterThan(50_000);
	});

	it('gives increments from two connections, as from two processes, each number once', async () => {
		// A second spelling of the URL opens a second connection, as another process would.
		const stores = [redisStore(keyPrefix), redisStore(keyPrefix, 'node-1', `${REDIS_URL}#second`)];

		const numbers = await Promise.all(
			Array.from({ length: 50 }, async (_, n) => await stores[n % 2].increment('rotation')),
		);

		expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
		const clients = ((await redis.call('CLIENT', 'LIST')) as string)
			.split('\n')
			.filter((line) => line.includes(`name=${redisConnectionName()} `));
		expect(clients).toHaveLength(2);
	});

	it('leaves nothing half-done when Redis gets operations only after the time limit', async () => {
		await throughDelayingProxy(async (proxy, store) => {
			// A connection that is up, then a Redis that takes 2.5 s to see what it is sent.
			expect(await store.increment('rotation')).toBe(1);
			proxy.setDelay(2_500);

			const late = await Promise.all([
				failureOf(store.claim(['event-1'], HOUR_MS)),
				failureOf(store.cache.set('route', 'owner-7', HOUR_MS)),
				failureOf(store.increment('rotation')),
			]);

			for (const { error } of late) expect(error.message).toMatch(/did not answer within 1500 ms$/);
			await sleep(3_500);
			expect(proxy.forwardedChunks()).toBeGreaterThanOrEqual(4); // the operations reached Redis
			expect(await redis.exists(keyOf('dedupe', 'event-1'), keyOf('cache', 'route'))).toBe(0);
			// The late increment happened: a number is skipped, none is handed out twice.
			proxy.setDelay(0);
			expect(await store.increment('rotation')).toBe(3);
			expect(await store.claim(['event-1'], HOUR_MS)).toEqual([true]);
		});
	});

	it('makes no claim once the time limit passed while connecting', async () => {
		await throughDelayingProxy(async (proxy, store) => {
			proxy.setDelay(2_500);

			const { error } = await failureOf(store.claim(['event-1'], HOUR_MS));

			expect(error).toBeInstanceOf(StateStoreUnavailableError);
			// The connection comes up after the limit; the claim must not be made then.
			await sleep(4_000);
			expect(proxy.forwardedChunks()).toBeGreaterThan(0);
			expect(await redis.exists(keyOf('dedupe', 'event-1'))).toBe(0);
		});
	});

	it('makes no claim when a dropped connection comes back only after the time limit', async () => {
		await throughDelayingProxy(async (proxy, store) => {
			expect(await store.increment('rotation')).toBe(1);
			// The connection drops; each step of the new one's handshake takes 1.8 s to get through.
			proxy.setDelay(1_800);
			proxy.cutConnections();
			await sleep(200); // the client has seen the drop and is connecting again

			const { error } = await failureOf(store.claim(['event-1'], HOUR_MS));

			expect(error.message).toMatch(/did not answer within 1500 ms/);
			await sleep(4_000);
			proxy.setDelay(0);
			// Sent after anything the store sent before, so Redis has seen all of it when this answers.
			expect(await store.increment('rotation')).toBe(2);
			expect(await redis.exists(keyOf('dedupe', 'event-1'))).toBe(0);
		});
	});

	it.each(operations)(
		'fails %s within 3 s with a clear error when Redis accepts but never answers',
		async (_name, operation) => {
			const silent = await startSilentServer();
			try {
				const url = `redis://127.0.0.1:${silent.port}`;

				const { error, ms } = await failureOf(operation(redisStore(keyPrefix, 'node-1', url)));

				expect(error).toBeInstanceOf(StateStoreUnavailableError);
				expect(error.message).toBe(`Redis at ${url} did not answer within 1500 ms`);
				expect((error as StateStoreUnavailableError).redis.setting).toBe('the test setting');
				expect(ms).toBeLessThan(3_000);
				expect(silent.connections()).toBeGreaterThan(0);
			} finally {
				await closeRedisConnections();
				await silent.close();
			}
		},
	);

	it('fails at once, naming the cause, when Redis refuses connections', async () => {
		const store = redisStore(keyPrefix, 'node-1', 'redis://127.0.0.1:1');

		const { error, ms } = await failureOf(store.increment('rotation'));

		expect(error.message).toMatch(
			/^Redis at redis:\/\/127\.0\.0\.1:1 could not be reached: .*ECONNREFUSED/,
		);
		expect(ms).toBeLessThan(1_500);
	});

	it('refuses a Redis URL it cannot use', async () => {
		const store = redisStore(keyPrefix, 'node-1', 'http://127.0.0.1:6379');

		await expect(store.claim(['event-1'], 1_000)).rejects.toThrow(
			'Redis at http://127.0.0.1:6379 could not be used: Redis URL must start with redis:// or rediss://, got "http://"',
		);
	});
});
