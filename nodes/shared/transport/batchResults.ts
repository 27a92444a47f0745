/**
 * Pure helpers for batch calls: splitting inputs into HubSpot-sized chunks and putting each answer
 * (result or per-input error of a 207) back at the index of the input it belongs to.
 */

export const HUBSPOT_BATCH_LIMIT = 100;

/** Chunks of at most `size` positions; a key never appears twice in one chunk (HubSpot rejects that). */
export function chunkPositions(keys: string[], size = HUBSPOT_BATCH_LIMIT): number[][] {
	const chunks: Array<{ positions: number[]; keys: Set<string> }> = [];
	let firstOpen = 0;
	keys.forEach((key, position) => {
		for (let index = firstOpen; ; index++) {
			let chunk = chunks[index];
			if (!chunk) {
				chunk = { positions: [], keys: new Set() };
				chunks.push(chunk);
			}
			if (chunk.positions.length < size && !chunk.keys.has(key)) {
				chunk.positions.push(position);
				chunk.keys.add(key);
				while (chunks[firstOpen] && chunks[firstOpen].positions.length >= size) firstOpen++;
				return;
			}
		}
	});
	return chunks.map((chunk) => chunk.positions);
}

export interface PerInputError {
	category?: string;
	message?: string;
	status?: string;
	context?: Record<string, string[]> | unknown;
	errors?: unknown;
	subCategory?: unknown;
}

export type ChunkAnswer<TResult> =
	| { kind: 'result'; value: TResult }
	| { kind: 'error'; error: PerInputError }
	| { kind: 'missing'; unmatchedErrors: PerInputError[] };

/**
 * Matches one chunk's answer to its inputs. `inputKeys[i]` is the key input i is known by (its id,
 * its idProperty value or the objectWriteTraceId the transport gave it); `resultKey` reads the
 * same key from a result. A per-input error belongs to every input whose key appears anywhere in
 * the error's `context` (HubSpot puts ids there, e.g. `{ ids: ['123'] }`).
 */
export function matchChunkAnswers<TResult>(
	inputKeys: string[],
	results: TResult[],
	errors: PerInputError[],
	resultKey: (result: TResult) => string | undefined,
): Array<ChunkAnswer<TResult>> {
	const resultByKey = new Map<string, TResult>();
	const unkeyed: TResult[] = [];
	for (const result of results) {
		const key = resultKey(result);
		if (key === undefined) unkeyed.push(result);
		else resultByKey.set(key, result);
	}
	// A server that does not echo keys still answers in order when every input succeeded.
	if (unkeyed.length === inputKeys.length && errors.length === 0 && resultByKey.size === 0) {
		return unkeyed.map((value) => ({ kind: 'result', value }));
	}

	const wanted = new Set(inputKeys);
	const errorByKey = new Map<string, PerInputError>();
	const unmatchedErrors: PerInputError[] = [];
	for (const error of errors) {
		let matched = false;
		const context = error.context;
		if (typeof context === 'object' && context !== null) {
			for (const values of Object.values(context as Record<string, unknown>)) {
				const list = Array.isArray(values) ? values : [values];
				for (const value of list) {
					if (typeof value === 'string' && wanted.has(value)) {
						errorByKey.set(value, error);
						matched = true;
					}
				}
			}
		}
		if (!matched) unmatchedErrors.push(error);
	}

	return inputKeys.map((key): ChunkAnswer<TResult> => {
		const result = resultByKey.get(key);
		if (result !== undefined) return { kind: 'result', value: result };
		const error = errorByKey.get(key);
		if (error) return { kind: 'error', error };
		return { kind: 'missing', unmatchedErrors };
	});
}
