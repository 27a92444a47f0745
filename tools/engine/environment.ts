/**
 * Everything n8n-core reads from the process environment, set in one place before n8n-core is
 * loaded: a user folder under the temp dir (InstanceSettings keeps its config file there), a fixed
 * encryption key, and every phone-home or noisy feature switched off so runs stay local and quiet.
 * A socket guard then makes any connection beyond loopback fail loudly instead of hanging.
 *
 * Import this module before any n8n-core import (the harness modules do it on their first line).
 */
import { mkdirSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * One fixed folder, reused by every run: Jest workers do not reliably run exit handlers, so a
 * folder per process would pile up. The fixed encryption key keeps whatever n8n saves there valid.
 */
function createUserFolder(): string {
	const folder = path.join(tmpdir(), 'n8n-nodes-hubspot-taskflow-node-tests');
	mkdirSync(folder, { recursive: true });
	return folder;
}

const quietLocalDefaults: Record<string, string> = {
	N8N_ENCRYPTION_KEY: 'taskflow-node-harness-key',
	N8N_LOG_LEVEL: 'silent',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	N8N_RUNNERS_ENABLED: 'false',
	GENERIC_TIMEZONE: 'UTC',
};

if (process.env.N8N_USER_FOLDER === undefined) {
	process.env.N8N_USER_FOLDER = createUserFolder();
}
for (const [name, value] of Object.entries(quietLocalDefaults)) {
	process.env[name] ??= value;
}

export const n8nUserFolder = process.env.N8N_USER_FOLDER;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);
const GUARD_MARK = Symbol.for('taskflow.nodeHarness.loopbackOnly');

/** Host a `Socket#connect` call aims at; undefined for IPC paths (always local). */
function connectHost(args: unknown[]): string | undefined {
	// net.connect() hands Socket#connect its already-normalised arguments as one array.
	const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
	if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
		return typeof second === 'string' ? second : 'localhost';
	}
	if (typeof first === 'object' && first !== null) {
		// Node treats any non-empty `path` as a local pipe; http passes `path: null` for TCP.
		const options = first as { host?: string | null; path?: string | null };
		return typeof options.path === 'string' && options.path !== ''
			? undefined
			: (options.host ?? 'localhost');
	}
	return undefined;
}

type ConnectMethod = Socket['connect'] & { [GUARD_MARK]?: true };
const originalConnect = Socket.prototype.connect as ConnectMethod;
if (originalConnect[GUARD_MARK] !== true) {
	const loopbackOnlyConnect = function (this: Socket, ...args: unknown[]): Socket {
		const host = connectHost(args);
		if (host !== undefined && !LOOPBACK_HOSTS.has(host)) {
			const refusal = new Error(
				`Node tests only talk to 127.0.0.1; refused a connection to ${host}`,
			);
			process.nextTick(() => this.destroy(refusal));
			return this;
		}
		return (originalConnect as (...connectArgs: unknown[]) => Socket).apply(this, args);
	} as ConnectMethod;
	loopbackOnlyConnect[GUARD_MARK] = true;
	Socket.prototype.connect = loopbackOnlyConnect;
}
