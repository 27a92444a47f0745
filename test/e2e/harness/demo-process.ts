/**
 * `npm run demo` (scripts/demo/run.ts) as a child process, the way a user runs it: through tsx,
 * its output collected, stopped with the signal Ctrl-C sends. Plus the checks that it left
 * nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { delay } from '../../../tools/n8n/process-group';
import { REPO_ROOT } from '../../../tools/n8n/runtime';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export const DEMO_SCRIPT = path.join(REPO_ROOT, 'scripts', 'demo', 'run.ts');
export const DEMO_FIRE_SCRIPT = path.join(REPO_ROOT, 'scripts', 'demo', 'fire.ts');

/** The variables the demo reads, plus the caller's environment without jest's NODE_ENV. */
export function demoEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, ...settings };
	delete env.NODE_ENV;
	return env;
}

export class DemoProcess {
	output = '';
	private exitCode: number | null | undefined;
	private readonly exited: Promise<number | null>;

	private constructor(private readonly child: ChildProcess) {
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
		this.exited = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				this.exitCode = code ?? (signal ? null : 0);
				resolve(this.exitCode);
			});
		});
	}

	static start(env: NodeJS.ProcessEnv): DemoProcess {
		return new DemoProcess(
			spawn(TSX, [DEMO_SCRIPT], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }),
		);
	}

	get pid(): number {
		return this.child.pid as number;
	}

	get isRunning(): boolean {
		return this.exitCode === undefined;
	}

	/** Waits for a line matching `pattern`; fails if the demo exits first or time runs out. */
	async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const match = pattern.exec(this.output);
			if (match) return match;
			if (!this.isRunning) {
				throw new Error(
					`the demo exited (code ${this.exitCode}) before printing ${pattern}:\n${this.output}`,
				);
			}
			await delay(100);
		}
		throw new Error(`the demo did not print ${pattern} within ${timeoutMs} ms:\n${this.output}`);
	}

	/** Sends `signal` and waits for the demo to exit; SIGKILL if it has not after `timeoutMs`. */
	async stop(signal: NodeJS.Signals = 'SIGINT', timeoutMs = 60_000): Promise<number | null> {
		if (!this.isRunning) return this.exitCode as number | null;
		this.child.kill(signal);
		const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
		const code = await this.exited;
		clearTimeout(timer);
		return code;
	}
}

function processIds(): number[] {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.map(Number);
}

function readProc(pid: number, file: string): string {
	try {
		return readFileSync(`/proc/${pid}/${file}`, 'utf8');
	} catch {
		return '';
	}
}

/** Whether the process runs (a zombie, already ended but not yet reaped, does not count). */
export function processRuns(pid: number): boolean {
	const stat = readProc(pid, 'stat');
	if (stat === '') return false;
	return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

/** Running processes in process group `pgid` (n8n's task runners share n8n's group). */
export function processGroupMembers(pgid: number): number[] {
	return processIds().filter((pid) => {
		const stat = readProc(pid, 'stat');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[2]) === pgid && fields[0] !== 'Z';
	});
}

/** Running processes whose command line or environment mentions `text` (e.g. the demo folder). */
export function processesMentioning(text: string): number[] {
	return processIds().filter(
		(pid) =>
			pid !== process.pid &&
			processRuns(pid) &&
			(readProc(pid, 'cmdline').includes(text) || readProc(pid, 'environ').includes(text)),
	);
}

export async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}
