/**
 * Keeps the demo sandbox's data across runs: every successful write to the CRM API is appended
 * to a journal, and the next start replays the journal over HTTP on top of the demo seed. The seed
 * is the same on every run (fixed draw), so record ids come out the same and the replay lands
 * where the writes first did. A journal written against another seed is set aside, not replayed.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

import { buildDemoSeed } from '../../sandbox/seed';
import type { Exchange } from '../../sandbox/server';

interface JournalHeader {
	journal: 'hubspot-taskflow-demo-sandbox';
	seed: string;
}

interface JournalEntry {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	body?: unknown;
}

/** The demo seed without its "now": what decides the ids and records a replay lands on. */
export function demoSeedFingerprint(): string {
	return createHash('sha256')
		.update(JSON.stringify(buildDemoSeed(0)))
		.digest('hex')
		.slice(0, 16);
}

/** Writes that change CRM data; reads sent as POST (search, batch/read) are not worth keeping. */
function changesData(exchange: Exchange): boolean {
	return (
		exchange.method !== 'GET' &&
		exchange.status >= 200 &&
		exchange.status < 300 &&
		exchange.path.startsWith('/crm/') &&
		!exchange.path.endsWith('/search') &&
		!exchange.path.endsWith('/batch/read')
	);
}

function urlOf(baseUrl: string, entry: JournalEntry): string {
	const url = new URL(entry.path, baseUrl);
	for (const [name, value] of Object.entries(entry.query)) {
		for (const single of [value].flat()) url.searchParams.append(name, single);
	}
	return url.toString();
}

export class SandboxJournal {
	/**
	 * @param replayToken the token the replay sends; its own exchanges are not recorded again
	 */
	constructor(
		private readonly file: string,
		private readonly seed: string,
		private readonly replayToken: string,
	) {}

	/** The entries to replay; a journal of another seed is renamed aside and a fresh one begun. */
	open(): { entries: JournalEntry[]; setAside?: string } {
		let setAside: string | undefined;
		if (existsSync(this.file)) {
			const [first, ...rest] = readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
			const header = JSON.parse(first ?? '{}') as Partial<JournalHeader>;
			if (header.seed === this.seed) {
				return { entries: rest.map((line) => JSON.parse(line) as JournalEntry) };
			}
			setAside = `${this.file}.${Date.now()}.old`;
			renameSync(this.file, setAside);
		}
		const header: JournalHeader = { journal: 'hubspot-taskflow-demo-sandbox', seed: this.seed };
		writeFileSync(this.file, `${JSON.stringify(header)}\n`);
		return { entries: [], setAside };
	}

	/** The sandbox's onExchange hook; appends synchronously so a killed process loses nothing. */
	record(exchange: Exchange): void {
		if (exchange.requestHeaders.authorization === `Bearer ${this.replayToken}`) return;
		if (!changesData(exchange)) return;
		const entry: JournalEntry = {
			method: exchange.method,
			path: exchange.path,
			query: exchange.query,
			...(exchange.requestBody === undefined ? {} : { body: exchange.requestBody }),
		};
		appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
	}

	/** Sends the entries again, in order; returns how many the sandbox refused. */
	async replay(entries: JournalEntry[], baseUrl: string): Promise<number> {
		const token = this.replayToken;
		let refused = 0;
		for (const entry of entries) {
			const response = await fetch(urlOf(baseUrl, entry), {
				method: entry.method,
				headers: {
					authorization: `Bearer ${token}`,
					...(entry.body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: entry.body === undefined ? undefined : JSON.stringify(entry.body),
			});
			await response.arrayBuffer();
			if (!response.ok) refused++;
		}
		return refused;
	}
}
