/**
 * The two state-store backends as the contract tests drive them: Redis (the real one on
 * 127.0.0.1:6379, under a key prefix unique to the run) and static data on a settable clock.
 */
import IORedis from 'ioredis';
import type { IDataObject } from 'n8n-workflow';

import {
	closeRedisConnections,
	RedisStateStore,
	STATE_STORE_TIMEOUT_MS,
	StaticDataStateStore,
	type StateStore,
} from '../../../nodes/shared/state';
import { deleteKeysMatching, TEST_REDIS_URL } from '../../support/redisKeys';
import { serviceStatus } from '../../support/services';

/** Unique per run (and per worker), so runs never see each other's state. */
export const RUN_PREFIX = `hubspot-taskflow-test-state-${process.pid}-${Date.now().toString(36)}`;

/**
 * Registers a suite's Redis hooks: a client of its own to look at keys, a key prefix unique to
 * each test, and at the end the store's connections closed and the run's keys deleted.
 */
export function useTestRedis(label: string): { redis: () => IORedis; keyPrefix: () => string } {
	let redis: IORedis | undefined;
	let keyPrefix = '';
	let testNumber = 0;
	beforeAll(async () => {
		// a suite that also runs without Redis (static data) must not need it to start
		if (!serviceStatus().redis) return;
		redis = new IORedis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
		await redis.connect();
	});
	beforeEach(() => {
		keyPrefix = `${RUN_PREFIX}-${label}-${++testNumber}`;
	});
	afterAll(async () => {
		await closeRedisConnections();
		if (redis) {
			await deleteKeysMatching(redis, `${RUN_PREFIX}*`);
			await redis.quit();
		}
	});
	return { redis: () => redis as IORedis, keyPrefix: () => keyPrefix };
}

export interface Backend {
	name: string;
	/** A store for one node; the same `node` gives a store on the same state. */
	store(node?: string): StateStore;
	/** Lets `ms` pass for expiry. */
	wait(ms: number): Promise<void>;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export function redisStore(
	keyPrefix: string,
	node = 'node-1',
	redisUrl = TEST_REDIS_URL,
): RedisStateStore {
	return new RedisStateStore(
		{ url: redisUrl, setting: 'the test setting' },
		{ prefix: keyPrefix, workflowId: 'workflow-1', nodeId: node },
		STATE_STORE_TIMEOUT_MS,
	);
}

export function redisBackend(keyPrefix: () => string): Backend {
	return { name: 'Redis', store: (node) => redisStore(keyPrefix(), node), wait: sleep };
}

export function staticDataBackend(maxClaims = 5000): Backend {
	let nowMs = 1_790_000_000_000;
	const dataOfNode = new Map<string, IDataObject>();
	return {
		name: 'static data',
		store: (node = 'node-1') => {
			if (!dataOfNode.has(node)) dataOfNode.set(node, {});
			return new StaticDataStateStore(dataOfNode.get(node) as IDataObject, {
				maxClaims,
				now: () => nowMs,
			});
		},
		wait: async (ms) => {
			nowMs += ms;
		},
	};
}
