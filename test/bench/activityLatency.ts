/**
 * Event -> task created in real n8n: 1,000 signed contact-based "Send a webhook" calls, one per
 * owned contact, into workflows/activity-lead-received.json started by the HubSpot Taskflow Trigger
 * instead of its poll (built here from the template: the action's settings are the template's),
 * on one n8n 2.40.7 main (SQLite) with this package installed; latency is from sending the POST
 * to the sandbox answering the task create that carries the contact's association.
 *
 * "HubSpot latency excluded": the sandbox (the demo's account, which has the task property
 * taskflow_idempotency_key with unique values) runs in this process on 127.0.0.1 with its rate
 * limits raised out of reach. Goals: p99 under 250 ms, at most 2 HubSpot calls per event (the
 * record read and the create with its association inline), every contact's task created once.
 * Exits 1 when the shipped phase misses one (or on a crash); the phase with the pack's request
 * budget lifted in the installed copy is a diagnostic of what the node path costs without it.
 *
 *   npm run bench:n8n:activity (builds first)    # about 8 min; --no-lifted about 4.5 min
 *   tsx test/bench/activityLatency.ts [--events 1000] [--rate 5] [--warm-up 20]
 *     [--lifted-events 150] [--no-lifted] [--n8n-env KEY=VALUE ...]
 *
 * n8n runs with its default settings. Its expression engine's isolates (three built per event:
 * webhook phase, trigger's credential read, execution) are most of its CPU per event; compare with
 * --n8n-env N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (one isolate, the execution's) or
 * --n8n-env N8N_EXPRESSION_ENGINE=legacy (none).
 */
import { parseArgs } from 'node:util';

import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { ExecutionStatus, ExecutionSummary } from '../../tools/n8n/rest-client';
import { nodeNamed, TEMPLATE_NODES, type Template } from '../../tools/n8n/templates';
import {
	ActivityWatcher,
	contactWebhookBody,
	leadReceivedByWebhook,
	seedContacts,
	until,
	type ActivityEvent,
} from './activityLatencyEvents';
import { checkTasks, printActivityPhase, type ActivityPhase } from './activityLatencyReport';
import { n8nEnvFrom, positive } from './benchArgs';
import * as out from './report';
import { cpuBetween, cpuSnapshot } from './webhookLatencyCpu';
import { sendAtSteadyRate } from './webhookLatencyEvents';
import {
	packLimiterBucket,
	restartWithoutRateBudget,
	startN8nWithTemplate,
	type PreparedN8n,
} from './webhookLatencyN8n';

/** far above anything one n8n main sends: the sandbox never answers 429 */
const RAISED_SANDBOX_LIMITS = { requestsPer10s: 1_000_000, searchPerSecond: 1_000_000 };
const CREATE_TIMEOUT_MS = 30_000;
const EXECUTIONS_SAVED_TIMEOUT_MS = 15_000;
const KEY_PROPERTY = 'taskflow_idempotency_key';
const FINISHED: ExecutionStatus[] = ['success', 'error', 'crashed', 'canceled'];

interface Options {
	events: number;
	rate: number;
	warmUp: number;
	liftedEvents: number;
	lifted: boolean;
	n8nEnv: Record<string, string>;
}

function options(): Options {
	const { values } = parseArgs({
		options: {
			events: { type: 'string', default: '1000' },
			rate: { type: 'string', default: '5' },
			'warm-up': { type: 'string', default: '20' },
			'lifted-events': { type: 'string', default: '150' },
			'no-lifted': { type: 'boolean', default: false },
			'n8n-env': { type: 'string', multiple: true, default: [] },
		},
	});
	const n8nEnv = n8nEnvFrom(values['n8n-env']);
	return {
		events: Math.round(positive('events', values.events)),
		rate: positive('rate', values.rate),
		warmUp: Math.round(Number(values['warm-up'])),
		liftedEvents: Math.round(positive('lifted-events', values['lifted-events'])),
		lifted: !values['no-lifted'],
		n8nEnv,
	};
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The workflow's finished executions with an id above `afterId` (n8n pages by 100, newest first). */
async function executionsAfter(
	prepared: PreparedN8n,
	afterId: number,
): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(
		JSON.stringify({ workflowId: prepared.workflowId, status: FINISHED }),
	);
	const found: ExecutionSummary[] = [];
	let below: number | undefined;
	for (;;) {
		const page = await prepared.n8n.rest.json<{ data: { results: ExecutionSummary[] } }>(
			'GET',
			`/rest/executions?filter=${filter}&limit=100&firstId=${afterId}` +
				(below === undefined ? '' : `&lastId=${below}`),
		);
		const fresh = page.data.results.filter((e) => below === undefined || Number(e.id) < below);
		if (fresh.length === 0) return found;
		found.push(...fresh);
		below = Math.min(...fresh.map((e) => Number(e.id)));
	}
}

async function newestExecutionId(prepared: PreparedN8n): Promise<number> {
	const latest = await prepared.n8n.rest.listExecutions(prepared.workflowId);
	return Math.max(0, ...latest.map((execution) => Number(execution.id)));
}

class Measurement {
	private seeded = 0;

	constructor(
		private readonly sandbox: Sandbox,
		private readonly watcher: ActivityWatcher,
		private readonly prepared: PreparedN8n,
		private readonly expectedTitle: string,
	) {}

	private seed(count: number): ActivityEvent[] {
		const events = seedContacts(this.sandbox, count, this.seeded);
		this.seeded += count;
		return events;
	}

	/** Warm-up events (not counted: first runs compile the code paths), then the measured ones. */
	async phase(label: string, count: number, rate: number, warmUpCount: number) {
		const warmUp = this.seed(warmUpCount);
		const events = this.seed(count);
		const target = this.prepared.target;
		if (warmUp.length > 0) {
			this.watcher.watch(warmUp);
			await sendAtSteadyRate(target, warmUp, rate, contactWebhookBody);
			await this.watcher.untilAllCreated(CREATE_TIMEOUT_MS);
			this.watcher.stop();
			await sleep(1_000);
		}
		const before = await newestExecutionId(this.prepared);
		const userFolder = this.prepared.n8n.userFolder;
		const cpuBefore = cpuSnapshot(userFolder);
		this.watcher.watch(events);
		const sending = await sendAtSteadyRate(target, events, rate, contactWebhookBody);
		await this.watcher.untilAllCreated(CREATE_TIMEOUT_MS);
		let executions: ExecutionSummary[] = [];
		await until(async () => {
			executions = await executionsAfter(this.prepared, before);
			return executions.length >= events.length;
		}, EXECUTIONS_SAVED_TIMEOUT_MS);
		const cpu = cpuBetween(cpuBefore, cpuSnapshot(userFolder));
		const traffic = this.watcher.stop();
		const phase: ActivityPhase = {
			label,
			events,
			sending,
			traffic,
			executions: {
				saved: executions.length,
				failed: executions.filter((e) => e.status === 'error' || e.status === 'crashed').length,
				durationsMs: executions.map(
					(e) => Date.parse(e.stoppedAt ?? '') - Date.parse(e.startedAt ?? ''),
				),
			},
			tasks: await checkTasks(this.sandbox, events, this.expectedTitle),
			cpu,
		};
		return printActivityPhase(phase);
	}
}

/** The key property the pack's creates carry, as the sandbox's properties API describes it. */
async function keyPropertyLine(sandbox: Sandbox): Promise<string> {
	const response = await fetch(`${sandbox.url}/crm/v3/properties/tasks/${KEY_PROPERTY}`, {
		headers: { authorization: `Bearer ${sandbox.token}` },
	});
	if (!response.ok) throw new Error(`the sandbox has no task property ${KEY_PROPERTY}`);
	const property = (await response.json()) as { type?: string; hasUniqueValue?: boolean };
	if (property.hasUniqueValue !== true) {
		throw new Error(`task property ${KEY_PROPERTY} does not require unique values`);
	}
	return `task property ${KEY_PROPERTY}: ${property.type}, unique values`;
}

function actionTitle(template: Template): string {
	const action = nodeNamed(template, TEMPLATE_NODES.filtro);
	const actions = action.parameters.actions as { action: Array<{ title: string }> };
	return actions.action[0].title;
}

function printSetup(prepared: PreparedN8n, template: Template): void {
	const { n8n } = prepared;
	out.heading(`n8n ${n8n.runtime.n8nVersion} on Node ${n8n.runtime.nodeVersion}, one main, SQLite`);
	out.say(
		`  setup: ${prepared.setupSteps.map((s) => `${s.step} ${out.seconds(s.seconds)}`).join(', ')}`,
	);
	out.say(
		`  n8n start (cold, to the workflow's webhook registered): ${out.seconds(prepared.coldStartSeconds)}`,
	);
	const action = nodeNamed(template, TEMPLATE_NODES.filtro).parameters;
	out.say(
		`  workflow: workflows/${template.file}, published: trigger as priority-on-new-task.json's, ` +
			`Record ID ${String(action.recordId)}, Event Key ${String(action.eventKey)}; log: ${n8n.logFile}`,
	);
}

function packageErrorLines(prepared: PreparedN8n): string[] {
	return prepared.n8n
		.errorLines()
		.filter((line) =>
			/hubspot.?taskflow|hubSpotTaskflow|createWorkflowActivity|Create Workflow Activity|Realizar Filtro/i.test(
				line,
			),
		);
}

async function main(): Promise<void> {
	const settings = options();
	const started = Date.now();
	const watcher = new ActivityWatcher();
	// Plain sandbox (no OpenAPI check of each exchange): the check would run in this process's
	// event loop, between the sends and the stamps being measured.
	const sandbox = await startSandbox({ seed: 'demo', onExchange: watcher.onExchange });
	sandbox.setRateLimits(RAISED_SANDBOX_LIMITS);
	let prepared: PreparedN8n | undefined;
	const stopAll = async () => {
		await prepared?.n8n.dispose();
		await sandbox.close();
	};
	process.once('SIGINT', () => {
		void stopAll().finally(() => process.exit(130));
	});
	try {
		out.say(
			`Event -> task created (Create Workflow Activity): sandbox ${sandbox.url} in this process, ` +
				`the demo's account, rate limits raised to ${RAISED_SANDBOX_LIMITS.requestsPer10s.toLocaleString('en-US')}/10 s`,
		);
		out.say(`  ${await keyPropertyLine(sandbox)}`);
		const extraSettings = Object.entries(settings.n8nEnv).map(([key, value]) => `${key}=${value}`);
		out.say(`n8n settings beyond the harness's: ${extraSettings.join(' ') || 'none'}`);
		const template = leadReceivedByWebhook();
		prepared = await startN8nWithTemplate(sandbox, settings.n8nEnv, {
			template,
			label: 'activityLatency',
		});
		await prepared.n8n.rest.setupOwner();
		printSetup(prepared, template);

		const measurement = new Measurement(sandbox, watcher, prepared, actionTitle(template));
		const bucket = packLimiterBucket();
		const shipped = await measurement.phase(
			`Pack as shipped: its budget of ${bucket.requestsPer10s}/10 s (a bucket of ${bucket.burst}, refilled at ${bucket.refillPerSecond.toFixed(1)}/s)`,
			settings.events,
			settings.rate,
			settings.warmUp,
		);
		if (!shipped.latency || !shipped.calls || !shipped.tasks) process.exitCode = 1;

		if (settings.lifted) {
			const warmStart = await restartWithoutRateBudget(prepared);
			out.say(`\n  n8n restarted (warm) with the rate budget lifted in ${out.seconds(warmStart)}`);
			await measurement.phase(
				"Node path: the installed copy's rate budget lifted (diagnostic, not how it ships)",
				settings.liftedEvents,
				settings.rate,
				settings.warmUp,
			);
		}

		const errors = packageErrorLines(prepared);
		out.heading('n8n log');
		out.say(`  error lines naming this package: ${errors.length}`);
		for (const line of errors.slice(0, 5)) out.say(`    ${line}`);
		out.say(`\nTotal ${out.seconds((Date.now() - started) / 1000)}`);
	} finally {
		await stopAll();
	}
}

main().then(
	() => process.exit(process.exitCode ?? 0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
