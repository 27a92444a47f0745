/**
 * Where the demo keeps its state and which ports it uses. Everything it installs or records lives
 * in one git-ignored folder, so a second run finds it and `rm -rf .demo` starts over.
 */
import net from 'node:net';
import path from 'node:path';

import { REPO_ROOT } from '../../tools/n8n/runtime';

/** A failure the user can act on: printed as is, without a stack trace. */
export class DemoError extends Error {}

export interface DemoSettings {
	/** DEMO_DIR, default <repo>/.demo */
	demoDir: string;
	/** DEMO_N8N_PORT, default 5678 (n8n's own default) */
	n8nPort: number;
	/** DEMO_SANDBOX_PORT, default 4010 */
	sandboxPort: number;
	/** DEMO_BUILD=never skips the check that dist/ is built and current */
	build: 'auto' | 'never';
}

export interface DemoPaths {
	state: string;
	/** written once everything is up: URLs, process ids, example requests (read by demo:fire) */
	ready: string;
	/** process ids as they start, so a demo that was killed can be cleaned up by the next one */
	processes: string;
	serviceAccountKey: string;
	n8nUserFolder: string;
	n8nLog: string;
	sandboxLog: string;
	sandboxJournal: string;
	buildLog: string;
}

function portFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new DemoError(`${name}=${raw} is not a port number (1-65535)`);
	}
	return port;
}

export function readSettings(): DemoSettings {
	return {
		demoDir: path.resolve(process.env.DEMO_DIR || path.join(REPO_ROOT, '.demo')),
		n8nPort: portFromEnv('DEMO_N8N_PORT', 5678),
		sandboxPort: portFromEnv('DEMO_SANDBOX_PORT', 4010),
		build: process.env.DEMO_BUILD === 'never' ? 'never' : 'auto',
	};
}

export function demoPaths(demoDir: string): DemoPaths {
	return {
		state: path.join(demoDir, 'state.json'),
		ready: path.join(demoDir, 'ready.json'),
		processes: path.join(demoDir, 'processes.json'),
		serviceAccountKey: path.join(demoDir, 'google-service-account.json'),
		n8nUserFolder: path.join(demoDir, 'n8n'),
		n8nLog: path.join(demoDir, 'n8n.log'),
		sandboxLog: path.join(demoDir, 'sandbox.log'),
		sandboxJournal: path.join(demoDir, 'sandbox-journal.ndjson'),
		buildLog: path.join(demoDir, 'build.log'),
	};
}

/** Fails with a message naming the variable to change when something already listens there. */
export async function assertPortFree(port: number, what: string, envName: string): Promise<void> {
	const problem = await new Promise<string | undefined>((resolve) => {
		const server = net.createServer();
		server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
	});
	if (problem === undefined) return;
	const reason = problem === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${problem})`;
	throw new DemoError(
		`Port ${port} on 127.0.0.1 (${what}) ${reason}. Stop what listens there, or pick another port: ` +
			`${envName}=<port> npm run demo`,
	);
}
