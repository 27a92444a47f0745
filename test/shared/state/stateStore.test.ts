/**
 * What every state store does, Redis and static data alike: claims, counters and the cache.
 */
import { type Backend, redisBackend, staticDataBackend, useTestRedis } from './stateStoreSupport';
import { serviceStatus } from '../../support/services';

const { keyPrefix } = useTestRedis('contract');

// without Redis on this machine only static data is tried (the run's last lines say so)
const backends: Array<[string, () => Backend]> = [
	...(serviceStatus().redis
		? [['Redis', () => redisBackend(keyPrefix)] as [string, () => Backend]]
		: []),
	['static data', () => staticDataBackend()],
];

describe.each(backends)('the %s state store', (_name, makeBackend) => {
	let backend: Backend;

	beforeEach(() => {
		backend = makeBackend();
	});

	it('lets a key be claimed once until its window ends, then again', async () => {
		const store = backend.store();

		expect(await store.claim(['event-1'], 300)).toEqual([true]);
		expect(await backend.store().claim(['event-1', 'event-2', 'event-2'], 300)).toEqual([
			false,
			true,
			false,
		]);
		await backend.wait(400);
		expect(await store.claim(['event-1', 'event-2'], 300)).toEqual([true, true]);
		expect(await store.claim([], 300)).toEqual([]);
	});

	it('gives 50 concurrent increments the numbers 1 to 50, each once', async () => {
		const store = backend.store();

		const numbers = await Promise.all(
			Array.from({ length: 50 }, async () => await store.increment('owner-rotation')),
		);

		expect([...numbers].sort((a, b) => a - b)).toEqual(
			Array.from({ length: 50 }, (_, index) => index + 1),
		);
		expect(await backend.store().increment('another-counter')).toBe(1);
	});

	it('starts a counter over once its time to live passes without an increment', async () => {
		const store = backend.store();

		const ttl = { ttlMs: 1_000 };
		expect(await store.increment('rotation', ttl)).toBe(1);
		await backend.wait(600);
		expect(await store.increment('rotation', ttl)).toBe(2);
		await backend.wait(600);
		// Each increment renews the time to live.
		expect(await store.increment('rotation', ttl)).toBe(3);
		await backend.wait(1_200);
		expect(await store.increment('rotation', ttl)).toBe(1);
	});

	it('gives an occasion one number however often it asks, concurrent occasions each their own, until it is forgotten', async () => {
		const store = backend.store();

		const firstAsks = await Promise.all(
			Array.from(
				{ length: 20 },
				async (_, n) => await store.incrementOnce('turn', `event-${n}`, 500),
			),
		);
		expect([...firstAsks].sort((a, b) => a - b)).toEqual(
			Array.from({ length: 20 }, (_, index) => index + 1),
		);
		// asked again, also at once and from another store of the same node: the same numbers
		const again = await Promise.all(
			Array.from(
				{ length: 20 },
				async (_, n) => await backend.store().incrementOnce('turn', `event-${n}`, 500),
			),
		);
		expect(again).toEqual(firstAsks);
		expect(await store.incrementOnce('turn', 'event-new', 500)).toBe(21);
		expect(await store.increment('turn')).toBe(22);
		await backend.wait(700);
		expect(await store.incrementOnce('turn', 'event-0', 500)).toBe(23);
	});

	it('keeps a cached value until it expires, as a copy', async () => {
		const store = backend.store();
		const route = { ownerId: '77', numbers: ['+5511999990000'] };

		await store.cache.set('route:+5511999990000', route, 300);
		route.ownerId = 'changed after set';
		const cached = await store.cache.get('route:+5511999990000');

		expect(cached).toEqual({ ownerId: '77', numbers: ['+5511999990000'] });
		(cached as { ownerId: string }).ownerId = 'changed after get';
		expect(await backend.store().cache.get('route:+5511999990000')).toEqual({
			ownerId: '77',
			numbers: ['+5511999990000'],
		});
		expect(await store.cache.get('route:unknown')).toBeUndefined();
		await backend.wait(400);
		expect(await store.cache.get('route:+5511999990000')).toBeUndefined();
	});

	it('forgets a cached key, or every key with a prefix, and nothing else', async () => {
		const store = backend.store();
		for (const key of ['owners:1', 'owners:2', 'ownersList', 'calls:1', 'calls:2']) {
			await store.cache.set(key, key, 60_000);
		}

		await store.cache.invalidate('calls:1');
		await store.cache.invalidatePrefix('owners:');
		await store.cache.invalidate('never-set');

		const remaining = await Promise.all(
			['owners:1', 'owners:2', 'ownersList', 'calls:1', 'calls:2'].map(
				async (key) => await store.cache.get(key),
			),
		);
		expect(remaining).toEqual([undefined, undefined, 'ownersList', undefined, 'calls:2']);
		// Invalidated keys can be cached again.
		await store.cache.set('owners:1', 'again', 60_000);
		expect(await store.cache.get('owners:1')).toBe('again');
	});

	it('keeps the state of different nodes apart', async () => {
		await backend.store('node-a').claim(['event-1'], 60_000);
		await backend.store('node-a').increment('rotation');
		await backend.store('node-a').cache.set('route', 'a', 60_000);

		const other = backend.store('node-b');

		expect(await other.claim(['event-1'], 60_000)).toEqual([true]);
		expect(await other.increment('rotation')).toBe(1);
		expect(await other.cache.get('route')).toBeUndefined();
		await other.cache.invalidatePrefix('');
		expect(await backend.store('node-a').cache.get('route')).toBe('a');
	});
});
