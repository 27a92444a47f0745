/**
 * Redelivery dedupe: a time-windowed, size-bounded set of event keys that survives as plain
 * JSON (n8n's workflow static data), so an event HubSpot sends again is let through only once.
 */
import { createHash } from 'node:crypto';

import type { JsonObject } from './events';

/** Plain-JSON state: `[key, firstSeenAtMs]` pairs, oldest first. */
export interface SeenSetState {
	version: 1;
	entries: Array<[string, number]>;
}

export interface SeenSetLimits {
	windowMs: number;
	maxEntries: number;
}

export const DEFAULT_DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_DEDUPE_MAX_ENTRIES = 5000;

/** Keys longer than this are stored as a hash, so one huge field value cannot bloat the state. */
const MAX_PLAIN_KEY_LENGTH = 80;

export function emptySeenSet(): SeenSetState {
	return { version: 1, entries: [] };
}

/** Reads state back from static data; anything malformed starts over empty rather than failing. */
export function parseSeenSet(stored: unknown): SeenSetState {
	if (typeof stored !== 'object' || stored === null) return emptySeenSet();
	const entries = (stored as { entries?: unknown }).entries;
	if (!Array.isArray(entries)) return emptySeenSet();
	const valid = entries.filter(
		(entry): entry is [string, number] =>
			Array.isArray(entry) &&
			entry.length === 2 &&
			typeof entry[0] === 'string' &&
			typeof entry[1] === 'number' &&
			Number.isFinite(entry[1]),
	);
	return { version: 1, entries: valid };
}

function compactKey(key: string): string {
	if (key.length <= MAX_PLAIN_KEY_LENGTH) return key;
	return `h:${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
}

function part(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * HubSpot's own event key. HubSpot says `eventId` alone is not unique, so the key combines
 * eventId, subscriptionId, objectId and occurredAt. `attemptNumber` is left out: it is what
 * changes between a delivery and its retry. Undefined when the event has no eventId.
 */
export function hubSpotEventKey(event: JsonObject): string | undefined {
	const eventId = part(event.eventId);
	if (eventId === '') return undefined;
	const rest = [event.subscriptionId, event.objectId, event.occurredAt].map(part);
	return compactKey(`e:${[eventId, ...rest].join(':')}`);
}

/** Value at a dot path (`properties.hs_object_id.value`); undefined if any step is missing. */
export function valueAtPath(source: JsonObject, path: string): unknown {
	let current: unknown = source;
	for (const segment of path.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as JsonObject)[segment];
	}
	return current;
}

/**
 * Key from user-chosen fields, for bodies without an eventId (workflow webhooks): one dot path,
 * or several separated by commas (e.g. `hs_object_id, hs_lastmodifieddate`: one record at one
 * change, so a re-enrollment runs and a retry of the same call does not). Undefined when any of
 * them is missing or empty.
 */
export function fieldKey(event: JsonObject, path: string): string | undefined {
	const paths = path
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
	if (paths.length === 0) return undefined;
	const parts: string[] = [];
	for (const fieldPath of paths) {
		const value = valueAtPath(event, fieldPath);
		if (value === undefined || value === null || value === '') return undefined;
		parts.push(`${fieldPath}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
	}
	return compactKey(`f:${parts.join('&')}`);
}

/** The event's dedupe key: HubSpot's event key, else the configured field, else none. */
export function dedupeKeyOf(event: JsonObject, fieldPath = ''): string | undefined {
	return hubSpotEventKey(event) ?? fieldKey(event, fieldPath);
}

/** Drops entries outside the window, then the oldest ones beyond the size bound. */
export function pruneSeenSet(
	state: SeenSetState,
	nowMs: number,
	limits: SeenSetLimits,
): SeenSetState {
	const live = state.entries.filter(([, seenAt]) => nowMs - seenAt < limits.windowMs);
	live.sort((a, b) => a[1] - b[1]);
	const bounded =
		live.length > limits.maxEntries ? live.slice(live.length - limits.maxEntries) : live;
	return { version: 1, entries: bounded };
}

export interface ClaimResult {
	/** Per key, in order: true if it may be processed (new, or has no key). */
	fresh: boolean[];
	state: SeenSetState;
}

/**
 * Claims keys against the set: a key seen within the window is a duplicate, as is a repeat of
 * a key earlier in the same call. Fresh keys are recorded at `nowMs`. An undefined key (an event
 * that cannot be identified) is always fresh and never recorded.
 */
export function claimKeys(
	state: SeenSetState,
	keys: Array<string | undefined>,
	nowMs: number,
	limits: SeenSetLimits,
): ClaimResult {
	const pruned = pruneSeenSet(state, nowMs, limits);
	const seen = new Set(pruned.entries.map(([key]) => key));
	const plan = planClaims(keys);
	const claimed = plan.keys.map((key) => !seen.has(key));
	const added = plan.keys
		.filter((_key, index) => claimed[index])
		.map((key): [string, number] => [key, nowMs]);
	const next = pruneSeenSet({ version: 1, entries: [...pruned.entries, ...added] }, nowMs, limits);
	return { fresh: freshFromClaims(plan, claimed), state: next };
}

/**
 * What one delivery asks a claim store (the seen-set, or Redis) for: each distinct key once, in
 * order of first appearance. Per event, `claims` says how its verdict follows: the index in `keys` it
 * claims, `unkeyed` (cannot be identified: always fresh), or `repeat` (its key came earlier in
 * the same delivery: a duplicate, whatever the store says).
 */
export interface ClaimPlan {
	keys: string[];
	claims: Array<number | 'unkeyed' | 'repeat'>;
}

export function planClaims(keys: Array<string | undefined>): ClaimPlan {
	const indexOfKey = new Map<string, number>();
	const claims = keys.map((key): number | 'unkeyed' | 'repeat' => {
		if (key === undefined) return 'unkeyed';
		if (indexOfKey.has(key)) return 'repeat';
		indexOfKey.set(key, indexOfKey.size);
		return indexOfKey.size - 1;
	});
	return { keys: [...indexOfKey.keys()], claims };
}

/** Per event, whether it is fresh, from the store's answer per planned key (true: newly claimed). */
export function freshFromClaims(plan: ClaimPlan, claimed: boolean[]): boolean[] {
	if (claimed.length !== plan.keys.length) {
		throw new Error(`Expected ${plan.keys.length} claim answers, got ${claimed.length}`);
	}
	return plan.claims.map((claim) => {
		if (claim === 'unkeyed') return true;
		if (claim === 'repeat') return false;
		return claimed[claim];
	});
}
