/**
 * Which of a delivery's events are new, through the state store's claims. With a Redis URL each
 * event key is claimed atomically in Redis, so simultaneous deliveries and every n8n process that
 * receives webhooks (several mains, `n8n webhook` processes) agree on which one runs the event.
 * Without one, the workflow's static data holds the claims, which is right for a single main.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type SelectedEvents, freshFromClaims, planClaims } from '../domain/webhook';
import {
	describeRedisUrl,
	type PendingClaim,
	type StateStore,
	stateStoreFor,
	StateStoreUnavailableError,
} from '../shared/state';

/**
 * How long a delivery that waits for its run holds its events. Longer than HubSpot waits for an
 * answer (30 s for a workflow webhook), so a concurrent copy is told to come back; shorter than
 * HubSpot's first retry (about a minute), so a run whose outcome never reached the store (the
 * main stopped) does not block that retry.
 */
export const PENDING_CLAIM_MS = 45_000;

export interface DedupeSettings {
	windowMs: number;
	/** Bound of the static-data claims; Redis keys expire by themselves. */
	maxEntries: number;
	nowMs: number;
	/** The credential's Redis URL, when the credential was read. */
	credentialRedisUrl?: string;
}

export type DedupeVerdict =
	| { ok: true; fresh: boolean[]; settle?: SettleClaims }
	| { ok: false; status: 503; message: string };

/** What a delivery that waits for its run does once n8n answered: keep or give back its claims. */
export interface SettleClaims {
	succeeded(): Promise<void>;
	failed(): Promise<void>;
}

function settlerFor(store: StateStore, claim: PendingClaim, windowMs: number): SettleClaims {
	return {
		succeeded: async () => await store.settleClaims(claim.claimedKeys, windowMs),
		failed: async () => await store.releaseClaims(claim),
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
	settings: DedupeSettings & { waitForRun: boolean },
): Promise<DedupeVerdict> {
	const store = stateStoreFor(context, {
		credentialRedisUrl: settings.credentialRedisUrl,
		staticDataOnly: context.getMode() === 'manual',
		maxClaims: settings.maxEntries,
		now: () => settings.nowMs,
	});
	const plan = planClaims(selected.keys);
	try {
		if (!settings.waitForRun) {
			return {
				ok: true,
				fresh: freshFromClaims(plan, await store.claim(plan.keys, settings.windowMs)),
			};
		}
		const claim = await store.claimPending(plan.keys, PENDING_CLAIM_MS);
		if (claim.outcomes.includes('pending')) {
			// Another delivery is running one of these events: answering 200 here could lose the
			// event if that run fails, so this copy starts nothing and HubSpot retries it later.
			await store.releaseClaims(claim);
			return {
				ok: false,
				status: 503,
				message:
					'An event of this delivery is being run by another delivery; nothing was started. HubSpot retries later.',
			};
		}
		return {
			ok: true,
			fresh: freshFromClaims(
				plan,
				claim.outcomes.map((outcome) => outcome === 'claimed'),
			),
			settle: settlerFor(store, claim, settings.windowMs),
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
			status: 503,
			// The cause (host, connection error) goes to the log, not to whoever called the webhook.
			message: `Could not check for redeliveries in Redis; check ${error.redis.setting} (the n8n log has the cause). Nothing was started; HubSpot retries later.`,
		};
	}
}
