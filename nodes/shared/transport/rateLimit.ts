/**
 * Settings of the transport's rate budget. HubSpot allows 190 requests per rolling 10 s for a
 * private app (higher tiers more) and 5 search requests a second, per account and app, not per
 * process. The budget is a token bucket (Bottleneck's reservoir with a steady increase): a small
 * burst lets the few calls of one execution go at once instead of tens of milliseconds apart,
 * and burst + refill over 10 s equals the budget, so every rolling 10 s window stays within it
 * (a reservoir refilled every 10 s would only bound fixed windows, letting two adjacent ones add
 * up to twice the budget). With a Redis URL the bucket is kept in Redis through Bottleneck's
 * clustering, so every n8n process (main and queue-mode workers) draws on one budget.
 */
import { createHash } from 'node:crypto';

import { redisClientOptions, redisKeyPrefixOr } from '../state/redisSettings';
import type { Bottleneck } from '../vendor';

export interface RateLimitOptions {
	/**
	 * Requests in any rolling 10 s this transport may start. Default 180 (HubSpot's limit is 190;
	 * the rest covers requests that reach HubSpot later or sooner than they started).
	 */
	requestsPer10s: number;
	/** Requests in flight at once, per process. Default 8. */
	maxConcurrent: number;
	/**
	 * Search requests per second (HubSpot allows 5 per token, counted over any 1 s). Default 4.5:
	 * starts ~222 ms apart, so five of them span ~1.1 s and a request held up by up to ~100 ms
	 * (a GC pause, a busy event loop, the network) still lands outside the previous four's second.
	 * Pacing at exactly 5/s drew a 429 (and a 1 s retry wait) every few seconds in the bench.
	 */
	searchPerSecond: number;
	/** redis://user:pass@host:port/db; when set, the budget is shared through Redis. */
	redisUrl?: string;
	/** Start of the Redis key names (Bottleneck adds `b_` in front). Default "hubspot-taskflow". */
	redisKeyPrefix?: string;
	/** How long the first request waits for Redis before it fails. Default 10 s. */
	redisConnectTimeoutMs?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
	requestsPer10s: 180,
	maxConcurrent: 8,
	searchPerSecond: 4.5,
};

/** Shared limiter state expires this long after its last use (and is rebuilt on the next one). */
export const SHARED_STATE_IDLE_TTL_MS = 15 * 60_000;

/** The refill period of the bucket; Redis-kept buckets refill in exact multiples of it. */
export const BUCKET_REFILL_INTERVAL_MS = 250;
/** Requests that may start at once after a quiet spell (a few executions' calls). */
export const DEFAULT_BURST = 8;
/**
 * How often Bottleneck looks at the bucket. In the process it adds a refill only when a whole
 * interval has passed since the last one it saw, so a tick much shorter than the interval keeps
 * refills from slipping to the next tick; in Redis it wakes the requests waiting for a refill.
 */
const LOCAL_BUCKET_TICK_MS = 25;
const SHARED_BUCKET_TICK_MS = 100;

/** Bottleneck's reservoir settings for a token bucket; empty for an unlimited budget. */
export interface TokenBucket {
	reservoir?: number;
	reservoirIncreaseAmount?: number;
	reservoirIncreaseInterval?: number;
	reservoirIncreaseMaximum?: number;
}

/**
 * A bucket of `burst` tokens refilled every 250 ms so that burst + 10 s of refills is exactly
 * `requestsPer10s`: any rolling 10 s holds at most the full bucket plus 40 refills. The burst
 * grows with large budgets, as a refill can never hold more than the bucket.
 */
export function tokenBucketFor(requestsPer10s: number): TokenBucket {
	if (requestsPer10s === Infinity) return {};
	// Below 2 a bucket of one whole request would leave nothing to refill.
	if (!(requestsPer10s >= 2)) {
		throw new Error(`requestsPer10s must be at least 2, got ${requestsPer10s}`);
	}
	const refillsPer10s = 10_000 / BUCKET_REFILL_INTERVAL_MS;
	const burst = Math.max(
		Math.min(DEFAULT_BURST, Math.max(1, Math.floor(requestsPer10s / 10))),
		Math.ceil(requestsPer10s / (refillsPer10s + 1)),
	);
	return {
		reservoir: burst,
		reservoirIncreaseAmount: (requestsPer10s - burst) / refillsPer10s,
		reservoirIncreaseInterval: BUCKET_REFILL_INTERVAL_MS,
		reservoirIncreaseMaximum: burst,
	};
}

/**
 * The bucket's refill settings alone (null where unlimited), for a shared bucket whose current
 * level must be kept.
 */
export function bucketRefillSettings(bucket: TokenBucket): Bottleneck.ConstructorOptions {
	return {
		reservoirIncreaseAmount: bucket.reservoirIncreaseAmount ?? null,
		reservoirIncreaseInterval: bucket.reservoirIncreaseInterval ?? null,
		reservoirIncreaseMaximum: bucket.reservoirIncreaseMaximum ?? null,
	};
}

/** Bottleneck's options plus `heartbeatInterval`, which it takes but its typings lack. */
export type BottleneckOptions = Bottleneck.ConstructorOptions & { heartbeatInterval?: number };

/** Bottleneck options for the limiter that meters all requests of one budget. */
export type LimiterOptions = BottleneckOptions & {
	id: string;
	bucket: TokenBucket;
	/** How often the bucket is looked at. */
	heartbeatInterval: number;
};

/**
 * Short hash naming a budget. HubSpot counts per account and app, i.e. per token; the base URL
 * keeps a sandbox or proxy from sharing a budget with the real API under the same token.
 */
export function tokenFingerprint(accessToken: string, baseUrl?: string): string {
	const hash = createHash('sha256');
	if (baseUrl !== undefined) hash.update(`${baseUrl}\n`);
	return hash.update(accessToken).digest('hex').slice(0, 16);
}

export function budgetId(
	accessToken: string,
	rateLimit: RateLimitOptions,
	baseUrl?: string,
): string {
	return `${redisKeyPrefixOr(rateLimit.redisKeyPrefix)}-${tokenFingerprint(accessToken, baseUrl)}`;
}

export function searchMinTimeFor(searchPerSecond: number): number {
	return Math.ceil(1_000 / searchPerSecond);
}

/**
 * The budget's limiter settings. `maxConcurrent` always applies per process; with a Redis URL the
 * rest (the bucket) is shared by every limiter of the same id, and the shared state is never
 * cleared on start, since other processes are using it.
 */
export function limiterOptionsFor(
	accessToken: string,
	rateLimit: RateLimitOptions,
	baseUrl?: string,
): LimiterOptions {
	const bucket = tokenBucketFor(rateLimit.requestsPer10s);
	const metering = {
		id: budgetId(accessToken, rateLimit, baseUrl),
		maxConcurrent: rateLimit.maxConcurrent,
		bucket,
	};
	if (!rateLimit.redisUrl) return { ...metering, heartbeatInterval: LOCAL_BUCKET_TICK_MS };
	return {
		...metering,
		heartbeatInterval: SHARED_BUCKET_TICK_MS,
		datastore: 'ioredis',
		clearDatastore: false,
		clientOptions: redisClientOptions(rateLimit.redisUrl),
		timeout: SHARED_STATE_IDLE_TTL_MS,
	};
}
