/**
 * The state store in Redis, shared by every n8n process on it. Keys are
 * `<prefix>:<kind>:<workflow>:<node>:<key>`, so setups, workflows and nodes never share state.
 * Every operation is bounded by the store's time limit (`boundedRedisCall`); what a late one
 * leaves behind is, per operation:
 * - claim, claimPending: nothing; each claim writes its own token and a late one is released by it.
 * - settleClaims: a settled mark set late, which is what the caller wanted.
 * - increment (and incrementOnce): a skipped number. Taking it back (DECR) could hand a number out twice once other
 *   increments came in between, and a counter used for rotation may skip but must never repeat.
 * - cache set: nothing; a late value is deleted unless something else replaced it (a cache miss
 *   is always safe, an entry written after an invalidation is not).
 * - cache invalidation: applied late, which costs cache misses only.
 */
import { randomUUID } from 'node:crypto';

import { boundedRedisCall, type BoundedCall } from './boundedRedisCall';
import type { RedisClient } from './redisConnection';
import type { RedisUrlSetting } from './redisSettings';
import type { CacheValue, ClaimOutcome, PendingClaim, StateCache, StateStore } from './stateStore';

/** Where a store's keys go: one node of one workflow in one setup. */
export interface RedisKeyScope {
	prefix: string;
	workflowId: string;
	nodeId: string;
}

/** Deletes each key that still holds this claim's token (and only those). */
const RELEASE_CLAIMS_SCRIPT = `local released = 0
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    released = released + 1
  end
end
return released`;

/** The occasion's remembered number, else the counter's next one, remembered for the occasion. */
const INCREMENT_ONCE_SCRIPT = `local remembered = redis.call('GET', KEYS[2])
if remembered then return tonumber(remembered) end
local value = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], value, 'PX', ARGV[1])
return value`;

/** Sets the entry and lists it in the index, which outlives the longest entry in it. */
const CACHE_SET_SCRIPT = `redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], KEYS[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 1`;

const DELETE_IF_UNCHANGED_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Deletes the indexed entries that start with the prefix, and forgets expired ones. */
const INVALIDATE_PREFIX_SCRIPT = `local removed = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if string.sub(key, 1, string.len(ARGV[1])) == ARGV[1] then
    removed = removed + redis.call('DEL', key)
    redis.call('SREM', KEYS[1], key)
  elseif redis.call('EXISTS', key) == 0 then
    redis.call('SREM', KEYS[1], key)
  end
end
return removed`;

/**
 * Per key: SET NX PX with this claim's pending token, else what holds it. A value that is not a
 * pending token (a settled mark, or a plain claim()) counts as settled.
 */
const CLAIM_PENDING_SCRIPT = `local outcomes = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, ARGV[1], 'PX', ARGV[2], 'NX') then
    outcomes[i] = 'claimed'
  else
    local held = redis.call('GET', key)
    if held and string.sub(held, 1, 8) == 'pending:' then
      outcomes[i] = 'pending'
    else
      outcomes[i] = 'settled'
    end
  end
end
return outcomes`;

const SETTLED_MARK = 'settled';

/** The claims kept the kind their keys had before the store, so live claims survive an upgrade. */
const CLAIMS_KIND = 'dedupe';

type TransactionReplies = Array<[Error | null, unknown]> | null;

function repliesOf(replies: TransactionReplies): unknown[] {
	if (replies === null) throw new Error('the transaction was discarded');
	return replies.map(([error, reply]) => {
		if (error) throw error;
		return reply;
	});
}

function wholeMs(ms: number): number {
	return Math.max(1, Math.round(ms));
}

export class RedisStateStore implements StateStore {
	readonly backend = 'redis';
	readonly cache: StateCache;

	constructor(
		readonly redis: RedisUrlSetting,
		private readonly scope: RedisKeyScope,
		private readonly timeoutMs: number,
	) {
		this.cache = this.redisCache();
	}

	private keyFor(kind: string, key: string): string {
		const { prefix, workflowId, nodeId } = this.scope;
		return `${prefix}:${kind}:${workflowId}:${nodeId}:${key}`;
	}

	private async call<T>(operation: BoundedCall<T>): Promise<T> {
		return await boundedRedisCall(this.redis, this.timeoutMs, operation);
	}

	async claim(keys: string[], windowMs: number): Promise<boolean[]> {
		if (keys.length === 0) return [];
		const scoped = keys.map((key) => this.keyFor(CLAIMS_KIND, key));
		// Each claim writes its own token, so a late release can tell its keys from a later claim's.
		const token = randomUUID();
		return await this.call({
			send: async (client) => {
				const transaction = client.multi();
				for (const key of scoped) transaction.set(key, token, 'PX', wholeMs(windowMs), 'NX');
				return repliesOf(await transaction.exec()).map((reply) => reply === 'OK');
			},
			undoLate: async (client) =>
				await client.eval(RELEASE_CLAIMS_SCRIPT, scoped.length, ...scoped, token),
		});
	}

	async claimPending(keys: string[], pendingMs: number): Promise<PendingClaim> {
		const token = `pending:${randomUUID()}`;
		if (keys.length === 0) return { outcomes: [], claimedKeys: [], token };
		const scoped = keys.map((key) => this.keyFor(CLAIMS_KIND, key));
		const outcomes = await this.call({
			send: async (client) =>
				(await client.eval(
					CLAIM_PENDING_SCRIPT,
					scoped.length,
					...scoped,
					token,
					wholeMs(pendingMs),
				)) as ClaimOutcome[],
			undoLate: async (client) =>
				await client.eval(RELEASE_CLAIMS_SCRIPT, scoped.length, ...scoped, token),
		});
		const claimedKeys = keys.filter((_key, index) => outcomes[index] === 'claimed');
		return { outcomes, claimedKeys, token };
	}

	async settleClaims(keys: string[], windowMs: number): Promise<void> {
		if (keys.length === 0) return;
		await this.call({
			send: async (client) => {
				const transaction = client.multi();
				for (const key of keys) {
					transaction.set(this.keyFor(CLAIMS_KIND, key), SETTLED_MARK, 'PX', wholeMs(windowMs));
				}
				return repliesOf(await transaction.exec());
			},
		});
	}

	async releaseClaims(claim: PendingClaim): Promise<void> {
		if (claim.claimedKeys.length === 0) return;
		const scoped = claim.claimedKeys.map((key) => this.keyFor(CLAIMS_KIND, key));
		await this.call({
			send: async (client) =>
				await client.eval(RELEASE_CLAIMS_SCRIPT, scoped.length, ...scoped, claim.token),
		});
	}

	async increment(key: string, options: { ttlMs?: number } = {}): Promise<number> {
		const scoped = this.keyFor('counter', key);
		return await this.call({
			send: async (client) => {
				const transaction = client.multi().incr(scoped);
				if (options.ttlMs !== undefined) transaction.pexpire(scoped, wholeMs(options.ttlMs));
				const [value] = repliesOf(await transaction.exec());
				return Number(value);
			},
		});
	}

	async incrementOnce(key: string, occasion: string, rememberMs: number): Promise<number> {
		const counter = this.keyFor('counter', key);
		const remembered = this.keyFor('counter-occasion', `${key}:${occasion}`);
		return await this.call({
			send: async (client) =>
				Number(
					await client.eval(INCREMENT_ONCE_SCRIPT, 2, counter, remembered, wholeMs(rememberMs)),
				),
		});
	}

	private redisCache(): StateCache {
		const entryKey = (key: string) => this.keyFor('cache', key);
		const { prefix, workflowId, nodeId } = this.scope;
		const index = `${prefix}:cache-index:${workflowId}:${nodeId}`;
		const run = async <T>(send: (client: RedisClient) => Promise<T>) => await this.call({ send });
		return {
			get: async (key) => {
				const stored = await run(async (client) => await client.get(entryKey(key)));
				return stored === null ? undefined : (JSON.parse(stored) as CacheValue);
			},
			set: async (key, value, ttlMs) => {
				const json = JSON.stringify(value);
				await this.call({
					send: async (client) =>
						await client.eval(CACHE_SET_SCRIPT, 2, entryKey(key), index, json, wholeMs(ttlMs)),
					undoLate: async (client) =>
						await client.eval(DELETE_IF_UNCHANGED_SCRIPT, 1, entryKey(key), json),
				});
			},
			invalidate: async (key) => {
				const transaction = (client: RedisClient) =>
					client.multi().del(entryKey(key)).srem(index, entryKey(key));
				await run(async (client) => repliesOf(await transaction(client).exec()));
			},
			invalidatePrefix: async (keyPrefix) => {
				await run(
					async (client) =>
						await client.eval(INVALIDATE_PREFIX_SCRIPT, 1, index, entryKey(keyPrefix)),
				);
			},
		};
	}
}
