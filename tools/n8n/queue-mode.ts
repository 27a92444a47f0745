/**
 * n8n's queue mode around an N8nInstance: a fresh PostgreSQL database per run, the environment
 * that puts the main and its workers on one Redis queue, and `n8n worker` processes that share
 * the main's user folder (the installed package) and encryption key.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { buildEnvironment, findFreePort } from './environment';
import { E2E_LOG_DIR, type N8nInstance } from './n8n-instance';
import { N8nLogFile } from './n8n-log';
import { delay, ProcessGroup } from './process-group';

const run = promisify(execFile);

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
}

export const LOCAL_POSTGRES: PostgresServer = {
	host: process.env.HUBSPOT_TASKFLOW_E2E_PGHOST ?? '127.0.0.1',
	port: Number(process.env.HUBSPOT_TASKFLOW_E2E_PGPORT ?? 5432),
	user: process.env.HUBSPOT_TASKFLOW_E2E_PGUSER ?? 'postgres',
};

export const LOCAL_REDIS = {
	host: process.env.HUBSPOT_TASKFLOW_E2E_REDIS_HOST ?? '127.0.0.1',
	port: Number(process.env.HUBSPOT_TASKFLOW_E2E_REDIS_PORT ?? 6379),
};

/** Runs SQL with psql (trust auth) against a database of the server; returns the rows, tab-separated. */
export async function psql(
	server: PostgresServer,
	database: string,
	sql: string,
): Promise<string[][]> {
	const { stdout } = await run(
		'psql',
		[
			'-h',
			server.host,
			'-p',
			String(server.port),
			'-U',
			server.user,
			'-d',
			database,
			'-v',
			'ON_ERROR_STOP=1',
			'-qAt',
			'-F',
			'\t',
			'-c',
			sql,
		],
		{ maxBuffer: 16 * 1024 * 1024 },
	);
	return stdout
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.split('\t'));
}

/** A database made for one run and dropped after it (with any connection left to it). */
export class ThrowawayDatabase {
	private constructor(
		readonly server: PostgresServer,
		readonly name: string,
	) {}

	static async create(label: string, server = LOCAL_POSTGRES): Promise<ThrowawayDatabase> {
		const name = `n8n_e2e_${label.toLowerCase()}_${process.pid}_${Date.now().toString(36)}`;
		await psql(server, 'postgres', `CREATE DATABASE "${name}"`);
		return new ThrowawayDatabase(server, name);
	}

	async query(sql: string): Promise<string[][]> {
		return await psql(this.server, this.name, sql);
	}

	async drop(): Promise<void> {
		await psql(this.server, 'postgres', `DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
	}
}

export interface QueueModeSettings {
	database: ThrowawayDatabase;
	/** QUEUE_BULL_PREFIX: keeps this run's queue apart from any other on the same Redis */
	bullPrefix: string;
	/** extra variables for the main and every worker */
	extraEnv?: Record<string, string>;
}

/** The variables that make the main and its workers one queue-mode installation. */
export function queueModeEnvironment(settings: QueueModeSettings): Record<string, string> {
	const { database } = settings;
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: database.server.host,
		DB_POSTGRESDB_PORT: String(database.server.port),
		DB_POSTGRESDB_USER: database.server.user,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: database.name,
		QUEUE_BULL_REDIS_HOST: LOCAL_REDIS.host,
		QUEUE_BULL_REDIS_PORT: String(LOCAL_REDIS.port),
		QUEUE_BULL_PREFIX: settings.bullPrefix,
		// manual runs ("Execute workflow") go to the workers too, as they will by default in n8n 3
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		...settings.extraEnv,
	};
}

/**
 * One `n8n worker` next to a main N8nInstance: same runtime, user folder (so the same installed
 * package) and environment, its own ports and log file.
 */
export class N8nWorker {
	private constructor(
		readonly name: string,
		private readonly log: N8nLogFile,
		private readonly process: ProcessGroup,
	) {}

	get logFile(): string {
		return this.log.path;
	}

	static async start(
		main: N8nInstance,
		options: {
			name: string;
			concurrency: number;
			extraEnv: Record<string, string>;
			logLevel?: string;
			timeoutMs?: number;
		},
	): Promise<N8nWorker> {
		const logFile = path.join(E2E_LOG_DIR, `${main.label}-${options.name}.log`);
		await writeFile(logFile, `# n8n worker ${options.name} for ${main.label}\n`);
		const env = buildEnvironment(main.runtime, {
			userFolder: main.userFolder,
			port: await findFreePort(),
			brokerPort: await findFreePort(),
			publicUrl: main.publicUrl,
			logLevel: options.logLevel ?? 'info',
			// each process writes its own event log in the shared user folder
			extraEnv: {
				...options.extraEnv,
				N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${options.name}`,
			},
		});
		const started = Date.now();
		const process = ProcessGroup.start(
			main.runtime.nodeBin,
			[main.runtime.n8nBin, 'worker', `--concurrency=${options.concurrency}`],
			{ cwd: main.userFolder, env, logFile },
		);
		const worker = new N8nWorker(options.name, new N8nLogFile(logFile), process);
		await worker.waitUntilReady(started + (options.timeoutMs ?? 120_000));
		await worker.log.note(`worker ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return worker;
	}

	readLog(): string {
		return this.log.read();
	}

	/** Ids of the executions this worker picked up from the queue (from its log). */
	startedExecutionIds(): string[] {
		return [...this.readLog().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
	}

	errorLines(): string[] {
		return this.readLog()
			.split('\n')
			.filter((line) => /\|\s*error\s*\|/.test(line) || /^Error:/.test(line));
	}

	async stop(): Promise<void> {
		await this.process.stop();
	}

	private async waitUntilReady(deadline: number): Promise<void> {
		while (Date.now() < deadline) {
			if (this.process.exitStatus !== undefined) {
				throw new Error(
					`n8n worker ${this.name} exited with code ${this.process.exitStatus}\n${this.tail()}`,
				);
			}
			if (this.readLog().includes('n8n worker is now ready')) return;
			await delay(250);
		}
		throw new Error(`n8n worker ${this.name} was not ready in time\n${this.tail()}`);
	}

	private tail(lines = 40): string {
		return this.readLog().split('\n').slice(-lines).join('\n');
	}
}
