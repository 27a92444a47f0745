/**
 * Claims in the real Redis on 127.0.0.1:6379 (`nodes/shared/redisClaims.ts`): one claim per key
 * per window, and no claim left behind when Redis gets it only after the time limit, which would
 * turn HubSpot's retry of a delivery answered 503 into a duplicate.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

import IORedis from 'ioredis';

import { claimInRedis, closeRedisClaimConnections } from '../../nodes/shared/redisClaims';
import { deleteKeysMatching, TEST_REDIS_URL as REDIS_URL } from '../support/redisKeys';

/** Unique per run, and per test below it, so runs and tests never see each other's claims. */
const RUN_PREFIX = `hubspot-taskflow-test-claims-${process.pid}-${Date.now().toString(36)}`;
const HOUR_MS = 60 * 60 * 1000;

let redis: IORedis;
let keyPrefix: string;
let testNumber = 0;

beforeAll(async () => {
	redis = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
	await redis.connect();
});

beforeEach(() => {
	keyPrefix = `${RUN_PREFIX}-${++testNumber}`;
});

afterAll(async () => {
	await closeRedisClaimConnections();
	if (redis) {
		await deleteKeysMatching(redis, `${RUN_PREFIX}*`);
		await redis.quit();
	}
});

describe('claimInRedis', () => {
	it('lets a key be claimed once until its window ends, then again', async () => {
		const key = `${keyPrefix}:window`;

		expect(await claimInRedis(REDIS_URL, [key], 300)).toEqual({ ok: true, claimed: [true] });
		expect(await claimInRedis(REDIS_URL, [key], 300)).toEqual({ ok: true, claimed: [false] });
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(await claimInRedis(REDIS_URL, [key, `${key}-other`], 300)).toEqual({
			ok: true,
			claimed: [true, true],
		});
	});

	it('leaves no claim behind when Redis gets the claim only after the time limit', async () => {
		const proxy = await startDelayingProxy(new URL(REDIS_URL));
		try {
			const viaProxy = `redis://127.0.0.1:${proxy.port}`;
			// A connection that is up, then a Redis that takes 2.5 s to see what it is sent.
			expect(await claimInRedis(viaProxy, [`${keyPrefix}:warm`], HOUR_MS)).toEqual({
				ok: true,
				claimed: [true],
			});
			proxy.setDelay(2_500);
			const key = `${keyPrefix}:late`;

			const late = await claimInRedis(viaProxy, [key], HOUR_MS);

			expect(late.ok).toBe(false);
			await new Promise((resolve) => setTimeout(resolve, 3_500));
			expect(proxy.forwardedChunks()).toBeGreaterThanOrEqual(2); // the claim reached Redis
			expect(await redis.exists(key)).toBe(0);
			proxy.setDelay(0);
			expect(await claimInRedis(viaProxy, [key], HOUR_MS)).toEqual({ ok: true, claimed: [true] });
		} finally {
			await closeRedisClaimConnections();
			await proxy.close();
		}
	});

	it('makes no claim once the time limit passed while connecting', async () => {
		const proxy = await startDelayingProxy(new URL(REDIS_URL));
		proxy.setDelay(2_500);
		try {
			const key = `${keyPrefix}:connecting`;

			const outcome = await claimInRedis(`redis://127.0.0.1:${proxy.port}`, [key], HOUR_MS);

			expect(outcome.ok).toBe(false);
			// The connection comes up after the limit; the claim must not be made then.
			await new Promise((resolve) => setTimeout(resolve, 4_000));
			expect(proxy.forwardedChunks()).toBeGreaterThan(0);
			expect(await redis.exists(key)).toBe(0);
		} finally {
			await closeRedisClaimConnections();
			await proxy.close();
		}
	});

	it('reports a Redis URL it cannot use instead of throwing', async () => {
		expect(await claimInRedis('http://127.0.0.1:6379', [`${keyPrefix}:x`], 1_000)).toEqual({
			ok: false,
			reason: 'Redis URL must start with redis:// or rediss://, got "http://"',
		});
	});
});

/**
 * A TCP proxy to Redis that holds what clients send for a settable delay (in order), like a
 * Redis that is slow to get to its commands; answers come back at once.
 */
async function startDelayingProxy(redisUrl: URL): Promise<{
	port: number;
	setDelay: (ms: number) => void;
	forwardedChunks: () => number;
	close: () => Promise<void>;
}> {
	let delayMs = 0;
	let forwarded = 0;
	const sockets = new Set<Socket>();
	const server: Server = createServer((client) => {
		const upstream = connect(Number(redisUrl.port || 6379), redisUrl.hostname);
		let lastRelease = 0;
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => undefined);
		}
		client.on('data', (chunk: Buffer) => {
			// Never earlier than a chunk sent before it, so the stream keeps its order.
			const releaseAt = Math.max(Date.now() + delayMs, lastRelease);
			lastRelease = releaseAt;
			setTimeout(() => {
				forwarded += 1;
				upstream.write(chunk);
			}, releaseAt - Date.now());
		});
		upstream.on('data', (chunk: Buffer) => client.write(chunk));
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no TCP address');
	return {
		port: address.port,
		setDelay: (ms) => (delayMs = ms),
		forwardedChunks: () => forwarded,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
