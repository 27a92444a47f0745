/**
 * Sheet values kept across executions for the "Cache Sheet for Minutes" option (a TimedCache):
 * keyed by credential, spreadsheet and range so a workflow never sees values read with another
 * credential.
 */
import { TimedCache } from '../timedCache';

export const SHEET_CACHE_MAX_ENTRIES = 64;

const sheets = new TimedCache<unknown[][]>(SHEET_CACHE_MAX_ENTRIES);

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
	return await sheets.get(key, ttlMs, read, now);
}

export function clearSheetCache(): void {
	sheets.clear();
}

export function sheetCacheSize(): number {
	return sheets.size;
}
