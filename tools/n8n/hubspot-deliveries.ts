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
	/** The answer's Retry-After header, if any. */
	retryAfter?: string;
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
	signal?: AbortSignal,
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
		signal,
	});
	const text = await response.text();
	const elapsedMs = performance.now() - started;
	let parsed: Record<string, unknown>;
	try {
		parsed = JSON.parse(text) as Record<string, unknown>;
	} catch {
		parsed = { unparsedBody: text };
	}
	const retryAfter = response.headers.get('retry-after') ?? undefined;
	return { status: response.status, body: parsed, elapsedMs, retryAfter };
}

/**
 * How HubSpot delivers a workflow webhook, with its waits compressed for a test: each attempt
 * waits `timeoutMs` for an answer; a timeout, a dropped connection, a 5xx or a 429 (after its
 * Retry-After, in milliseconds) is retried after the next of `retryDelaysMs`; any other 4xx
 * ends the delivery, as does a 2xx. HubSpot's own schedule: 30 s, first retry after a minute,
 * growing to 8 h between tries, for three days.
 */
export interface HubSpotRetrySchedule {
	timeoutMs: number;
	retryDelaysMs: number[];
}

export interface RetriedDelivery {
	/** Every attempt, in order; status 0: no answer (timeout or dropped connection). */
	attempts: DeliveryResult[];
	/** The last attempt's status: 2xx delivered, 4xx given up, else out of retries. */
	finalStatus: number;
}

function retryable(status: number): boolean {
	return status === 0 || status === 429 || status >= 500;
}

/** Delivers a JSON body as HubSpot does, signing each attempt afresh (v3, its own timestamp). */
export async function deliverLikeHubSpot(
	target: DeliveryTarget,
	payload: unknown,
	schedule: HubSpotRetrySchedule,
): Promise<RetriedDelivery> {
	const attempts: DeliveryResult[] = [];
	for (let attempt = 0; ; attempt++) {
		const started = performance.now();
		let result: DeliveryResult;
		try {
			result = await deliverJson(target, payload, {}, AbortSignal.timeout(schedule.timeoutMs));
		} catch {
			result = { status: 0, body: {}, elapsedMs: performance.now() - started };
		}
		attempts.push(result);
		if (!retryable(result.status) || attempt >= schedule.retryDelaysMs.length) {
			return { attempts, finalStatus: result.status };
		}
		const retryAfterMs = Number(result.retryAfter ?? 0);
		const waitMs = Math.max(schedule.retryDelaysMs[attempt], retryAfterMs || 0);
		await new Promise((resolve) => setTimeout(resolve, waitMs));
	}
}

/**
 * Delivers groups of bodies as HubSpot does, `inFlight` groups at a time; the bodies of one group
 * go one after another (a body listed twice in a group is a true redelivery of an answered event).
 */
export async function deliverGroupsLikeHubSpot(
	target: DeliveryTarget,
	groups: unknown[][],
	schedule: HubSpotRetrySchedule,
	inFlight: number,
): Promise<RetriedDelivery[]> {
	const deliveries: RetriedDelivery[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < groups.length) {
				for (const body of groups[next++]) {
					deliveries.push(await deliverLikeHubSpot(target, body, schedule));
				}
			}
		}),
	);
	return deliveries;
}
