/**
 * A state store shared by every workflow working on one HubSpot account, where the node-scoped
 * one (./stateStoreFor) is not enough: e.g. the caller -> owner cache that one workflow (Find Owner,
 * answering a ringing call) reads and another (Log Call) invalidates. In Redis when a Redis URL is
 * set (every n8n process sees it); else in this process's memory, which one n8n main shares.
 */
import type { IDataObject } from 'n8n-workflow';

import { RedisStateStore } from './redisStateStore';
import {
	redisKeyPrefixFromEnvironment,
	redisKeyPrefixOr,
	redisUrlSetting,
	STATE_STORE_TIMEOUT_MS,
} from './redisSettings';
import type { StateStore } from './stateStore';
import { StaticDataStateStore } from './staticDataStateStore';

const inProcess = new Map<string, IDataObject>();

/** `scope` names the account (ownWriteScope(baseUrl, token)); `name` what the store is for. */
export function accountStateStore(
	scope: string,
	name: string,
	credentialRedisUrl?: string,
): StateStore {
	const redis = redisUrlSetting(credentialRedisUrl);
	if (redis) {
		return new RedisStateStore(
			redis,
			{
				prefix: redisKeyPrefixOr(redisKeyPrefixFromEnvironment()),
				workflowId: `account-${scope}`,
				nodeId: name,
			},
			STATE_STORE_TIMEOUT_MS,
		);
	}
	const key = `${scope}:${name}`;
	let data = inProcess.get(key);
	if (!data) inProcess.set(key, (data = {}));
	return new StaticDataStateStore(data, { maxClaims: 10_000 });
}
