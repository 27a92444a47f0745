/**
 * Real n8n 2.40.7 (one main, SQLite) with this package installed the way the Community Nodes
 * screen installs it, the credentials pointing at the sandbox and workflows/priority-on-new-task.json
 * imported unchanged and published. Also the one diagnostic change the measurement makes: lifting
 * the pack's own request budget in the installed copy, to see what the node path costs without it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { DEFAULT_RATE_LIMIT, tokenBucketFor } from '../../nodes/shared/transport/rateLimit';
import { deliverJson, type DeliveryTarget } from '../../tools/n8n/hubspot-deliveries';
import { N8nInstance } from '../../tools/n8n/n8n-instance';
import {
	loadTemplates,
	templateNamed,
	TEMPLATE_FILES,
	type Template,
} from '../../tools/n8n/templates';
import { templateCredentialImports, templateWebhookTarget } from '../../tools/n8n/template-setup';
import type { Sandbox } from '../../sandbox/server';

export const TEMPLATE_FILE = TEMPLATE_FILES.newTask;
const PUBLIC_BASE_URL = 'https://n8n.taskflow-bench.example.com/';
const CLIENT_SECRET = 'bench-webhook-latency-client-secret';

export interface PreparedN8n {
	n8n: N8nInstance;
	workflowId: string;
	target: DeliveryTarget;
	/** where the package sits inside n8n's user folder */
	packageDir: string;
	/** seconds of each setup step, in order */
	setupSteps: Array<{ step: string; seconds: number }>;
	coldStartSeconds: number;
}

async function timed<T>(
	steps: PreparedN8n['setupSteps'],
	step: string,
	work: () => Promise<T>,
): Promise<T> {
	const started = Date.now();
	const result = await work();
	steps.push({ step, seconds: (Date.now() - started) / 1000 });
	return result;
}

/**
 * Sets n8n up for the template (priority-on-new-task.json unless another workflow with a
 * HubSpot Taskflow Trigger is given) and starts it; the caller disposes of `n8n`.
 */
export async function startN8nWithTemplate(
	sandbox: Sandbox,
	extraEnv: Record<string, string> = {},
	workflow: { template?: Template; label?: string } = {},
): Promise<PreparedN8n> {
	const template = workflow.template ?? templateNamed(loadTemplates(), TEMPLATE_FILE);
	const credentials = templateCredentialImports([template], sandbox, CLIENT_SECRET);
	const setupSteps: PreparedN8n['setupSteps'] = [];
	// info is n8n's default log level; the e2e suites' debug level would add work per execution
	const n8n = await N8nInstance.create({
		label: workflow.label ?? 'webhookLatency',
		publicUrl: () => PUBLIC_BASE_URL,
		logLevel: 'info',
		extraEnv,
	});
	try {
		const packed = await timed(setupSteps, 'install package', () => n8n.installThisPackage());
		await timed(setupSteps, 'import credentials', () => n8n.importCredentials(credentials));
		await timed(setupSteps, 'import workflow', () => n8n.importWorkflows([template.workflow]));
		// `n8n.publishWorkflow` would make `start` wait for a debug-level log line; at n8n's default
		// log level the start is timed here, up to the webhook answering.
		await timed(setupSteps, 'publish workflow', () =>
			n8n.cli(['publish:workflow', `--id=${template.workflow.id}`]),
		);
		const target = templateWebhookTarget(n8n, template, CLIENT_SECRET);
		const coldStartSeconds = await startUntilWebhookAnswers(n8n, target);
		return {
			n8n,
			workflowId: template.workflow.id,
			target,
			packageDir: path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', packed.name),
			setupSteps,
			coldStartSeconds,
		};
	} catch (error) {
		await n8n.dispose();
		throw error;
	}
}

/**
 * Starts n8n and waits until the workflow's webhook is registered: an unsigned POST is then
 * refused with 401 (and starts nothing) instead of n8n's 404 for an unknown path. Returns the
 * seconds from launching n8n.
 */
async function startUntilWebhookAnswers(
	n8n: N8nInstance,
	target: DeliveryTarget,
	timeoutMs = 120_000,
): Promise<number> {
	const started = Date.now();
	await n8n.start();
	while (Date.now() - started < timeoutMs) {
		const answer = await deliverJson(target, {}, { unsigned: true });
		if (answer.status === 401) return (Date.now() - started) / 1000;
		if (answer.status !== 404) {
			throw new Error(`the webhook answered an unsigned POST with ${answer.status}, not 401`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`the webhook was not registered within ${timeoutMs / 1000} s of starting n8n`);
}

/** The pack's default budget and its token bucket (burst, refill per second). */
export function packLimiterBucket(): {
	requestsPer10s: number;
	burst: number;
	refillPerSecond: number;
} {
	const bucket = tokenBucketFor(DEFAULT_RATE_LIMIT.requestsPer10s);
	return {
		requestsPer10s: DEFAULT_RATE_LIMIT.requestsPer10s,
		burst: bucket.reservoir as number,
		refillPerSecond:
			((bucket.reservoirIncreaseAmount as number) * 1_000) /
			(bucket.reservoirIncreaseInterval as number),
	};
}

/**
 * Stops n8n, lifts the installed copy's default budget (HubSpot budget unlimited: no token
 * bucket; concurrency and retries unchanged),
 * and starts n8n again. Returns the warm start's seconds. A diagnostic only: the pack as shipped
 * never runs like this.
 */
export async function restartWithoutRateBudget(prepared: PreparedN8n): Promise<number> {
	const file = path.join(
		prepared.packageDir,
		'dist',
		'nodes',
		'shared',
		'transport',
		'rateLimit.js',
	);
	const source = await readFile(file, 'utf8');
	const setting = new RegExp(`requestsPer10s:\\s*${DEFAULT_RATE_LIMIT.requestsPer10s}\\b`);
	if (!setting.test(source)) {
		throw new Error(`${file} does not set requestsPer10s: ${DEFAULT_RATE_LIMIT.requestsPer10s}`);
	}
	await prepared.n8n.stop();
	await writeFile(file, source.replace(setting, 'requestsPer10s: Infinity'));
	return await startUntilWebhookAnswers(prepared.n8n, prepared.target);
}

/** Executions of the workflow n8n saved, by status (n8n answers the count with the first page). */
export async function executionCounts(
	prepared: PreparedN8n,
): Promise<{ total: number; failed: number }> {
	const { rest } = prepared.n8n;
	const count = async (filter: Record<string, unknown>): Promise<number> => {
		const query = encodeURIComponent(
			JSON.stringify({ workflowId: prepared.workflowId, ...filter }),
		);
		const body = await rest.json<{ data: { count: number } }>(
			'GET',
			`/rest/executions?filter=${query}&limit=1`,
		);
		return body.data.count;
	};
	return { total: await count({}), failed: await count({ status: ['error', 'crashed'] }) };
}
