/**
 * Who owns a caller, remembered for a few minutes so a ringing phone is answered without HubSpot.
 * Shared by every workflow on the account (Find Owner reads it; Log Call, which may change who owns
 * a caller, forgets the caller's entry), in Redis when set, else in this n8n process.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { accountStateStore } from '../shared/state/accountStateStore';
import { ownWriteScope, type StateCache } from '../shared/state';
import {
	DEFAULT_HUBSPOT_BASE_URL,
	HUBSPOT_CREDENTIAL_TYPE,
	type HubSpotTaskflowCredentialData,
} from '../shared/transport';

export const callerOwnerKey = (e164: string) => `owner:${e164}`;

export async function callerOwnerCache(
	ctx: Pick<IExecuteFunctions, 'getCredentials'>,
): Promise<StateCache> {
	const credentials =
		await ctx.getCredentials<HubSpotTaskflowCredentialData>(HUBSPOT_CREDENTIAL_TYPE);
	const baseUrl =
		(credentials.baseUrl ?? '').trim().replace(/\/+$/, '') || DEFAULT_HUBSPOT_BASE_URL;
	return accountStateStore(
		ownWriteScope(baseUrl, credentials.accessToken),
		'caller-owner',
		credentials.redisUrl,
	).cache;
}
