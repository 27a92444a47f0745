/**
 * The state store for a node: in Redis when a Redis URL is set (the credential's, else the
 * HUBSPOT_TASKFLOW_REDIS_URL environment variable), else in the workflow's static data.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_DEDUPE_MAX_ENTRIES } from '../../domain/webhook';
import { RedisStateStore } from './redisStateStore';
import {
	redisKeyPrefixFromEnvironment,
	redisKeyPrefixOr,
	redisUrlSetting,
	STATE_STORE_TIMEOUT_MS,
} from './redisSettings';
import type { StateStore } from './stateStore';
import { StaticDataStateStore } from './staticDataStateStore';

/** What every n8n function context with a node and a workflow offers. */
export type StateContext = Pick<
	IWebhookFunctions,
	'getNode' | 'getWorkflow' | 'getWorkflowStaticData'
>;

export interface StateStoreChoice {
	/** The credential's Redis URL, if the node read its credential. */
	credentialRedisUrl?: string;
	/** Static data even with a Redis URL, e.g. for state that must stay out of production's. */
	staticDataOnly?: boolean;
	/** Most claims static data keeps. */
	maxClaims?: number;
	now?: () => number;
}

export function stateStoreFor(context: StateContext, choice: StateStoreChoice = {}): StateStore {
	const redis = choice.staticDataOnly ? undefined : redisUrlSetting(choice.credentialRedisUrl);
	if (!redis) {
		return new StaticDataStateStore(context.getWorkflowStaticData('node'), {
			maxClaims: choice.maxClaims ?? DEFAULT_DEDUPE_MAX_ENTRIES,
			now: choice.now,
		});
	}
	const node = context.getNode();
	const scope = {
		prefix: redisKeyPrefixOr(redisKeyPrefixFromEnvironment()),
		workflowId: context.getWorkflow().id ?? '',
		nodeId: node.id || node.name,
	};
	return new RedisStateStore(redis, scope, STATE_STORE_TIMEOUT_MS);
}
