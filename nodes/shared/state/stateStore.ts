/**
 * What nodes keep between executions and across n8n processes: claims (one caller wins a key
 * for a window), counters and a short-lived cache. Two backends answer alike: Redis, shared by
 * every process, and the workflow's static data, enough for a single n8n main.
 */
import type { RedisUrlSetting } from './redisSettings';

/** A value the cache can keep: plain JSON, as both Redis and static data store it. */
export type CacheValue =
	| string
	| number
	| boolean
	| null
	| CacheValue[]
	| { [key: string]: CacheValue };

export interface StateCache {
	/** The value set for `key`, or undefined once it expired or was invalidated. */
	get(key: string): Promise<CacheValue | undefined>;
	set(key: string, value: CacheValue, ttlMs: number): Promise<void>;
	invalidate(key: string): Promise<void>;
	/** Forgets every key that starts with `prefix`. */
	invalidatePrefix(prefix: string): Promise<void>;
}

export type ClaimOutcome = 'claimed' | 'pending' | 'settled';

export interface PendingClaim {
	/** Per key, in order. */
	outcomes: ClaimOutcome[];
	/** The keys this call claimed. */
	claimedKeys: string[];
	/** Marks this call's claims, so that a release never drops a later caller's claim. */
	token: string;
}

export interface StateStore {
	readonly backend: 'redis' | 'staticData';
	/**
	 * Per key, true if this call claimed it (no claim on it within `windowMs`), false if it was
	 * already claimed, including by an earlier copy of the key in the same call.
	 */
	claim(keys: string[], windowMs: number): Promise<boolean[]>;
	/**
	 * A claim that waits for its outcome: per key `claimed` (this call holds it for `pendingMs`),
	 * `pending` (another caller holds it and has not settled it) or `settled`. The holder then
	 * settles its keys (work done: kept for the window) or releases them (work failed: the next
	 * claim wins). A store that cannot tell pending from settled answers `settled`.
	 */
	claimPending(keys: string[], pendingMs: number): Promise<PendingClaim>;
	/** Keeps the keys claimed for `windowMs` from now: the work they stand for is done. */
	settleClaims(keys: string[], windowMs: number): Promise<void>;
	/** Gives back the keys this claim still holds, so that the next claim of each wins. */
	releaseClaims(claim: PendingClaim): Promise<void>;
	/**
	 * Adds one to the counter and returns the new value (1 for a counter never used, or expired):
	 * concurrent callers never get the same number. With `ttlMs` the counter starts over after
	 * that long without an increment.
	 */
	increment(key: string, options?: { ttlMs?: number }): Promise<number>;
	/**
	 * The counter's number for one occasion (an event): the first call for it increments, later
	 * calls for the same occasion get the same number while it is remembered (`rememberMs`), so
	 * an event handled again (a retry, a redelivery) takes no second turn.
	 */
	incrementOnce(key: string, occasion: string, rememberMs: number): Promise<number>;
	readonly cache: StateCache;
}

/**
 * Redis did not answer within the time limit, or failed: the operation did not happen (see
 * `redisStateStore.ts` for what a late one leaves behind).
 */
export class StateStoreUnavailableError extends Error {
	constructor(
		message: string,
		/** The Redis URL and the setting it came from, for the operator. */
		readonly redis: RedisUrlSetting,
	) {
		super(message);
		this.name = 'StateStoreUnavailableError';
	}
}
