/** The exchange log: every answered (or reset) API request since start/reset, and per-second counts. */
import type { Exchange, PerSecondCount } from './types';

export function isSearchPath(path: string): boolean {
	return /^\/crm\/v3\/objects\/[^/]+\/search$/.test(path);
}

export class ExchangeLog {
	private entries: Exchange[] = [];
	private nextId = 1;

	/** Ids keep increasing across clears so `since` cursors stay valid. */
	add(exchange: Omit<Exchange, 'id'>): Exchange {
		const entry: Exchange = { id: this.nextId++, ...exchange };
		this.entries.push(entry);
		return entry;
	}

	clear(): void {
		this.entries = [];
	}

	all(): Exchange[] {
		return [...this.entries];
	}

	since(id: number): Exchange[] {
		// Ids ascend, so binary search the first newer entry.
		let low = 0;
		let high = this.entries.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (this.entries[mid].id <= id) low = mid + 1;
			else high = mid;
		}
		return this.entries.slice(low);
	}

	perSecondCounts(): PerSecondCount[] {
		const bySecond = new Map<number, PerSecondCount>();
		for (const entry of this.entries) {
			const second = Math.floor(entry.at / 1000);
			let count = bySecond.get(second);
			if (!count) bySecond.set(second, (count = { second, total: 0, search: 0, status429: 0 }));
			count.total++;
			if (isSearchPath(entry.path)) count.search++;
			if (entry.status === 429) count.status429++;
		}
		return [...bySecond.values()].sort((a, b) => a.second - b.second);
	}
}
