import { signHubSpotRequest } from '../../nodes/domain/webhook/signature';

/** One event of a HubSpot app webhook (webhooks API v3) delivery body. */
export interface HubSpotWebhookEvent {
	eventId: number;
	subscriptionId: number;
	portalId: number;
	appId: number;
	occurredAt: number;
	subscriptionType: string;
	attemptNumber: number;
	objectId: number;
	changeSource: string;
	propertyName?: string;
	propertyValue?: string;
}

let nextEventId = 7_000_001;

/** A contact property change as HubSpot sends it; each call is a distinct event. */
export function contactPropertyChange(
	objectId: number,
	propertyValue: string,
): HubSpotWebhookEvent {
	return {
		eventId: nextEventId++,
		subscriptionId: 2_400_117,
		portalId: 62_515,
		appId: 1_160_452,
		occurredAt: Date.now(),
		subscriptionType: 'contact.propertyChange',
		attemptNumber: 0,
		objectId,
		changeSource: 'CRM',
		propertyName: 'lifecyclestage',
		propertyValue,
	};
}

/** The same events as HubSpot retries them: only attemptNumber changes. */
export function redeliveryOf(events: HubSpotWebhookEvent[]): HubSpotWebhookEvent[] {
	return events.map((event) => ({ ...event, attemptNumber: event.attemptNumber + 1 }));
}

export interface DeliveryTarget {
	/** where the request is sent (n8n's local socket) */
	localUrl: string;
	/** the URL HubSpot was configured with, which v3 signs */
	publicUrl: string;
	clientSecret: string;
}

export interface SigningOverrides {
	/** sign with another secret (a forger's) */
	clientSecret?: string;
	/** sign another URL than the public one */
	signedUrl?: string;
	/** X-HubSpot-Request-Timestamp, default now */
	timestampMs?: number;
	/** sign these bytes but send the real body (tampering in transit) */
	signedBody?: string;
	/** send no signature headers at all */
	unsigned?: boolean;
}

export interface DeliveryResult {
	status: number;
	body: Record<string, unknown>;
	elapsedMs: number;
}

/** POSTs events the way HubSpot does: raw JSON body, X-HubSpot-Signature-v3 + timestamp. */
export async function deliver(
	target: DeliveryTarget,
	events: HubSpotWebhookEvent[],
	overrides: SigningOverrides = {},
): Promise<DeliveryResult> {
	return await deliverJson(target, events, overrides);
}

/**
 * POSTs any JSON body signed the same way, e.g. the object a HubSpot workflow's "Send a webhook"
 * action sends with a customised request body.
 */
export async function deliverJson(
	target: DeliveryTarget,
	payload: unknown,
	overrides: SigningOverrides = {},
): Promise<DeliveryResult> {
	const body = JSON.stringify(payload);
	const signature = overrides.unsigned
		? {}
		: signHubSpotRequest({
				version: 'v3',
				clientSecret: overrides.clientSecret ?? target.clientSecret,
				method: 'POST',
				uri: overrides.signedUrl ?? target.publicUrl,
				body: overrides.signedBody ?? body,
				timestamp: overrides.timestampMs ?? Date.now(),
			});
	const started = performance.now();
	const response = await fetch(target.localUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...signature },
		body,
	});
	const text = await response.text();
	const elapsedMs = performance.now() - started;
	let parsed: Record<string, unknown>;
	try {
		parsed = JSON.parse(text) as Record<string, unknown>;
	} catch {
		parsed = { unparsedBody: text };
	}
	return { status: response.status, body: parsed, elapsedMs };
}
