/**
 * n8n's CLI run against one instance's user folder and database while its server is stopped: any
 * command, timed and noted in the instance's log, and the import and publish commands the suites
 * set n8n up with.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import type { N8nLogFile } from './n8n-log';
import type { N8nRuntime } from './runtime';

const execFileAsync = promisify(execFile);

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	/** plain values; `n8n import:credentials` encrypts a plain `data` object itself */
	data: Record<string, unknown>;
}

export interface CliTiming {
	command: string;
	seconds: number;
}

export interface N8nCliContext {
	runtime: N8nRuntime;
	userFolder: string;
	env: NodeJS.ProcessEnv;
	log: N8nLogFile;
	/** the running server holds the database; a CLI command beside it would not see the same state */
	serverIsRunning: () => boolean;
}

export class N8nCli {
	readonly timings: CliTiming[] = [];

	constructor(private readonly context: N8nCliContext) {}

	/** Runs `n8n <args>` and returns its output (stdout, then stderr). */
	async run(args: string[]): Promise<string> {
		const { runtime, userFolder, env, log } = this.context;
		if (this.context.serverIsRunning())
			throw new Error(`stop n8n before \`n8n ${args.join(' ')}\``);
		const started = Date.now();
		try {
			const { stdout, stderr } = await execFileAsync(runtime.nodeBin, [runtime.n8nBin, ...args], {
				cwd: userFolder,
				env,
				maxBuffer: 16 * 1024 * 1024,
				timeout: 180_000,
			});
			const seconds = (Date.now() - started) / 1000;
			this.timings.push({ command: args[0], seconds });
			await log.note(`n8n ${args.join(' ')} (${seconds.toFixed(1)} s)\n${stdout}${stderr}`);
			return stdout + stderr;
		} catch (error) {
			const failure = error as Error & { stdout?: string; stderr?: string };
			await log.note(
				`n8n ${args.join(' ')} FAILED\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
			);
			throw new Error(
				`n8n ${args.join(' ')} failed: ${failure.message}\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
			);
		}
	}

	async importCredentials(credentials: CredentialImport[]): Promise<void> {
		await this.importFile('credentials', 'credentials-import.json', credentials);
	}

	/** Imports a workflow (it must carry its own `id`) and returns that id. */
	async importWorkflow(workflow: { id: string } & Record<string, unknown>): Promise<string> {
		await this.importFile('workflow', `workflow-${workflow.id}.json`, workflow);
		return workflow.id;
	}

	/** Imports several workflows (each with its own `id`) with one CLI call; returns their ids. */
	async importWorkflows(
		workflows: Array<{ id: string } & Record<string, unknown>>,
	): Promise<string[]> {
		await this.importFile('workflow', 'workflows-import.json', workflows);
		return workflows.map((workflow) => workflow.id);
	}

	/** Makes the current version of a workflow the active one; the server activates it when it starts. */
	async publishWorkflow(workflowId: string): Promise<void> {
		await this.run(['publish:workflow', `--id=${workflowId}`]);
	}

	/** Writes `content` as JSON into the user folder and runs `n8n import:<kind>` on that file. */
	private async importFile(
		kind: 'credentials' | 'workflow',
		fileName: string,
		content: unknown,
	): Promise<void> {
		const file = path.join(this.context.userFolder, fileName);
		await writeFile(file, JSON.stringify(content, null, 2));
		const output = await this.run([`import:${kind}`, `--input=${file}`]);
		// the command reports some failures on its log and still exits 0
		if (!/Successfully imported/.test(output)) {
			throw new Error(`n8n import:${kind} did not report success:\n${output}`);
		}
	}
}
