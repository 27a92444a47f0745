/**
 * The poll trigger at volume, through n8n's engine against the sandbox: 10,000 tasks created and
 * changed at random moments while it polls, with a 2-second search-index lag and 10% of searches
 * failing (500, 502, 503, 429). Every record's latest version is emitted, no change twice, and
 * after every poll the next window still reaches every change not yet emitted.
 */
import { useTaskSandbox } from './applyTaskPrefixSupport';
import { POLL_TRIGGER_NAME, startPollTrigger } from './hubSpotTaskflowPollTriggerSupport';

const TASKS = 10_000;
const UPDATES = 3_000;
const WRITE_SECONDS = 20;
const LAG_MS = 2_000;
const OVERLAP_SECONDS = 10;

const tasks = useTaskSandbox();

async function batch(path: string, inputs: unknown[]): Promise<Array<{ id: string }>> {
	const { sandbox } = tasks;
	const response = await fetch(`${sandbox.url}/crm/v3/objects/tasks/batch/${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ inputs }),
	});
	if (!response.ok) throw new Error(`batch ${path}: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { results: Array<{ id: string }> }).results;
}

function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		return state / 2 ** 32;
	};
}

/** Creates and changes tasks in bursts at random moments over `WRITE_SECONDS`. */
async function writeAtRandomMoments(random: () => number): Promise<void> {
	const created: string[] = [];
	const steps = 100;
	const perStepCreates = TASKS / steps;
	const perStepUpdates = UPDATES / steps;
	for (let step = 0; step < steps; step++) {
		await new Promise((resolve) =>
			setTimeout(resolve, random() * ((2 * WRITE_SECONDS * 1000) / steps)),
		);
		const inputs = Array.from({ length: perStepCreates }, (_, index) => ({
			properties: { hs_task_subject: `Task ${step}-${index}`, hs_timestamp: '0' },
			associations: [],
		}));
		created.push(...(await batch('create', inputs)).map((result) => result.id));
		const picked = new Set(
			Array.from({ length: perStepUpdates }, () => created[Math.floor(random() * created.length)]),
		);
		await batch(
			'update',
			[...picked].map((id) => ({ id, properties: { hs_task_subject: `Changed at step ${step}` } })),
		);
	}
}

describe('HubSpot Taskflow Poll Trigger at volume', () => {
	it(`${TASKS} tasks created and ${UPDATES} changes during polling, ${LAG_MS / 1000} s index lag, 10% faults: every change at least once, none twice, the window never past an unread change`, async () => {
		const { sandbox } = tasks;
		sandbox.setSearchIndexLag(LAG_MS);
		const trigger = startPollTrigger(sandbox, {
			parameters: { options: { overlapSeconds: OVERLAP_SECONDS, maxChangesPerPoll: 2_000 } },
		});
		await trigger.poll({ atActivation: true });
		sandbox.setFaults({ rate: 0.1, statuses: [500, 502, 503, 429], paths: '/search$', seed: 7 });

		const emitted = new Map<string, number>();
		let repeats = 0;
		let polls = 0;
		let failedPolls = 0;
		let searchesBefore = 0;
		let windowViolations = 0;
		const searches = () =>
			sandbox.requestLog().filter((exchange) => exchange.path.endsWith('/search')).length;
		const pollOnce = async (): Promise<number> => {
			const outcome = await trigger.poll();
			polls++;
			if (outcome.error) failedPolls++;
			const items = outcome.items?.[0] ?? [];
			for (const item of items) {
				const key = `${String(item.json.id)}@${String(item.json.changedAt)}`;
				if (emitted.has(key)) repeats++;
				emitted.set(key, 1);
			}
			// The next window must still reach every change not yet emitted.
			const state = trigger.staticData()[`node:${POLL_TRIGGER_NAME}`] as {
				cursor?: { watermarkMs: number };
			};
			const nextFromMs = (state?.cursor?.watermarkMs ?? 0) - OVERLAP_SECONDS * 1000;
			for (const task of sandbox.store.all('tasks')) {
				const changedAt = task.properties.hs_lastmodifieddate as string;
				if (!emitted.has(`${task.id}@${changedAt}`) && Date.parse(changedAt) < nextFromMs)
					windowViolations++;
			}
			return outcome.error ? -1 : items.length;
		};

		searchesBefore = searches();
		let writing = true;
		const writer = writeAtRandomMoments(seeded(11)).finally(() => (writing = false));
		while (writing) {
			await pollOnce();
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await writer;
		// The index catches up within the lag; polls go on, as the schedule would, until one that
		// succeeded after the lag finds nothing new (on a loaded machine the backlog can take
		// several polls). A cap keeps a trigger that never catches up from looping forever.
		const settleFrom = Date.now() + LAG_MS + 1_000;
		for (let drainPolls = 0; drainPolls < 60; drainPolls++) {
			const startedAt = Date.now();
			const emittedNow = await pollOnce();
			if (emittedNow === 0 && startedAt > settleFrom) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		sandbox.setFaults(undefined);
		await pollOnce();

		const finalVersions = sandbox.store
			.all('tasks')
			.map((task) => `${task.id}@${String(task.properties.hs_lastmodifieddate)}`);
		const missing = finalVersions.filter((key) => !emitted.has(key));
		const searchCount = searches() - searchesBefore;
		console.log(
			`[pollTrigger] ${finalVersions.length} tasks, ${emitted.size} changes emitted over ${polls} polls (${failedPolls} failed and retried by the next poll); ` +
				`searches: ${searchCount} (${(searchCount / polls).toFixed(2)} per poll, ${((searchCount / emitted.size) * 1000).toFixed(1)} per 1,000 changes); ` +
				`missing ${missing.length}, emitted twice ${repeats}, window past an unread change ${windowViolations}`,
		);
		expect(finalVersions).toHaveLength(TASKS);
		expect(missing).toEqual([]);
		expect(repeats).toBe(0);
		expect(windowViolations).toBe(0);
	}, 180_000);
});
