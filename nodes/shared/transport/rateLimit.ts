/**
 * Settings of the transport's rate budget. HubSpot allows 190 requests per rolling 10 s for a
 * private app (higher tiers more) and 5 search requests a second, per account and app, not per
 * process. Spacing request starts by `minTime` keeps every rolling 10 s window under the budget
 * (a reservoir refilled every 10 s would only bound fixed windows, letting two adjacent ones add
 * up to twice the budget). With a Redis URL the spacing is kept in Redis through Bottleneck's
 * clustering, so every n8n process (main and queue-mode workers) draws on one budget.
 */
import { createHash } from 'node:crypto';

import type { Bottleneck } from '../vendor';

export interface RateLimitOptions {
	/** Requests per rolling 10 s this transport may use. Default 180 (HubSpot's limit is 190). */
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
	/** The ioredis module to use instead of the bundled one. */
	redisModule?: unknown;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
	requestsPer10s: 180,
	maxConcurrent: 8,
	searchPerSecond: 4.5,
};

export const DEFAULT_REDIS_KEY_PREFIX = 'hubspot-taskflow';

/** Shared limiter state expires this long after its last use (and is rebuilt on the next one). */
export const SHARED_STATE_IDLE_TTL_MS = 15 * 60_000;

/** Bottleneck options for the limiter that spaces all requests of one budget. */
export type LimiterOptions = Bottleneck.ConstructorOptions & { id: string; minTime: number };

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
	const prefix = rateLimit.redisKeyPrefix?.trim() || DEFAULT_REDIS_KEY_PREFIX;
	return `${prefix}-${tokenFingerprint(accessToken, baseUrl)}`;
}

/** ioredis options from a redis:// or rediss:// URL. */
export function redisClientOptions(redisUrl: string): Record<string, unknown> {
	const url = new URL(redisUrl);
	if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
		throw new Error(`Redis URL must start with redis:// or rediss://, got "${url.protocol}//"`);
	}
	const options: Record<string, unknown> = {
		host: url.hostname,
		port: url.port ? Number(url.port) : 6379,
	};
	if (url.username) options.username = decodeURIComponent(url.username);
	if (url.password) options.password = decodeURIComponent(url.password);
	const db = url.pathname.replace(/^\//, '');
	if (db) options.db = Number(db);
	if (url.protocol === 'rediss:') options.tls = {};
	return options;
}

export function minTimeFor(requestsPer10s: number): number {
	return Math.ceil(10_000 / requestsPer10s);
}

export function searchMinTimeFor(searchPerSecond: number): number {
	return Math.ceil(1_000 / searchPerSecond);
}

/**
 * The budget's limiter settings. `maxConcurrent` always applies per process; with a Redis URL the
 * rest (the spacing) is shared by every limiter of the same id, and the shared state is never
 * cleared on start, since other processes are using it.
 */
export function limiterOptionsFor(
	accessToken: string,
	rateLimit: RateLimitOptions,
	baseUrl?: string,
): LimiterOptions {
	const spacing = {
		id: budgetId(accessToken, rateLimit, baseUrl),
		maxConcurrent: rateLimit.maxConcurrent,
		minTime: minTimeFor(rateLimit.requestsPer10s),
	};
	if (!rateLimit.redisUrl) return spacing;
	return {
		...spacing,
		datastore: 'ioredis',
		clearDatastore: false,
		clientOptions: redisClientOptions(rateLimit.redisUrl),
		timeout: SHARED_STATE_IDLE_TTL_MS,
		...(rateLimit.redisModule ? { Redis: rateLimit.redisModule } : {}),
	};
}
