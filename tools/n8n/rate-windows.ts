/**
 * Rates as HubSpot counts them: the most requests that fell into any rolling window, computed from
 * the arrival times in the sandbox's request log.
 */
import type { Exchange } from '../../sandbox/server';

export interface BusiestWindow {
	/** requests that arrived in the window */
	count: number;
	/** ms epoch of the window's first request */
	startsAt: number;
}

/** The rolling window of `windowMs` holding the most timestamps (a window starts at a request). */
export function busiestWindow(timestamps: number[], windowMs = 10_000): BusiestWindow {
	const sorted = [...timestamps].sort((a, b) => a - b);
	let best: BusiestWindow = { count: 0, startsAt: sorted[0] ?? 0 };
	let end = 0;
	for (let start = 0; start < sorted.length; start++) {
		while (end < sorted.length && sorted[end] < sorted[start] + windowMs) end++;
		if (end - start > best.count) best = { count: end - start, startsAt: sorted[start] };
	}
	return best;
}

/** HubSpot API requests of the log (Sheets, token and admin traffic left out). */
export function hubSpotExchanges(log: Exchange[]): Exchange[] {
	return log.filter((exchange) => exchange.path.startsWith('/crm/'));
}

export function isSearch(exchange: Exchange): boolean {
	return /^\/crm\/v3\/objects\/[^/]+\/search$/.test(exchange.path);
}

/** Every 429 must have been followed, for the same request, by a success: here, per path + body. */
export function unretried429s(log: Exchange[]): Exchange[] {
	const key = (exchange: Exchange) =>
		`${exchange.method} ${exchange.path} ${JSON.stringify(exchange.query)} ${JSON.stringify(exchange.requestBody ?? null)}`;
	const succeededAfter = new Map<string, number>();
	for (const exchange of log) {
		if (exchange.status >= 200 && exchange.status < 300)
			succeededAfter.set(key(exchange), exchange.id);
	}
	return log.filter(
		(exchange) =>
			exchange.status === 429 && (succeededAfter.get(key(exchange)) ?? -1) < exchange.id,
	);
}
