import {
	DEFAULT_RATE_LIMIT,
	limiterOptionsFor,
	redisClientOptions,
	tokenFingerprint,
} from '../../nodes/shared/transport/rateLimit';

describe('limiter options', () => {
	it('keeps any 10 s window under the budget by spacing request starts', () => {
		const options = limiterOptionsFor('token-a', DEFAULT_RATE_LIMIT);
		expect(options.datastore).toBeUndefined();
		expect(Math.floor(10_000 / options.minTime)).toBeLessThan(190);
		expect(options.maxConcurrent).toBe(DEFAULT_RATE_LIMIT.maxConcurrent);
	});

	it('shares one Redis-backed limiter per token, without ever clearing the shared state', () => {
		const a = limiterOptionsFor('token-a', {
			...DEFAULT_RATE_LIMIT,
			redisUrl: 'rediss://worker:s%40cret@redis.internal:6380/2',
		});
		const again = limiterOptionsFor('token-a', {
			...DEFAULT_RATE_LIMIT,
			redisUrl: 'redis://other:6379',
		});
		const b = limiterOptionsFor('token-b', {
			...DEFAULT_RATE_LIMIT,
			redisUrl: 'redis://other:6379',
		});

		expect(a).toMatchObject({
			datastore: 'ioredis',
			clearDatastore: false,
			id: `hubspot-taskflow-${tokenFingerprint('token-a')}`,
		});
		expect(a.id).toBe(again.id);
		expect(a.id).not.toBe(b.id);
		expect(a.id).not.toContain('token-a');
		expect(a.clientOptions).toEqual({
			host: 'redis.internal',
			port: 6380,
			username: 'worker',
			password: 's@cret',
			db: 2,
			tls: {},
		});
	});

	it('rejects a URL that is not a Redis URL', () => {
		expect(() => redisClientOptions('http://redis:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
	});
});
