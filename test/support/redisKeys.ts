/**
 * Keys a test run left in the shared Redis on 127.0.0.1: found by SCAN (never KEYS, which blocks
 * a Redis other suites are using) and deleted in batches.
 */
import type IORedis from 'ioredis';

export const TEST_REDIS_URL =
	process.env.HUBSPOT_TASKFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function keysMatching(redis: IORedis, pattern: string): Promise<string[]> {
	const found: string[] = [];
	let cursor = '0';
	do {
		const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
		cursor = next;
		found.push(...keys);
	} while (cursor !== '0');
	return found;
}

/** Deletes every key matching the pattern; how many there were. */
export async function deleteKeysMatching(redis: IORedis, pattern: string): Promise<number> {
	const keys = await keysMatching(redis, pattern);
	return keys.length > 0 ? await redis.del(...keys) : 0;
}
