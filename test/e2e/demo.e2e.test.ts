/**
 * `npm run demo` end to end, as a user runs it: started in a fresh demo folder on free ports, it
 * prints a login and curl lines; each curl line is run as printed and its effect checked in the
 * sandbox; demo:fire signs fresh, runs the scheduled template and makes the record changes two
 * activity templates poll for, then checks what the next poll did; Ctrl-C (SIGINT) leaves no process
 * and no port behind; a second start reuses everything, is ready within seconds and keeps n8n's and
 * the sandbox's data.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { READY_LINE, type ReadyInfo } from '../../tools/demo/ready-file';
import { sandboxTaskTitles, waitForSandboxTitles } from '../../tools/demo/sandbox-titles';
import { buildDemoSeed } from '../../sandbox/seed';
import {
	DEMO_FIRE_SCRIPT,
	demoEnvironment,
	DemoProcess,
	portIsFree,
	processesMentioning,
	processGroupMembers,
	processRuns,
} from './harness/demo-process';
import { findFreePort } from '../../tools/n8n/environment';
import { N8nRestClient } from '../../tools/n8n/rest-client';
import { REPO_ROOT } from '../../tools/n8n/runtime';
import {
	ACTIVITY_TEMPLATE_PREFIX,
	CRM_TEMPLATE_PREFIX,
	GUIDE_TEMPLATE_PREFIX,
	loadTemplates,
	RINGOSTAT_TEMPLATE_PREFIX,
} from '../../tools/n8n/templates';

const run = promisify(execFile);

const FIRST_START_TIMEOUT_MS = 15 * 60_000; // a fresh machine installs Node 24 + n8n first
const SECOND_START_LIMIT_S = 20;
const PREFIXED = /^\[P[1-4]\] /;
const KEY = 'taskflow_idempotency_key';

describe('npm run demo', () => {
	let demoDir: string;
	let env: NodeJS.ProcessEnv;
	let n8nPort: number;
	let sandboxPort: number;
	let demo: DemoProcess | undefined;
	let ready: ReadyInfo;
	const timings: string[] = [];
	const templates = loadTemplates();

	const readReady = () =>
		JSON.parse(readFileSync(path.join(demoDir, 'ready.json'), 'utf8')) as ReadyInfo;

	const titlesOf = (taskIds: string[]) => sandboxTaskTitles(ready.sandboxUrl, taskIds);
	const waitForTitles = (expected: Record<string, string>, timeoutMs = 30_000) =>
		waitForSandboxTitles(ready.sandboxUrl, expected, timeoutMs);

	const sandboxTask = async (taskId: string) => {
		const response = await fetch(`${ready.sandboxUrl}/__sandbox/objects/tasks/${taskId}`);
		expect({ taskId, status: response.status }).toEqual({ taskId, status: 200 });
		return (await response.json()) as { properties: Record<string, string> };
	};

	/** `npm run demo:fire -- <template>` */
	const fire = (template: string) =>
		run(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [DEMO_FIRE_SCRIPT, template], {
			env,
			cwd: REPO_ROOT,
		});

	async function startDemo(label: string, timeoutMs: number): Promise<number> {
		const started = Date.now();
		demo = DemoProcess.start(env);
		await demo.waitFor(READY_LINE, timeoutMs);
		const seconds = (Date.now() - started) / 1000;
		timings.push(`${label} start ${seconds.toFixed(1)} s`);
		ready = readReady();
		return seconds;
	}

	/** SIGINT, as Ctrl-C sends it; then nothing of the demo may run or listen. */
	async function interruptAndExpectNothingLeft(): Promise<void> {
		const started = Date.now();
		const code = await (demo as DemoProcess).stop('SIGINT');
		timings.push(`stop ${((Date.now() - started) / 1000).toFixed(1)} s`);
		expect(code).toBe(0);
		expect(demo?.output).toMatch(/Stopped\. Nothing of the demo is running/);
		for (const pid of [ready.demoPid, ready.n8nPid, ready.sandboxPid]) {
			expect({ pid, runs: processRuns(pid) }).toEqual({ pid, runs: false });
		}
		expect(processGroupMembers(ready.n8nPid)).toEqual([]);
		expect(processGroupMembers(ready.sandboxPid)).toEqual([]);
		expect(processesMentioning(demoDir)).toEqual([]);
		expect(await portIsFree(n8nPort)).toBe(true);
		expect(await portIsFree(sandboxPort)).toBe(true);
	}

	beforeAll(async () => {
		demoDir = await mkdtemp(path.join(os.tmpdir(), 'taskflow-demo-e2e-'));
		n8nPort = await findFreePort();
		sandboxPort = await findFreePort();
		env = demoEnvironment({
			DEMO_DIR: demoDir,
			DEMO_N8N_PORT: String(n8nPort),
			DEMO_SANDBOX_PORT: String(sandboxPort),
			// dist/ is built before the e2e suites; a test must not rebuild the shared folder
			DEMO_BUILD: 'never',
		});
	});

	afterAll(async () => {
		console.log(`[demo] ${timings.join(', ')}; folder ${demoDir}`);
		if (demo?.isRunning) {
			console.log(`[demo] output of the run still going:\n${demo.output}`);
			await demo.stop('SIGINT', 30_000);
		}
		if (process.env.KEEP_N8N_E2E_FOLDER !== '1')
			await rm(demoDir, { recursive: true, force: true });
	}, 90_000);

	test(
		'the first start prints the editor, a login, a curl line per webhook template and a fire command or a link per template',
		async () => {
			await startDemo('first', FIRST_START_TIMEOUT_MS);
			const output = (demo as DemoProcess).output;
			console.log(`[demo] first start output:\n${output}`);
			expect(output).toContain(`n8n editor   http://127.0.0.1:${n8nPort}/`);
			expect(output).toContain(`login        ${ready.owner.email}  /  ${ready.owner.password}`);
			expect(ready.owner.status).toBe('created');
			const curlLines = output.split('\n').filter((line) => line.trim().startsWith('curl '));
			// the Ringostat templates are fired with demo:fire only (their secret is not printed)
			const webhookTemplates = templates.filter(
				(t) =>
					!t.file.startsWith(RINGOSTAT_TEMPLATE_PREFIX) &&
					t.workflow.nodes.some((node) => node.type.endsWith('.hubSpotTaskflowTrigger')),
			);
			expect(curlLines).toHaveLength(webhookTemplates.length);
			// a process guide is answered by a person: its link is printed instead (checked below)
			for (const template of templates.filter((t) => !t.file.startsWith(GUIDE_TEMPLATE_PREFIX))) {
				expect(output).toContain(`npm run demo:fire -- ${template.file.replace(/\.json$/, '')}`);
			}
			// the owner's login works and every template is active
			const rest = new N8nRestClient(ready.n8nUrl);
			await rest.json('POST', '/rest/login', {
				emailOrLdapLoginId: ready.owner.email,
				password: ready.owner.password,
			});
			for (const template of templates) {
				const saved = await rest.json<{ data: { active: boolean } }>(
					'GET',
					`/rest/workflows/${template.workflow.id}`,
				);
				expect({ file: template.file, active: saved.data.active }).toEqual({
					file: template.file,
					active: true,
				});
			}
		},
		FIRST_START_TIMEOUT_MS + 60_000,
	);

	test('each printed curl line, run as printed, gives the tasks it names their prefixes', async () => {
		const output = (demo as DemoProcess).output;
		const curlLines = output
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line.startsWith('curl '));
		for (const line of curlLines) {
			const example = ready.webhooks.find((webhook) => line.includes(`'${webhook.url}'`));
			expect(example).toBeDefined();
			const expected = example?.expected ?? [];
			const changing = expected.filter((title) => title.before !== title.after);
			expect(changing.length).toBeGreaterThan(0);
			for (const title of changing) {
				// a prefix for the title as it was, nothing else touched
				expect(title.after).toMatch(PREFIXED);
				expect(title.after.replace(PREFIXED, '')).toBe(title.before.replace(PREFIXED, ''));
			}
			const ids = expected.map((title) => title.taskId);
			expect(await titlesOf(ids)).toEqual(
				Object.fromEntries(expected.map((t) => [t.taskId, t.before])),
			);

			const { stdout } = await run('bash', ['-c', line]);
			// answered when the run is over: n8n's answer is the first task result
			expect(JSON.parse(stdout)).toMatchObject({ taskId: expect.any(String) });
			const after = Object.fromEntries(expected.map((t) => [t.taskId, t.after]));
			expect(await waitForTitles(after)).toEqual(after);
		}
	}, 90_000);

	test('demo:fire runs the scheduled template now and signs a webhook fresh (v3)', async () => {
		const seedTaskIds = (buildDemoSeed().objects.tasks ?? []).map((task) => String(task.id));
		const before = await titlesOf(seedTaskIds);
		expect(ready.manualRuns.map((r) => r.template)).toContain('priority-global-update');
		const { stdout } = await fire('priority-global-update');
		expect(stdout).toMatch(/execution \d+: success/);
		const summary = /Re-prioritize open tasks: (\{.*\})/.exec(stdout)?.[1];
		const update = JSON.parse(summary ?? '{}') as { changed: number; failed: number };
		expect(update.failed).toBe(0);
		expect(update.changed).toBeGreaterThan(0);
		const after = await titlesOf(seedTaskIds);
		const changed = seedTaskIds.filter((id) => before[id] !== after[id]);
		expect(changed).toHaveLength(update.changed);
		for (const id of changed) {
			expect(after[id]?.replace(PREFIXED, '')).toBe(before[id]?.replace(PREFIXED, ''));
		}

		const example = ready.webhooks.find((w) => w.template === 'priority-on-new-task');
		const webhook = await fire('priority-on-new-task');
		expect(webhook.stdout).toMatch(/-> 200 \{"taskId":"\d+"/);
		// demo:fire checks the titles itself and reports each one
		for (const title of example?.expected ?? []) {
			expect(webhook.stdout).toContain(`ok    task ${title.taskId}: "${title.after}"`);
		}
		expect(example?.expected.length).toBeGreaterThan(0);
		expect(webhook.stdout).not.toContain('WRONG');
	}, 120_000);

	test("demo:fire makes an activity template's record change and sees the next poll act on it", async () => {
		expect(ready.polls.map((p) => p.template)).toEqual(['priority-on-new-task-polling']);
		expect(ready.activities.map((a) => a.template).sort()).toEqual(
			templates
				.filter((t) =>
					[ACTIVITY_TEMPLATE_PREFIX, CRM_TEMPLATE_PREFIX].some((prefix) =>
						t.file.startsWith(prefix),
					),
				)
				.map((t) => t.file.replace(/\.json$/, ''))
				.sort(),
		);
		const started = Date.now();
		// all wait for the same poll (once a minute)
		const [lead, won, opened, competitor, scored] = await Promise.all([
			fire('activity-lead-received'),
			fire('activity-deal-won'),
			fire('activity-email-opened'),
			fire('crm-lead-disqualification'),
			fire('crm-lifecycle-mql-by-score'),
		]);
		timings.push(`activity fires ${((Date.now() - started) / 1000).toFixed(1)} s`);
		expect(lead.stdout).not.toContain('WRONG');
		expect(won.stdout).not.toContain('WRONG');
		expect(opened.stdout).toMatch(/^ok {4}task \d+ "Ligar: Marina abriu o e-mail" on contact \d+/m);
		expect(competitor.stdout).toMatch(
			/^ok {4}contact \d+: owner \(none\), lifecycle stage other, lead status UNQUALIFIED/m,
		);
		expect(scored.stdout).toMatch(
			/^ok {4}contact \d+ \(score 35\) lifecycle stage: marketingqualifiedlead/m,
		);

		// what demo:fire reported, held against the sandbox itself
		const filtro = /^ok {4}task (\d+) "Realizar Filtro 1" on contact (\d+)/m.exec(lead.stdout);
		expect(filtro).not.toBeNull();
		const [, taskId, contactId] = filtro as RegExpExecArray;
		expect((await sandboxTask(taskId)).properties).toMatchObject({
			hs_task_subject: 'Realizar Filtro 1',
			[KEY]: expect.stringContaining(`:contacts:${contactId}:`),
		});
		const completed = /^ok {4}task (\d+) "Enviar proposta" .* completed on deal (\d+)/m.exec(
			won.stdout,
		);
		const leftOpen = /^ok {4}task (\d+) "Almoço com o cliente"/m.exec(won.stdout);
		expect({ completed: Boolean(completed), leftOpen: Boolean(leftOpen) }).toEqual({
			completed: true,
			leftOpen: true,
		});
		const pending = (await sandboxTask((completed as RegExpExecArray)[1])).properties;
		expect(pending.hs_task_status).toBe('COMPLETED');
		expect(pending[KEY]).toBe(`cwa:demo-fire:0:deals:${(completed as RegExpExecArray)[2]}:created`);
		const own = await sandboxTask((leftOpen as RegExpExecArray)[1]);
		expect(own.properties.hs_task_status).toBe('NOT_STARTED');
	}, 180_000);

	test('demo:fire posts a Ringostat call for every cell of the matrix and rings each example number', async () => {
		expect(ready.calls.map((c) => c.template)).toEqual(['ringostat-call-to-hubspot']);
		const calls = await fire('ringostat-call-to-hubspot');
		console.log(`[demo] ringostat-call-to-hubspot:\n${calls.stdout}`);
		expect(calls.stdout).not.toContain('WRONG');
		for (const cell of ready.calls[0].cells) expect(calls.stdout).toContain(`\n${cell}: `);
		expect(calls.stdout.match(/-> 200 \{"status":"ok"\}/g)).toHaveLength(
			ready.calls[0].cells.length,
		);
		expect(calls.stdout.match(/^ok {4}call \d+/gm)).toHaveLength(ready.calls[0].cells.length);

		const rings = await fire('ringostat-smart-forwarding');
		console.log(`[demo] ringostat-smart-forwarding:\n${rings.stdout}`);
		expect(rings.stdout).not.toContain('WRONG');
		expect(rings.stdout).toMatch(/^ok {4}40721234568 \(.*\) -> 200 "ioana_sip"/m);
		expect(rings.stdout).toMatch(/^ok {4}\+40 31 999 9999 \(.*\) -> 200 ""/m);
	}, 120_000);

	test("each process guide's printed link opens its form on the demo record", async () => {
		expect(ready.guides.map((g) => g.template).sort()).toEqual([
			'guide-deal-discovery',
			'guide-ticket-triage',
		]);
		for (const guide of ready.guides) {
			const response = await fetch(guide.url);
			const html = await response.text();
			const recordId = new URL(guide.url).searchParams.values().next().value as string;
			expect({ url: guide.url, status: response.status }).toEqual({ url: guide.url, status: 200 });
			// the form, with the record in its hidden field
			expect(html).toContain(`value="${recordId}"`);
			expect(demo?.output).toContain(guide.url);
		}
	}, 60_000);

	test('Ctrl-C stops n8n, its task runners and the sandbox, and frees both ports', async () => {
		await interruptAndExpectNothingLeft();
	}, 90_000);

	test('a second start reuses the install, is ready within seconds, and keeps the login, executions and sandbox data', async () => {
		const firstRun = ready;
		const seconds = await startDemo('second', 60_000);
		const output = (demo as DemoProcess).output;
		expect(output).toMatch(/reusing/);
		expect(output).not.toMatch(/installing this package|importing/);
		expect(seconds).toBeLessThan(SECOND_START_LIMIT_S);
		expect(ready.owner.status).toBe('signed in');
		expect(ready.webhooks.map((w) => w.curl)).toEqual(firstRun.webhooks.map((w) => w.curl));

		const rest = new N8nRestClient(ready.n8nUrl);
		await rest.json('POST', '/rest/login', {
			emailOrLdapLoginId: ready.owner.email,
			password: ready.owner.password,
		});
		const newTask = ready.webhooks.find((w) => w.template === 'priority-on-new-task');
		expect(
			(await rest.listExecutions(newTask?.workflowId as string)).length,
		).toBeGreaterThanOrEqual(2);
		const kept = Object.fromEntries(
			ready.webhooks.flatMap((w) => w.expected).map((title) => [title.taskId, title.after]),
		);
		expect(await titlesOf(Object.keys(kept))).toEqual(kept);

		await interruptAndExpectNothingLeft();
	}, 120_000);
});
