/**
 * Re-prioritize Open Tasks while the account changes under it and HubSpot gives out: tasks
 * completed and deleted between two pages must not hide the tasks after them, and a search that
 * still fails after the transport's retries ends the run only once every write sent was answered,
 * with the counts so far and what to do next.
 */
import { useTaskSandbox } from './applyTaskPrefixSupport';
import {
	byUser,
	isOpen,
	onlyItemOf,
	pause,
	runGlobalUpdate,
	seedOpenTasks,
	userDeletesAndCompletes,
} from './reprioritizeSupport';

const taskSandbox = useTaskSandbox();
const SEARCH = '/crm/v3/objects/tasks/search';
const BATCH_UPDATE = '/crm/v3/objects/tasks/batch/update';

describe('Re-prioritize Open Tasks, with tasks completed and deleted during the run', () => {
	it('reads every task still open, however many before it left the result set', async () => {
		const tasks = seedOpenTasks(taskSandbox, 1_000);
		let searches = 0;
		let userDone: Promise<void> | undefined;
		taskSandbox.onExchange((exchange) => {
			if (exchange.path !== SEARCH || ++searches !== 1) return;
			// Right after the first page (the next search is paced ~220 ms later): 30 of its tasks
			// deleted and 20 completed.
			userDone = userDeletesAndCompletes(
				taskSandbox,
				tasks.slice(0, 30).map((task) => task.id),
				tasks.slice(100, 120).map((task) => task.id),
			);
		});

		const { result } = await runGlobalUpdate(taskSandbox, {}, { continueOnFail: true });
		await userDone;

		expect(result.status).toBe('success');
		const summary = onlyItemOf(result);
		// A deleted task may be written before or after it is gone: only those may fail.
		const deleted = new Set(tasks.slice(0, 30).map((task) => task.id));
		for (const failure of (summary.failures ?? []) as Array<{ taskId: string }>)
			expect(deleted).toContain(failure.taskId);
		const wrong = tasks.filter(
			(task) => isOpen(taskSandbox, task.id) && taskSandbox.titleOf(task.id) !== task.expected,
		);
		expect(wrong.map((task) => task.id)).toEqual([]);
		expect(summary).toMatchObject({ scanned: 1_000, complete: true });
		// Still one search per 200 tasks read, and the user's changes landed between the first two.
		const log = taskSandbox.sandbox.requestLog();
		const searchIds = log.filter((exchange) => exchange.path === SEARCH).map((e) => e.id);
		expect(searchIds).toHaveLength(5);
		const userIds = log.filter(byUser).map((exchange) => exchange.id);
		expect(userIds).toHaveLength(2);
		for (const id of userIds) expect(id).toBeLessThan(searchIds[1]);
	});
});

describe('Re-prioritize Open Tasks, when a search page still fails after its retries', () => {
	/**
	 * 1,000 tasks, one batch of 100 changes per page of 200. Batch updates take 8 s to answer; after
	 * the second page HubSpot answers every search with a 429, so the third page fails after the
	 * transport's retries (~5 s) while the first two batches are still in flight.
	 */
	function searchesFailAfterTwoPages(): void {
		const { sandbox } = taskSandbox;
		sandbox.setRateLimits({ enabled: true, requestsPer10s: 10_000, searchPerSecond: 1_000 });
		sandbox.setFaults({ delayMs: 8_000, paths: `${BATCH_UPDATE}$` });
		let searches = 0;
		taskSandbox.onExchange((exchange) => {
			if (exchange.path === SEARCH && exchange.status === 200 && ++searches === 2)
				sandbox.setRateLimits({ enabled: true, requestsPer10s: 10_000, searchPerSecond: 0 });
		});
	}

	/** Both batch updates were answered by the time the node returned, and nothing came after. */
	async function expectNothingAnsweredLater(): Promise<void> {
		const answeredAtReturn = taskSandbox.sandbox.requestLog().length;
		expect(taskSandbox.requestsTo(BATCH_UPDATE)).toHaveLength(2);
		await pause(1_000);
		expect(taskSandbox.sandbox.requestLog()).toHaveLength(answeredAtReturn);
	}

	it('with continueOnFail, answers every write before it returns a summary with the counts so far', async () => {
		const tasks = seedOpenTasks(taskSandbox, 1_000);
		searchesFailAfterTwoPages();

		const { result } = await runGlobalUpdate(taskSandbox, {}, { continueOnFail: true });

		await expectNothingAnsweredLater();
		expect(result.status).toBe('success');
		const summary = onlyItemOf(result);
		expect(summary).toMatchObject({
			complete: false,
			scanned: 400,
			changed: 200,
			unchanged: 200,
			failed: 0,
			writeBatches: 2,
			resumeAfterTaskId: tasks[399].id,
		});
		expect(summary.error).toEqual(expect.stringMatching(/search/i));
		expect(summary.error).toEqual(expect.stringMatching(/run again|re-run/i));
		expect(taskSandbox.requestsTo(BATCH_UPDATE).map((exchange) => exchange.status)).toEqual([
			200, 200,
		]);
		for (const task of tasks.slice(0, 400))
			expect(taskSandbox.titleOf(task.id)).toBe(task.expected);
	}, 30_000);

	it('without continueOnFail, fails with the counts so far once every write was answered', async () => {
		seedOpenTasks(taskSandbox, 1_000);
		searchesFailAfterTwoPages();

		const { result } = await runGlobalUpdate(taskSandbox);

		await expectNothingAnsweredLater();
		expect(result.status).toBe('error');
		const error = result.error as { message: string; description?: string };
		const told = `${error.message}\n${error.description ?? ''}`;
		expect(told).toMatch(/400 open tasks read/);
		expect(told).toMatch(/200 updated/);
		expect(told).toMatch(/200 needed no change/);
		expect(told).toMatch(/0 failed/);
		expect(told).toMatch(/run again/i);
	}, 30_000);
});
