/**
 * HubSpot having a bad day, as the end-to-end suites stage it on the sandbox: random faults at a
 * rate with full outages at intervals, and what a run wrote through it.
 */
import type { Exchange, FaultStatus, Sandbox } from '../../sandbox/server';

export interface OutagePlan {
	rate: number;
	statuses: FaultStatus[];
	seed: number;
	/** Every `everyMs`, all of HubSpot answers 503 for `outageMs`. */
	outageMs: number;
	everyMs: number;
	/** Regex on the path; HubSpot's CRM API by default. */
	paths?: string;
}

/** Starts the faults and outages; the returned stop ends them and says how many outages there were. */
export function injectFaultsWithOutages(sandbox: Sandbox, plan: OutagePlan): () => number {
	const paths = plan.paths ?? '^/crm/';
	const random = { rate: plan.rate, statuses: [...plan.statuses], paths, seed: plan.seed };
	let outages = 0;
	sandbox.setFaults(random);
	let outage: NodeJS.Timeout | undefined;
	const every = setInterval(() => {
		outages++;
		sandbox.setFaults({ rate: 1, statuses: [503], paths, seed: plan.seed });
		outage = setTimeout(() => sandbox.setFaults(random), plan.outageMs);
	}, plan.everyMs);
	return () => {
		clearInterval(every);
		clearTimeout(outage);
		sandbox.setFaults(undefined);
		return outages;
	};
}

/** Task ids a HubSpot write applied (2xx), once per write: batch update inputs and PATCHes. */
export function appliedTaskWrites(log: Exchange[]): string[] {
	return log
		.filter((exchange) => exchange.status >= 200 && exchange.status < 300)
		.flatMap((exchange) => {
			if (exchange.method === 'POST' && exchange.path === '/crm/v3/objects/tasks/batch/update') {
				const inputs = (exchange.requestBody as { inputs?: Array<{ id: string }> }).inputs;
				return (inputs ?? []).map((input) => String(input.id));
			}
			const patched = /^\/crm\/v3\/objects\/tasks\/(\d+)$/.exec(exchange.path);
			return exchange.method === 'PATCH' && patched ? [patched[1]] : [];
		});
}
