/**
 * The poll trigger's cost, through n8n's engine against the sandbox process: searches per poll
 * when nothing changed, and per 1,000 changes when 5,000 tasks arrive at once (past the overlap's
 * repeats). Each poll is one tick of an active workflow's schedule (tools/engine's poll harness).
 */
import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { NodeTypeRegistry, startPollHarness } from '../../tools/engine';
import type { SandboxProcess } from './sandboxProcess';

type PollTriggerModule =
	typeof import('../../nodes/HubSpotTaskflowPollTrigger/HubSpotTaskflowPollTrigger.node');
// By its full name: outside jest, Node's resolver would pick the codex .node.json for the bare
// '.node' specifier before the TypeScript source.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { HubSpotTaskflowPollTrigger } =
	require('../../nodes/HubSpotTaskflowPollTrigger/HubSpotTaskflowPollTrigger.node.ts') as PollTriggerModule;

const IDLE_POLLS = 20;
const NEW_TASKS = 5_000;

export interface PollBench {
	searchesPerIdlePoll: number;
	searchesPer1000Changes: number;
	changesEmitted: number;
	pollsToDrain: number;
}

async function createTasks(sandbox: SandboxProcess, count: number): Promise<void> {
	for (let start = 0; start < count; start += 100) {
		const inputs = Array.from({ length: Math.min(100, count - start) }, (_, index) => ({
			properties: { hs_task_subject: `Bench task ${start + index}`, hs_timestamp: '0' },
			associations: [],
		}));
		const response = await fetch(`${sandbox.url}/crm/v3/objects/tasks/batch/create`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ inputs }),
		});
		if (!response.ok) throw new Error(`batch create: ${response.status}`);
	}
}

async function searchCount(sandbox: SandboxProcess): Promise<number> {
	return (await sandbox.log()).filter((exchange) => exchange.path.endsWith('/search')).length;
}

export async function runPollBench(sandbox: SandboxProcess): Promise<PollBench> {
	await sandbox.reset({});
	const trigger = startPollHarness({
		nodeTypes: new NodeTypeRegistry([HubSpotTaskflowPollTrigger], [HubSpotTaskflowApi]),
		credentials: { hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url } },
		node: {
			type: HubSpotTaskflowPollTrigger,
			parameters: { options: { maxChangesPerPoll: 10_000 } },
		},
	});
	try {
		await trigger.poll({ atActivation: true });
		const idleStart = await searchCount(sandbox);
		for (let poll = 0; poll < IDLE_POLLS; poll++) {
			const outcome = await trigger.poll();
			if (outcome.error) throw outcome.error;
		}
		const searchesPerIdlePoll = ((await searchCount(sandbox)) - idleStart) / IDLE_POLLS;

		await createTasks(sandbox, NEW_TASKS);
		const busyStart = await searchCount(sandbox);
		let changesEmitted = 0;
		let pollsToDrain = 0;
		for (;;) {
			const outcome = await trigger.poll();
			if (outcome.error) throw outcome.error;
			pollsToDrain++;
			const items = outcome.items?.[0].length ?? 0;
			changesEmitted += items;
			if (items === 0) break;
		}
		const searches = (await searchCount(sandbox)) - busyStart;
		return {
			searchesPerIdlePoll,
			searchesPer1000Changes: (searches / changesEmitted) * 1000,
			changesEmitted,
			pollsToDrain,
		};
	} finally {
		await trigger.close();
	}
}
