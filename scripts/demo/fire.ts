/**
 * `npm run demo:fire -- <template> [json-body]`: sends a template's example request to the
 * running demo. A webhook template gets a POST signed now with X-HubSpot-Signature-v3 (valid five
 * minutes); a template without a webhook is run as the editor's "Execute workflow" does, signed
 * in as the demo's owner, and its result is shown; for the polling template a task is created in
 * the sandbox over HubSpot's API, for the next poll to find; for an activity template the record
 * change its trigger polls for is made (activity-fire.ts); for a Ringostat template its calls are
 * posted, or its rings made (call-fire.ts). After the example the outcome is checked
 * in the sandbox and reported right or wrong (exit status 1 when it is wrong or did not happen).
 */
import { existsSync, readFileSync } from 'node:fs';

import { signHubSpotRequest } from '../../nodes/domain/webhook/signature';
import { DEFAULT_TOKEN } from '../../sandbox/server';
import { waitForSandboxTitles } from '../../tools/demo/sandbox-titles';
import { delay } from '../../tools/n8n/process-group';
import { N8nRestClient, type ExecutionDetail } from '../../tools/n8n/rest-client';
import type { ExpectedTitle, ReadyInfo } from '../../tools/demo/ready-file';
import { fireActivity } from './activity-fire';
import { fireCrm } from './crm-fire';
import { fireCall, fireRings } from './call-fire';
import { demoPaths, DemoError, readSettings } from './settings';
import { readState } from './state';

const USAGE = 'usage: npm run demo:fire -- <template> [json-body | call cell]';
const TITLE_WAIT_MS = 15_000;
/** A poll a minute, plus the run: the prefix is there well within this. */
const POLL_WAIT_MS = 90_000;

function readReady(): ReadyInfo {
	const paths = demoPaths(readSettings().demoDir);
	if (!existsSync(paths.ready))
		throw new DemoError('The demo is not running: start it with `npm run demo`.');
	return JSON.parse(readFileSync(paths.ready, 'utf8')) as ReadyInfo;
}

async function fireWebhook(
	example: ReadyInfo['webhooks'][number],
	body: string,
	clientSecret: string,
	sandboxUrl: string,
): Promise<boolean> {
	const headers = {
		'content-type': 'application/json',
		...signHubSpotRequest({
			version: 'v3',
			clientSecret,
			method: 'POST',
			uri: example.url,
			body,
			timestamp: Date.now(),
		}),
	};
	const response = await fetch(example.url, { method: 'POST', headers, body });
	console.log(`POST ${example.url}\n${body}\n-> ${response.status} ${await response.text()}`);
	if (!response.ok) return false;
	// a custom body names other tasks: only the example's own outcome is known in advance
	if (body !== example.body) return true;
	return await checkTitles(sandboxUrl, example.expected);
}

/** Each example task's title once n8n has written (or TITLE_WAIT_MS has passed), reported. */
async function checkTitles(
	sandboxUrl: string,
	expected: ExpectedTitle[],
	waitMs = TITLE_WAIT_MS,
): Promise<boolean> {
	const seen = await waitForSandboxTitles(
		sandboxUrl,
		Object.fromEntries(expected.map((title) => [title.taskId, title.after])),
		waitMs,
	);
	let ok = true;
	for (const title of expected) {
		const now = seen[title.taskId];
		if (now === title.after) {
			const change = title.before === title.after ? 'unchanged, as expected' : 'prefixed';
			console.log(`ok    task ${title.taskId}: "${now}" (${change})`);
		} else {
			ok = false;
			console.log(
				`WRONG task ${title.taskId}: "${now ?? '(not found)'}" after ${waitMs / 1000} s, expected "${title.after}"`,
			);
		}
	}
	if (!ok) console.log("the execution is in the editor under the workflow's Executions tab");
	return ok;
}

/** The first item each node put out, minus long lists, so a terminal shows what happened. */
function summarise(execution: ExecutionDetail): string {
	return Object.entries(execution.runData)
		.map(([node, runs]) => {
			const first = runs[0]?.data?.main?.[0]?.[0]?.json;
			const shown = first
				? JSON.stringify(
						Object.fromEntries(Object.entries(first).filter(([, value]) => !Array.isArray(value))),
					)
				: (runs[0]?.error?.message ?? '(no output)');
			return `  ${node}: ${shown}`;
		})
		.join('\n');
}

/** Creates the example task as a HubSpot user would, then waits for a poll to prefix it. */
async function createPolledTask(
	example: ReadyInfo['polls'][number],
	sandboxUrl: string,
): Promise<boolean> {
	const response = await fetch(`${sandboxUrl}/crm/v3/objects/tasks`, {
		method: 'POST',
		headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			properties: {
				hs_task_subject: example.title,
				hs_task_status: 'NOT_STARTED',
				hs_timestamp: new Date().toISOString(),
			},
			// HubSpot's create requires the list, empty or not
			associations: [],
		}),
	});
	const body = (await response.json()) as { id?: string };
	console.log(`POST ${sandboxUrl}/crm/v3/objects/tasks "${example.title}" -> ${response.status}`);
	if (!response.ok || !body.id) return false;
	console.log(
		`task ${body.id} created; waiting for "${example.workflowName}" to poll (every minute)`,
	);
	return await checkTitles(
		sandboxUrl,
		[{ taskId: body.id, before: example.title, after: example.expectedTitle }],
		POLL_WAIT_MS,
	);
}

async function runManually(
	ready: ReadyInfo,
	run: ReadyInfo['manualRuns'][number],
): Promise<boolean> {
	const rest = new N8nRestClient(ready.n8nUrl);
	const { owner } = readState(demoPaths(ready.demoDir));
	await rest.json('POST', '/rest/login', {
		emailOrLdapLoginId: owner.email,
		password: owner.password,
	});
	const executionId = await rest.runManually(run.workflowId, { trigger: run.trigger });
	console.log(`started execution ${executionId} of "${run.workflowName}" from "${run.trigger}"`);
	const deadline = Date.now() + 5 * 60_000;
	while (Date.now() < deadline) {
		const summary = (await rest.listExecutions(run.workflowId)).find((e) => e.id === executionId);
		if (summary && !['new', 'running', 'waiting'].includes(summary.status)) {
			const execution = await rest.getExecution(executionId);
			console.log(`execution ${executionId}: ${execution.status}\n${summarise(execution)}`);
			console.log(
				`see it in the editor: ${ready.n8nUrl}/workflow/${run.workflowId}/executions/${executionId}`,
			);
			return execution.status === 'success';
		}
		await delay(500);
	}
	throw new DemoError(`execution ${executionId} did not finish within 5 minutes`);
}

async function main(): Promise<void> {
	const [wanted, customBody] = process.argv.slice(2);
	const ready = readReady();
	// a demo started before polling or activity examples existed
	const polls = ready.polls ?? [];
	const activities = ready.activities ?? [];
	const calls = ready.calls ?? [];
	const rings = ready.rings ?? [];
	const names = [
		...ready.webhooks.map((w) => w.template),
		...ready.manualRuns.map((r) => r.template),
		...polls.map((p) => p.template),
		...activities.map((a) => a.template),
		...calls.map((c) => `${c.template} [${c.cells.join('|')}]`),
		...rings.map((r) => r.template),
	];
	if (!wanted) throw new DemoError(`${USAGE}\ntemplates: ${names.join(', ')}`);
	const key = wanted.replace(/\.json$/, '').replace(/^workflows\//, '');
	const webhook = ready.webhooks.find((w) => w.template === key || w.workflowId === key);
	const manual = ready.manualRuns.find((r) => r.template === key || r.workflowId === key);
	const poll = polls.find((p) => p.template === key || p.workflowId === key);
	const activity = activities.find((a) => a.template === key || a.workflowId === key);
	const call = calls.find((c) => c.template === key || c.workflowId === key);
	const ring = rings.find((r) => r.template === key || r.workflowId === key);
	let ok: boolean;
	if (webhook) {
		const { clientSecret } = readState(demoPaths(ready.demoDir));
		if (customBody !== undefined) JSON.parse(customBody); // refuse what is not JSON before signing it
		ok = await fireWebhook(webhook, customBody ?? webhook.body, clientSecret, ready.sandboxUrl);
	} else if (manual) {
		ok = await runManually(ready, manual);
	} else if (poll) {
		ok = await createPolledTask(poll, ready.sandboxUrl);
	} else if (activity) {
		ok =
			(await fireCrm(activity, ready.sandboxUrl)) ??
			(await fireActivity(activity, ready.sandboxUrl));
	} else if (call) {
		ok = await fireCall(call, customBody, ready.sandboxUrl);
	} else if (ring) {
		ok = await fireRings(ring);
	} else {
		throw new DemoError(`no template "${wanted}" in the demo; templates: ${names.join(', ')}`);
	}
	process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
	console.error(
		error instanceof DemoError
			? error.message
			: error instanceof Error
				? error.stack
				: String(error),
	);
	process.exitCode = 1;
});
