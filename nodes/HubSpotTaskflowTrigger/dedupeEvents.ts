/**
 * Which of a delivery's events are new, through the state store's claims. With a Redis URL each
 * event key is claimed atomically in Redis, so simultaneous deliveries and every n8n process that
 * receives webhooks (several mains, `n8n webhook` processes) agree on which one runs the event.
 * Without one, the workflow's static data holds the claims, which is right for a single main.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type SelectedEvents, freshFromClaims, planClaims } from '../domain/webhook';
import { describeRedisUrl, stateStoreFor, StateStoreUnavailableError } from '../shared/state';

export interface DedupeSettings {
	windowMs: number;
	/** Bound of the static-data claims; Redis keys expire by themselves. */
	maxEntries: number;
	nowMs: number;
	/** The credential's Redis URL, when the credential was read. */
	credentialRedisUrl?: string;
}

export type DedupeVerdict = { ok: true; fresh: boolean[] } | { ok: false; message: string };

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
	const store = stateStoreFor(context, {
		credentialRedisUrl: settings.credentialRedisUrl,
		staticDataOnly: context.getMode() === 'manual',
		maxClaims: settings.maxEntries,
		now: () => settings.nowMs,
	});
	const plan = planClaims(selected.keys);
	try {
		return {
			ok: true,
			fresh: freshFromClaims(plan, await store.claim(plan.keys, settings.windowMs)),
		};
	} catch (error) {
		if (!(error instanceof StateStoreUnavailableError)) {
			throw new NodeOperationError(context.getNode(), error as Error);
		}
		// the cause goes in the message too: n8n's default log format prints no metadata
		context.logger.warn(
			`HubSpot Taskflow Trigger answered 503, could not check redeliveries in Redis: ${error.message}`,
			{
				redis: describeRedisUrl(error.redis.url),
				setting: error.redis.setting,
				error: error.message,
			},
		);
		return {
			ok: false,
			// The cause (host, connection error) goes to the log, not to whoever called the webhook.
			message: `Could not check for redeliveries in Redis; check ${error.redis.setting} (the n8n log has the cause). Nothing was started; HubSpot retries later.`,
		};
	}
}
