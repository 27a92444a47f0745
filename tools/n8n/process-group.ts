import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** Process groups this test process started; killed outright if the test process exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
	});
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// the group is already gone
	}
}

/**
 * A command started as the leader of its own process group, stdout and stderr appended to a
 * file. n8n forks task runners; killing the group takes them down with it.
 */
export class ProcessGroup {
	private readonly exited: Promise<number | null>;
	private exitCode: number | null | undefined;

	private constructor(private readonly child: ChildProcess) {
		this.exited = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				this.exitCode = code ?? (signal ? null : 0);
				resolve(this.exitCode);
			});
		});
	}

	static start(
		command: string,
		args: string[],
		options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
	): ProcessGroup {
		installExitHook();
		const logFd = openSync(options.logFile, 'a');
		try {
			const child = spawn(command, args, {
				cwd: options.cwd,
				env: options.env,
				detached: true,
				stdio: ['ignore', logFd, logFd],
			});
			if (child.pid === undefined) throw new Error(`could not start ${command}`);
			liveGroups.add(child.pid);
			return new ProcessGroup(child);
		} finally {
			closeSync(logFd);
		}
	}

	get pid(): number {
		return this.child.pid as number;
	}

	/** undefined while running; the exit code (null when killed by a signal) afterwards. */
	get exitStatus(): number | null | undefined {
		return this.exitCode;
	}

	/** SIGTERM to the whole group, then SIGKILL after `graceMs` if anything is left. */
	async stop(graceMs = 15_000): Promise<void> {
		const pgid = this.pid;
		signalGroup(pgid, 'SIGTERM');
		const forceKill = setTimeout(() => signalGroup(pgid, 'SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(forceKill);
		// children that outlived the leader (task runners) share its group id
		signalGroup(pgid, 'SIGKILL');
		liveGroups.delete(pgid);
	}
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
