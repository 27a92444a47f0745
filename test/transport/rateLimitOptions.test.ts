import {
	bucketRefillSettings,
	DEFAULT_RATE_LIMIT,
	limiterOptionsFor,
	tokenBucketFor,
	type TokenBucket,
	tokenFingerprint,
} from '../../nodes/shared/transport/rateLimit';
import { redisClientOptions } from '../../nodes/shared/state/redisSettings';

describe('limiter options', () => {
	it('meters requests with a token bucket whose burst plus 10 s of refills is the budget', () => {
		const options = limiterOptionsFor('token-a', DEFAULT_RATE_LIMIT);
		expect(options.datastore).toBeUndefined();
		expect(options.maxConcurrent).toBe(DEFAULT_RATE_LIMIT.maxConcurrent);
		expect(options.bucket).toEqual({
			reservoir: 8,
			reservoirIncreaseAmount: 4.3,
			reservoirIncreaseInterval: 250,
			reservoirIncreaseMaximum: 8,
		});
		// The most any rolling 10 s can hold: a full bucket, then 40 refills.
		expect(worstTenSeconds(options.bucket)).toBeCloseTo(180, 9);
		expect(worstTenSeconds(options.bucket)).toBeLessThan(190);
	});

	it.each([2, 5, 36, 100, 190, 250, 1_000, 10_000])(
		'keeps a budget of %i per 10 s exact, with refills never larger than the bucket',
		(requestsPer10s) => {
			const bucket = tokenBucketFor(requestsPer10s);
			expect(bucket.reservoir).toBeGreaterThanOrEqual(1);
			expect(bucket.reservoirIncreaseAmount).toBeGreaterThan(0);
			expect(bucket.reservoirIncreaseAmount).toBeLessThanOrEqual(bucket.reservoir as number);
			expect(worstTenSeconds(bucket)).toBeCloseTo(requestsPer10s, 9);
		},
	);

	it('leaves an unlimited budget without a bucket, and refuses a budget below two requests', () => {
		expect(tokenBucketFor(Infinity)).toEqual({});
		expect(bucketRefillSettings({})).toEqual({
			reservoirIncreaseAmount: null,
			reservoirIncreaseInterval: null,
			reservoirIncreaseMaximum: null,
		});
		expect(() => tokenBucketFor(1)).toThrow(/at least 2/);
		expect(() => tokenBucketFor(Number.NaN)).toThrow(/at least 2/);
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

function worstTenSeconds(bucket: TokenBucket): number {
	const refills = 10_000 / (bucket.reservoirIncreaseInterval as number);
	return (bucket.reservoir as number) + refills * (bucket.reservoirIncreaseAmount as number);
}
