/**
 * `npm run demo`: the local HubSpot sandbox and a real n8n 2.40.7 with this package, its
 * credentials and every template of workflows/ active, ready to be fired at. State lives in
 * .demo/ (DEMO_DIR) so the second run reuses it; Ctrl-C stops everything this started.
 * Ports: DEMO_N8N_PORT (5678), DEMO_SANDBOX_PORT (4010). DEMO_BUILD=never skips the build check.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';

import { N8nInstance } from '../../tools/n8n/n8n-instance';
import { delay, type ProcessGroup } from '../../tools/n8n/process-group';
import { loadTemplates, type Template } from '../../tools/n8n/templates';
import {
	activityExamples,
	curlLine,
	manualRunExamples,
	pollExamples,
	webhookExamples,
} from './examples';
import { callExamples, ringExamples } from './call-examples';
import { guideExamples } from './guide-examples';
import {
	changedTemplates,
	demoCredentials,
	ensureBuilt,
	ensureOwner,
	importCredentialsIfChanged,
	importTemplatesIfChanged,
	installPackageIfChanged,
	type OwnerStatus,
} from './n8n-setup';
import {
	clearEarlierRun,
	removeProcessRecord,
	stopOwnDescendants,
	writeProcessRecord,
	type ProcessRecord,
} from './processes';
import { checkPrerequisites } from './preflight';
import { say, step } from './progress';
import { printReady, type ReadyInfo } from './ready';
import {
	checkServiceAccountGrant,
	startSandboxProcess,
	type RunningSandbox,
} from './sandbox-launcher';
import { assertPortFree, demoPaths, DemoError, readSettings, type DemoPaths } from './settings';
import { loadOrCreateState, serviceAccountKeyFile } from './state';

const running: { n8n?: N8nInstance; sandbox?: ProcessGroup; paths?: DemoPaths } = {};
let stopping = false;

async function shutdown(reason: string, exitCode: number): Promise<void> {
	if (stopping) {
		say(`(${reason}: already stopping)`);
		return;
	}
	stopping = true;
	say(`\n${reason}: stopping n8n and the sandbox...`);
	await Promise.allSettled([running.n8n?.stop(), running.sandbox?.stop()]);
	const leftovers = await stopOwnDescendants();
	if (leftovers.length > 0) say(`stopped unfinished helper process(es): ${leftovers.join(', ')}`);
	if (running.paths) {
		await rm(running.paths.ready, { force: true });
		await removeProcessRecord(running.paths.processes);
	}
	say('Stopped. Nothing of the demo is running; its data stays in the demo folder.');
	process.exit(exitCode);
}

async function startN8n(
	paths: DemoPaths,
	port: number,
	encryptionKey: string,
	publishing: boolean,
	record: ProcessRecord,
	setup: (n8n: N8nInstance) => Promise<void>,
): Promise<N8nInstance> {
	const n8n = await step('n8n runtime (Node 24 + n8n 2.40.7; installed once into a cache)', () =>
		N8nInstance.open({
			label: 'demo',
			userFolder: paths.n8nUserFolder,
			port,
			logFile: paths.n8nLog,
			// n8n reports a finished publication only at debug level; the start waits for that line
			logLevel: publishing ? 'debug' : 'info',
			extraEnv: { N8N_ENCRYPTION_KEY: encryptionKey },
		}),
	);
	running.n8n = n8n;
	await setup(n8n);
	if (stopping) return n8n;
	// the pid goes on record as soon as n8n is spawned, so a killed demo leaves nothing unknown
	const recordPid = setInterval(() => {
		if (n8n.processId !== undefined && record.n8nPid !== n8n.processId) {
			record.n8nPid = n8n.processId;
			void writeProcessRecord(paths.processes, record);
		}
	}, 50);
	try {
		await step(`starting n8n on port ${port} (log: ${paths.n8nLog})`, () => n8n.start());
	} finally {
		clearInterval(recordPid);
	}
	record.n8nPid = n8n.processId;
	await writeProcessRecord(paths.processes, record);
	return n8n;
}

async function main(): Promise<void> {
	const started = Date.now();
	checkPrerequisites();
	const settings = readSettings();
	const paths = demoPaths(settings.demoDir);
	await mkdir(settings.demoDir, { recursive: true });
	const cleared = await clearEarlierRun(paths.processes);
	if (cleared.length > 0)
		say(`stopped processes an earlier demo left running: ${cleared.join(', ')}`);
	await assertPortFree(settings.n8nPort, 'n8n', 'DEMO_N8N_PORT');
	await assertPortFree(settings.sandboxPort, 'HubSpot sandbox', 'DEMO_SANDBOX_PORT');
	running.paths = paths;
	const record: ProcessRecord = { demoPid: process.pid };
	await writeProcessRecord(paths.processes, record);

	const { state, created } = await loadOrCreateState(paths);
	say(
		created
			? `HubSpot Taskflow demo: first run, setting up in ${settings.demoDir} (a fresh machine first installs Node 24 + n8n, about 5 minutes)`
			: `HubSpot Taskflow demo: reusing ${settings.demoDir}`,
	);
	// The printed curl lines are signed v2 (no timestamp) so that they can be re-run as printed
	// against this local sandbox: the demo's triggers accept legacy signatures, the shipped
	// templates keep them off (a captured v2 request could be replayed forever).
	const templates = loadTemplates().map(acceptingLegacySignatures);
	const sandboxUrl = `http://127.0.0.1:${settings.sandboxPort}`;
	const n8nUrl = `http://127.0.0.1:${settings.n8nPort}`;
	const keyFile = await serviceAccountKeyFile(paths);

	let ownerStatus: OwnerStatus = 'signed in';
	// Promise.all, not allSettled: a sandbox that cannot start stops the demo at once, not after
	// n8n has been built and started.
	const [sandbox, n8n] = await Promise.all([
		(async (): Promise<RunningSandbox> => {
			const sandbox = await startSandboxProcess(paths, settings.sandboxPort);
			running.sandbox = sandbox.group;
			record.sandboxPid = sandbox.group.pid;
			await writeProcessRecord(paths.processes, record);
			await checkServiceAccountGrant(sandbox.url, keyFile);
			return sandbox;
		})(),
		(async (): Promise<N8nInstance> => {
			await ensureBuilt(settings.build, paths.buildLog);
			const publishing = changedTemplates(state, templates).length > 0;
			const n8n = await startN8n(
				paths,
				settings.n8nPort,
				state.encryptionKey,
				publishing,
				record,
				async (instance) => {
					await installPackageIfChanged(instance, paths, state);
					const credentials = demoCredentials(templates, state, sandboxUrl, keyFile);
					await importCredentialsIfChanged(instance, paths, state, credentials);
					await importTemplatesIfChanged(instance, paths, state, templates);
				},
			);
			ownerStatus = await ensureOwner(n8n.baseUrl, paths, state);
			return n8n;
		})(),
	]);
	if (stopping) return;

	const examples = webhookExamples(templates, n8nUrl);
	const ready: ReadyInfo = {
		demoPid: process.pid,
		n8nPid: n8n.processId as number,
		sandboxPid: sandbox.group.pid,
		n8nUrl,
		sandboxUrl: sandbox.url,
		sandboxSummary: sandbox.summary,
		demoDir: settings.demoDir,
		owner: { email: state.owner.email, password: state.owner.password, status: ownerStatus },
		webhooks: examples.map((example) => ({
			...example,
			curl: curlLine(example, state.clientSecret),
		})),
		manualRuns: manualRunExamples(templates),
		polls: pollExamples(templates),
		activities: activityExamples(templates),
		calls: callExamples(templates, n8nUrl),
		rings: ringExamples(templates, n8nUrl),
		guides: guideExamples(templates, n8nUrl),
		readySeconds: (Date.now() - started) / 1000,
	};
	await writeFile(paths.ready, `${JSON.stringify(ready, null, 2)}\n`, { mode: 0o600 });
	printReady(ready, paths);
	await watch(n8n, sandbox.group);
}

/** Stays up until a signal; if n8n or the sandbox dies on its own, says so and stops the rest. */
async function watch(n8n: N8nInstance, sandbox: ProcessGroup): Promise<void> {
	for (;;) {
		await delay(1_000);
		if (stopping) return;
		if (!n8n.isRunning) {
			say(`n8n exited on its own; last lines of its log:\n${n8n.logTail(30)}`);
			return await shutdown('n8n stopped', 1);
		}
		if (sandbox.exitStatus !== undefined) {
			return await shutdown(`the sandbox exited (code ${sandbox.exitStatus})`, 1);
		}
	}
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => void shutdown(signal, 0));
}

main().catch(async (error: unknown) => {
	say(
		error instanceof DemoError
			? `\n${error.message}`
			: `\nThe demo failed: ${error instanceof Error ? error.stack : String(error)}`,
	);
	// refused before anything started (port taken, another demo running): nothing to stop
	if (!running.paths) process.exit(1);
	say(`logs: ${running.paths.n8nLog}, ${running.paths.sandboxLog}`);
	await shutdown('startup failed', 1);
});

function acceptingLegacySignatures(template: Template): Template {
	const nodes = template.workflow.nodes.map((node) =>
		node.type.endsWith('.hubSpotTaskflowTrigger')
			? { ...node, parameters: { ...node.parameters, acceptLegacySignatures: true } }
			: node,
	);
	return { ...template, workflow: { ...template.workflow, nodes } };
}
