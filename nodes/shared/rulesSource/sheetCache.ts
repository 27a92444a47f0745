/**
 * Sheet values kept across executions for the "Cache Sheet for Minutes" option. Module-level, so
 * one copy per n8n process; keyed by credential, spreadsheet and range so a workflow never sees
 * values read with another credential. Bounded: the oldest entry goes when the cache is full.
 * A read in flight is shared, so executions starting together read the sheet once.
 */

export const SHEET_CACHE_MAX_ENTRIES = 64;

interface CacheEntry {
	expiresAt: number;
	values: Promise<unknown[][]>;
}

const entries = new Map<string, CacheEntry>();

export function sheetCacheKey(credentialId: string, spreadsheetId: string, range: string): string {
	return JSON.stringify([credentialId, spreadsheetId, range]);
}

/** Values of `key`, read with `read` when missing or older than `ttlMs`; failures are not kept. */
export async function cachedSheetValues(
	key: string,
	ttlMs: number,
	read: () => Promise<unknown[][]>,
	now: () => number = Date.now,
): Promise<unknown[][]> {
	const cached = entries.get(key);
	if (cached && cached.expiresAt > now()) return await cached.values;
	entries.delete(key);
	while (entries.size >= SHEET_CACHE_MAX_ENTRIES) {
		const oldest = entries.keys().next().value;
		if (oldest === undefined) break;
		entries.delete(oldest);
	}
	const values = read();
	const entry: CacheEntry = { expiresAt: now() + ttlMs, values };
	entries.set(key, entry);
	// A failed read is forgotten at once, so the next execution tries again.
	values.catch(() => {
		if (entries.get(key) === entry) entries.delete(key);
	});
	return await values;
}

export function clearSheetCache(): void {
	entries.clear();
}

export function sheetCacheSize(): number {
	return entries.size;
}
