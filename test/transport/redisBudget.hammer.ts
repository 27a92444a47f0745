/**
 * One "n8n process" for redisBudget.test.ts: a transport that sends a burst of HubSpot requests
 * (record reads with a search now and then) as fast as its rate budget lets it, then prints its
 * counters as one JSON line. Run with tsx; settings come from the environment.
 */
import { closeSharedRateBudgets, HubSpotTransport } from '../../nodes/shared/transport';
import { transportNode } from './transportSupport';

export interface HammerReport {
	sent: number;
	succeeded: number;
	failures: string[];
	calls: number;
	retries: number;
	rateLimited: number;
	searchCalls: number;
	startedAt: number;
	finishedAt: number;
}

function setting(name: string): string {
	const value = process.env[name];
	if (value === undefined) throw new Error(`${name} is not set`);
	return value;
}

async function main(): Promise<void> {
	const taskIds = setting('HAMMER_TASK_IDS').split(',');
	const requests = Number(setting('HAMMER_REQUESTS'));
	const searchEvery = Number(process.env.HAMMER_SEARCH_EVERY ?? '0');
	const redisUrl = process.env.HAMMER_REDIS_URL || undefined;
	const transport = new HubSpotTransport({
		node: transportNode(),
		accessToken: setting('HAMMER_TOKEN'),
		baseUrl: setting('HAMMER_BASE_URL'),
		rateLimit: {
			requestsPer10s: Number(setting('HAMMER_REQUESTS_PER_10S')),
			redisUrl,
			redisKeyPrefix: process.env.HAMMER_REDIS_KEY_PREFIX,
		},
		retry: { baseDelayMs: 50, maxDelayMs: 500 },
	});
	const report: HammerReport = {
		sent: requests,
		succeeded: 0,
		failures: [],
		calls: 0,
		retries: 0,
		rateLimited: 0,
		searchCalls: 0,
		startedAt: Date.now(),
		finishedAt: 0,
	};
	await Promise.all(
		Array.from({ length: requests }, async (_, n) => {
			try {
				if (searchEvery > 0 && n % searchEvery === searchEvery - 1) {
					const pages = transport.searchPages(
						'tasks',
						{ properties: ['hs_task_subject'] },
						{ pageSize: 5 },
					);
					await pages.next();
					await pages.return(undefined);
				} else {
					await transport.getRecord('tasks', taskIds[n % taskIds.length]);
				}
				report.succeeded++;
			} catch (error) {
				report.failures.push((error as Error).message);
			}
		}),
	);
	report.finishedAt = Date.now();
	Object.assign(report, transport.callStats());
	await closeSharedRateBudgets();
	process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
