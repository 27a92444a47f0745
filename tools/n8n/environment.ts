import net from 'node:net';
import path from 'node:path';

import type { N8nRuntime } from './runtime';

/** Fixed so credentials imported before a start decrypt after it (and after restarts). */
export const E2E_ENCRYPTION_KEY = 'hubspot-taskflow-e2e-encryption-key';

export interface InstanceSettings {
	userFolder: string;
	port: number;
	brokerPort: number;
	publicUrl: string;
	logLevel: string;
	extraEnv: Record<string, string>;
}

/** The environment n8n and its CLI commands run with: local, quiet, SQLite, this package allowed. */
export function buildEnvironment(
	runtime: N8nRuntime,
	settings: InstanceSettings,
): NodeJS.ProcessEnv {
	// A minimal environment: jest's NODE_ENV=test would switch n8n into its own test mode, and
	// npm_config_* / N8N_* from the caller must not leak in.
	const inherited: NodeJS.ProcessEnv = {};
	for (const key of ['HOME', 'TMPDIR', 'LANG', 'TZ', 'SSL_CERT_FILE']) {
		if (process.env[key] !== undefined) inherited[key] = process.env[key];
	}
	return {
		...inherited,
		PATH: `${path.dirname(runtime.nodeBin)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: settings.userFolder,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(settings.port),
		N8N_PROTOCOL: 'http',
		// 2.x name of WEBHOOK_URL (which it still reads, with a deprecation warning)
		N8N_WEBHOOK_URL: settings.publicUrl,
		// the task runner broker defaults to port 5679: two instances at once would collide
		N8N_RUNNERS_BROKER_PORT: String(settings.brokerPort),
		N8N_LOG_LEVEL: settings.logLevel,
		N8N_LOG_OUTPUT: 'console',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// local and quiet: nothing to n8n's cloud, no banners or surveys
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		// modules that call n8n's cloud at start or are unrelated to community nodes
		N8N_DISABLED_MODULES:
			'mcp-registry,insights,instance-ai,workflow-builder,chat-hub,agents,agent-evals',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		DB_SQLITE_VACUUM_ON_STARTUP: 'false',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		...settings.extraEnv,
	};
}

export function withTrailingSlash(url: string): string {
	return url.endsWith('/') ? url : `${url}/`;
}

/** Asks the OS for a free port on 127.0.0.1 (bind to 0, read it, release it). */
export async function findFreePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
