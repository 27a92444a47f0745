/**
 * From a verified body to the items a workflow run gets: filter by event type, drop
 * redeliveries, shape each event. Pure: the seen-set comes in and the updated one goes out.
 */
import { type SeenSetLimits, type SeenSetState, claimKeys, dedupeKeyOf } from './dedupe';
import { type JsonObject, type ParsedBody, matchesEventTypes, toOutputJson } from './events';

export interface IntakeOptions {
	/** Event type patterns (see matchesEventTypes); empty lets every event through. */
	eventTypes: string[];
	dedupe: boolean;
	/** Dot path used as the key for events without an eventId; empty: such events are not deduped. */
	dedupeField: string;
	limits: SeenSetLimits;
	nowMs: number;
}

export interface IntakeResult {
	/** Item json for each event to emit, in the order HubSpot sent them. */
	items: JsonObject[];
	received: number;
	filteredOut: number;
	duplicates: number;
	/** The seen-set to store; unchanged input when dedupe is off. */
	state: SeenSetState;
}

export function takeInEvents(
	parsed: ParsedBody,
	state: SeenSetState,
	options: IntakeOptions,
): IntakeResult {
	const received = parsed.events.length;
	const wanted = parsed.events
		.map((event) => ({ event, item: toOutputJson(event, parsed.shape) }))
		.filter(({ item }) => matchesEventTypes(item.eventType as string | null, options.eventTypes));
	const filteredOut = received - wanted.length;

	if (!options.dedupe) {
		return { items: wanted.map(({ item }) => item), received, filteredOut, duplicates: 0, state };
	}

	// Keys come from the events as sent, not from the normalised items.
	const keys = wanted.map(({ event }) => dedupeKeyOf(event, options.dedupeField));
	const claim = claimKeys(state, keys, options.nowMs, options.limits);
	const items = wanted.filter((_entry, index) => claim.fresh[index]).map(({ item }) => item);
	return {
		items,
		received,
		filteredOut,
		duplicates: wanted.length - items.length,
		state: claim.state,
	};
}
