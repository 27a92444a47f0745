/**
 * Find Owner while the phone rings, end to end in real n8n 2.40.7 (one main, SQLite, n8n's default
 * settings): workflows/ringostat-smart-forwarding.json imported unchanged and published, and 1,000
 * callers rung as Ringostat's webhook forwarding does (a form POST with the secret), each in
 * another format than HubSpot stores it. First cold (never seen: one search each, at 4 rings a
 * second, under HubSpot's 5 searches a second), then warm (the same callers at the same pace,
 * within the cache's 5 minutes: no HubSpot call). Every answer is checked against the owner's destination. The
 * sandbox runs in its own process and answers in about a millisecond, so the figures are n8n's
 * and the pack's, HubSpot's own latency excluded.
 */
import { DEMO_OWNERS } from '../../sandbox/seed';
import type { Sandbox, SeedData } from '../../sandbox/server';
import { N8nInstance } from '../../tools/n8n/n8n-instance';
import { CALL_TRACKING_SECRET } from '../../tools/n8n/sandbox-tasks';
import { templateCredentialImports } from '../../tools/n8n/template-setup';
import {
	loadTemplates,
	nodeNamed,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	templateNamed,
} from '../../tools/n8n/templates';
import type { SandboxProcess } from './sandboxProcess';

const DEFAULT_CALLERS = 1_000;
/** Both passes ring at this pace: under HubSpot's 5 searches a second, and a busy line's rate. */
const RINGS_PER_SECOND = 4;
const CLIENT_SECRET = 'bench-find-owner-client-secret';

export interface FindOwnerBench {
	callers: number;
	cold: LookupFigures;
	warm: LookupFigures;
	setupSeconds: number;
}

export interface LookupFigures {
	p50: number;
	p99: number;
	max: number;
	searchesPerLookup: number;
	hubSpotCallsPerLookup: number;
	wrongAnswers: number;
}

/** Caller n's national mobile digits (Romania, 07xx); stored in one format, rung in another. */
function digits(n: number): string {
	return `7${String(20_000_000 + n).padStart(8, '0')}`;
}
const STORED = [
	(d: string) => `+40 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
	(d: string) => `0${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
	(d: string) => `40${d}`,
];
const RUNG = [
	(d: string) => `0${d}`,
	(d: string) => `+40${d}`,
	(d: string) => `(0${d.slice(0, 3)}) ${d.slice(3)}`,
];

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface FindOwnerOptions {
	/** environment for n8n, e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true */
	n8nEnv?: Record<string, string>;
	callers?: number;
}

export async function runFindOwnerBench(
	sandbox: SandboxProcess,
	options: FindOwnerOptions = {},
): Promise<FindOwnerBench> {
	const CALLERS = options.callers ?? DEFAULT_CALLERS;
	const template = templateNamed(loadTemplates(), TEMPLATE_FILES.ringostatForwarding);
	const find = nodeNamed(template, TEMPLATE_NODES.findOwner);
	const table = (find.parameters.employees as { employee: Array<Record<string, string>> }).employee;
	const owners = table.map((row) => ({
		id: row.ownerId,
		destination: row.destinations.split(',')[0].trim(),
	}));
	const seed: SeedData = {
		owners: DEMO_OWNERS,
		objects: {
			contacts: Array.from({ length: CALLERS }, (_, n) => ({
				properties: {
					firstname: `Caller ${n}`,
					[n % 2 === 0 ? 'phone' : 'mobilephone']: STORED[n % 3](digits(n)),
					hubspot_owner_id: owners[n % owners.length].id,
				},
			})),
		},
	};
	await sandbox.reset(seed);

	const started = Date.now();
	const n8n = await N8nInstance.create({
		label: 'findOwnerBench',
		logLevel: 'info',
		extraEnv: options.n8nEnv,
	});
	try {
		await n8n.installThisPackage();
		await n8n.importCredentials(
			templateCredentialImports([template], sandbox as unknown as Sandbox, CLIENT_SECRET),
		);
		await n8n.importWorkflows([template.workflow]);
		await n8n.cli(['publish:workflow', `--id=${template.workflow.id}`]);
		await n8n.start();
		const trigger = nodeNamed(template, TEMPLATE_NODES.ringingCall);
		const url = `${n8n.webhookUrl(`${trigger.webhookId}/${String(trigger.parameters.path)}`)}?secret=${CALL_TRACKING_SECRET}`;
		const ring = async (caller: string) => {
			const began = performance.now();
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ call_id: `bench-${caller}`, caller }).toString(),
			});
			const answer = await response.text();
			return { ms: performance.now() - began, status: response.status, answer };
		};
		// registered once it answers; an unknown number warms n8n's execution path up
		for (let tries = 0; ; tries++) {
			const { status } = await ring('+40 31 999 0000').catch(() => ({ status: 0 }));
			if (status === 200) break;
			if (tries > 600) throw new Error('the forwarding webhook did not answer within 60 s');
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		for (let n = 1; n <= 20; n++) await ring(`+40 31 999 ${String(n).padStart(4, '0')}`);
		const setupSeconds = (Date.now() - started) / 1000;

		const pass = async (): Promise<LookupFigures> => {
			const since = (await sandbox.log()).at(-1)?.id ?? 0;
			const times: number[] = [];
			let wrongAnswers = 0;
			for (let n = 0; n < CALLERS; n++) {
				const began = Date.now();
				const { ms, status, answer } = await ring(RUNG[n % 3](digits(n)));
				times.push(ms);
				if (status !== 200 || answer !== owners[n % owners.length].destination) wrongAnswers++;
				const pause = 1000 / RINGS_PER_SECOND - (Date.now() - began);
				if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
			}
			const calls = await sandbox.log(since);
			times.sort((a, b) => a - b);
			return {
				p50: percentile(times, 50),
				p99: percentile(times, 99),
				max: times[times.length - 1],
				searchesPerLookup: calls.filter((e) => e.path.endsWith('/search')).length / CALLERS,
				hubSpotCallsPerLookup: calls.filter((e) => e.path.startsWith('/crm/')).length / CALLERS,
				wrongAnswers,
			};
		};
		const cold = await pass();
		const warm = await pass();
		return { callers: CALLERS, cold, warm, setupSeconds };
	} finally {
		await n8n.dispose();
	}
}
