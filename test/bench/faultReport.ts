/** What the bench prints for the global update under faults and for a cancel, and their goals. */
import type { GlobalUpdateRun } from './globalUpdate';
import { CANCEL_GRACE_MS, type CancelRun, type FaultRun } from './faultBench';
import * as out from './report';
import type { AccountShape } from './taskCorpus';

/**
 * HubSpot calls per open task read, by fault rate. Without faults the update makes ~0.011 (one
 * search per 200 tasks, one batch update per 100 titles to write). Each failed call is retried, so
 * a share `r` of failures multiplies that by about 1 / (1 - r): ~0.012 at 10%, ~0.016 at 30%; the
 * goals leave room for re-reads after an applied update whose answer was lost, not for more.
 */
const CALLS_PER_TASK_GOAL: Record<number, number> = { 0.1: 0.02, 0.3: 0.03 };
const STOP_AFTER_CANCEL_GOAL_MS = 1_000;

export const hubSpotCalls = (run: GlobalUpdateRun): number =>
	run.traffic.searchCalls + run.traffic.writeCalls + run.traffic.otherHubSpotCalls;
const callsPerTask = (run: GlobalUpdateRun): number =>
	hubSpotCalls(run) / Number(run.summary.scanned);
const percent = (rate: number): string => `${Math.round(rate * 100)}%`;

function summaryLine(run: GlobalUpdateRun): string {
	const s = run.summary;
	return `scanned ${out.count(Number(s.scanned))}, changed ${out.count(Number(s.changed))}, unchanged ${out.count(Number(s.unchanged))}, failed ${out.count(Number(s.failed))}, complete ${String(s.complete)}`;
}

export function printFaultRun(run: FaultRun): void {
	const { first, rerun, outcome, afterRerun } = run;
	out.say(
		`\n${percent(run.rate)} of searches and batch updates failing (500/502/503, reset, applied-reset, applied-504), then a re-run without faults`,
	);
	out.say(
		out.table([
			['node summary', summaryLine(first)],
			[
				'HubSpot saw',
				`${first.traffic.searchCalls} searches + ${first.traffic.writeCalls} batch updates + ${first.traffic.otherHubSpotCalls} other = ${hubSpotCalls(first)} calls, ${run.faulted} of them faulted; 429s: ${first.traffic.rateLimited}`,
			],
			['calls per task', callsPerTask(first).toFixed(4)],
			['wall time', out.seconds(first.wallSeconds)],
			[
				'open tasks left wrong',
				`${out.count(outcome.wrongOpen.length)}: ${outcome.wrongOpen.length - outcome.lost.length} listed as failed, ${outcome.lost.length} lost; garbled titles ${outcome.garbled.length}`,
			],
			['re-run', `${summaryLine(rerun)} in ${out.seconds(rerun.wallSeconds)}`],
			['open tasks wrong after the re-run', String(afterRerun.wrongOpen.length)],
		]),
	);
}

export function printCancelRun(run: CancelRun, shape: AccountShape, cancelAfterMs: number): void {
	out.say(
		`\n${out.count(shape.openTasks)} open + ${out.count(shape.completedTasks)} completed tasks, 5% of searches and batch updates hanging, cancelled ${out.seconds(cancelAfterMs / 1000)} into the run`,
	);
	out.say(
		out.table([
			['execution', `${run.status}, ended ${run.stoppedAfterMs} ms after the cancel`],
			[
				'HubSpot calls',
				`${run.callsBeforeCancel} before the cancel (${run.hungAtCancel} hanging), ${run.callsAfterCancel} after it, ${run.callsAfterCancelGrace} after it + ${CANCEL_GRACE_MS} ms`,
			],
		]),
	);
}

export function faultSummaryRows(runs: FaultRun[], cancel: CancelRun): string[][] {
	const rows = runs.flatMap((run) => {
		const at = `at ${percent(run.rate)} faults`;
		const { outcome, afterRerun, first, rerun } = run;
		const goal = CALLS_PER_TASK_GOAL[run.rate];
		const perTask = callsPerTask(first);
		return [
			[
				`lost (wrong, not listed) ${at}`,
				String(outcome.lost.length),
				'0',
				out.verdict(outcome.lost.length === 0),
			],
			[
				`garbled titles ${at}`,
				String(outcome.garbled.length),
				'0',
				out.verdict(outcome.garbled.length === 0),
			],
			[
				`listed failures / wall time ${at} (info)`,
				`${outcome.failures.length} / ${out.seconds(first.wallSeconds)}`,
				'-',
				'-',
			],
			[`calls per task ${at}`, perTask.toFixed(4), `<= ${goal}`, out.verdict(perTask <= goal)],
			[
				`re-run changed = open tasks left wrong ${at}`,
				`${out.count(Number(rerun.summary.changed))} = ${out.count(outcome.wrongOpen.length)}`,
				'equal',
				out.verdict(Number(rerun.summary.changed) === outcome.wrongOpen.length),
			],
			[
				`open tasks wrong after the re-run ${at}`,
				String(afterRerun.wrongOpen.length),
				'0',
				out.verdict(afterRerun.wrongOpen.length === 0),
			],
		];
	});
	return [
		...rows,
		[
			'cancel mid-run: time to the end of the execution',
			`${cancel.stoppedAfterMs} ms`,
			`< ${STOP_AFTER_CANCEL_GOAL_MS} ms`,
			// A run that finished before the cancel came proves nothing.
			out.verdict(cancel.status !== 'success' && cancel.stoppedAfterMs < STOP_AFTER_CANCEL_GOAL_MS),
		],
		[
			`cancel mid-run: HubSpot calls after cancel + ${CANCEL_GRACE_MS} ms`,
			String(cancel.callsAfterCancelGrace),
			'0',
			out.verdict(cancel.callsAfterCancelGrace === 0),
		],
	];
}
