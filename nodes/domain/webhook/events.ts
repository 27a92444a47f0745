/**
 * Turns what HubSpot POSTs into a list of events.
 *
 * App webhook subscriptions send a JSON array of up to 100 events, typed by `subscriptionType`
 * (HubSpot's field table calls it `eventType`; both are read). A workflow's "Send a webhook"
 * action sends one JSON object, with no event id or type.
 */

export type JsonObject = Record<string, unknown>;

/** Synthetic type given to a workflow webhook body, which has no type of its own. */
export const WORKFLOW_WEBHOOK_EVENT_TYPE = 'workflow.webhook';

export type BodyShape = 'eventBatch' | 'singleObject';

export interface ParsedBody {
	shape: BodyShape;
	events: JsonObject[];
}

export type BodyParseResult = { ok: true; parsed: ParsedBody } | { ok: false; message: string };

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the raw body text. An empty body or anything but an object/array is refused. */
export function parseWebhookBody(text: string): BodyParseResult {
	if (text.trim() === '') return { ok: false, message: 'The request body is empty' };
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return { ok: false, message: 'The request body is not valid JSON' };
	}
	return splitBody(body);
}

/** Splits an already parsed body into events: one per array element, or the object itself. */
export function splitBody(body: unknown): BodyParseResult {
	if (Array.isArray(body)) {
		const events = body.map((element) => (isObject(element) ? element : { value: element }));
		return { ok: true, parsed: { shape: 'eventBatch', events } };
	}
	if (isObject(body)) return { ok: true, parsed: { shape: 'singleObject', events: [body] } };
	return { ok: false, message: 'The request body must be a JSON object or an array of events' };
}

function nonEmptyString(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The event's type: `subscriptionType`, else `eventType`; undefined when it has neither. */
export function eventTypeOf(event: JsonObject): string | undefined {
	return nonEmptyString(event.subscriptionType) ?? nonEmptyString(event.eventType);
}

type Id = string | number;

function idValue(value: unknown): Id | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	return nonEmptyString(value);
}

/**
 * The CRM object the event is about. App events carry `objectId`; workflow webhook bodies carry
 * `hs_object_id`, the legacy contact `vid`, or `properties.hs_object_id` (plain or `{ value }`).
 */
export function objectIdOf(event: JsonObject): Id | undefined {
	const direct = idValue(event.objectId) ?? idValue(event.hs_object_id) ?? idValue(event.vid);
	if (direct !== undefined) return direct;
	const properties = event.properties;
	if (!isObject(properties)) return undefined;
	const property = properties.hs_object_id;
	return idValue(isObject(property) ? property.value : property);
}

/** When the event happened, in epoch milliseconds, if the event says. */
export function occurredAtOf(event: JsonObject): number | undefined {
	const value = event.occurredAt;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	return undefined;
}

/**
 * The item an event becomes: the event as HubSpot sent it, plus `eventType`, `objectId` and
 * `occurredAt` where the event lacks them (null when unknown). A field HubSpot sent is never
 * changed, so expressions written against HubSpot's payloads keep working.
 */
export function toOutputJson(event: JsonObject, shape: BodyShape): JsonObject {
	const fallbackType = shape === 'singleObject' ? WORKFLOW_WEBHOOK_EVENT_TYPE : null;
	return {
		...event,
		eventType: eventTypeOf(event) ?? fallbackType,
		objectId: event.objectId ?? objectIdOf(event) ?? null,
		occurredAt: event.occurredAt ?? occurredAtOf(event) ?? null,
	};
}

/** A comma- or newline-separated list of event types; blanks dropped. */
export function parseEventTypeList(text: string): string[] {
	return text
		.split(/[,\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/**
 * Whether an event type passes the filter. An empty filter passes everything. Matching ignores
 * case; a pattern ending in `*` matches by prefix (`contact.*`, `*`).
 */
export function matchesEventTypes(
	eventType: string | null | undefined,
	patterns: string[],
): boolean {
	if (patterns.length === 0) return true;
	if (!eventType) return false;
	const type = eventType.toLowerCase();
	return patterns.some((pattern) => {
		const wanted = pattern.toLowerCase();
		return wanted.endsWith('*') ? type.startsWith(wanted.slice(0, -1)) : type === wanted;
	});
}
