/**
 * The global update at scale under trouble: 20,000 open tasks, 10% and then 30% of searches and
 * batch updates failing (5xx, reset connections, answers lost after the update was applied), and
 * users deleting and completing tasks while it runs. Afterwards every task still open has its
 * title, or the summary lists it; a second run converges; the summary's counts match the sandbox's
 * request log; nothing reaches HubSpot after the node returned; progress shows in n8n's log.
 *
 * HubSpot's own pacing (5 searches a second) would make each run take half a minute: both the
 * sandbox's limits and the transport's pacing are raised here. Staying inside the real limits is
 * proven in applyTaskPrefix.reprioritize.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_RATE_LIMIT } from '../../nodes/shared/transport/rateLimit';
import type { Exchange } from '../../sandbox/server';
import {
	globalUpdateFaults,
	globalUpdateOutcome,
	TASK_SEARCH_PATH as SEARCH,
} from '../../tools/global-update/outcome';
import { useTaskSandbox } from './applyTaskPrefixSupport';
import {
	byUser,
	isOpen,
	n8nCoreLogger,
	onlyItemOf,
	pause,
	runGlobalUpdate,
	seedOpenTasks,
	userDeletesAndCompletes,
	type SeededTask,
} from './reprioritizeSupport';

const TASKS = 20_000;
/** Every this many pages read, users delete 5 tasks and complete 5 others. */
const USERS_ACT_EVERY_PAGES = 5;

const pacing = { ...DEFAULT_RATE_LIMIT };
beforeAll(() => Object.assign(DEFAULT_RATE_LIMIT, { searchPerSecond: 60, requestsPer10s: 6_000 }));
afterAll(() => Object.assign(DEFAULT_RATE_LIMIT, pacing));

const taskSandbox = useTaskSandbox();

function nodeExchanges(): Exchange[] {
	return taskSandbox.sandbox.requestLog().filter((exchange) => !byUser(exchange));
}

/** A repeatable pick of tasks for users to act on, from anywhere in the id range. */
function picker(tasks: SeededTask[]): () => string {
	let state = 7;
	const taken = new Set<string>();
	return () => {
		for (;;) {
			state = (state * 48_271) % 2_147_483_647;
			const id = tasks[state % tasks.length].id;
			if (!taken.has(id)) {
				taken.add(id);
				return id;
			}
		}
	};
}

/** Users delete and complete tasks while the node reads; resolves once they are done. */
function usersActDuringTheRun(tasks: SeededTask[]): () => Promise<void> {
	const pick = picker(tasks);
	const actions: Array<Promise<void>> = [];
	let pages = 0;
	taskSandbox.onExchange((exchange) => {
		if (exchange.path !== SEARCH || exchange.status !== 200 || byUser(exchange)) return;
		if (++pages % USERS_ACT_EVERY_PAGES !== 0) return;
		const deleted = Array.from({ length: 5 }, pick);
		const completed = Array.from({ length: 5 }, pick);
		actions.push(userDeletesAndCompletes(taskSandbox, deleted, completed, { oneByOne: true }));
	});
	return async () => {
		await Promise.all(actions);
	};
}

interface Outcome {
	summary: IDataObject;
	seconds: number;
}

async function globalUpdate(): Promise<Outcome> {
	const startedAt = Date.now();
	const { result } = await runGlobalUpdate(taskSandbox, {}, { continueOnFail: true });
	const seconds = (Date.now() - startedAt) / 1000;
	// Nothing the node sent is answered after it returned.
	const answeredAtReturn = nodeExchanges().length;
	await pause(300);
	expect(nodeExchanges()).toHaveLength(answeredAtReturn);
	expect(result.status).toBe('success');
	return { summary: onlyItemOf(result), seconds };
}

describe('Re-prioritize Open Tasks under faults, with users changing tasks meanwhile', () => {
	it.each([0.1, 0.3])(
		'at a fault rate of %p, leaves every open task right or listed, and a re-run converges',
		async (rate) => {
			const { sandbox } = taskSandbox;
			sandbox.setRateLimits({ enabled: true, requestsPer10s: 100_000, searchPerSecond: 100 });
			const tasks = seedOpenTasks(taskSandbox, TASKS);
			const cases = tasks.map((task) => ({ ...task, initial: taskSandbox.titleOf(task.id) }));
			sandbox.setFaults(globalUpdateFaults(rate));
			const usersDone = usersActDuringTheRun(tasks);
			const progress = jest.spyOn(n8nCoreLogger(), 'info');

			const first = await globalUpdate();
			await usersDone();
			const progressLines = progress.mock.calls
				.map(([message]) => String(message))
				.filter((message) => message.includes('so far'));
			progress.mockRestore();

			const { summary } = first;
			const taskNow = (id: string) => ({
				title: taskSandbox.titleOf(id),
				open: isOpen(taskSandbox, id),
			});
			const outcome = globalUpdateOutcome(cases, taskNow, summary);
			const { failures, wrongOpen, lost, garbled, changed: actuallyChanged } = outcome;
			const log = nodeExchanges();
			const faulted = log.filter((exchange) => exchange.fault !== undefined).length;

			// The re-run, with HubSpot healthy again.
			sandbox.setFaults(undefined);
			const second = await globalUpdate();
			const wrongAfterRerun = globalUpdateOutcome(cases, taskNow, second.summary).wrongOpen;

			console.log(
				`global update, ${TASKS} open tasks at ${rate * 100}% faults (${faulted} faulted exchanges): ` +
					`lost ${lost.length}, wrong or doubled titles ${garbled.length}, ` +
					`listed failures ${failures.length}, complete ${String(summary.complete)}, ` +
					`HubSpot calls per task ${(log.length / Number(summary.scanned)).toFixed(4)}, ` +
					`${first.seconds.toFixed(1)} s; re-run changed ${String(second.summary.changed)} ` +
					`in ${second.seconds.toFixed(1)} s`,
			);

			expect(lost.map((task) => task.id)).toEqual([]);
			expect(garbled.map((task) => task.id)).toEqual([]);
			expect(faulted).toBeGreaterThan(0);
			// Every failure listed; the counts add up to what was read.
			expect(failures).toHaveLength(Number(summary.failed));
			expect(
				Number(summary.changed) + Number(summary.unchanged) + Number(summary.failed),
			).toBeLessThanOrEqual(Number(summary.scanned));
			// The counts match HubSpot's log: every attempt, and the titles that changed (a failed
			// write may still have been applied when only its answer was lost).
			expect(summary.apiCalls).toBe(log.length);
			expect(summary.searchCalls).toBe(log.filter((exchange) => exchange.path === SEARCH).length);
			expect(actuallyChanged).toBeGreaterThanOrEqual(Number(summary.changed));
			expect(actuallyChanged).toBeLessThanOrEqual(Number(summary.changed) + Number(summary.failed));
			// Progress in n8n's log while it ran: a line every 25 pages, counts growing.
			const pages = Math.ceil(Number(summary.scanned) / 200);
			expect(progressLines).toHaveLength(Math.floor(pages / 25));
			const readSoFar = progressLines.map((line) =>
				Number(/(\d+) open tasks read/.exec(line)?.[1]),
			);
			readSoFar.forEach((read, index) =>
				expect(read).toBe(Math.min((index + 1) * 25 * 200, Number(summary.scanned))),
			);
			// The re-run writes exactly what was left wrong (nothing, when the first run got everything
			// right), fails nothing, and leaves no open task wrong.
			expect(second.summary).toMatchObject({
				complete: true,
				failed: 0,
				changed: wrongOpen.length,
			});
			expect(wrongAfterRerun.map((task) => task.id)).toEqual([]);
		},
		120_000,
	);
});
