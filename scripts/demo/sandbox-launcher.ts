/**
 * Starts the demo's sandbox (sandbox-process.ts) as its own process group and waits until it has
 * replayed its journal; checks that it grants a token to the demo's service-account key, as
 * Google's token endpoint would.
 */
import { createSign } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { delay, ProcessGroup } from '../../tools/n8n/process-group';
import { REPO_ROOT } from '../../tools/n8n/runtime';
import { DemoError, type DemoPaths } from './settings';

const READY_LINE = /HubSpot sandbox listening on (\S+): (.*)/;

export interface RunningSandbox {
	group: ProcessGroup;
	url: string;
	/** what it loaded: the seed and how many journalled writes */
	summary: string;
}

function tail(file: string, from: number, lines = 30): string {
	if (!existsSync(file)) return '';
	return readFileSync(file).subarray(from).toString('utf8').split('\n').slice(-lines).join('\n');
}

export async function startSandboxProcess(
	paths: DemoPaths,
	port: number,
	timeoutMs = 60_000,
): Promise<RunningSandbox> {
	const logOffset = existsSync(paths.sandboxLog) ? statSync(paths.sandboxLog).size : 0;
	const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
	const group = ProcessGroup.start(
		process.execPath,
		['--import', tsxLoader, path.join(__dirname, 'sandbox-process.ts')],
		{
			cwd: REPO_ROOT,
			env: {
				...process.env,
				DEMO_SANDBOX_PORT: String(port),
				DEMO_SANDBOX_JOURNAL: paths.sandboxJournal,
				DEMO_PARENT_PID: String(process.pid),
			},
			logFile: paths.sandboxLog,
		},
	);
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const match = READY_LINE.exec(tail(paths.sandboxLog, logOffset, 1000));
		if (match) return { group, url: match[1], summary: match[2] };
		if (group.exitStatus !== undefined) {
			const lastLine = tail(paths.sandboxLog, logOffset).trim().split('\n').pop();
			throw new DemoError(
				`The sandbox did not start: ${lastLine || `it exited with code ${group.exitStatus}`} (log: ${paths.sandboxLog})`,
			);
		}
		await delay(100);
	}
	await group.stop();
	throw new DemoError(
		`the sandbox was not ready within ${timeoutMs / 1000} s:\n${tail(paths.sandboxLog, logOffset)}`,
	);
}

/** Asks the sandbox's /token for an access token with a JWT signed by the service-account key. */
export async function checkServiceAccountGrant(
	sandboxUrl: string,
	keyFileJson: string,
): Promise<void> {
	const key = JSON.parse(keyFileJson) as {
		client_email: string;
		private_key: string;
		private_key_id: string;
	};
	const tokenUrl = `${sandboxUrl}/token`;
	const now = Math.floor(Date.now() / 1000);
	const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: key.private_key_id })}.${encode({
		iss: key.client_email,
		scope: 'https://www.googleapis.com/auth/spreadsheets.readonly',
		aud: tokenUrl,
		iat: now,
		exp: now + 3600,
	})}`;
	const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key, 'base64url');
	const response = await fetch(tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
			assertion: `${unsigned}.${signature}`,
		}).toString(),
	});
	const body = (await response.json()) as { access_token?: string };
	if (!response.ok || !body.access_token) {
		throw new DemoError(
			`the sandbox refused the service account's token grant: ${response.status} ${JSON.stringify(body)}`,
		);
	}
}
