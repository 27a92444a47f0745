/**
 * The HubSpot sandbox in its own process, as a user would run it (`tsx sandbox/cli.ts`), so
 * its request handling never shares an event loop with the code being measured. Seeded and
 * inspected through its admin API (`/__sandbox/*`, not logged and not rate limited).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type {
	Exchange,
	FaultConfig,
	PerSecondCount,
	SeedData,
	StoredObject,
} from '../../sandbox/types';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const STARTUP_TIMEOUT_MS = 30_000;

export interface SandboxProcess {
	url: string;
	token: string;
	/** Replaces everything in the sandbox with `seed` (one request) and clears log and limits. */
	reset(seed: SeedData): Promise<void>;
	/** Task count, from the admin health check. */
	taskCount(): Promise<number>;
	/** Every live task in creation order (seed order after a reset). */
	tasks(): Promise<StoredObject[]>;
	/** Injects faults from now on; undefined stops them. */
	setFaults(faults: FaultConfig | undefined): Promise<void>;
	/** Exchanges logged after exchange id `since` (0 = since the last reset). */
	log(since?: number): Promise<Exchange[]>;
	perSecondCounts(): Promise<PerSecondCount[]>;
	stop(): Promise<void>;
}

async function admin<T>(url: string, method: string, body?: unknown): Promise<T> {
	const response = await fetch(url, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok)
		throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
	return JSON.parse(text) as T;
}

function waitForBanner(child: ChildProcess): Promise<{ url: string; token: string }> {
	return new Promise((resolve, reject) => {
		let output = '';
		let errors = '';
		const timer = setTimeout(
			() => reject(new Error(`sandbox did not start within ${STARTUP_TIMEOUT_MS} ms: ${errors}`)),
			STARTUP_TIMEOUT_MS,
		);
		child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const url = /listening on (\S+)/.exec(output)?.[1];
			const token = /token: (\S+)/.exec(output)?.[1];
			if (url && token) {
				clearTimeout(timer);
				resolve({ url, token });
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`sandbox exited with code ${code} before starting: ${errors}`));
		});
	});
}

export async function startSandboxProcess(): Promise<SandboxProcess> {
	const tsxCli = require.resolve('tsx/cli');
	const child = spawn(
		process.execPath,
		[tsxCli, 'sandbox/cli.ts', '--port', '0', '--seed', 'none'],
		{ cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let url: string;
	let token: string;
	try {
		({ url, token } = await waitForBanner(child));
	} catch (error) {
		child.kill('SIGTERM');
		throw error;
	}
	return {
		url,
		token,
		reset: async (seed) => {
			await admin(`${url}/__sandbox/reset`, 'POST', { seed });
		},
		taskCount: async () => (await admin<{ tasks: number }>(`${url}/__sandbox/health`, 'GET')).tasks,
		tasks: async () =>
			(await admin<{ objects: StoredObject[] }>(`${url}/__sandbox/objects/tasks`, 'GET')).objects,
		setFaults: async (faults) => {
			await admin(`${url}/__sandbox/faults`, 'PUT', faults ?? null);
		},
		log: async (since = 0) =>
			(await admin<{ exchanges: Exchange[] }>(`${url}/__sandbox/log?since=${since}`, 'GET'))
				.exchanges,
		perSecondCounts: async () =>
			(await admin<{ perSecond: PerSecondCount[] }>(`${url}/__sandbox/stats`, 'GET')).perSecond,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		},
	};
}
