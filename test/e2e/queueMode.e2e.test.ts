/**
 * The priority templates in n8n's queue mode: one main and two `n8n worker` processes on one Redis
 * queue and a PostgreSQL database made for the run, every process with HUBSPOT_TASKFLOW_REDIS_URL
 * so that all of them draw on one HubSpot rate budget. A global update over thousands of tasks and
 * a burst of 500 signed "new task" webhooks run at once across the workers against the sandbox
 * with HubSpot's default limits (190 per rolling 10 s, 5 searches a second); every task must end
 * right, every 429 must have been retried to success, and no rolling 10 s window of the sandbox's
 * log may hold 190 requests or more.
 */
import IORedis from 'ioredis';

import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { deleteKeysMatching, keysMatching } from '../support/redisKeys';
import {
	contactPropertyChange,
	deliverGroupsLikeHubSpot,
	deliverJson,
	redeliveryOf,
	type DeliveryTarget,
	type HubSpotRetrySchedule,
	type RetriedDelivery,
} from '../../tools/n8n/hubspot-deliveries';
import { N8nInstance } from '../../tools/n8n/n8n-instance';
import {
	LOCAL_REDIS,
	N8nWorker,
	queueModeEnvironment,
	ThrowawayDatabase,
} from '../../tools/n8n/queue-mode';
import { executionCountsByStatus } from '../../tools/n8n/queue-executions';
import {
	busiestWindow,
	hubSpotExchanges,
	isSearch,
	unretried429s,
} from '../../tools/n8n/rate-windows';
import { nodeOutputItems } from '../../tools/n8n/rest-client';
import { appliedTaskWrites, injectFaultsWithOutages } from '../../tools/n8n/sandbox-faults';
import {
	createTask,
	createWebhookRecord,
	OPEN_TASK_STATUSES,
	seedGlobalUpdateTasks,
	taskTitles,
	type SeededTask,
	type TaskKind,
} from '../../tools/n8n/sandbox-tasks';
import {
	loadTemplates,
	nodeNamed,
	templateNamed,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
} from '../../tools/n8n/templates';
import { delay } from '../../tools/n8n/process-group';
import { importTemplates, templateWebhookTarget } from '../../tools/n8n/template-setup';
import { describeWithRedisAndPostgres } from '../support/describeWithServices';

const PUBLIC_BASE_URL = 'https://n8n.taskflow-queue.example.com/';
const CLIENT_SECRET = 'e2e-queue-app-client-secret';
const { newTask: NEW_TASK, globalUpdate: GLOBAL } = TEMPLATE_FILES;
const { applyRecord: APPLY_RECORD, schedule: SCHEDULE, update: UPDATE } = TEMPLATE_NODES;

/** HubSpot's limit for a private app; the sandbox's default. */
const HUBSPOT_LIMIT_PER_10S = 190;
const WEBHOOKS = 500;
/**
 * Requests at a time: HubSpot sends workflow webhooks as records enroll (app webhooks: 10 at a
 * time by default); each waits for its run, so fewer would leave the workers idle.
 */
const WEBHOOKS_IN_FLIGHT = 25;
const GLOBAL_OPEN_TASKS = 3_000;
const GLOBAL_COMPLETED_TASKS = 200;
const WORKERS = ['worker-1', 'worker-2'];
const WORKER_CONCURRENCY = 10;

const SETUP_TIMEOUT_MS = 15 * 60_000; // a fresh machine installs n8n first
const BURST_TIMEOUT_MS = 300_000;
const FAULT_RUN_TIMEOUT_MS = 420_000;

/**
 * Webhook answer times under the burst (answered when the run is over, so they include it and
 * the wait for the shared HubSpot budget). HubSpot waits 30 s for a workflow webhook and retries
 * a slower answer: the limits stay under that, above what a loaded 2-core machine measured
 * (p50 8.6 s, p99 15.7 s with 25 in flight and other suites running).
 */
const ANSWER_P50_LIMIT_MS = 15_000;
const ANSWER_P99_LIMIT_MS = 25_000;

/**
 * HubSpot's delivery of a workflow webhook with its waits compressed 30-fold: 30 s for an answer
 * stays (a slow run must not look like a failure), the retries come after 2 s instead of a
 * minute, then at growing intervals.
 */
const HUBSPOT_DELIVERY: HubSpotRetrySchedule = {
	timeoutMs: 30_000,
	retryDelaysMs: [2_000, 4_000, 8_000, 16_000, 16_000, 16_000, 16_000, 16_000],
};
/** Random faults on HubSpot's API, answered before HubSpot acted (so a retry is a first write). */
const RANDOM_FAULTS = [500, 502, 503, 'reset'] as const;
/**
 * Bursts of 503s on every HubSpot path, longer than the transport's retries (5, from 250 ms
 * doubling: about 8 s), so the runs caught in one really fail and HubSpot must retry them.
 */
const OUTAGE_MS = 10_000;
const OUTAGE_EVERY_MS = 30_000;
/** Every tenth event is delivered once more after it succeeded: a true redelivery. */
const REDELIVER_EVERY = 10;

/** The tasks of each record a webhook names: one to prefix, one to re-prefix. */
const RECORD_KINDS: TaskKind[] = [
	{ title: (n) => `Cobrança da fatura ${n}`, expected: (n) => `[P1] Cobrança da fatura ${n}` },
	{
		title: (n) => `[P4] Follow-up on the proposal ${n}`,
		expected: (n) => `[P2] Follow-up on the proposal ${n}`,
	},
];

interface WebhookRecord {
	objectType: 'deal' | 'contact';
	id: string;
	tasks: SeededTask[];
}

describeWithRedisAndPostgres(
	'priority templates in queue mode: one main, two workers, one HubSpot budget',
	() => {
		const runId = `${process.pid}-${Date.now().toString(36)}`;
		const bullPrefix = `bull-taskflow-e2e-${runId}`;
		const budgetKeyPrefix = `hubspot-taskflow-e2e-${runId}`;
		const templates = loadTemplates().filter((template) =>
			[NEW_TASK, GLOBAL].some((file) => file === template.file),
		);
		const timings: string[] = [];
		const suiteStarted = Date.now();
		let sandbox: ContractSandbox;
		let database: ThrowawayDatabase | undefined;
		let n8n: N8nInstance | undefined;
		const workers: N8nWorker[] = [];
		let redis: IORedis;

		function main(): N8nInstance {
			if (!n8n) throw new Error('n8n did not start');
			return n8n;
		}

		function timed(label: string, since: number): void {
			timings.push(`${label} ${((Date.now() - since) / 1000).toFixed(1)} s`);
		}

		beforeAll(async () => {
			nodeNamed(templateNamed(templates, NEW_TASK), APPLY_RECORD);
			nodeNamed(templateNamed(templates, GLOBAL), UPDATE);
			sandbox = await startContractSandbox();
			redis = new IORedis({ ...LOCAL_REDIS, lazyConnect: true, maxRetriesPerRequest: 1 });
			await redis.connect();
			let started = Date.now();
			database = await ThrowawayDatabase.create('queueMode');
			const extraEnv = queueModeEnvironment({
				database,
				bullPrefix,
				extraEnv: {
					HUBSPOT_TASKFLOW_REDIS_URL: `redis://${LOCAL_REDIS.host}:${LOCAL_REDIS.port}`,
					HUBSPOT_TASKFLOW_REDIS_KEY_PREFIX: budgetKeyPrefix,
				},
			});
			n8n = await N8nInstance.create({
				label: 'queueMode',
				publicUrl: () => PUBLIC_BASE_URL,
				extraEnv,
			});
			await n8n.installThisPackage();
			await importTemplates(n8n, templates, {
				sandbox,
				clientSecret: CLIENT_SECRET,
				publish: [NEW_TASK],
			});
			timed('set-up (database, package, imports)', started);
			started = Date.now();
			await n8n.start();
			timed('main start', started);
			started = Date.now();
			for (const name of WORKERS) {
				workers.push(
					await N8nWorker.start(n8n, { name, concurrency: WORKER_CONCURRENCY, extraEnv }),
				);
			}
			timed('workers start', started);
			await n8n.rest.setupOwner();
		}, SETUP_TIMEOUT_MS);

		afterAll(async () => {
			console.log(
				`${n8n?.timingSummary() ?? '[queueMode] n8n did not start'}; ${timings.join(', ')}; suite ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`,
			);
			await Promise.all(workers.map(async (worker) => await worker.stop()));
			await n8n?.dispose();
			await database?.drop();
			if (redis) {
				for (const pattern of [
					`${bullPrefix}:*`,
					`b_${budgetKeyPrefix}*`,
					`${budgetKeyPrefix}:*`,
				]) {
					await deleteKeysMatching(redis, pattern);
				}
				await redis.quit();
			}
			await sandbox?.close();
		}, 120_000);

		function webhookTarget(): DeliveryTarget {
			return templateWebhookTarget(main(), templateNamed(templates, NEW_TASK), CLIENT_SECRET);
		}

		/** WEBHOOKS records numbered from `first`, each with its two tasks. */
		function seedWebhookRecords(first = 0): WebhookRecord[] {
			return Array.from({ length: WEBHOOKS }, (_, index) => {
				const n = first + index;
				const objectType = n % 2 === 0 ? 'deal' : 'contact';
				const id = createWebhookRecord(sandbox, objectType, n);
				const tasks = RECORD_KINDS.map((kind) => {
					const title = kind.title(n);
					const taskId = createTask(
						sandbox,
						title,
						OPEN_TASK_STATUSES[n % OPEN_TASK_STATUSES.length],
					);
					sandbox.store.associate(`${objectType}s`, id, 'tasks', taskId);
					return { id: taskId, title, expected: kind.expected(n) };
				});
				return { objectType, id, tasks };
			});
		}

		/** Each record's new-task webhook, `WEBHOOKS_IN_FLIGHT` at a time, retried as HubSpot does. */
		async function sendBurst(
			target: DeliveryTarget,
			records: WebhookRecord[],
		): Promise<RetriedDelivery[]> {
			const groups = records.map((record) => [
				{ objectType: record.objectType, hs_object_id: record.id },
			]);
			return await deliverGroupsLikeHubSpot(target, groups, HUBSPOT_DELIVERY, WEBHOOKS_IN_FLIGHT);
		}

		/** As sendBurst, the template's body (the record at its last modification), every tenth sent twice. */
		async function deliverAllLikeHubSpot(
			target: DeliveryTarget,
			records: WebhookRecord[],
			modifiedAt: number,
		): Promise<RetriedDelivery[]> {
			const groups = records.map((record, index) => {
				const body = {
					objectType: record.objectType,
					hs_object_id: record.id,
					hs_lastmodifieddate: String(modifiedAt + index),
				};
				return index % REDELIVER_EVERY === 0 ? [body, body] : [body];
			});
			return await deliverGroupsLikeHubSpot(target, groups, HUBSPOT_DELIVERY, WEBHOOKS_IN_FLIGHT);
		}

		async function executionCounts(workflowId: string): Promise<Record<string, number>> {
			return await executionCountsByStatus(database!, workflowId);
		}

		test(
			'a global update and 500 webhooks across two workers: every task right, one budget under the limit',
			() =>
				main().withLogOnFailure(async () => {
					const n8nMain = main();
					const globalId = templateNamed(templates, GLOBAL).workflow.id;
					const newTaskId = templateNamed(templates, NEW_TASK).workflow.id;
					const seeded = [
						...seedGlobalUpdateTasks(sandbox, GLOBAL_OPEN_TASKS, GLOBAL_COMPLETED_TASKS),
					];
					const records = seedWebhookRecords();
					const allTasks = [...seeded, ...records.flatMap((record) => record.tasks)];
					const logStart = sandbox.requestLog().length;

					const started = Date.now();
					const globalExecution = await n8nMain.rest.runManually(globalId, { trigger: SCHEDULE });
					const deliveries = await sendBurst(webhookTarget(), records);
					timed(`${WEBHOOKS} webhooks answered`, started);
					const statuses = deliveries.map((delivery) => delivery.finalStatus);
					// answer times of the attempts n8n answered (a timed-out attempt is retried)
					const latenciesMs = deliveries.flatMap((delivery) =>
						delivery.attempts.filter((a) => a.status !== 0).map((a) => a.elapsedMs),
					);
					const unanswered = deliveries.flatMap((delivery) =>
						delivery.attempts.filter((a) => a.status === 0),
					).length;
					const sorted = [...latenciesMs].sort((a, b) => a - b);
					const percentile = (p: number) =>
						sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
					const answers = `webhook answer (after the run) p50 ${percentile(0.5).toFixed(0)} ms, p99 ${percentile(0.99).toFixed(0)} ms (${WEBHOOKS_IN_FLIGHT} in flight; limits ${ANSWER_P50_LIMIT_MS} / ${ANSWER_P99_LIMIT_MS} ms); ${unanswered} attempts unanswered within 30 s and retried`;
					timings.push(answers);
					console.log(`[queueMode] ${answers}`);
					expect(statuses.filter((status) => status !== 200)).toEqual([]);
					// n8n 2.40.7 (queue mode) now and then never answers a run that finished before the
					// main listened for it; HubSpot's timeout and retry cover that (every delivery above
					// ended 200), but it must stay rare: 4 to 12 of 500 seen, more on a busier machine
					expect(unanswered).toBeLessThanOrEqual(WEBHOOKS / 20);
					expect(percentile(0.5)).toBeLessThan(ANSWER_P50_LIMIT_MS);
					expect(percentile(0.99)).toBeLessThan(ANSWER_P99_LIMIT_MS);

					// Wait for the executions and the titles.
					const deadline = started + BURST_TIMEOUT_MS;
					let counts: Record<string, number> = {};
					let wrong: string[] = allTasks.map((task) => task.id);
					while (Date.now() < deadline) {
						counts = await executionCounts(newTaskId);
						const finished = Object.entries(counts)
							.filter(([status]) => !['new', 'running', 'waiting'].includes(status))
							.reduce((sum, [, count]) => sum + count, 0);
						const titles = taskTitles(
							sandbox,
							allTasks.map((task) => task.id),
						);
						wrong = allTasks.filter((task) => titles[task.id] !== task.expected).map((t) => t.id);
						if (finished >= WEBHOOKS + unanswered && wrong.length === 0) break;
						await delay(2_000);
					}
					timed('burst done', started);
					// an unanswered run was retried by the sender: it ran again (no dedupe key in this body)
					expect(counts).toEqual({ success: WEBHOOKS + unanswered });
					expect(wrong).toEqual([]);

					const global = await n8nMain.waitForExecution(globalId, globalExecution, 60_000);
					timed('global update done', started);
					expect(global.status).toBe('success');
					const [summary] = nodeOutputItems(global, UPDATE);
					expect(summary).toMatchObject({ dryRun: false, failed: 0 });
					expect(Number(summary.scanned)).toBeGreaterThanOrEqual(GLOBAL_OPEN_TASKS);

					// The sandbox's view: every 429 retried to success, no 10 s window at the limit.
					const log = hubSpotExchanges(sandbox.requestLog().slice(logStart));
					const rejected = log.filter((exchange) => exchange.status === 429);
					expect(unretried429s(log)).toEqual([]);
					const peak = busiestWindow(log.map((exchange) => exchange.at));
					const nonSearch = busiestWindow(
						log.filter((exchange) => !isSearch(exchange)).map((exchange) => exchange.at),
					);
					const searchPeak = busiestWindow(
						log.filter(isSearch).map((exchange) => exchange.at),
						1_000,
					);
					const spanS = (log[log.length - 1].at - log[0].at) / 1000;
					console.log(
						`[queueMode] ${log.length} HubSpot requests in ${spanS.toFixed(1)} s; busiest 10 s window: ${peak.count} (all), ${nonSearch.count} (non-search), limit ${HUBSPOT_LIMIT_PER_10S}; busiest 1 s of searches: ${searchPeak.count}; 429s: ${rejected.length}, all retried to success`,
					);
					expect(peak.count).toBeLessThan(HUBSPOT_LIMIT_PER_10S);
					// the budget (180 starts in any rolling 10 s) keeps HubSpot from answering 429 at all
					expect(rejected).toEqual([]);

					// Both workers ran executions; the main ran none.
					const perWorker = workers.map((worker) => worker.startedExecutionIds());
					console.log(
						`[queueMode] executions per worker: ${workers.map((worker, i) => `${worker.name} ${perWorker[i].length}`).join(', ')}`,
					);
					for (const ids of perWorker) expect(ids.length).toBeGreaterThan(0);
					expect(new Set(perWorker.flat()).size).toBe(WEBHOOKS + unanswered + 1);
					expect(perWorker.flat()).toContain(globalExecution);
					expect(n8nMain.readLog()).not.toMatch(/Worker started execution/);

					// The budget lived in Redis, under this run's prefix.
					const budgetKeys = await keysMatching(redis, `b_${budgetKeyPrefix}*_settings`);
					expect(budgetKeys.length).toBeGreaterThanOrEqual(1);
				}),
			BURST_TIMEOUT_MS + 120_000,
		);

		test('a HubSpot event delivered twice at once and again later runs once: the claim is kept in Redis', () =>
			main().withLogOnFailure(async () => {
				const newTaskId = templateNamed(templates, NEW_TASK).workflow.id;
				const contactId = sandbox.store.create('contacts', {
					email: 'redelivery@example.com.br',
				}).id;
				const taskId = createTask(sandbox, 'Cobrança da fatura em atraso', 'NOT_STARTED');
				sandbox.store.associate('contacts', contactId, 'tasks', taskId);
				// An app event that also names its object type, as the template's expressions read it.
				const events = [
					{ ...contactPropertyChange(Number(contactId), 'customer'), objectType: 'contact' },
				];
				const before = (await executionCounts(newTaskId)).success ?? 0;

				const target = webhookTarget();
				const simultaneous = await Promise.all([
					deliverJson(target, events),
					deliverJson(target, redeliveryOf(events)),
				]);
				// The run's answer can reach the sender a moment before its claim is settled in Redis;
				// a copy in that moment gets 503 and, as HubSpot does, is sent again.
				let later = await deliverJson(target, redeliveryOf(redeliveryOf(events)));
				for (let attempt = 1; later.status === 503 && attempt < 10; attempt++) {
					await delay(1_000);
					later = await deliverJson(target, redeliveryOf(redeliveryOf(events)));
				}

				// One copy runs and is answered 200 when its run is over; the other, arriving while
				// it runs, gets 503 (HubSpot comes back later), or, if the run was already over, 200
				// as a duplicate. The later one is a duplicate of an applied event.
				// Which of the two wins the claim is a race: the one that ran is the 200 that is no duplicate.
				const ranIndex = simultaneous.findIndex(
					(answer) => answer.status === 200 && answer.body.duplicates === undefined,
				);
				expect(simultaneous.map((answer) => answer.status)).toContain(200);
				expect(ranIndex).toBeGreaterThanOrEqual(0);
				const copy = simultaneous[1 - ranIndex];
				expect([200, 503]).toContain(copy.status);
				if (copy.status === 200) expect(copy.body).toMatchObject({ accepted: 0, duplicates: 1 });
				expect(later.status).toBe(200);
				expect(later.body).toMatchObject({ accepted: 0, duplicates: 1 });
				const deadline = Date.now() + 60_000;
				while (taskTitles(sandbox, [taskId])[taskId] !== '[P1] Cobrança da fatura em atraso') {
					if (Date.now() > deadline) throw new Error('the event was not run within 60 s');
					await delay(250);
				}
				await delay(2_000); // a second execution, if any, would have been saved by now
				expect((await executionCounts(newTaskId)).success).toBe(before + 1);
				const claims = await keysMatching(redis, `${budgetKeyPrefix}:dedupe:${newTaskId}:*`);
				expect(claims).toHaveLength(1);
				expect(await redis.pttl(claims[0])).toBeGreaterThan(23 * 3_600_000);
			}));

		for (const [run, rate] of [0.1, 0.3].entries()) {
			test(
				`${WEBHOOKS} events at ${rate * 100}% faults and HubSpot outages, delivered as HubSpot does: none lost, none applied twice`,
				() =>
					main().withLogOnFailure(async () => {
						const newTaskId = templateNamed(templates, NEW_TASK).workflow.id;
						const records = seedWebhookRecords(WEBHOOKS * (run + 2));
						const tasks = records.flatMap((record) => record.tasks);
						const logStart = sandbox.requestLog().length;
						const before = await executionCounts(newTaskId);

						const stopFaults = injectFaultsWithOutages(sandbox, {
							rate,
							statuses: [...RANDOM_FAULTS],
							seed: 11 + run,
							outageMs: OUTAGE_MS,
							everyMs: OUTAGE_EVERY_MS,
						});
						let outages = 0;
						let deliveries: RetriedDelivery[];
						try {
							deliveries = await deliverAllLikeHubSpot(webhookTarget(), records, Date.now());
						} finally {
							outages = stopFaults();
						}
						const titles = taskTitles(
							sandbox,
							tasks.map((task) => task.id),
						);
						const wrong = tasks.filter((task) => titles[task.id] !== task.expected);
						const log = sandbox.requestLog().slice(logStart);
						const writes = new Map<string, number>();
						for (const id of appliedTaskWrites(log)) writes.set(id, (writes.get(id) ?? 0) + 1);
						const appliedTwice = [...writes].filter(([, count]) => count > 1);
						const lost = records.filter((record) =>
							record.tasks.some((task) => titles[task.id] !== task.expected),
						);
						const retried = deliveries.filter((delivery) => delivery.attempts.length > 1);
						const answers = deliveries.flatMap((delivery) =>
							delivery.attempts.map((a) => a.status),
						);
						const tally = (status: number) => answers.filter((s) => s === status).length;
						const after = await executionCounts(newTaskId);
						const newly = (status: string) => (after[status] ?? 0) - (before[status] ?? 0);
						console.log(
							`[queueMode] faults ${rate * 100}%: lost ${lost.length}, applied twice ${appliedTwice.length}, wrong titles ${wrong.length}, HubSpot calls per event ${(hubSpotExchanges(log).length / WEBHOOKS).toFixed(2)}, deliveries retried ${retried.length} of ${deliveries.length} (answers: ${tally(200)}×200, ${tally(500)}×500, ${tally(503)}×503, ${tally(0)}× no answer; ${outages} outages of ${OUTAGE_MS / 1000} s; executions ${newly('success')} succeeded, ${newly('error')} failed; ${answers.length - deliveries.length} retries)`,
						);
						expect(deliveries.every((delivery) => delivery.finalStatus === 200)).toBe(true);
						expect(lost).toEqual([]);
						expect(appliedTwice).toEqual([]);
						expect(wrong).toEqual([]);
						// the faults did reach the runs: some failed and were retried by HubSpot
						expect(newly('error')).toBeGreaterThan(0);
						expect(tally(500)).toBeGreaterThan(0);
						// and the true redeliveries of applied events were answered as duplicates
						const duplicates = deliveries.filter(
							(delivery) => delivery.attempts[delivery.attempts.length - 1].body.duplicates === 1,
						);
						expect(duplicates.length).toBeGreaterThanOrEqual(WEBHOOKS / REDELIVER_EVERY);
					}),
				FAULT_RUN_TIMEOUT_MS,
			);
		}

		test("no process logged an error from this package and HubSpot's contract held", () =>
			main().withLogOnFailure(async () => {
				const ours = /hubspot.?taskflow|hubSpotTaskflow|applyTaskPrefix|Apply Task Prefix/i;
				expect(
					main()
						.errorLines()
						.filter((line) => ours.test(line)),
				).toEqual([]);
				for (const worker of workers) {
					expect(worker.errorLines().filter((line) => ours.test(line))).toEqual([]);
				}
				sandbox.contract.assertClean();
			}));
	},
);
