/**
 * The global update under trouble, in the bench's sandbox process with HubSpot's real limits: a
 * share of searches and batch updates failing (tools/global-update: 5xx, reset connections,
 * answers lost after the update was applied), counted as the fault tests count it, then a re-run
 * with HubSpot healthy; and a running update cancelled mid-run, timed to its end, with what
 * HubSpot received after the cancel.
 */
import {
	globalUpdateFaults,
	globalUpdateOutcome,
	TASK_BATCH_UPDATE_PATH,
	TASK_SEARCH_PATH,
	type GlobalUpdateOutcome,
	type TaskNow,
	type TaskTitleCase,
} from '../../tools/global-update/outcome';
import { runGlobalUpdate, startGlobalUpdate, type GlobalUpdateRun } from './globalUpdate';
import type { SandboxProcess } from './sandboxProcess';
import { buildAccount, type AccountShape } from './taskCorpus';

export interface FaultRun {
	rate: number;
	first: GlobalUpdateRun;
	/** Exchanges the sandbox failed on purpose during the first run. */
	faulted: number;
	outcome: GlobalUpdateOutcome;
	rerun: GlobalUpdateRun;
	afterRerun: GlobalUpdateOutcome;
}

/** Every task as the sandbox holds it now, by id. */
async function tasksNow(sandbox: SandboxProcess): Promise<(taskId: string) => TaskNow> {
	const byId = new Map((await sandbox.tasks()).map((task) => [task.id, task.properties]));
	return (taskId) => {
		const properties = byId.get(taskId);
		return {
			title: properties?.hs_task_subject,
			open: properties !== undefined && properties.hs_task_status !== 'COMPLETED',
		};
	};
}

/** Seeds `shape` and pairs each open task's id with its seeded and its expected title. */
async function seedCases(sandbox: SandboxProcess, shape: AccountShape): Promise<TaskTitleCase[]> {
	const { seed, expectedTitles } = buildAccount(shape);
	await sandbox.reset(seed);
	const seeded = seed.objects?.tasks ?? [];
	const stored = await sandbox.tasks();
	if (stored.length !== seeded.length)
		throw new Error(`seeded ${seeded.length} tasks, the sandbox holds ${stored.length}`);
	const cases: TaskTitleCase[] = [];
	stored.forEach((task, index) => {
		const initial = seeded[index].properties.hs_task_subject;
		if (task.properties.hs_task_subject !== initial)
			throw new Error(`task ${task.id} is not the seed's task ${index}: "${initial}"`);
		const expected = expectedTitles[index];
		if (expected !== undefined) cases.push({ id: task.id, initial, expected });
	});
	return cases;
}

export async function runWithFaults(
	sandbox: SandboxProcess,
	shape: AccountShape,
	rate: number,
): Promise<FaultRun> {
	const cases = await seedCases(sandbox, shape);
	await sandbox.setFaults(globalUpdateFaults(rate));
	let first: GlobalUpdateRun;
	try {
		// continueOnFail as on a scheduled workflow: a page that keeps failing ends the run with a
		// summary saying where to resume, instead of an error.
		first = await runGlobalUpdate(sandbox, 0, { continueOnFail: true });
	} finally {
		await sandbox.setFaults(undefined);
	}
	const log = await sandbox.log(0);
	const faulted = log.filter((exchange) => exchange.fault !== undefined).length;
	const outcome = globalUpdateOutcome(cases, await tasksNow(sandbox), first.summary);
	const rerun = await runGlobalUpdate(sandbox, first.traffic.lastExchangeId, {
		continueOnFail: true,
	});
	const afterRerun = globalUpdateOutcome(cases, await tasksNow(sandbox), rerun.summary);
	return { rate, first, faulted, outcome, rerun, afterRerun };
}

export interface CancelRun {
	/** From the cancel to the node's end, ms. */
	stoppedAfterMs: number;
	status: string;
	callsBeforeCancel: number;
	/** Calls that arrived after the cancel, and of those after the cancel + 50 ms. */
	callsAfterCancel: number;
	callsAfterCancelGrace: number;
	/** Calls hanging (no answer) when the cancel came. */
	hungAtCancel: number;
}

/** Anything the node still had queued would reach the sandbox within this time. */
const QUIET_AFTER_CANCEL_MS = 1_000;
export const CANCEL_GRACE_MS = 50;

/**
 * Cancels a running update `cancelAfterMs` after its start. Some calls hang outright (no answer for
 * a minute), so the cancel also has to close calls in flight, not only stop starting new ones.
 */
export async function cancelMidRun(
	sandbox: SandboxProcess,
	shape: AccountShape,
	cancelAfterMs: number,
): Promise<CancelRun> {
	await seedCases(sandbox, shape);
	await sandbox.setFaults({
		rate: 0.05,
		statuses: ['hang'],
		hangMs: 60_000,
		paths: `^(${TASK_SEARCH_PATH}|${TASK_BATCH_UPDATE_PATH})$`,
		seed: 3,
	});
	try {
		const cancel = new AbortController();
		const running = startGlobalUpdate(sandbox, {}, cancel.signal);
		await new Promise((resolve) => setTimeout(resolve, cancelAfterMs));
		const cancelledAt = Date.now();
		cancel.abort();
		const result = await running;
		const stoppedAfterMs = Date.now() - cancelledAt;
		await new Promise((resolve) => setTimeout(resolve, QUIET_AFTER_CANCEL_MS));
		const log = (await sandbox.log(0)).filter((exchange) => exchange.path.startsWith('/crm/'));
		return {
			stoppedAfterMs,
			status: result.status,
			callsBeforeCancel: log.filter((exchange) => exchange.at <= cancelledAt).length,
			callsAfterCancel: log.filter((exchange) => exchange.at > cancelledAt).length,
			callsAfterCancelGrace: log.filter((exchange) => exchange.at > cancelledAt + CANCEL_GRACE_MS)
				.length,
			hungAtCancel: log.filter((exchange) => exchange.fault === 'hang').length,
		};
	} finally {
		await sandbox.setFaults(undefined);
	}
}
