/**
 * Values kept across executions for a while, one copy per n8n process. Bounded: the oldest entry
 * goes when the cache is full. A read in flight is shared, so executions starting together read
 * once; a failed read is forgotten at once, so the next execution tries again.
 */
interface CacheEntry<T> {
	expiresAt: number;
	value: Promise<T>;
}

export class TimedCache<T> {
	private readonly entries = new Map<string, CacheEntry<T>>();

	constructor(private readonly maxEntries: number) {}

	/** The value of `key`, read with `read` when missing or older than `ttlMs`. */
	async get(
		key: string,
		ttlMs: number,
		read: () => Promise<T>,
		now: () => number = Date.now,
	): Promise<T> {
		const cached = this.entries.get(key);
		if (cached && cached.expiresAt > now()) return await cached.value;
		this.entries.delete(key);
		while (this.entries.size >= this.maxEntries) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) break;
			this.entries.delete(oldest);
		}
		const value = read();
		const entry: CacheEntry<T> = { expiresAt: now() + ttlMs, value };
		this.entries.set(key, entry);
		value.catch(() => {
			if (this.entries.get(key) === entry) this.entries.delete(key);
		});
		return await value;
	}

	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}
