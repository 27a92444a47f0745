/**
 * The local HubSpot sandbox as the e2e suites use it next to n8n: credential values pointing at it
 * (HubSpot token and a Google service account whose key is generated here), tasks put straight
 * into its store, titles polled (n8n answers a webhook before it writes) and writes picked out
 * of its request log.
 */
import { generateKeyPairSync } from 'node:crypto';

import type { Exchange, Sandbox } from '../../sandbox/server';
import { delay } from './process-group';

let serviceAccountPrivateKey: string | undefined;

/** An RSA key made once per test process; the sandbox's token endpoint accepts any signer. */
function privateKeyPem(): string {
	serviceAccountPrivateKey ??= generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	}).privateKey;
	return serviceAccountPrivateKey;
}

/** The Call Tracking Webhook secret the suites and the demo give n8n and send with each call. */
export const CALL_TRACKING_SECRET = 'demo-ringostat-7Qm4Vx9LpZ2kHs3T';

/** Values of this package's credential types, by type name, for a credential import. */
export function sandboxCredentialData(
	sandbox: Sandbox,
	options: { clientSecret: string; webhookSecret?: string },
): Record<string, Record<string, unknown>> {
	const keyFile = JSON.stringify({
		type: 'service_account',
		project_id: 'taskflow-e2e',
		private_key_id: 'e2e-key',
		private_key: privateKeyPem(),
		client_email: 'rules-reader@taskflow-e2e.iam.gserviceaccount.com',
		token_uri: `${sandbox.url}/token`,
	});
	return {
		hubSpotTaskflowApi: {
			accessToken: sandbox.token,
			baseUrl: sandbox.url,
			clientSecret: options.clientSecret,
			webhookSecret: options.webhookSecret ?? '',
		},
		callTrackingWebhookApi: { secret: CALL_TRACKING_SECRET },
		googleSheetsTaskflowServiceAccountApi: {
			keySource: 'json',
			privateKeyJson: keyFile,
			baseUrl: sandbox.url,
			tokenUrl: `${sandbox.url}/token`,
		},
	};
}

/** Record `n` of a "Send a webhook" series: a deal in an open stage, or a contact; its id. */
export function createWebhookRecord(
	sandbox: Sandbox,
	objectType: 'deal' | 'contact',
	n: number,
): string {
	return objectType === 'deal'
		? sandbox.store.create('deals', {
				dealname: `Renovação ${n}`,
				dealstage: 'appointmentscheduled',
			}).id
		: sandbox.store.create('contacts', {
				email: `cliente${n}@example.com.br`,
				firstname: `Cliente ${n}`,
			}).id;
}

export function createTask(sandbox: Sandbox, subject: string, status = 'NOT_STARTED'): string {
	return sandbox.store.create('tasks', {
		hs_task_subject: subject,
		hs_task_status: status,
		hs_timestamp: '2026-03-02T12:00:00.000Z',
	}).id;
}

export function taskTitles(sandbox: Sandbox, ids: string[]): Record<string, string | undefined> {
	return Object.fromEntries(
		ids.map((id) => [id, sandbox.store.get('tasks', id)?.properties.hs_task_subject]),
	);
}

/** Polls until the tasks carry these titles or the time is up; returns the titles seen last. */
export async function waitForTitles(
	sandbox: Sandbox,
	expected: Record<string, string>,
	timeoutMs = 30_000,
): Promise<Record<string, string | undefined>> {
	const deadline = Date.now() + timeoutMs;
	const ids = Object.keys(expected);
	let seen = taskTitles(sandbox, ids);
	while (Date.now() < deadline && ids.some((id) => seen[id] !== expected[id])) {
		await delay(200);
		seen = taskTitles(sandbox, ids);
	}
	return seen;
}

/** Requests that create or change CRM records, from the `since`-th exchange of the log on. */
export function writeRequests(sandbox: Sandbox, since = 0): Exchange[] {
	return sandbox
		.requestLog()
		.slice(since)
		.filter(
			(exchange) =>
				exchange.method !== 'GET' &&
				!exchange.path.endsWith('/search') &&
				!exchange.path.endsWith('/batch/read') &&
				exchange.path.startsWith('/crm/'),
		);
}

export interface TaskKind {
	title: (n: number) => string;
	/** the title the task must end up with */
	expected: (n: number) => string;
}

export interface SeededTask {
	id: string;
	title: string;
	expected: string;
}

/**
 * `count` tasks cycling through the kinds and the statuses, straight into the store (no HTTP,
 * not counted as API calls): thousands in a fraction of a second.
 */
export function seedTasks(
	sandbox: Sandbox,
	count: number,
	kinds: TaskKind[],
	statuses: string[],
): SeededTask[] {
	return Array.from({ length: count }, (_, n) => {
		const kind = kinds[n % kinds.length];
		const title = kind.title(n);
		const id = createTask(sandbox, title, statuses[n % statuses.length]);
		return { id, title, expected: kind.expected(n) };
	});
}

export const OPEN_TASK_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'DEFERRED'];

/**
 * Titles for a global update, cycling, with what the sandbox sheet's rules make of each (read
 * sandbox/sheets/priority-rules/Rules.csv): new, raised, lowered, kept and removed prefixes,
 * accents, whole words and a regex rule.
 */
export const GLOBAL_UPDATE_KINDS: TaskKind[] = [
	{ title: (n) => `Enviar contrato ${n}`, expected: (n) => `[P1] Enviar contrato ${n}` },
	{
		title: (n) => `[P3] Ligar para o cliente ${n}`,
		expected: (n) => `[P2] Ligar para o cliente ${n}`,
	},
	{ title: (n) => `[P1] Revisar proposta ${n}`, expected: (n) => `[P2] Revisar proposta ${n}` },
	{
		title: (n) => `[P2] Follow-up on the proposal ${n}`,
		expected: (n) => `[P2] Follow-up on the proposal ${n}`,
	},
	{ title: (n) => `Ligacao de retorno ${n}`, expected: (n) => `[P2] Ligacao de retorno ${n}` },
	{ title: (n) => `[P4] Almoço com a equipe ${n}`, expected: (n) => `Almoço com a equipe ${n}` },
	{ title: (n) => `Reunião interna ${n}`, expected: (n) => `Reunião interna ${n}` },
	{
		title: (n) => `Send the newsletter draft ${n}`,
		expected: (n) => `[P4] Send the newsletter draft ${n}`,
	},
	{ title: (n) => `[VIP] Kickoff call ${n}`, expected: (n) => `[P1] [VIP] Kickoff call ${n}` },
	{ title: (n) => `Demonstration prep ${n}`, expected: (n) => `Demonstration prep ${n}` },
];

const COMPLETED_KIND: TaskKind = {
	title: (n) => `Enviar contrato (feito) ${n}`,
	expected: (n) => `Enviar contrato (feito) ${n}`,
};

/** Open tasks of every kind above, plus completed ones, which keep their titles matching or not. */
export function seedGlobalUpdateTasks(
	sandbox: Sandbox,
	open: number,
	completed: number,
): SeededTask[] {
	return [
		...seedTasks(sandbox, open, GLOBAL_UPDATE_KINDS, OPEN_TASK_STATUSES),
		...seedTasks(sandbox, completed, [COMPLETED_KIND], ['COMPLETED']),
	];
}
