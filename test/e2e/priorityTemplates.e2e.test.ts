/**
 * The priority templates of workflows/ in a real n8n 2.40.7 with this package installed: imported
 * as they are (their credentials, same ids and names, point at the local sandbox), then run there.
 * A signed "Send a webhook" call for a record's new task prefixes the record's open tasks; task
 * events go through Priority Lookup; the global update runs over thousands of sandbox tasks as
 * the editor runs it: a dry run (Execute step on the preview), the update from the schedule
 * trigger, then Execute workflow with nothing left to write. The rules come from the sandbox's
 * Google Sheet 'priority-rules'.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { GlobalUpdateRuns } from './harness/global-update-runs';
import { deliverJson, type DeliveryTarget } from '../../tools/n8n/hubspot-deliveries';
import type { N8nInstance } from '../../tools/n8n/n8n-instance';
import { nodeOutputItems } from '../../tools/n8n/rest-client';
import { REPO_ROOT } from '../../tools/n8n/runtime';
import {
	latestExecution,
	requireTemplateNodes,
	savedTemplate,
	startN8nWithTemplates,
	templateWebhookTarget,
} from '../../tools/n8n/template-setup';
import {
	layoutProblems,
	notesCheckedInOwnSuite,
	loadTemplates,
	stickyNoteText,
	templateNamed,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	type Template,
} from '../../tools/n8n/templates';
import { createTask, waitForTitles, writeRequests } from '../../tools/n8n/sandbox-tasks';

const PUBLIC_BASE_URL = 'https://n8n.taskflow-e2e.example.com/';
const CLIENT_SECRET = 'e2e-priority-app-client-secret';
const RULES_CSV = path.join(REPO_ROOT, 'sandbox/sheets/priority-rules/Rules.csv');

const {
	newTask: NEW_TASK,
	taskEvents: TASK_EVENTS,
	globalUpdate: GLOBAL,
	polling: POLLING,
} = TEMPLATE_FILES;
const {
	applyRecord: APPLY_RECORD,
	lookup: LOOKUP,
	applyTasks: APPLY_TASKS,
	runNow: RUN_NOW,
	schedule: SCHEDULE,
	preview: PREVIEW,
	update: UPDATE,
} = TEMPLATE_NODES;

const DRIVEN_NODES = {
	[NEW_TASK]: [APPLY_RECORD],
	[TASK_EVENTS]: [LOOKUP, APPLY_TASKS],
	[GLOBAL]: [RUN_NOW, SCHEDULE, PREVIEW, UPDATE],
};

const SETUP_TIMEOUT_MS = 15 * 60_000; // a fresh machine installs n8n first (several minutes)
const TEST_TIMEOUT_MS = 90_000;
const GLOBAL_TIMEOUT_MS = 120_000;

const GLOBAL_OPEN_TASKS = 3_000;
const GLOBAL_COMPLETED_TASKS = 200;

const secondsSince = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;

describe('priority templates in real n8n', () => {
	let sandbox: ContractSandbox;
	let n8n: N8nInstance;
	const templates = loadTemplates();
	const suiteStarted = Date.now();
	const timings: string[] = [];

	const webhookTarget = (template: Template): DeliveryTarget =>
		templateWebhookTarget(n8n, template, CLIENT_SECRET);

	beforeAll(async () => {
		// the nodes the tests address: a renamed one fails here, loudly
		requireTemplateNodes(templates, DRIVEN_NODES);
		sandbox = await startContractSandbox();
		n8n = await startN8nWithTemplates(templates, {
			label: 'priorityTemplates',
			publicUrl: PUBLIC_BASE_URL,
			sandbox,
			clientSecret: CLIENT_SECRET,
			publish: [NEW_TASK, TASK_EVENTS],
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (n8n) {
			console.log(
				`${n8n.timingSummary()}; ${timings.join(', ')}; suite ${secondsSince(suiteStarted)}`,
			);
		}
		await n8n?.dispose();
		await sandbox?.close();
	}, 60_000);

	async function expectTitlesSoon(expected: Record<string, string>): Promise<void> {
		expect(await waitForTitles(sandbox, expected)).toEqual(expected);
	}

	const task = (subject: string, status?: string) => createTask(sandbox, subject, status);
	const writes = (since?: number) => writeRequests(sandbox, since);

	const latest = (template: Template, count: number) =>
		latestExecution(n8n, template.workflow.id, count);

	test('every template in workflows/ imports, n8n knows all its nodes, and its layout is readable', () =>
		n8n.withLogOnFailure(async () => {
			expect(templates.map((template) => template.file)).toEqual(
				expect.arrayContaining([NEW_TASK, TASK_EVENTS, GLOBAL, POLLING]),
			);
			for (const template of templates) {
				const saved = await savedTemplate(n8n, template);
				expect(saved.name).toBe(template.workflow.name);
				expect(saved.nodeNames).toEqual(template.workflow.nodes.map((node) => node.name).sort());
				expect(saved.unknownNodeTypes).toEqual([]);
				expect(layoutProblems(template)).toEqual([]);
				expect(template.workflow.pinData ?? {}).toEqual({});

				if (notesCheckedInOwnSuite(template)) continue;
				const notes = stickyNoteText(template);
				expect(notes).toMatch(/\| keyword \| priority \| match type \|/);
				expect(notes).toMatch(/crm\.objects\.contacts\.write/);
				expect(notes).toMatch(/service account/i);
				if (template.file !== GLOBAL) expect(notes).toMatch(/Send a webhook/);
				// the polling template says whom it is for: HubSpot sells that action with Operations Hub
				if (template.file === POLLING) expect(notes).toMatch(/Operations Hub Professional/);
			}
			expect(n8n.readLog()).not.toMatch(/unrecognized node type/i);
		}));

	test(
		"a signed webhook for a deal's new task prefixes the deal's open tasks, and a contact's",
		() =>
			n8n.withLogOnFailure(async () => {
				const started = Date.now();
				const template = templateNamed(templates, NEW_TASK);
				const newDeal = (dealname: string) =>
					sandbox.store.create('deals', { dealname, dealstage: 'appointmentscheduled' }).id;
				const deal = newDeal('Renovação anual ACME');
				const otherDeal = newDeal('Outro negócio');
				const tasks = {
					fresh: task('Enviar proposta revisada'),
					reprioritized: task('[P4] Ligar para confirmar o contrato', 'WAITING'),
					alreadyRight: task('[P1] Cobrança da fatura de março'),
					completed: task('Enviar contrato assinado', 'COMPLETED'),
					otherDeals: task('Enviar contrato ao jurídico'),
				};
				for (const id of [tasks.fresh, tasks.reprioritized, tasks.alreadyRight, tasks.completed]) {
					sandbox.store.associate('deals', deal, 'tasks', id);
				}
				sandbox.store.associate('deals', otherDeal, 'tasks', tasks.otherDeals);
				const logBefore = sandbox.requestLog().length;

				const delivery = await deliverJson(webhookTarget(template), {
					objectType: 'deal',
					hs_object_id: deal,
				});
				// answered when the run is over: n8n's answer is the first task result it wrote
				expect(delivery.status).toBe(200);
				expect(delivery.body).toMatchObject({ taskId: expect.any(String), changed: true });
				await expectTitlesSoon({
					[tasks.fresh]: '[P2] Enviar proposta revisada',
					[tasks.reprioritized]: '[P1] Ligar para confirmar o contrato',
					[tasks.alreadyRight]: '[P1] Cobrança da fatura de março',
					[tasks.completed]: 'Enviar contrato assinado',
					[tasks.otherDeals]: 'Enviar contrato ao jurídico',
				});

				const execution = await latest(template, 1);
				expect(execution.status).toBe('success');
				expect(execution.mode).toBe('webhook');
				const results = nodeOutputItems(execution, APPLY_RECORD);
				expect(results).toEqual(
					expect.arrayContaining([
						expect.objectContaining({
							taskId: tasks.fresh,
							oldTitle: 'Enviar proposta revisada',
							newTitle: '[P2] Enviar proposta revisada',
							changed: true,
						}),
						expect.objectContaining({ taskId: tasks.reprioritized, changed: true }),
						expect.objectContaining({ taskId: tasks.alreadyRight, changed: false }),
					]),
				);
				expect(results.map((item) => item.taskId)).not.toContain(tasks.completed);
				// the two changed titles in one batch; nothing else written
				const written = writes(logBefore);
				expect(written.map((exchange) => exchange.path)).toEqual([
					'/crm/v3/objects/tasks/batch/update',
				]);
				const inputs = (written[0].requestBody as { inputs: Array<{ id: string }> }).inputs;
				expect(inputs.map((input) => input.id).sort()).toEqual(
					[tasks.fresh, tasks.reprioritized].sort(),
				);

				// a contact-based HubSpot workflow sends the same body with objectType contact
				const contact = sandbox.store.create('contacts', {
					email: 'ana.souza@example.com.br',
					firstname: 'Ana',
				}).id;
				const contactTask = task('Urgent: call back about the invoice');
				sandbox.store.associate('contacts', contact, 'tasks', contactTask);
				const enrollment = {
					objectType: 'contact',
					hs_object_id: contact,
					hs_lastmodifieddate: '1790000000000',
				};
				const second = await deliverJson(webhookTarget(template), enrollment);
				expect(second.status).toBe(200);
				await expectTitlesSoon({ [contactTask]: '[P1] Urgent: call back about the invoice' });
				expect((await latest(template, 2)).status).toBe('success');

				// The template's dedupe of a repeated call (record ID + last-modified date) needs the
				// claims in Redis when answering after the run: see queueMode.e2e.test.ts.
				timings.push(`new-task webhooks ${secondsSince(started)}`);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'task events with their titles go through Priority Lookup and get the prefix it found',
		() =>
			n8n.withLogOnFailure(async () => {
				const template = templateNamed(templates, TASK_EVENTS);
				const title = 'Ligação sobre a renovação do contrato';
				const matched = task(title);
				const unmatched = task('[P2] Almoço com a equipe');

				const first = await deliverJson(webhookTarget(template), {
					hs_object_id: matched,
					hs_task_subject: title,
				});
				expect(first.status).toBe(200);
				await expectTitlesSoon({ [matched]: `[P1] ${title}` });
				const execution = await latest(template, 1);
				expect(execution.status).toBe('success');
				const [lookedUp] = nodeOutputItems(execution, LOOKUP);
				expect(lookedUp).toMatchObject({
					objectId: matched,
					priority: 'P1',
					priorityRank: 1,
					matchedRuleSource: 'sheet',
				});
				// matchedRule is the sheet row of the keyword it names
				const sheetRows = readFileSync(RULES_CSV, 'utf8').split(/\r?\n/);
				const row = sheetRows[Number(lookedUp.matchedRule) - 1] ?? '';
				expect(row.split(',')[0].toLowerCase()).toBe(String(lookedUp.matchedKeyword).toLowerCase());
				expect(nodeOutputItems(execution, APPLY_TASKS)).toEqual([
					expect.objectContaining({ taskId: matched, newTitle: `[P1] ${title}`, changed: true }),
				]);

				// no rule matches: the old prefix goes
				await deliverJson(webhookTarget(template), {
					hs_object_id: unmatched,
					hs_task_subject: '[P2] Almoço com a equipe',
				});
				await expectTitlesSoon({ [unmatched]: 'Almoço com a equipe' });
				const second = await latest(template, 2);
				expect(nodeOutputItems(second, LOOKUP)[0]).toMatchObject({
					priority: null,
					matchedKeyword: null,
				});
			}),
		TEST_TIMEOUT_MS,
	);

	describe('global update', () => {
		let globalUpdate: GlobalUpdateRuns;

		beforeAll(() => {
			sandbox.reset();
			const workflowId = templateNamed(templates, GLOBAL).workflow.id;
			const started = Date.now();
			globalUpdate = GlobalUpdateRuns.seed(n8n, sandbox, workflowId, {
				open: GLOBAL_OPEN_TASKS,
				completed: GLOBAL_COMPLETED_TASKS,
			});
			timings.push(`seeded ${globalUpdate.seeded.length} tasks in ${secondsSince(started)}`);
		});

		/** Runs the workflow as the editor does, from a trigger, optionally up to one node only. */
		async function run(label: string, trigger: string, destinationNode?: string) {
			const { execution, seconds } = await globalUpdate.run(
				trigger,
				destinationNode,
				GLOBAL_TIMEOUT_MS,
			);
			timings.push(`${label} ${seconds.toFixed(1)} s`);
			expect(execution.status).toBe('success');
			return execution;
		}

		test(
			'the dry run (Execute step on the preview) writes nothing and lists every title that would change',
			() =>
				n8n.withLogOnFailure(async () => {
					const before = globalUpdate.titles();
					const execution = await run('dry run', RUN_NOW, PREVIEW);
					expect(execution.runData[UPDATE]).toBeUndefined();
					const [summary] = nodeOutputItems(execution, PREVIEW);
					const expectedChanges = globalUpdate.expectedChanges();
					expect(summary).toMatchObject({
						dryRun: true,
						scanned: GLOBAL_OPEN_TASKS,
						changed: expectedChanges.size,
						failed: 0,
					});
					const listed = summary.changes as Array<{ taskId: string; newTitle: string }>;
					expect(listed).toHaveLength(expectedChanges.size);
					for (const change of listed)
						expect(change.newTitle).toBe(expectedChanges.get(change.taskId));
					expect(writes()).toEqual([]);
					expect(globalUpdate.titles()).toEqual(before);
				}),
			GLOBAL_TIMEOUT_MS,
		);

		test(
			'the update (from the schedule trigger) gives every open task its prefix, completed ones keep theirs',
			() =>
				n8n.withLogOnFailure(async () => {
					const logBefore = sandbox.requestLog().length;
					const execution = await run('update', SCHEDULE);
					expect(execution.runData[PREVIEW]).toBeUndefined();
					const [summary] = nodeOutputItems(execution, UPDATE);
					const expectedChanges = globalUpdate.expectedChanges().size;
					expect(summary).toMatchObject({
						dryRun: false,
						scanned: GLOBAL_OPEN_TASKS,
						changed: expectedChanges,
						failed: 0,
					});
					expect(summary.unchanged).toBe(GLOBAL_OPEN_TASKS - expectedChanges);
					expect(globalUpdate.titles()).toEqual(globalUpdate.expectedTitles());
					const batches = writes(logBefore);
					expect(
						batches.every((exchange) => exchange.path === '/crm/v3/objects/tasks/batch/update'),
					).toBe(true);
					const sizes = batches.map(
						(exchange) => (exchange.requestBody as { inputs: unknown[] }).inputs.length,
					);
					expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
					expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(expectedChanges);
					console.log(
						`[priorityTemplates] global update: ${JSON.stringify({ ...summary, changes: undefined })}`,
					);
				}),
			GLOBAL_TIMEOUT_MS,
		);

		test(
			'a second run (Execute workflow: preview, then update) finds nothing to change and writes nothing',
			() =>
				n8n.withLogOnFailure(async () => {
					const logBefore = sandbox.requestLog().length;
					const execution = await run('second run', RUN_NOW);
					expect(nodeOutputItems(execution, PREVIEW)[0]).toMatchObject({
						dryRun: true,
						changed: 0,
						changes: [],
					});
					expect(nodeOutputItems(execution, UPDATE)[0]).toMatchObject({
						dryRun: false,
						scanned: GLOBAL_OPEN_TASKS,
						changed: 0,
						failed: 0,
					});
					expect(writes(logBefore)).toEqual([]);
					expect(globalUpdate.titles()).toEqual(globalUpdate.expectedTitles());
				}),
			GLOBAL_TIMEOUT_MS,
		);
	});

	test("n8n's log has no error from this package and HubSpot's contract held", () =>
		n8n.withLogOnFailure(async () => {
			const ourErrors = n8n
				.errorLines()
				.filter((line) =>
					/hubspot.?taskflow|hubSpotTaskflow|priorityLookup|applyTaskPrefix|Priority Lookup|Apply Task Prefix/i.test(
						line,
					),
				);
			expect(ourErrors).toEqual([]);
			expect(n8n.readLog()).not.toMatch(/unrecognized node type/i);
			sandbox.contract.assertClean();
		}));
});
