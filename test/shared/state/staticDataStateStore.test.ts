/**
 * The static-data state store inside n8n's own Workflow: what it writes is what n8n saves (n8n
 * saves static data only when it marks it changed) and a workflow loaded from that save goes on
 * where it left off; the claims keep at most Max Remembered Events.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { StaticDataStateStore, stateStoreFor } from '../../../nodes/shared/state';
import { triggerNodeTypes } from '../../nodes/hubSpotTaskflowTriggerSupport';

const NODE: INode = {
	id: 'trigger-1',
	name: 'HubSpot Taskflow Trigger',
	type: 'hubSpotTaskflowTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function workflowWith(staticData?: IDataObject): Workflow {
	return new Workflow({
		id: 'workflow-1',
		nodes: [structuredClone(NODE)],
		connections: {},
		active: false,
		nodeTypes: triggerNodeTypes,
		staticData,
	});
}

/** The workflow's static data as n8n writes it to the database. */
function saved(workflow: Workflow): IDataObject {
	return JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
}

function storeOf(workflow: Workflow, maxClaims = 5000): StaticDataStateStore {
	return new StaticDataStateStore(workflow.getStaticData('node', NODE), { maxClaims });
}

describe('the static-data state store in an n8n workflow', () => {
	it('persists increments, cache entries and claims where n8n saves them', async () => {
		const workflow = workflowWith();
		const store = storeOf(workflow);

		await store.increment('rotation');
		await store.increment('rotation');
		await store.cache.set('route', { ownerId: '7' }, 60_000);
		await store.claim(['event-1'], 60_000);

		expect(workflow.staticData.__dataChanged).toBe(true);
		expect(saved(workflow)).toEqual({
			'node:HubSpot Taskflow Trigger': {
				counters: { rotation: { value: 2 } },
				cache: { route: { value: { ownerId: '7' }, expiresAtMs: expect.any(Number) } },
				seenEvents: { version: 1, entries: [['event-1', expect.any(Number)]] },
			},
		});

		// n8n loads the saved data for the next call: the counter goes on, nested entries too.
		const reloaded = workflowWith(saved(workflow));
		const again = storeOf(reloaded);
		expect(reloaded.staticData.__dataChanged).toBe(false);
		expect(await again.increment('rotation')).toBe(3);
		expect(reloaded.staticData.__dataChanged).toBe(true);
		expect(await again.cache.get('route')).toEqual({ ownerId: '7' });
		expect(await again.claim(['event-1'], 60_000)).toEqual([false]);
	});

	it('marks the data changed when only an entry loaded with it changes', async () => {
		const reloaded = workflowWith({
			'node:HubSpot Taskflow Trigger': { cache: { route: { value: 'owner-7' } } },
		});

		await storeOf(reloaded).cache.invalidate('route');

		expect(reloaded.staticData.__dataChanged).toBe(true);
		expect(saved(reloaded)).toEqual({ 'node:HubSpot Taskflow Trigger': { cache: {} } });
	});

	it('keeps at most the given number of claims, dropping the oldest', async () => {
		let nowMs = 1_790_000_000_000;
		const staticData: IDataObject = {};
		const store = new StaticDataStateStore(staticData, { maxClaims: 2, now: () => nowMs });

		for (const key of ['event-1', 'event-2', 'event-3']) {
			await store.claim([key], 60_000);
			nowMs += 1_000;
		}

		expect(staticData.seenEvents).toEqual({
			version: 1,
			entries: [
				['event-2', 1_790_000_001_000],
				['event-3', 1_790_000_002_000],
			],
		});
		expect(await store.claim(['event-1', 'event-3'], 60_000)).toEqual([true, false]);
	});

	it('is the store chosen without a Redis URL, or when asked for static data only', () => {
		const workflow = workflowWith();
		const context = {
			getNode: () => NODE,
			getWorkflow: () => ({ id: 'workflow-1', name: 'test', active: false }),
			getWorkflowStaticData: (type: string) => workflow.getStaticData(type, NODE),
		};
		const savedUrl = process.env.HUBSPOT_TASKFLOW_REDIS_URL;
		delete process.env.HUBSPOT_TASKFLOW_REDIS_URL;
		try {
			expect(stateStoreFor(context).backend).toBe('staticData');
			expect(stateStoreFor(context, { credentialRedisUrl: 'redis://127.0.0.1:6379' }).backend).toBe(
				'redis',
			);
			process.env.HUBSPOT_TASKFLOW_REDIS_URL = 'redis://127.0.0.1:6379';
			expect(stateStoreFor(context).backend).toBe('redis');
			expect(stateStoreFor(context, { staticDataOnly: true }).backend).toBe('staticData');
		} finally {
			if (savedUrl === undefined) delete process.env.HUBSPOT_TASKFLOW_REDIS_URL;
			else process.env.HUBSPOT_TASKFLOW_REDIS_URL = savedUrl;
		}
	});
});
