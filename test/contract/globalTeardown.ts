import {
	contractStatsFile,
	formatContractSummary,
	readContractTotals,
	removeRunStats,
} from '../../sandbox/contract/contractStats';
import { defaultSpecDir, specFolderExists } from '../../sandbox/contract/specFiles';

/**
 * Jest `globalTeardown`: prints this run's contract totals as one line, or that the contract was not
 * checked because the specs were not found. It runs in jest's main process, whose pid every sandbox
 * of the run stamped into its stats line (as pid or parent pid).
 */
export default function contractStatsTeardown(): void {
	const file = contractStatsFile();
	const totals = readContractTotals(file, process.pid);
	const specDir = defaultSpecDir();
	process.stdout.write(`${formatContractSummary(totals, specFolderExists(specDir), specDir)}\n`);
	removeRunStats(file, process.pid);
}
