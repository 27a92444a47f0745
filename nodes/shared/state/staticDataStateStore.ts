/**
 * The state store in the workflow's static data (`getWorkflowStaticData('node')`), which n8n
 * saves after a webhook call or an execution: right for a single n8n main, and never shared with
 * another process. Every change replaces a top-level entry, as n8n notices only those (objects
 * added during a run are not watched).
 */
import type { IDataObject } from 'n8n-workflow';

import { claimKeys, parseSeenSet } from '../../domain/webhook';
import type { CacheValue, PendingClaim, StateCache, StateStore } from './stateStore';

/** The claims keep the name the trigger's seen-set had, so saved memory survives an upgrade. */
const CLAIMS_ENTRY = 'seenEvents';
const COUNTERS_ENTRY = 'counters';
const CACHE_ENTRY = 'cache';
const OCCASIONS_ENTRY = 'counterOccasions';
/** Occasions remembered at most in static data; a forgotten one only draws a new number. */
const MAX_OCCASIONS = 5_000;

interface Expiring<T> {
	value: T;
	expiresAtMs?: number;
}

type ExpiringEntries<T> = Record<string, Expiring<T>>;

/** structuredClone refuses the proxies n8n wraps loaded static data in. */
function jsonCopy(value: CacheValue): CacheValue {
	return JSON.parse(JSON.stringify(value)) as CacheValue;
}

export interface StaticDataStoreOptions {
	/** Most claims kept; the oldest go first (the trigger's "Max Remembered Events"). */
	maxClaims: number;
	now?: () => number;
}

export class StaticDataStateStore implements StateStore {
	readonly backend = 'staticData';
	readonly cache: StateCache;
	private readonly now: () => number;

	constructor(
		private readonly staticData: IDataObject,
		private readonly options: StaticDataStoreOptions,
	) {
		this.now = options.now ?? Date.now;
		this.cache = this.staticDataCache();
	}

	async claim(keys: string[], windowMs: number): Promise<boolean[]> {
		const claim = claimKeys(parseSeenSet(this.staticData[CLAIMS_ENTRY]), keys, this.now(), {
			windowMs,
			maxEntries: this.options.maxClaims,
		});
		this.staticData[CLAIMS_ENTRY] = claim.state as unknown as IDataObject;
		return claim.fresh;
	}

	/**
	 * Static data is saved only when n8n answers the request, so a later settle or release would
	 * be lost and another delivery could never see a pending claim: each claim is kept for
	 * `pendingMs` and then lapses, whatever the outcome.
	 */
	async claimPending(keys: string[], pendingMs: number): Promise<PendingClaim> {
		const fresh = await this.claim(keys, pendingMs);
		return {
			outcomes: fresh.map((claimed) => (claimed ? 'claimed' : 'settled')),
			claimedKeys: keys.filter((_key, index) => fresh[index]),
			token: '',
		};
	}

	async settleClaims(): Promise<void> {}

	async releaseClaims(): Promise<void> {}

	async increment(key: string, options: { ttlMs?: number } = {}): Promise<number> {
		return this.nextValue(key, options.ttlMs);
	}

	/** Synchronous, so that calls in one process never interleave between read and write. */
	private nextValue(key: string, ttlMs?: number): number {
		const counters = this.live<number>(COUNTERS_ENTRY);
		const value = (counters[key]?.value ?? 0) + 1;
		counters[key] = { value, ...this.expiry(ttlMs) };
		this.staticData[COUNTERS_ENTRY] = counters as unknown as IDataObject;
		return value;
	}

	async incrementOnce(key: string, occasion: string, rememberMs: number): Promise<number> {
		const occasions = this.live<number>(OCCASIONS_ENTRY);
		const remembered = occasions[`${key}:${occasion}`]?.value;
		if (remembered !== undefined) return remembered;
		const value = this.nextValue(key);
		occasions[`${key}:${occasion}`] = { value, ...this.expiry(rememberMs) };
		// Static data is saved with every execution: the oldest occasions go first past the cap.
		const names = Object.keys(occasions);
		for (const name of names.slice(0, Math.max(0, names.length - MAX_OCCASIONS))) {
			delete occasions[name];
		}
		this.staticData[OCCASIONS_ENTRY] = occasions as unknown as IDataObject;
		return value;
	}

	private expiry(ttlMs: number | undefined): { expiresAtMs?: number } {
		return ttlMs === undefined ? {} : { expiresAtMs: this.now() + ttlMs };
	}

	/** A copy of the entries under `name` without the expired ones. */
	private live<T>(name: string): ExpiringEntries<T> {
		const stored = this.staticData[name];
		if (typeof stored !== 'object' || stored === null) return {};
		const nowMs = this.now();
		return Object.fromEntries(
			Object.entries(stored as ExpiringEntries<T>).filter(
				([, entry]) => entry.expiresAtMs === undefined || entry.expiresAtMs > nowMs,
			),
		);
	}

	private staticDataCache(): StateCache {
		const save = (entries: ExpiringEntries<CacheValue>) => {
			this.staticData[CACHE_ENTRY] = entries as unknown as IDataObject;
		};
		const keep = (keepKey: (key: string) => boolean) => {
			const entries = this.live<CacheValue>(CACHE_ENTRY);
			save(Object.fromEntries(Object.entries(entries).filter(([key]) => keepKey(key))));
		};
		return {
			get: async (key) => {
				const entry = this.live<CacheValue>(CACHE_ENTRY)[key];
				// A copy, as from Redis: changing it must not change the cache.
				return entry === undefined ? undefined : jsonCopy(entry.value);
			},
			set: async (key, value, ttlMs) => {
				const entries = this.live<CacheValue>(CACHE_ENTRY);
				entries[key] = { value: jsonCopy(value), ...this.expiry(ttlMs) };
				save(entries);
			},
			invalidate: async (key) => keep((stored) => stored !== key),
			invalidatePrefix: async (prefix) => keep((stored) => !stored.startsWith(prefix)),
		};
	}
}
