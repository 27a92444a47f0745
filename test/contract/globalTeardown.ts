import {
	contractStatsFile,
	formatContractTotals,
	readContractTotals,
	removeRunStats,
} from '../../sandbox/contract/contractStats';

/**
 * Jest `globalTeardown`: prints this run's contract totals as one line. It runs in jest's main
 * process, whose pid every sandbox of the run stamped into its stats line (as pid or parent pid).
 */
export default function contractStatsTeardown(): void {
	const file = contractStatsFile();
	process.stdout.write(`${formatContractTotals(readContractTotals(file, process.pid))}\n`);
	removeRunStats(file, process.pid);
}
