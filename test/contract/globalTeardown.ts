import { rmSync } from 'node:fs';

import { contractStatsFile, formatContractTotals, readContractTotals } from './contractStats';

/** Prints the run's contract totals as one line, then removes the run's stats file. */
export default function contractStatsTeardown(): void {
	const file = contractStatsFile();
	process.stdout.write(`${formatContractTotals(readContractTotals(file))}\n`);
	if (file.endsWith(`-${process.pid}.jsonl`)) rmSync(file, { force: true });
}
