/**
 * The least time HubSpot's limits allow for a global update, per read strategy, from the work it
 * needs (tasks to read, titles to write), not from what the run did:
 * - search: POST .../tasks/search, 200 a page, 5 requests/s per token on its own budget (exempt
 *   from the 10-second window), filters out completed tasks; writes (batch update, 100 a page)
 *   on the 190 per rolling 10 s window in parallel. Time = max(reads, writes).
 * - list: GET .../tasks, 100 a page, completed tasks included; reads and writes share the
 *   190/10 s window. Time = (reads + writes) / 19 per second.
 * "Sustained" divides calls by the rates; "with bursts" also lets the first window's 190 calls (and
 * the first second's 5 searches) go at once, the strictest reading of the limits.
 */
export const HUBSPOT_LIMITS = {
	searchPerSecond: 5,
	searchPageSize: 200,
	requestsPer10s: 190,
	listPageSize: 100,
	batchSize: 100,
} as const;

export interface JobWork {
	openTasks: number;
	/** Open and completed: what the list endpoint has to page through. */
	allTasks: number;
	tasksToWrite: number;
}

export interface StrategyBound {
	strategy: 'search' | 'list';
	readCalls: number;
	writeCalls: number;
	sustainedSeconds: number;
	burstSeconds: number;
}

export interface RateBound {
	search: StrategyBound;
	list: StrategyBound;
	best: StrategyBound;
}

const GENERAL_PER_SECOND = HUBSPOT_LIMITS.requestsPer10s / 10;

/** Seconds until the last of `calls` may start under `perWindow` calls per `windowSeconds`. */
function withBursts(calls: number, perWindow: number, windowSeconds: number): number {
	return calls === 0 ? 0 : (Math.ceil(calls / perWindow) - 1) * windowSeconds;
}

export function rateLimitBound(work: JobWork): RateBound {
	const writeCalls = Math.ceil(work.tasksToWrite / HUBSPOT_LIMITS.batchSize);
	const searchCalls = Math.max(1, Math.ceil(work.openTasks / HUBSPOT_LIMITS.searchPageSize));
	const listCalls = Math.max(1, Math.ceil(work.allTasks / HUBSPOT_LIMITS.listPageSize));
	const search: StrategyBound = {
		strategy: 'search',
		readCalls: searchCalls,
		writeCalls,
		sustainedSeconds: Math.max(
			searchCalls / HUBSPOT_LIMITS.searchPerSecond,
			writeCalls / GENERAL_PER_SECOND,
		),
		burstSeconds: Math.max(
			withBursts(searchCalls, HUBSPOT_LIMITS.searchPerSecond, 1),
			withBursts(writeCalls, HUBSPOT_LIMITS.requestsPer10s, 10),
		),
	};
	const list: StrategyBound = {
		strategy: 'list',
		readCalls: listCalls,
		writeCalls,
		sustainedSeconds: (listCalls + writeCalls) / GENERAL_PER_SECOND,
		burstSeconds: withBursts(listCalls + writeCalls, HUBSPOT_LIMITS.requestsPer10s, 10),
	};
	const best = list.sustainedSeconds < search.sustainedSeconds ? list : search;
	return { search, list, best };
}
