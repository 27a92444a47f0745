/**
 * The poll trigger's watermark: the latest change time read so far. Each poll searches from a
 * little before it (the overlap), because HubSpot's search index trails writes by seconds: a
 * change made just before the watermark can become searchable only after a later change was
 * read. Never before the trigger's start, so records changed before it stay out.
 */
import type { WatchedObjectType } from './objectTypes';

export type TriggerOn = 'created' | 'createdOrUpdated';

/** Where the trigger starts on its first poll: changes from now on, or from a date (existing records too). */
export type StartFrom = { kind: 'now' } | { kind: 'date'; fromMs: number };

export interface PollScope {
	objectType: WatchedObjectType;
	triggerOn: TriggerOn;
	startFrom: StartFrom;
}

export interface PollCursor {
	/** What the cursor was made for: changing any of it starts afresh. */
	scope: string;
	/** Changes before this are never emitted. */
	startedFromMs: number;
	/** Every change up to here was read. */
	watermarkMs: number;
}

export function scopeKeyOf(scope: PollScope): string {
	const start = scope.startFrom.kind === 'now' ? 'now' : `date:${scope.startFrom.fromMs}`;
	return `${scope.objectType}|${scope.triggerOn}|${start}`;
}

function isCursor(value: unknown): value is PollCursor {
	if (typeof value !== 'object' || value === null) return false;
	const cursor = value as Record<string, unknown>;
	return (
		typeof cursor.scope === 'string' &&
		Number.isFinite(cursor.startedFromMs) &&
		Number.isFinite(cursor.watermarkMs)
	);
}

/**
 * The saved cursor if it was made for this scope, else a new one. `fresh` says the trigger starts
 * here: with `now`, at the time of this first poll.
 */
export function cursorFor(
	stored: unknown,
	scope: PollScope,
	nowMs: number,
): { cursor: PollCursor; fresh: boolean } {
	const key = scopeKeyOf(scope);
	if (isCursor(stored) && stored.scope === key) {
		return { cursor: { ...stored }, fresh: false };
	}
	const startedFromMs = scope.startFrom.kind === 'now' ? nowMs : scope.startFrom.fromMs;
	return { cursor: { scope: key, startedFromMs, watermarkMs: startedFromMs }, fresh: true };
}

/** Where this poll's search starts: the overlap before the watermark, never before the start. */
export function searchFromMs(cursor: PollCursor, overlapMs: number): number {
	return Math.max(cursor.startedFromMs, cursor.watermarkMs - Math.max(0, overlapMs));
}

export interface PollRead {
	/** The latest change time among the records read (and emitted or dropped). */
	readThroughMs: number | undefined;
	/** Every record the search found was read: the poll was not cut short by its limit. */
	complete: boolean;
	/** When the poll started, by this machine's clock. */
	pollStartedMs: number;
}

/**
 * The cursor after a poll that read without failing. A complete read covers every change up to
 * the poll's start (one still missing from HubSpot's index is inside the next overlap), so the
 * window never stays behind when nothing changes; a read cut short covers up to its last record.
 */
export function advancedCursor(cursor: PollCursor, read: PollRead): PollCursor {
	const candidates = [cursor.watermarkMs];
	if (read.readThroughMs !== undefined) candidates.push(read.readThroughMs);
	if (read.complete) candidates.push(read.pollStartedMs);
	return { ...cursor, watermarkMs: Math.max(...candidates) };
}
