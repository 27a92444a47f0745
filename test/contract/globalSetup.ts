import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Gives this jest run its own contract-stats file (workers inherit the variable), so concurrent
 * runs on one machine never add up each other's counts. An explicit CONTRACT_STATS_FILE is kept.
 */
export default function contractStatsSetup(): void {
	if (!process.env.CONTRACT_STATS_FILE) {
		process.env.CONTRACT_STATS_FILE = path.join(os.tmpdir(), `hubspot-taskflow-contract-stats-${process.pid}.jsonl`);
	}
	rmSync(process.env.CONTRACT_STATS_FILE, { force: true });
}
