/**
 * Who owns a caller, remembered for a few minutes so a ringing phone is answered without HubSpot.
 * Shared by every workflow on the account (Find Owner reads it; Log Call, which may change who owns
 * a caller, and Forget Cached Owner forget the caller's entry), in Redis when set, else in this
 * n8n process.
 *
 * Each number has a generation that every forget renews. A lookup notes the generation before it
 * asks HubSpot and stores its answer under it; an entry of an older generation is never read. So a
 * lookup still in flight when the owner changed (its answer may come after the forget) cannot
 * bring the old owner back.
 */
import { randomUUID } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

import { accountStateStore } from '../shared/state/accountStateStore';
import { ownWriteScope, type CacheValue, type StateCache } from '../shared/state';
import {
	DEFAULT_HUBSPOT_BASE_URL,
	HUBSPOT_CREDENTIAL_TYPE,
	type HubSpotTaskflowCredentialData,
} from '../shared/transport';

const ownerKey = (e164: string) => `owner:${e164}`;
const generationKey = (e164: string) => `generation:${e164}`;
/** Outlives any entry (Find Owner remembers for minutes), so an old entry never meets a lapsed generation. */
const GENERATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const FIRST_GENERATION = '0';

export interface CallerOwners {
	/**
	 * The entry of the current generation, if any, and that generation: a lookup starting now
	 * stores its answer under it.
	 */
	read(e164: string): Promise<{ value?: CacheValue; generation: string }>;
	remember(e164: string, value: CacheValue, generation: string, ttlMs: number): Promise<void>;
	forget(e164: string): Promise<void>;
}

function guarded(cache: StateCache): CallerOwners {
	return {
		async read(e164) {
			const [entry, stored] = await Promise.all([
				cache.get(ownerKey(e164)),
				cache.get(generationKey(e164)),
			]);
			const generation = String(stored ?? FIRST_GENERATION);
			if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return { generation };
			const { generation: of, value } = entry as { generation?: unknown; value?: CacheValue };
			return of === generation ? { value, generation } : { generation };
		},
		async remember(e164, value, of, ttlMs) {
			await cache.set(ownerKey(e164), { generation: of, value }, ttlMs);
		},
		async forget(e164) {
			await cache.set(generationKey(e164), randomUUID(), GENERATION_TTL_MS);
			await cache.invalidate(ownerKey(e164));
		},
	};
}

export async function callerOwnerCache(
	ctx: Pick<IExecuteFunctions, 'getCredentials'>,
): Promise<CallerOwners> {
	const credentials =
		await ctx.getCredentials<HubSpotTaskflowCredentialData>(HUBSPOT_CREDENTIAL_TYPE);
	const baseUrl =
		(credentials.baseUrl ?? '').trim().replace(/\/+$/, '') || DEFAULT_HUBSPOT_BASE_URL;
	return guarded(
		accountStateStore(
			ownWriteScope(baseUrl, credentials.accessToken),
			'caller-owner',
			credentials.redisUrl,
		).cache,
	);
}
