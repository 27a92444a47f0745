/**
 * What one read record means to the trigger: which change it is, the keys that drop a repeat of
 * it (a record read again inside the overlap), and whether the properties the user watches
 * changed since the trigger last emitted the record.
 */
import type { TriggerOn } from './cursor';

export interface ReadRecord {
	id: string;
	createdMs: number | undefined;
	modifiedMs: number;
}

export type ChangeKind = 'created' | 'updated';

/** One change of one record: the same record changed again later is another change. */
export function changeKey(record: ReadRecord, triggerOn: TriggerOn): string {
	return triggerOn === 'created' ? `${record.id}@created` : `${record.id}@${record.modifiedMs}`;
}

/** Marks a record's creation as emitted, so that only its first change is called `created`. */
export function creationKey(record: ReadRecord): string {
	return `${record.id}@created`;
}

/**
 * Created inside this poll's window (never before the trigger's start): its first change read is
 * its creation. A record created before the window was read before, or before the start.
 */
export function createdInWindow(record: ReadRecord, windowFromMs: number): boolean {
	return record.createdMs !== undefined && record.createdMs >= windowFromMs;
}

/**
 * The changes already emitted (or dropped) that a later poll can read again: those inside the
 * overlap. Each key keeps the time that puts it in a window; once a poll's window starts after
 * it, the key can never be read again and is forgotten, so the memory holds one overlap's worth.
 */
export class SeenChanges {
	private readonly entries = new Map<string, number>();

	constructor(
		stored: unknown,
		private readonly maxEntries: number,
	) {
		if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
			for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
				if (typeof value === 'number' && Number.isFinite(value)) this.entries.set(key, value);
			}
		}
	}

	has(key: string): boolean {
		return this.entries.has(key);
	}

	add(key: string, atMs: number): void {
		this.entries.delete(key);
		this.entries.set(key, atMs);
		// Past the bound the oldest go first: a repeat may then be emitted again, never lost.
		while (this.entries.size > this.maxEntries) {
			this.entries.delete(this.entries.keys().next().value as string);
		}
	}

	/** Forgets what no window starting at `windowFromMs` or later can read again. */
	forgetBefore(windowFromMs: number): void {
		for (const [key, atMs] of this.entries) if (atMs < windowFromMs) this.entries.delete(key);
	}

	get size(): number {
		return this.entries.size;
	}

	toJSON(): Record<string, number> {
		return Object.fromEntries(this.entries);
	}
}

/** FNV-1a over the values: a short, stable digest; equal values give equal digests. */
function digest(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0).toString(36);
}

/** The digest of the watched properties' values (missing and empty alike). */
export function fingerprintOf(
	properties: Record<string, string | null | undefined>,
	watched: readonly string[],
): string {
	return digest(JSON.stringify(watched.map((name) => properties[name] ?? '')));
}

/**
 * The last emitted fingerprint per record, oldest first, bounded: a record pushed out counts as
 * changed the next time it is read (emitted once more rather than missed).
 */
export class FingerprintMemory {
	private readonly entries: Map<string, string>;

	constructor(
		stored: unknown,
		private readonly maxEntries: number,
	) {
		this.entries = new Map();
		if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
			for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
				if (key.startsWith('r') && typeof value === 'string') this.entries.set(key.slice(1), value);
			}
		}
	}

	/** True when the record was never emitted or its watched values differ from the last emitted. */
	changed(id: string, fingerprint: string): boolean {
		return this.entries.get(id) !== fingerprint;
	}

	remember(id: string, fingerprint: string): void {
		this.entries.delete(id);
		this.entries.set(id, fingerprint);
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}

	get size(): number {
		return this.entries.size;
	}

	/** Plain JSON for static data; keys carry a letter so that JSON keeps their order. */
	toJSON(): Record<string, string> {
		const json: Record<string, string> = {};
		for (const [id, fingerprint] of this.entries) json[`r${id}`] = fingerprint;
		return json;
	}
}
