/**
 * Where the pack's Redis is and how long it may take, read in one place for the shared rate
 * budget and the state store: the URL (credential, else environment), the key prefix, the
 * connection options and the time limits.
 */

export const DEFAULT_REDIS_KEY_PREFIX = 'hubspot-taskflow';
export const REDIS_URL_ENVIRONMENT_VARIABLE = 'HUBSPOT_TASKFLOW_REDIS_URL';
/** Start of the Redis key names (budget, state store), for several setups on one Redis. */
export const REDIS_KEY_PREFIX_ENVIRONMENT_VARIABLE = 'HUBSPOT_TASKFLOW_REDIS_KEY_PREFIX';

/**
 * Longest one state-store operation may take, connecting included. A webhook answer cannot wait
 * for Redis to come back (HubSpot gives up after 5 s), so nothing is queued or retried past it.
 */
export const STATE_STORE_TIMEOUT_MS = 1_500;
/** How long the rate budget's first request waits for Redis before it fails. */
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 10_000;
/** One TCP (and TLS) connection attempt; the client tries again while a caller still waits. */
const CONNECT_ATTEMPT_TIMEOUT_MS = 2_000;

function fromEnvironment(name: string): string | undefined {
	const value = process.env[name]?.trim();
	return value ? value : undefined;
}

/** A Redis URL and the setting it came from, named in messages so an operator knows what to fix. */
export interface RedisUrlSetting {
	url: string;
	setting: string;
}

/**
 * The credential's Redis URL, else the environment's: queue-mode workers get one shared URL from
 * their environment instead of per credential.
 */
export function redisUrlSetting(credentialRedisUrl?: string): RedisUrlSetting | undefined {
	const fromCredential = credentialRedisUrl?.trim();
	if (fromCredential) {
		return { url: fromCredential, setting: 'the Redis URL of the HubSpot Taskflow credential' };
	}
	const fromVariable = fromEnvironment(REDIS_URL_ENVIRONMENT_VARIABLE);
	if (!fromVariable) return undefined;
	return {
		url: fromVariable,
		setting: `the ${REDIS_URL_ENVIRONMENT_VARIABLE} environment variable`,
	};
}

/** The key prefix the environment sets, if any. */
export function redisKeyPrefixFromEnvironment(): string | undefined {
	return fromEnvironment(REDIS_KEY_PREFIX_ENVIRONMENT_VARIABLE);
}

/** The start of every Redis key name: the given prefix, else the default. */
export function redisKeyPrefixOr(prefix: string | undefined): string {
	return prefix?.trim() || DEFAULT_REDIS_KEY_PREFIX;
}

/** The Redis URL without user or password, for messages and logs. */
export function describeRedisUrl(redisUrl: string): string {
	try {
		const url = new URL(redisUrl);
		return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
	} catch {
		return 'an unparseable Redis URL';
	}
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

/** The name this process's Redis connections carry (CLIENT LIST), for operators. */
export function redisConnectionName(pid = process.pid): string {
	return `hubspot-taskflow-${pid}`;
}

/**
 * The one connection's options: every caller bounds its own wait, so the client may keep
 * reconnecting in the background for the rate budget, whose limiters live on it.
 */
export function sharedConnectionOptions(redisUrl: string): Record<string, unknown> {
	return {
		...redisClientOptions(redisUrl),
		connectionName: redisConnectionName(),
		connectTimeout: CONNECT_ATTEMPT_TIMEOUT_MS,
		// ioredis keeps a closed-but-never-connected socket's 2 s destroy timer; shorten it.
		disconnectTimeout: 100,
	};
}
