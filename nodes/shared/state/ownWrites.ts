/**
 * The pack's own writes, remembered so that a poll does not read them back as new work: a prefix
 * Apply Task Prefix wrote would otherwise come back as a changed task and run the workflow again.
 * A write is known by record and modification time, exactly as HubSpot answered it, so a change
 * someone makes after it is still news. Kept in Redis when one is set (n8n's queue mode, where
 * workers write and the main polls), else in this process (a single n8n, where both happen).
 * Forgetting is harmless: the change is emitted and the pack's nodes find nothing to write.
 */
import { createHash } from 'node:crypto';

import { boundedRedisCall } from './boundedRedisCall';
import { redisKeyPrefixOr, type RedisUrlSetting, STATE_STORE_TIMEOUT_MS } from './redisSettings';

export interface OwnWrite {
	objectType: string;
	id: string;
	/** The record's modification time after the write, epoch ms. */
	modifiedMs: number;
	/** The properties the write set; absent: unknown (taken as any). */
	properties?: string[];
}

/**
 * Per write, in order: false when the pack did not make it, else the properties it set (undefined
 * when not known). A version the pack wrote may still carry someone else's earlier change: a poll
 * watching other properties than these must not drop it.
 */
export type PackWrite = false | { properties?: string[] };

export interface OwnWriteLog {
	remember(writes: OwnWrite[]): Promise<void>;
	madeByPack(writes: OwnWrite[]): Promise<PackWrite[]>;
}

function packWriteOf(value: string | null | undefined): PackWrite {
	if (value === null || value === undefined) return false;
	if (value === '1') return {};
	try {
		const properties = JSON.parse(value) as unknown;
		return Array.isArray(properties) ? { properties: properties.map(String) } : {};
	} catch {
		return {};
	}
}

function storedValue(write: OwnWrite): string {
	return write.properties ? JSON.stringify(write.properties) : '1';
}

/** Long enough for the slowest poll schedule to read the write back. */
export const OWN_WRITE_TTL_MS = 7 * 24 * 3_600_000;
const MAX_IN_PROCESS_WRITES = 200_000;

/** The same HubSpot account and token on both sides: a write in one portal never hides another's. */
export function ownWriteScope(baseUrl: string, accessToken: string): string {
	return createHash('sha256').update(`${baseUrl}\n${accessToken}`).digest('hex').slice(0, 16);
}

function keyOf(scope: string, write: OwnWrite): string {
	return `${scope}:${write.objectType}:${write.id}@${write.modifiedMs}`;
}

const inProcess = new Map<string, { expiresAtMs: number; value: string }>();

class InProcessOwnWriteLog implements OwnWriteLog {
	constructor(
		private readonly scope: string,
		private readonly now: () => number,
	) {}

	async remember(writes: OwnWrite[]): Promise<void> {
		const expiresAtMs = this.now() + OWN_WRITE_TTL_MS;
		for (const write of writes) {
			const key = keyOf(this.scope, write);
			inProcess.delete(key);
			inProcess.set(key, { expiresAtMs, value: storedValue(write) });
		}
		while (inProcess.size > MAX_IN_PROCESS_WRITES) {
			inProcess.delete(inProcess.keys().next().value as string);
		}
	}

	async madeByPack(writes: OwnWrite[]): Promise<PackWrite[]> {
		const nowMs = this.now();
		return writes.map((write) => {
			const entry = inProcess.get(keyOf(this.scope, write));
			return entry && entry.expiresAtMs > nowMs ? packWriteOf(entry.value) : false;
		});
	}
}

class RedisOwnWriteLog implements OwnWriteLog {
	constructor(
		private readonly redis: RedisUrlSetting,
		private readonly keyPrefix: string,
		private readonly scope: string,
	) {}

	private redisKey(write: OwnWrite): string {
		return `${this.keyPrefix}:ownwrite:${keyOf(this.scope, write)}`;
	}

	async remember(writes: OwnWrite[]): Promise<void> {
		if (writes.length === 0) return;
		await boundedRedisCall(this.redis, STATE_STORE_TIMEOUT_MS, {
			send: async (client) => {
				const pipeline = client.pipeline();
				for (const write of writes) {
					pipeline.set(this.redisKey(write), storedValue(write), 'PX', OWN_WRITE_TTL_MS);
				}
				await pipeline.exec();
			},
		});
	}

	async madeByPack(writes: OwnWrite[]): Promise<PackWrite[]> {
		if (writes.length === 0) return [];
		return await boundedRedisCall(this.redis, STATE_STORE_TIMEOUT_MS, {
			send: async (client) => {
				const values = await client.mget(...writes.map((write) => this.redisKey(write)));
				return values.map(packWriteOf);
			},
		});
	}
}

export function ownWriteLogFor(
	scope: string,
	options: { redis?: RedisUrlSetting; redisKeyPrefix?: string; now?: () => number } = {},
): OwnWriteLog {
	if (options.redis) {
		return new RedisOwnWriteLog(options.redis, redisKeyPrefixOr(options.redisKeyPrefix), scope);
	}
	return new InProcessOwnWriteLog(scope, options.now ?? Date.now);
}
