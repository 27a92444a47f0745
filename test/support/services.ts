/**
 * Redis and PostgreSQL on 127.0.0.1, which a few suites need (the state store, the shared rate
 * budget, queue mode). Probed once per run by jest's globalSetup and handed to the test workers
 * in the environment: on a machine without them those suites are skipped and the run says so on
 * its last lines; where they are required (.ci/run sets HUBSPOT_TASKFLOW_SERVICES_REQUIRED=1) the
 * run stops before any test.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';

import { LOCAL_POSTGRES } from '../../tools/n8n/queue-mode';
import { TEST_REDIS_URL } from './redisKeys';

export interface ServiceStatus {
	redis: boolean;
	postgres: boolean;
}

const STATUS_VARIABLE = 'HUBSPOT_TASKFLOW_TEST_SERVICES';
const PROBE_TIMEOUT_MS = 2_000;

export function servicesRequired(): boolean {
	return process.env.HUBSPOT_TASKFLOW_SERVICES_REQUIRED === '1';
}

/** What globalSetup found; a run without it (a single file under another runner) assumes both up. */
export function serviceStatus(): ServiceStatus {
	const raw = process.env[STATUS_VARIABLE];
	if (!raw) return { redis: true, postgres: true };
	return JSON.parse(raw) as ServiceStatus;
}

export function recordServiceStatus(status: ServiceStatus): void {
	process.env[STATUS_VARIABLE] = JSON.stringify(status);
}

/** Redis answers PING with +PONG (a Redis that wants a password does not count as usable). */
export function probeRedis(url = TEST_REDIS_URL): Promise<boolean> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = net.connect({ host: hostname, port: Number(port || 6379) });
		const done = (up: boolean) => {
			socket.destroy();
			resolve(up);
		};
		socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (data) => done(data.toString('utf8').startsWith('+PONG')));
	});
}

/** PostgreSQL as queue mode uses it: psql on the PATH and the server accepting trust logins. */
export function probePostgres(): boolean {
	const { host, port, user } = LOCAL_POSTGRES;
	const result = spawnSync(
		'psql',
		['-h', host, '-p', String(port), '-U', user, '-d', 'postgres', '-qAtc', 'SELECT 1'],
		{ timeout: PROBE_TIMEOUT_MS, encoding: 'utf8' },
	);
	return result.status === 0 && result.stdout.trim() === '1';
}

/** The services the run lacks, each named with where it was looked for. */
export function missingServices(status: ServiceStatus): string[] {
	return [
		...(status.redis ? [] : [`Redis (${TEST_REDIS_URL})`]),
		...(status.postgres
			? []
			: [`PostgreSQL with psql (${LOCAL_POSTGRES.host}:${LOCAL_POSTGRES.port}, trust auth)`]),
	];
}

export function missingServicesLine(status: ServiceStatus): string | undefined {
	const missing = missingServices(status);
	if (missing.length === 0) return undefined;
	const them = missing.length === 1 ? 'it' : 'them';
	return `services: ${missing.join(' and ')} not available, so the suites that need ${them} were skipped`;
}
