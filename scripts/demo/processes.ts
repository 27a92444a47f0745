/**
 * The processes a demo starts, written down as they start so that nothing outlives it: a second
 * demo on the same folder is refused while the first runs, and processes left by a demo that was
 * killed outright (SIGKILL) are stopped by the next one. Only processes recorded here (and still
 * showing the command line they were started with) or descended from this demo are signalled.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';

import { delay } from '../../tools/n8n/process-group';
import { DemoError } from './settings';

export interface ProcessRecord {
	demoPid: number;
	n8nPid?: number;
	sandboxPid?: number;
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** The command line of a process, or undefined where /proc is not available (not Linux). */
function commandLine(pid: number): string | undefined {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
	} catch {
		return undefined;
	}
}

export function readProcessRecord(file: string): ProcessRecord | undefined {
	if (!existsSync(file)) return undefined;
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as ProcessRecord;
	} catch {
		return undefined;
	}
}

export async function writeProcessRecord(file: string, record: ProcessRecord): Promise<void> {
	await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
}

export async function removeProcessRecord(file: string): Promise<void> {
	await rm(file, { force: true });
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// already gone
	}
}

/**
 * Refuses to start next to a running demo of the same folder; stops the n8n and sandbox process
 * groups an earlier demo left behind. Returns the ids it stopped.
 */
export async function clearEarlierRun(file: string): Promise<number[]> {
	const earlier = readProcessRecord(file);
	if (!earlier) return [];
	if (earlier.demoPid !== process.pid && isAlive(earlier.demoPid)) {
		const command = commandLine(earlier.demoPid);
		if (command === undefined || /demo/.test(command)) {
			throw new DemoError(
				`A demo is already running from this folder (pid ${earlier.demoPid}). Stop it first ` +
					`(Ctrl-C in its terminal, or kill ${earlier.demoPid}), or use another DEMO_DIR.`,
			);
		}
	}
	const leftovers = [
		{ pid: earlier.n8nPid, looksLike: /n8n/ },
		{ pid: earlier.sandboxPid, looksLike: /sandbox-process/ },
	].filter(
		(candidate): candidate is { pid: number; looksLike: RegExp } =>
			candidate.pid !== undefined &&
			isAlive(candidate.pid) &&
			candidate.looksLike.test(commandLine(candidate.pid) ?? ''),
	);
	for (const { pid } of leftovers) signalGroup(pid, 'SIGTERM');
	const deadline = Date.now() + 15_000;
	while (leftovers.some(({ pid }) => isAlive(pid)) && Date.now() < deadline) await delay(200);
	for (const { pid } of leftovers) signalGroup(pid, 'SIGKILL');
	await removeProcessRecord(file);
	return leftovers.map(({ pid }) => pid);
}

/** Ids of every process descended from `rootPid` (children, their children, ...), from /proc. */
export function descendantsOf(rootPid: number): number[] {
	let entries: string[];
	try {
		entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
	} catch {
		return [];
	}
	const childrenOf = new Map<number, number[]>();
	for (const entry of entries) {
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// the command name (2nd field) is in parentheses and may contain spaces
			const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			childrenOf.set(parentPid, [...(childrenOf.get(parentPid) ?? []), Number(entry)]);
		} catch {
			// the process ended while we looked
		}
	}
	const found: number[] = [];
	const queue = [rootPid];
	while (queue.length > 0) {
		for (const child of childrenOf.get(queue.shift() as number) ?? []) {
			found.push(child);
			queue.push(child);
		}
	}
	return found;
}

/**
 * Stops whatever this process started that is still running after the orderly stop: e.g. an n8n
 * CLI import or the runtime installer interrupted half-way. SIGTERM, then SIGKILL. Returns the
 * ids, leaving out tsx's own esbuild service, which is expected and ends with this process.
 */
export async function stopOwnDescendants(graceMs = 3_000): Promise<number[]> {
	const remaining = descendantsOf(process.pid);
	const expected = remaining.filter((pid) => /esbuild/.test(commandLine(pid) ?? ''));
	for (const pid of remaining) {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// already gone
		}
	}
	const deadline = Date.now() + graceMs;
	while (remaining.some(isAlive) && Date.now() < deadline) await delay(100);
	for (const pid of remaining.filter(isAlive)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	return remaining.filter((pid) => !expected.includes(pid));
}
