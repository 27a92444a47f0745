/**
 * From a verified body to the items a workflow run gets: filter by event type, drop
 * redeliveries, shape each event. Two steps, so the seen-set can live anywhere: `selectEvents`
 * gives the wanted items with their dedupe keys, a store says which keys are fresh (`claimKeys`
 * over static data, or an external store such as Redis), and `keepFresh` applies that answer.
 */
import { dedupeKeyOf } from './dedupe';
import { type JsonObject, type ParsedBody, matchesEventTypes, toOutputJson } from './events';

export interface SelectionOptions {
	/** Event type patterns (see matchesEventTypes); empty lets every event through. */
	eventTypes: string[];
	dedupe: boolean;
	/** Dot path used as the key for events without an eventId; empty: such events are not deduped. */
	dedupeField: string;
}

/** The events of a delivery that pass the type filter, before dedupe. */
export interface SelectedEvents {
	/** Item json for each wanted event, in the order HubSpot sent them. */
	items: JsonObject[];
	/** Per item, its dedupe key; undefined when it cannot be identified or dedupe is off. */
	keys: Array<string | undefined>;
	received: number;
	filteredOut: number;
}

export interface IntakeCounts {
	/** Item json for each event to emit, in the order HubSpot sent them. */
	items: JsonObject[];
	received: number;
	filteredOut: number;
	duplicates: number;
}

export function selectEvents(parsed: ParsedBody, options: SelectionOptions): SelectedEvents {
	const received = parsed.events.length;
	const wanted = parsed.events
		.map((event) => ({ event, item: toOutputJson(event, parsed.shape) }))
		.filter(({ item }) => matchesEventTypes(item.eventType as string | null, options.eventTypes));
	return {
		items: wanted.map(({ item }) => item),
		// Keys come from the events as sent, not from the normalised items.
		keys: wanted.map(({ event }) =>
			options.dedupe ? dedupeKeyOf(event, options.dedupeField) : undefined,
		),
		received,
		filteredOut: received - wanted.length,
	};
}

/** Keeps the items a store found fresh; `fresh` holds one verdict per selected item. */
export function keepFresh(selected: SelectedEvents, fresh: boolean[]): IntakeCounts {
	if (fresh.length !== selected.items.length) {
		throw new Error(`Expected ${selected.items.length} dedupe verdicts, got ${fresh.length}`);
	}
	const items = selected.items.filter((_item, index) => fresh[index]);
	return {
		items,
		received: selected.received,
		filteredOut: selected.filteredOut,
		duplicates: selected.items.length - items.length,
	};
}
