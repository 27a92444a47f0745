/**
 * Where the trigger remembers the events it let through. With a Redis URL, each event key is
 * claimed atomically in Redis, so simultaneous deliveries and every n8n process that receives
 * webhooks (several mains, `n8n webhook` processes) agree on which one runs the event. Without
 * one, the workflow's static data holds the seen-set, which is right for a single main.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	type SelectedEvents,
	claimKeys,
	freshFromClaims,
	parseSeenSet,
	planClaims,
} from '../domain/webhook';
import { claimInRedis } from '../shared/redisClaims';
import {
	describeRedisUrl,
	redisKeyPrefixFromEnvironment,
	redisKeyPrefixOr,
	type RedisUrlSetting,
} from '../shared/state/redisSettings';

const SEEN_EVENTS_KEY = 'seenEvents';

export interface DedupeSettings {
	windowMs: number;
	/** Bound of the static-data seen-set; Redis keys expire by themselves. */
	maxEntries: number;
	nowMs: number;
	redis?: RedisUrlSetting;
}

export type DedupeVerdict = { ok: true; fresh: boolean[] } | { ok: false; message: string };

/** `<prefix>:dedupe:<workflow>:<node>:`, so workflows, triggers and setups never share keys. */
function redisKeyScope(context: IWebhookFunctions): string {
	const prefix = redisKeyPrefixOr(redisKeyPrefixFromEnvironment());
	const node = context.getNode();
	return `${prefix}:dedupe:${context.getWorkflow().id ?? ''}:${node.id || node.name}:`;
}

function claimInStaticData(
	context: IWebhookFunctions,
	keys: Array<string | undefined>,
	settings: DedupeSettings,
): boolean[] {
	const staticData = context.getWorkflowStaticData('node');
	const claim = claimKeys(parseSeenSet(staticData[SEEN_EVENTS_KEY]), keys, settings.nowMs, {
		windowMs: settings.windowMs,
		maxEntries: settings.maxEntries,
	});
	staticData[SEEN_EVENTS_KEY] = claim.state as unknown as IDataObject;
	return claim.fresh;
}

async function claimInSharedRedis(
	context: IWebhookFunctions,
	keys: Array<string | undefined>,
	redis: RedisUrlSetting,
	windowMs: number,
): Promise<DedupeVerdict> {
	const plan = planClaims(keys);
	const scope = redisKeyScope(context);
	const outcome = await claimInRedis(
		redis.url,
		plan.keys.map((key) => scope + key),
		windowMs,
	);
	if (outcome.ok) return { ok: true, fresh: freshFromClaims(plan, outcome.claimed) };
	context.logger.warn('HubSpot Taskflow Trigger could not check redeliveries in Redis', {
		redis: describeRedisUrl(redis.url),
		setting: redis.setting,
		error: outcome.reason,
	});
	return {
		ok: false,
		// The cause (host, connection error) goes to the log, not to whoever called the webhook.
		message: `Could not check for redeliveries in Redis; check ${redis.setting} (the n8n log has the cause). Nothing was started; HubSpot retries later.`,
	};
}

/**
 * Per selected event, whether it is new. Test-URL deliveries ("listen for test event") use the
 * static data, which n8n does not save for them, so a test leaves no claim that would drop the
 * production delivery of the same event.
 */
export async function claimSelectedEvents(
	context: IWebhookFunctions,
	selected: SelectedEvents,
	settings: DedupeSettings,
): Promise<DedupeVerdict> {
	if (settings.redis && context.getMode() !== 'manual') {
		return await claimInSharedRedis(context, selected.keys, settings.redis, settings.windowMs);
	}
	return { ok: true, fresh: claimInStaticData(context, selected.keys, settings) };
}
