import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { buildEnvironment, findFreePort, withTrailingSlash } from './environment';
import { N8nCli, type CliTiming, type CredentialImport } from './n8n-cli';
import { N8nLogFile } from './n8n-log';
import { installPackageIntoN8n, packThisPackage, type PackedPackage } from './package-install';
import { delay, ProcessGroup } from './process-group';
import { N8nRestClient, type ExecutionDetail, type ExecutionSummary } from './rest-client';
import { locateN8nRuntime, REPO_ROOT, type N8nRuntime } from './runtime';

export type { CredentialImport } from './n8n-cli';

/** Logs stay here after the run (gitignored) so a CI failure can be read afterwards. */
export const E2E_LOG_DIR = path.join(REPO_ROOT, '.n8n-e2e');

export interface N8nInstanceOptions {
	/** names the log file, e.g. the suite name */
	label: string;
	/**
	 * The public base URL n8n builds webhook URLs from (WEBHOOK_URL), as when it runs behind a
	 * proxy. Receives the local port. Default: the local address itself.
	 */
	publicUrl?: (port: number) => string;
	/** N8N_LOG_LEVEL; default 'debug' so node activity is visible in the log file */
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	extraEnv?: Record<string, string>;
}

/** `N8nInstance.open`: the user folder is created if missing and never removed; the log is appended to. */
export interface PersistentInstanceOptions extends Omit<N8nInstanceOptions, 'publicUrl'> {
	userFolder: string;
	port: number;
	logFile: string;
	publicUrl?: string;
}

export interface StartTiming {
	kind: 'cold' | 'warm';
	seconds: number;
}

/**
 * One real n8n (Node 24, SQLite) in its own temporary user folder, on a free port of 127.0.0.1.
 * Typical life: create -> installThisPackage -> importCredentials/importWorkflow/publishWorkflow
 * -> start -> rest.setupOwner -> post to webhooks, read executions -> stop.
 */
export class N8nInstance {
	readonly rest: N8nRestClient;
	readonly startTimings: StartTiming[] = [];
	readonly cliTimings: CliTiming[];
	private readonly log: N8nLogFile;
	private readonly commands: N8nCli;
	private process: ProcessGroup | undefined;
	private logOffsetAtStart = 0;
	/** workflows published since the last start; n8n 2.x activates them after it is ready */
	private readonly pendingPublications = new Set<string>();

	private constructor(
		readonly runtime: N8nRuntime,
		readonly label: string,
		readonly userFolder: string,
		readonly port: number,
		readonly publicUrl: string,
		readonly logFile: string,
		private readonly env: NodeJS.ProcessEnv,
	) {
		this.rest = new N8nRestClient(this.baseUrl);
		this.log = new N8nLogFile(logFile);
		this.commands = new N8nCli({
			runtime,
			userFolder,
			env,
			log: this.log,
			serverIsRunning: () => this.isRunning,
		});
		this.cliTimings = this.commands.timings;
	}

	static async create(options: N8nInstanceOptions): Promise<N8nInstance> {
		const runtime = await locateN8nRuntime();
		const userFolder = await mkdtemp(path.join(os.tmpdir(), `n8n-e2e-${options.label}-`));
		const port = await findFreePort();
		const brokerPort = await findFreePort();
		const publicUrl = withTrailingSlash(options.publicUrl?.(port) ?? `http://127.0.0.1:${port}/`);
		await mkdir(E2E_LOG_DIR, { recursive: true });
		const logFile = path.join(E2E_LOG_DIR, `${options.label}.log`);
		await writeFile(
			logFile,
			`# n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion}, user folder ${userFolder}, port ${port}\n`,
		);
		const env = buildEnvironment(runtime, {
			userFolder,
			port,
			brokerPort,
			publicUrl,
			logLevel: options.logLevel ?? 'debug',
			extraEnv: options.extraEnv ?? {},
		});
		return new N8nInstance(runtime, options.label, userFolder, port, publicUrl, logFile, env);
	}

	/**
	 * An n8n whose user folder, port and log file the caller keeps across runs (the demo): its
	 * SQLite database, installed package and owner survive a stop. Pass N8N_ENCRYPTION_KEY in
	 * extraEnv so credentials saved by one run decrypt in the next.
	 */
	static async open(options: PersistentInstanceOptions): Promise<N8nInstance> {
		const runtime = await locateN8nRuntime();
		await mkdir(options.userFolder, { recursive: true });
		await mkdir(path.dirname(options.logFile), { recursive: true });
		const publicUrl = withTrailingSlash(options.publicUrl ?? `http://127.0.0.1:${options.port}/`);
		await appendFile(
			options.logFile,
			`# n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion}, user folder ${options.userFolder}, port ${options.port}\n`,
		);
		const env = buildEnvironment(runtime, {
			userFolder: options.userFolder,
			port: options.port,
			brokerPort: await findFreePort(),
			publicUrl,
			logLevel: options.logLevel ?? 'info',
			extraEnv: options.extraEnv ?? {},
		});
		const { label, userFolder, port, logFile } = options;
		return new N8nInstance(runtime, label, userFolder, port, publicUrl, logFile, env);
	}

	/** The process id (and process group id) of the running n8n, if it runs. */
	get processId(): number | undefined {
		return this.isRunning ? this.process?.pid : undefined;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Local URL of a production webhook path (n8n's default `/webhook/` prefix). */
	webhookUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookPath}`;
	}

	/** The URL n8n tells the world (WEBHOOK_URL) for the same path. */
	publicWebhookUrl(webhookPath: string): string {
		return `${this.publicUrl}webhook/${webhookPath}`;
	}

	get isRunning(): boolean {
		return this.process !== undefined && this.process.exitStatus === undefined;
	}

	/** npm pack of this repository, installed as a community package of this instance. */
	async installThisPackage(): Promise<PackedPackage> {
		const packed = await packThisPackage();
		const { seconds } = await installPackageIntoN8n(packed, path.join(this.userFolder, '.n8n'));
		await this.log.note(`installed ${packed.name}@${packed.version} in ${seconds.toFixed(1)} s`);
		return packed;
	}

	/** Runs an n8n CLI command against this instance's database (while n8n is stopped). */
	async cli(args: string[]): Promise<string> {
		return await this.commands.run(args);
	}

	async importCredentials(credentials: CredentialImport[]): Promise<void> {
		await this.commands.importCredentials(credentials);
	}

	/** Imports a workflow (it must carry its own `id`) and returns that id. */
	async importWorkflow(workflow: { id: string } & Record<string, unknown>): Promise<string> {
		return await this.commands.importWorkflow(workflow);
	}

	/** Imports several workflows (each with its own `id`) with one CLI call; returns their ids. */
	async importWorkflows(
		workflows: Array<{ id: string } & Record<string, unknown>>,
	): Promise<string[]> {
		return await this.commands.importWorkflows(workflows);
	}

	/** Makes the current version of a workflow the active one; takes effect at the next start. */
	async publishWorkflow(workflowId: string): Promise<void> {
		await this.commands.publishWorkflow(workflowId);
		this.pendingPublications.add(workflowId);
	}

	/**
	 * Starts n8n and waits until it serves requests and has activated the workflows published
	 * since the last start. Returns the seconds taken.
	 */
	async start(timeoutMs = 240_000): Promise<number> {
		if (this.isRunning) throw new Error('n8n is already running');
		const kind: StartTiming['kind'] = this.startTimings.length === 0 ? 'cold' : 'warm';
		this.logOffsetAtStart = this.log.size();
		await this.log.note(`starting n8n (${kind})`);
		const started = Date.now();
		this.process = ProcessGroup.start(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env,
			logFile: this.logFile,
		});
		await this.waitUntilReady(started + timeoutMs);
		for (const workflowId of this.pendingPublications) {
			await this.waitForPublication(workflowId, started + timeoutMs);
		}
		this.pendingPublications.clear();
		const seconds = (Date.now() - started) / 1000;
		this.startTimings.push({ kind, seconds });
		await this.log.note(`n8n ready after ${seconds.toFixed(1)} s (${kind} start)`);
		return seconds;
	}

	async stop(): Promise<void> {
		if (!this.process) return;
		const running = this.process;
		this.process = undefined;
		await running.stop();
		await this.log.note('n8n stopped');
	}

	/** One line for the suite's output: how long each CLI step and each (cold, warm) start took. */
	timingSummary(): string {
		const cli = this.cliTimings.map((t) => `${t.command} ${t.seconds.toFixed(1)} s`);
		const starts = this.startTimings.map((t) => `${t.kind} start ${t.seconds.toFixed(1)} s`);
		return `[${this.label}] n8n ${this.runtime.n8nVersion} on Node ${this.runtime.nodeVersion}: ${[...cli, ...starts].join(', ')}; log: ${this.logFile}`;
	}

	async restart(): Promise<number> {
		await this.stop();
		return await this.start();
	}

	/** Stops n8n and removes its user folder; the log file stays in E2E_LOG_DIR. */
	async dispose(): Promise<void> {
		await this.stop();
		if (process.env.KEEP_N8N_E2E_FOLDER !== '1') {
			await rm(this.userFolder, { recursive: true, force: true });
		}
	}

	/** The whole log file, or only what the current/last run wrote. */
	readLog(sinceLastStart = false): string {
		return this.log.read(sinceLastStart ? this.logOffsetAtStart : 0);
	}

	/** Lines n8n logged at error level (whole log, or since the last start). */
	errorLines(sinceLastStart = false): string[] {
		return this.log.errorLines(sinceLastStart ? this.logOffsetAtStart : 0);
	}

	/** The last lines of the log, without the debug chatter that would crowd out the cause. */
	logTail(lines = 60): string {
		return this.log.tail(lines);
	}

	/** Runs a test body; on failure the error message gains the tail of n8n's log. */
	async withLogOnFailure(body: () => Promise<void>): Promise<void> {
		try {
			await body();
		} catch (error) {
			const failure = error instanceof Error ? error : new Error(String(error));
			failure.message += `\n\n--- last lines of ${this.logFile} ---\n${this.logTail()}`;
			throw failure;
		}
	}

	/** Polls the executions of a workflow until `count` have finished (not new/running/waiting). */
	async waitForFinishedExecutions(
		workflowId: string,
		count: number,
		timeoutMs = 30_000,
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		let finished: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			const executions = await this.rest.listExecutions(workflowId);
			finished = executions.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			if (finished.length >= count) return finished;
			await delay(250);
		}
		throw new Error(
			`expected ${count} finished execution(s) of workflow ${workflowId} within ${timeoutMs} ms, saw ${finished.length}`,
		);
	}

	/** Polls one execution until it has finished (not new/running/waiting) and returns it in full. */
	async waitForExecution(
		workflowId: string,
		executionId: string,
		timeoutMs = 60_000,
	): Promise<ExecutionDetail> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const executions = await this.rest.listExecutions(workflowId);
			const summary = executions.find((execution) => execution.id === executionId);
			if (summary && !['new', 'running', 'waiting'].includes(summary.status)) {
				return await this.rest.getExecution(executionId);
			}
			await delay(250);
		}
		throw new Error(`execution ${executionId} did not finish within ${timeoutMs} ms`);
	}

	async executionDetails(workflowId: string): Promise<ExecutionDetail[]> {
		const executions = await this.rest.listExecutions(workflowId);
		return await Promise.all(executions.map(async (e) => await this.rest.getExecution(e.id)));
	}

	private async waitUntilReady(deadline: number): Promise<void> {
		while (Date.now() < deadline) {
			const exit = this.process?.exitStatus;
			if (exit !== undefined) {
				throw new Error(`n8n exited with code ${exit} before it was ready\n${this.logTail()}`);
			}
			if (
				this.readLog(true).includes('Editor is now accessible') &&
				(await this.isReadyOverHttp())
			) {
				return;
			}
			await delay(250);
		}
		throw new Error(`n8n was not ready within the start timeout\n${this.logTail()}`);
	}

	/**
	 * n8n 2.x activates a published workflow from an outbox after the server is up (and after
	 * "Editor is now accessible"); its webhooks answer 404 until then. A warm restart of an
	 * unchanged workflow has nothing in the outbox: its webhooks are served from the database.
	 */
	private async waitForPublication(workflowId: string, deadline: number): Promise<void> {
		const finished = new RegExp(
			`Finished processing workflow publication outbox record.*"workflowId":"${workflowId}".*`,
		);
		while (Date.now() < deadline) {
			const line = finished.exec(this.readLog(true))?.[0];
			if (line !== undefined) {
				if (line.includes('"result":"completed"')) return;
				throw new Error(
					`n8n could not activate workflow ${workflowId}: ${line}\n` +
						`errors n8n logged since it started:\n${this.errorLines(true).join('\n')}`,
				);
			}
			if (this.process?.exitStatus !== undefined) break;
			await delay(250);
		}
		throw new Error(`n8n did not activate workflow ${workflowId} in time\n${this.logTail()}`);
	}

	private async isReadyOverHttp(): Promise<boolean> {
		try {
			const response = await fetch(`${this.baseUrl}/healthz/readiness`);
			await response.arrayBuffer(); // an unread body keeps the socket (and jest) alive
			return response.status === 200;
		} catch {
			return false;
		}
	}
}
