/**
 * Cancelling a running global update (Apply Task Prefix, Re-prioritize Open Tasks) through n8n's
 * engine: the execution ends within a second, and HubSpot receives nothing once it is cancelled,
 * neither the calls in flight (hung ones included) nor those waiting for the rate budget.
 */
import type { INodeParameters } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { ApplyTaskPrefix } from '../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node';
import { NodeTypeRegistry, runNode } from '../../tools/engine';
import { useTaskSandbox } from './applyTaskPrefixSupport';

const nodeTypes = new NodeTypeRegistry([ApplyTaskPrefix], [HubSpotTaskflowApi]);
const taskSandbox = useTaskSandbox();

const GLOBAL_UPDATE: INodeParameters = {
	operation: 'reprioritizeOpenTasks',
	rulesSource: 'inline',
	rulesTable: { rule: [{ keyword: 'contrato', priority: 'P1', matchType: '' }] },
};

it('stops all HubSpot traffic within 1 s of a cancel, hung calls included', async () => {
	for (let n = 0; n < 3_000; n++) taskSandbox.createTask(`Enviar contrato ${n}`);
	const { sandbox } = taskSandbox;
	// Slow answers keep the update running; some calls hang outright.
	// With seed 3 the second request hangs (the draw is seeded), so a hang is in play before the cancel.
	sandbox.setFaults({ rate: 0.05, statuses: ['hang'], hangMs: 60_000, delayMs: 50, seed: 3 });
	const arrivals: number[] = [];
	taskSandbox.onExchange((exchange) => arrivals.push(exchange.at));
	const cancel = new AbortController();

	const running = runNode(
		{ type: ApplyTaskPrefix, parameters: GLOBAL_UPDATE },
		{
			nodeTypes,
			credentials: {
				hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url },
			},
			cancelSignal: cancel.signal,
		},
	);
	// Cancel mid-run, once the update is well under way (not after a fixed time: a busy machine
	// may not have sent a call by then).
	const underWay = Date.now() + 20_000;
	while (arrivals.length < 10 && Date.now() < underWay) {
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	const cancelledAt = Date.now();
	cancel.abort();
	const result = await running;
	const stoppedAfter = Date.now() - cancelledAt;
	// Anything still queued would reach the sandbox in this time.
	await new Promise((resolve) => setTimeout(resolve, 1_000));

	console.log(
		`cancelled global update: stopped ${stoppedAfter} ms after the cancel; ` +
			`${arrivals.filter((at) => at <= cancelledAt).length} HubSpot calls before it, ` +
			`${arrivals.filter((at) => at > cancelledAt).length} after`,
	);
	// n8n itself marks a cancelled execution; the node only has to stop.
	expect(result.status).not.toBe('success');
	expect(stoppedAfter).toBeLessThan(1_000);
	expect(arrivals.filter((at) => at <= cancelledAt).length).toBeGreaterThan(0);
	expect(arrivals.filter((at) => at > cancelledAt + 50)).toEqual([]);
	// Every exchange ended (hung ones by their connection closing) soon after the cancel.
	expect(
		sandbox.requestLog().filter((exchange) => exchange.fault === 'hang').length,
	).toBeGreaterThan(0);
}, 30_000);
