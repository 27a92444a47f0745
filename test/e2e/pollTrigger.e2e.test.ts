/**
 * The polling template (workflows/priority-on-new-task-polling.json) in a real n8n 2.40.7 with this
 * package installed, published and polling the local sandbox: the template as it is, but for its
 * poll times. n8n refuses a cron entry firing more than once a minute, yet takes several entries,
 * so six once-a-minute entries ten seconds apart make it poll every 10 s. Tasks created after
 * activation get their prefix from the next poll; the pack's own writes do not come back as work;
 * a title someone changes later is prefixed again.
 */
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import type { N8nInstance } from '../../tools/n8n/n8n-instance';
import { delay } from '../../tools/n8n/process-group';
import { nodeOutputItems, type ExecutionSummary } from '../../tools/n8n/rest-client';
import { createTask, waitForTitles, writeRequests } from '../../tools/n8n/sandbox-tasks';
import { requireTemplateNodes, startN8nWithTemplates } from '../../tools/n8n/template-setup';
import {
	layoutProblems,
	loadTemplates,
	nodeNamed,
	POLL_EVERY_SECONDS,
	templateNamed,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	withFastPolls,
} from '../../tools/n8n/templates';

const { polling: POLLING } = TEMPLATE_FILES;
const { pollTrigger: TRIGGER, openTasksOnly: OPEN_ONLY, applyPolled: APPLY } = TEMPLATE_NODES;

const TASK_SEARCH = '/crm/v3/objects/tasks/search';
const PREFIX_WITHIN_MS = 30_000;
/** Polls watched after a run for anything read back. */
const QUIET_POLLS = 3;

const SETUP_TIMEOUT_MS = 15 * 60_000; // a fresh machine installs n8n first (several minutes)
const TEST_TIMEOUT_MS = 90_000;

const secondsSince = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;

describe('polling template in real n8n', () => {
	let sandbox: ContractSandbox;
	let n8n: N8nInstance;
	const template = withFastPolls(templateNamed(loadTemplates(), POLLING));
	const workflowId = template.workflow.id;
	const suiteStarted = Date.now();
	const figures: string[] = [];

	beforeAll(async () => {
		requireTemplateNodes([template], { [POLLING]: [TRIGGER, OPEN_ONLY, APPLY] });
		sandbox = await startContractSandbox();
		n8n = await startN8nWithTemplates([template], {
			label: 'pollTrigger',
			publicUrl: 'https://n8n.taskflow-e2e.example.com/',
			sandbox,
			clientSecret: 'e2e-poll-unused-client-secret',
			publish: [POLLING],
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (n8n) {
			console.log(
				`${n8n.timingSummary()}; ${figures.join(', ')}; suite ${secondsSince(suiteStarted)}`,
			);
		}
		await n8n?.dispose();
		await sandbox?.close();
	}, 60_000);

	const polls = () =>
		sandbox.requestLog().filter((exchange) => exchange.path === TASK_SEARCH).length;

	/** Waits until `count` more polls have searched HubSpot, and the runs they started are over. */
	async function waitForPolls(count: number): Promise<void> {
		const target = polls() + count;
		const deadline = Date.now() + (count + 2) * POLL_EVERY_SECONDS * 1000;
		while (polls() < target) {
			if (Date.now() > deadline) throw new Error(`fewer than ${count} polls in time`);
			await delay(200);
		}
		await settledExecutions();
	}

	/** The workflow's executions once none is running (a poll's run starts after its search). */
	async function settledExecutions(): Promise<ExecutionSummary[]> {
		await delay(1_500);
		const deadline = Date.now() + 20_000;
		for (;;) {
			const executions = await n8n.rest.listExecutions(workflowId);
			const busy = executions.some((e) => ['new', 'running', 'waiting'].includes(e.status));
			if (!busy || Date.now() > deadline) return executions;
			await delay(250);
		}
	}

	/** Tasks the trigger emitted in an execution, by id. */
	async function emittedIn(execution: ExecutionSummary): Promise<Array<Record<string, unknown>>> {
		return nodeOutputItems(await n8n.rest.getExecution(execution.id), TRIGGER);
	}

	const byId = (executions: ExecutionSummary[]) =>
		[...executions].sort((a, b) => Number(a.id) - Number(b.id));

	async function createTaskOverHttp(subject: string): Promise<string> {
		const response = await fetch(`${sandbox.url}/crm/v3/objects/tasks`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				properties: {
					hs_task_subject: subject,
					hs_task_status: 'NOT_STARTED',
					hs_timestamp: '2026-03-02T12:00:00.000Z',
				},
				// HubSpot's create requires the list, empty or not
				associations: [],
			}),
		});
		expect(response.status).toBe(201);
		return ((await response.json()) as { id: string }).id;
	}

	async function updateOverHttp(taskId: string, properties: Record<string, string>): Promise<void> {
		const response = await fetch(`${sandbox.url}/crm/v3/objects/tasks/${taskId}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ properties }),
		});
		expect(response.status).toBe(200);
	}

	const tasks: Record<string, string> = {};

	test('the template polls once a minute as shipped and its layout is readable', () => {
		const shipped = templateNamed(loadTemplates(), POLLING);
		const trigger = nodeNamed(shipped, TRIGGER);
		expect(trigger.parameters).toMatchObject({
			pollTimes: { item: [{ mode: 'everyMinute' }] },
			objectType: 'tasks',
			triggerOn: 'createdOrUpdated',
			watchedProperties: 'hs_task_subject',
			startFrom: 'now',
		});
		expect(nodeNamed(shipped, APPLY).parameters).toMatchObject({
			operation: 'updateTasks',
			taskId: '={{ $json.id }}',
			priorityFrom: 'rules',
		});
		expect(layoutProblems(shipped)).toEqual([]);
	});

	test(
		'tasks created after activation get their prefix from the next poll, in one execution',
		() =>
			n8n.withLogOnFailure(async () => {
				// the activation's own poll started the watch; nothing has run since
				expect(polls()).toBeGreaterThanOrEqual(1);
				expect(await n8n.rest.listExecutions(workflowId)).toEqual([]);
				await waitForPolls(1); // a poll that finds nothing starts nothing
				expect(await settledExecutions()).toEqual([]);

				const created = Date.now();
				const logBefore = sandbox.requestLog().length;
				// straight into the store, all in one tick: no poll can fall between them
				tasks.fresh = createTask(sandbox, 'Enviar proposta revisada');
				tasks.lowered = createTask(sandbox, '[P1] Reunião interna de alinhamento');
				tasks.plain = createTask(sandbox, 'Reunião interna');
				tasks.done = createTask(sandbox, 'Contrato assinado e arquivado', 'COMPLETED');
				const seen = await waitForTitles(
					sandbox,
					{
						[tasks.fresh]: '[P2] Enviar proposta revisada',
						[tasks.lowered]: 'Reunião interna de alinhamento',
					},
					PREFIX_WITHIN_MS,
				);
				expect(seen).toEqual({
					[tasks.fresh]: '[P2] Enviar proposta revisada',
					[tasks.lowered]: 'Reunião interna de alinhamento',
				});
				figures.push(`store tasks prefixed after ${secondsSince(created)}`);

				const executions = await settledExecutions();
				expect(executions).toHaveLength(1);
				expect(executions[0]).toMatchObject({ status: 'success', mode: 'trigger' });
				const execution = await n8n.rest.getExecution(executions[0].id);
				const emitted = nodeOutputItems(execution, TRIGGER);
				expect(emitted.map((item) => item.id).sort()).toEqual(
					[tasks.fresh, tasks.lowered, tasks.plain, tasks.done].sort(),
				);
				// a completed task is read, and stopped before Apply Task Prefix
				expect(nodeOutputItems(execution, OPEN_ONLY).map((item) => item.id)).not.toContain(
					tasks.done,
				);
				expect(emitted.every((item) => item.change === 'created')).toBe(true);
				expect(nodeOutputItems(execution, APPLY)).toEqual(
					expect.arrayContaining([
						expect.objectContaining({ taskId: tasks.fresh, changed: true }),
						expect.objectContaining({ taskId: tasks.plain, changed: false }),
					]),
				);
				// the two new titles in one batch; the title that stays is not written
				const written = writeRequests(sandbox, logBefore);
				expect(written.map((exchange) => exchange.path)).toEqual([
					'/crm/v3/objects/tasks/batch/update',
				]);
				const inputs = (written[0].requestBody as { inputs: Array<{ id: string }> }).inputs;
				expect(inputs.map((input) => input.id).sort()).toEqual([tasks.fresh, tasks.lowered].sort());
				expect(sandbox.store.get('tasks', tasks.plain)?.properties.hs_task_subject).toBe(
					'Reunião interna',
				);
				expect(sandbox.store.get('tasks', tasks.done)?.properties.hs_task_subject).toBe(
					'Contrato assinado e arquivado',
				);

				// a task created through HubSpot's API, as an integration or the CRM's UI would
				const viaApi = Date.now();
				tasks.api = await createTaskOverHttp('Ligar para o cliente sobre a renovação');
				expect(
					await waitForTitles(
						sandbox,
						{ [tasks.api]: '[P1] Ligar para o cliente sobre a renovação' },
						PREFIX_WITHIN_MS,
					),
				).toEqual({
					[tasks.api]: '[P1] Ligar para o cliente sobre a renovação',
				});
				figures.push(`API task prefixed after ${secondsSince(viaApi)}`);
				const after = byId(await settledExecutions());
				expect(after).toHaveLength(2);
				expect((await emittedIn(after[1])).map((item) => item.id)).toEqual([tasks.api]);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		"the pack's own writes are not read back: later polls start nothing and write nothing",
		() =>
			n8n.withLogOnFailure(async () => {
				const logBefore = sandbox.requestLog().length;
				const executionsBefore = (await settledExecutions()).length;
				const pollsBefore = polls();
				const started = Date.now();
				await waitForPolls(QUIET_POLLS);
				const quietPolls = polls() - pollsBefore;
				expect(quietPolls).toBeGreaterThanOrEqual(QUIET_POLLS);
				expect(writeRequests(sandbox, logBefore)).toEqual([]);
				expect(await settledExecutions()).toHaveLength(executionsBefore);
				figures.push(
					`${quietPolls} polls after the runs in ${secondsSince(started)}: 0 writes, 0 executions`,
				);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a title a user changes afterwards is prefixed again; a change to another property starts nothing',
		() =>
			n8n.withLogOnFailure(async () => {
				const executionsBefore = (await settledExecutions()).length;
				const renamed = Date.now();
				// not watched: the status of another task
				await updateOverHttp(tasks.plain, { hs_task_status: 'IN_PROGRESS' });
				await updateOverHttp(tasks.fresh, { hs_task_subject: 'Enviar contrato revisado' });
				const logAfterUserWrites = sandbox.requestLog().length;
				expect(
					await waitForTitles(
						sandbox,
						{ [tasks.fresh]: '[P1] Enviar contrato revisado' },
						PREFIX_WITHIN_MS,
					),
				).toEqual({ [tasks.fresh]: '[P1] Enviar contrato revisado' });
				figures.push(`renamed task prefixed again after ${secondsSince(renamed)}`);

				const executions = byId(await settledExecutions());
				expect(executions).toHaveLength(executionsBefore + 1);
				const emitted = await emittedIn(executions[executions.length - 1]);
				expect(emitted).toEqual([
					expect.objectContaining({
						id: tasks.fresh,
						change: 'updated',
						properties: expect.objectContaining({ hs_task_subject: 'Enviar contrato revisado' }),
					}),
				]);
				const written = writeRequests(sandbox, logAfterUserWrites);
				expect(written).toHaveLength(1);
				expect((written[0].requestBody as { inputs: Array<{ id: string }> }).inputs).toEqual([
					expect.objectContaining({ id: tasks.fresh }),
				]);

				// and that write is not read back either
				const logBefore = sandbox.requestLog().length;
				await waitForPolls(2);
				expect(writeRequests(sandbox, logBefore)).toEqual([]);
				expect(await settledExecutions()).toHaveLength(executionsBefore + 1);
			}),
		TEST_TIMEOUT_MS,
	);

	test("n8n's log has no error from this package and HubSpot's contract held", () =>
		n8n.withLogOnFailure(async () => {
			const ourErrors = n8n
				.errorLines()
				.filter((line) =>
					/hubspot.?taskflow|hubSpotTaskflow|applyTaskPrefix|Apply Task Prefix|poll/i.test(line),
				);
			expect(ourErrors).toEqual([]);
			expect(n8n.readLog()).not.toMatch(/unrecognized node type|polling interval is too short/i);
			sandbox.contract.assertClean();
			figures.push(`${polls()} polls in all`);
		}));
});
