/**
 * CPU accounting for the webhook latency measurement (Linux /proc): what n8n's processes used per
 * event, which holds even when latency does not, and what the rest of the machine used meanwhile,
 * which says whether the latency figures were taken on a quiet machine.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
	if (ticksPerSecond === undefined) {
		const reported = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
		ticksPerSecond = reported > 0 ? reported : 100;
	}
	return ticksPerSecond;
}

/** utime + stime in ticks of a process (`/proc/<pid>/stat`) or thread, or 0 when it is gone. */
function ticksOf(statPath: string): number {
	try {
		const stat = readFileSync(statPath, 'utf8');
		// the command name may hold spaces: fields are counted after its closing parenthesis
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return 0;
	}
}

/** Processes started with N8N_USER_FOLDER=<userFolder>: n8n and what it forked with that env. */
function processesOf(userFolder: string): string[] {
	const marker = `N8N_USER_FOLDER=${userFolder}\0`;
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((pid) => {
			try {
				return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker);
			} catch {
				return false;
			}
		});
}

function machineTicks(): { busy: number; total: number } {
	const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
	const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number);
	const busy = user + nice + system + irq + softirq + (steal || 0);
	return { busy, total: busy + idle + iowait };
}

export interface CpuSnapshot {
	wallMs: number;
	/** per process id, so a process that exits between snapshots is not counted negative */
	n8nTicks: Map<string, number>;
	/** the same processes' main threads: where JavaScript runs and executions wait for each other */
	n8nMainThreadTicks: Map<string, number>;
	machine: { busy: number; total: number };
	benchMicros: number;
	loadAverage: number;
}

export function cpuSnapshot(userFolder: string): CpuSnapshot {
	const pids = processesOf(userFolder);
	const n8nTicks = new Map(pids.map((pid) => [pid, ticksOf(`/proc/${pid}/stat`)]));
	const n8nMainThreadTicks = new Map(
		pids.map((pid) => [pid, ticksOf(`/proc/${pid}/task/${pid}/stat`)]),
	);
	const usage = process.cpuUsage();
	return {
		wallMs: Date.now(),
		n8nTicks,
		n8nMainThreadTicks,
		machine: machineTicks(),
		benchMicros: usage.user + usage.system,
		loadAverage: os.loadavg()[0],
	};
}

export interface CpuUse {
	wallSeconds: number;
	cores: number;
	/** n8n and its task runner, all threads */
	n8nSeconds: number;
	/** their main threads only */
	n8nMainThreadSeconds: number;
	/** this process: the sender and the in-process sandbox */
	benchSeconds: number;
	/** everything else the machine ran meanwhile */
	otherSeconds: number;
	loadAverageAtEnd: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
	const ticks = clockTicks();
	const used = (start: Map<string, number>, end: Map<string, number>): number => {
		let total = 0;
		for (const [pid, value] of end) total += value - (start.get(pid) ?? 0);
		return total / ticks;
	};
	const n8nSeconds = used(before.n8nTicks, after.n8nTicks);
	const benchSeconds = (after.benchMicros - before.benchMicros) / 1e6;
	const machineSeconds = (after.machine.busy - before.machine.busy) / ticks;
	return {
		wallSeconds: (after.wallMs - before.wallMs) / 1000,
		cores: os.cpus().length,
		n8nSeconds,
		n8nMainThreadSeconds: used(before.n8nMainThreadTicks, after.n8nMainThreadTicks),
		benchSeconds,
		otherSeconds: Math.max(0, machineSeconds - n8nSeconds - benchSeconds),
		loadAverageAtEnd: after.loadAverage,
	};
}
