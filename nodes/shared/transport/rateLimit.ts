/**
 * Bottleneck settings for the client's built-in limiter. HubSpot allows 190 requests per rolling
 * 10 s for a private app (higher tiers more); spacing request starts by `minTime` keeps any 10 s
 * window under the budget without a reservoir, whose refresh timer would outlive the execution.
 * With a Redis URL every n8n process (main and queue-mode workers) shares one budget per token.
 */
import { createHash } from 'node:crypto';

export interface RateLimitOptions {
	/** Requests per rolling 10 s this transport may use. Default 180 (HubSpot's limit is 190). */
	requestsPer10s: number;
	/** Requests in flight at once. Default 8. */
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
	/** The ioredis module, for bundles where Bottleneck cannot `require('ioredis')` by itself. */
	redisModule?: unknown;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
	requestsPer10s: 180,
	maxConcurrent: 8,
	searchPerSecond: 4.5,
};

/** The subset of Bottleneck's constructor options this transport sets. */
export interface LimiterOptions {
	id: string;
	maxConcurrent: number;
	minTime: number;
	datastore?: 'local' | 'ioredis';
	clearDatastore?: boolean;
	clientOptions?: Record<string, unknown>;
	Redis?: unknown;
}

export function tokenFingerprint(accessToken: string): string {
	return createHash('sha256').update(accessToken).digest('hex').slice(0, 16);
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

export function limiterOptionsFor(
	accessToken: string,
	rateLimit: RateLimitOptions,
): LimiterOptions {
	const options: LimiterOptions = {
		// One id per token: HubSpot counts the budget per private app and account.
		id: `hubspot-taskflow-${tokenFingerprint(accessToken)}`,
		maxConcurrent: rateLimit.maxConcurrent,
		minTime: Math.ceil(10_000 / rateLimit.requestsPer10s),
	};
	if (rateLimit.redisUrl) {
		options.datastore = 'ioredis';
		// Other processes may be using the shared state; never wipe it on start.
		options.clearDatastore = false;
		options.clientOptions = redisClientOptions(rateLimit.redisUrl);
		if (rateLimit.redisModule) options.Redis = rateLimit.redisModule;
	}
	return options;
}
