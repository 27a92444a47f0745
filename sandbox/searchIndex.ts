/**
 * HubSpot's search reads an index that trails writes by seconds: a record created, changed or
 * archived shows in search as it was before the write until the index catches up, while reads by id
 * see it at once. With a lag set, each write keeps the version search still shows plus the versions
 * waiting for the index; a version becomes searchable once it is `lagMs` old (checked lazily, when a
 * search runs). Records with nothing pending are read live, so search costs one map lookup per
 * record while writes are pending and nothing more once they are indexed.
 */
import type { ObjectType } from './objectTypes';
import type { StoredObject } from './types';

/** A record's state in the index; undefined: search does not find it (not yet created, or archived). */
type Version = StoredObject | undefined;

interface Lagging {
	/** what search shows now */
	shown: Version;
	/** versions written after it, oldest first, with when each was written */
	pending: Array<{ writtenAt: number; version: Version }>;
}

/** Writes of one type in the order they were made, consumed from `head` as they become searchable. */
interface WriteQueue {
	writes: Array<{ id: string; writtenAt: number }>;
	head: number;
}

export interface IndexedRecords {
	/** Records in ascending id order: live ones, archived ones, or both ('any'). */
	iterate(type: ObjectType, archived: boolean | 'any', afterId?: number): Iterable<StoredObject>;
}

export class SearchIndex {
	private lag = 0;
	private lastWriteAt = 0;
	private readonly lagging = new Map<ObjectType, Map<string, Lagging>>();
	private readonly queues = new Map<ObjectType, WriteQueue>();

	constructor(private readonly records: IndexedRecords) {}

	get lagMs(): number {
		return this.lag;
	}

	/**
	 * Versions already due under the old lag stay searchable; the rest become searchable once they
	 * are as old as the new lag (0: at once).
	 */
	setLag(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0)
			throw new Error(`the search index lag must be a number of milliseconds >= 0, got ${ms}`);
		this.settleAll();
		this.lag = ms;
		this.settleAll();
	}

	/** Forgets pending versions (after the store is cleared or seeded): everything is searchable. */
	clear(): void {
		this.lagging.clear();
		this.queues.clear();
	}

	/** Call before changing or creating a record: keeps the version search sees until the lag passes. */
	beforeWrite(type: ObjectType, id: string, current: StoredObject | undefined): void {
		if (this.lag === 0) return;
		let records = this.lagging.get(type);
		if (!records) this.lagging.set(type, (records = new Map()));
		if (records.has(id)) return;
		records.set(id, { shown: searchable(current), pending: [] });
	}

	/** Call after the write: the record as written becomes searchable `lagMs` from now. */
	afterWrite(type: ObjectType, object: StoredObject): void {
		const entry = this.lagging.get(type)?.get(object.id);
		if (!entry) return;
		// Never backwards, so each queue stays in write order even if the clock steps back.
		const writtenAt = (this.lastWriteAt = Math.max(this.lastWriteAt, Date.now()));
		entry.pending.push({ writtenAt, version: searchable(object) });
		let queue = this.queues.get(type);
		if (!queue) this.queues.set(type, (queue = { writes: [], head: 0 }));
		queue.writes.push({ id: object.id, writtenAt });
	}

	/** The records search sees, in ascending id order. */
	*visible(type: ObjectType, afterId?: number): Generator<StoredObject> {
		this.settle(type);
		const lagging = this.lagging.get(type);
		if (!lagging || lagging.size === 0) {
			yield* this.records.iterate(type, false, afterId);
			return;
		}
		for (const object of this.records.iterate(type, 'any', afterId)) {
			const entry = lagging.get(object.id);
			if (!entry) {
				if (!object.archived) yield object;
			} else if (entry.shown) yield entry.shown;
		}
	}

	private settleAll(): void {
		for (const type of this.queues.keys()) this.settle(type);
	}

	/** Moves every version old enough into the index; a record with nothing left pending is read live. */
	private settle(type: ObjectType): void {
		const queue = this.queues.get(type);
		const lagging = this.lagging.get(type);
		if (!queue || !lagging) return;
		const cutoff = Date.now() - this.lag;
		while (queue.head < queue.writes.length && queue.writes[queue.head].writtenAt <= cutoff) {
			const { id } = queue.writes[queue.head++];
			const entry = lagging.get(id);
			const due = entry?.pending.shift();
			if (!entry || !due) continue;
			entry.shown = due.version;
			if (entry.pending.length === 0) lagging.delete(id);
		}
		if (queue.head === queue.writes.length) this.queues.delete(type);
		else if (queue.head > 1024 && queue.head * 2 > queue.writes.length) {
			queue.writes = queue.writes.slice(queue.head);
			queue.head = 0;
		}
	}
}

/** A copy of what search would show of the record, taken before the live record changes again. */
function searchable(object: StoredObject | undefined): Version {
	return object && !object.archived ? structuredClone(object) : undefined;
}
