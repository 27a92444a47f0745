/**
 * The search index lag: search answers with each record as it was before a write until the write is
 * `lagMs` old, as HubSpot's search index trails its writes; reads by id (single and batch) never lag.
 */
import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/models/Filter';
import type { Filter } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/models/Filter';

import { startContractSandbox } from '../../sandbox/contract/contractSandbox';
import { call } from './testHttp';
import { clientFailure, useContractSandbox } from './testSandbox';

const LAG = 400;
const sandbox = useContractSandbox({ rateLimits: { enabled: false } }, { resetBeforeEach: {} });
let client: Client;

beforeAll(() => {
	client = new Client({ accessToken: sandbox.token, basePath: sandbox.url });
});
afterEach(() => sandbox.setSearchIndexLag(0));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `ms` have passed since `since` (a Date.now() reading). */
async function until(since: number, ms: number): Promise<void> {
	const rest = since + ms - Date.now();
	if (rest > 0) await sleep(rest + 5);
}

function taskInput(subject: string, extra: Record<string, string> = {}) {
	return {
		properties: { hs_task_subject: subject, hs_timestamp: new Date().toISOString(), ...extra },
		associations: [],
	};
}

function eq(propertyName: string, value: string): Filter {
	return { propertyName, operator: FilterOperatorEnum.Eq, value };
}

async function search(filters: Filter[]) {
	return client.crm.objects.tasks.searchApi.doSearch({
		filterGroups: filters.length > 0 ? [{ filters }] : [],
		sorts: ['hs_object_id'],
		properties: ['hs_task_subject', 'hs_task_status'],
		limit: 100,
		after: '0',
	});
}

/**
 * A search answered less than LAG after `since`, so every write made after `since` must still be
 * pending; a machine stalled past that would make the check meaningless, so it fails instead.
 */
async function searchWithinLag(since: number, filters: Filter[]) {
	const page = await search(filters);
	expect(Date.now() - since).toBeLessThan(LAG);
	return page;
}

const ids = (page: { results: Array<{ id: string }> }) => page.results.map((r) => r.id);
const subjects = (page: { results: Array<{ properties: Record<string, string | null> }> }) =>
	page.results.map((r) => r.properties.hs_task_subject);

describe('search index lag', () => {
	it('hides a created record from search until the lag has passed; GET reads it at once', async () => {
		sandbox.setSearchIndexLag(LAG);
		const before = Date.now();
		const created = await client.crm.objects.tasks.basicApi.create(taskInput('Ligar de volta'));
		const written = Date.now();
		const byId = [eq('hs_object_id', created.id)];
		expect(ids(await searchWithinLag(before, byId))).toEqual([]);
		expect(ids(await searchWithinLag(before, []))).toEqual([]);
		const read = await client.crm.objects.tasks.basicApi.getById(created.id, ['hs_task_subject']);
		expect(read.properties.hs_task_subject).toBe('Ligar de volta');
		await until(written, LAG);
		expect(ids(await search(byId))).toEqual([created.id]);
	});

	it('answers an updated record with its old values until the lag has passed', async () => {
		const created = await client.crm.objects.tasks.basicApi.create(
			taskInput('Enviar proposta', { hs_task_status: 'NOT_STARTED' }),
		);
		sandbox.setSearchIndexLag(LAG);
		const before = Date.now();
		const updated = await client.crm.objects.tasks.basicApi.update(created.id, {
			properties: { hs_task_subject: 'Proposta enviada', hs_task_status: 'COMPLETED' },
		});
		const written = Date.now();
		const completed = [eq('hs_task_status', 'COMPLETED')];
		const notStarted = [eq('hs_task_status', 'NOT_STARTED')];

		expect(ids(await searchWithinLag(before, completed))).toEqual([]);
		const stale = await searchWithinLag(before, notStarted);
		expect(ids(stale)).toEqual([created.id]);
		expect(stale.results[0].properties).toMatchObject({
			hs_task_subject: 'Enviar proposta',
			hs_lastmodifieddate: created.properties.hs_lastmodifieddate,
		});
		expect(stale.results[0].updatedAt).toEqual(created.updatedAt);
		// Reads by id see the write at once, single and batch.
		const read = await client.crm.objects.tasks.basicApi.getById(created.id, ['hs_task_subject']);
		expect(read.properties.hs_task_subject).toBe('Proposta enviada');
		const batch = await client.crm.objects.tasks.batchApi.read({
			inputs: [{ id: created.id }],
			properties: ['hs_task_status'],
			propertiesWithHistory: [],
		});
		expect(batch.results[0].properties.hs_task_status).toBe('COMPLETED');

		await until(written, LAG);
		const fresh = await search(completed);
		expect(ids(fresh)).toEqual([created.id]);
		expect(fresh.results[0].properties).toMatchObject({
			hs_task_subject: 'Proposta enviada',
			hs_lastmodifieddate: updated.properties.hs_lastmodifieddate,
		});
		expect(ids(await search(notStarted))).toEqual([]);
	});

	it('shows two writes to one record in turn, each once it is as old as the lag', async () => {
		const created = await client.crm.objects.tasks.basicApi.create(taskInput('v0'));
		sandbox.setSearchIndexLag(LAG);
		const first = Date.now();
		await client.crm.objects.tasks.basicApi.update(created.id, {
			properties: { hs_task_subject: 'v1' },
		});
		const firstWritten = Date.now();
		await sleep(LAG / 2);
		const second = Date.now();
		await client.crm.objects.tasks.basicApi.update(created.id, {
			properties: { hs_task_subject: 'v2' },
		});
		const secondWritten = Date.now();
		expect(subjects(await searchWithinLag(first, []))).toEqual(['v0']);
		await until(firstWritten, LAG);
		expect(subjects(await searchWithinLag(second, []))).toEqual(['v1']);
		await until(secondWritten, LAG);
		expect(subjects(await search([]))).toEqual(['v2']);
	});

	it('keeps an archived record in search until the lag has passed; GET answers 404 at once', async () => {
		const created = await client.crm.objects.tasks.basicApi.create(taskInput('Arquivar'));
		sandbox.setSearchIndexLag(LAG);
		const before = Date.now();
		await client.crm.objects.tasks.basicApi.archive(created.id);
		const written = Date.now();
		expect(ids(await searchWithinLag(before, []))).toEqual([created.id]);
		const missing = await clientFailure(client.crm.objects.tasks.basicApi.getById(created.id));
		expect(missing.code).toBe(404);
		await until(written, LAG);
		expect(ids(await search([]))).toEqual([]);
	});

	it('lags batch creates and updates too, while batch read sees them at once', async () => {
		sandbox.setSearchIndexLag(LAG);
		const before = Date.now();
		const created = await client.crm.objects.tasks.batchApi.create({
			inputs: [taskInput('Lote A'), taskInput('Lote B')],
		});
		const createdAnswered = Date.now();
		const createdIds = created.results.map((r) => r.id).sort();
		expect(ids(await searchWithinLag(before, []))).toEqual([]);
		const read = await client.crm.objects.tasks.batchApi.read({
			inputs: createdIds.map((id) => ({ id })),
			properties: ['hs_task_subject'],
			propertiesWithHistory: [],
		});
		expect(read.results.map((r) => r.id).sort()).toEqual(createdIds);
		await until(createdAnswered, LAG);

		const updateStart = Date.now();
		await client.crm.objects.tasks.batchApi.update({
			inputs: createdIds.map((id) => ({ id, properties: { hs_task_priority: 'HIGH' } })),
		});
		const updated = Date.now();
		const high = [eq('hs_task_priority', 'HIGH')];
		expect(ids(await searchWithinLag(updateStart, []))).toEqual(createdIds);
		expect(ids(await searchWithinLag(updateStart, high))).toEqual([]);
		await until(updated, LAG);
		expect(ids(await search(high))).toEqual(createdIds);
	});

	it('changes at runtime through the admin route, keeps it over reset, and 0 indexes pending writes at once', async () => {
		const set = await call(sandbox, 'PUT', '/__sandbox/search-index-lag', { lagMs: LAG }, null);
		expect(set).toMatchObject({ status: 200, body: { lagMs: LAG } });
		sandbox.reset({ objects: { tasks: [{ properties: { hs_task_subject: 'Semeada' } }] } });
		// The seed is the account before anyone searched: searchable at once.
		expect(subjects(await search([]))).toEqual(['Semeada']);

		const before = Date.now();
		await client.crm.objects.tasks.basicApi.create(taskInput('Nova'));
		expect(subjects(await searchWithinLag(before, []))).toEqual(['Semeada']);
		const off = await call(sandbox, 'PUT', '/__sandbox/search-index-lag', { lagMs: 0 }, null);
		expect(off).toMatchObject({ status: 200, body: { lagMs: 0 } });
		expect(subjects(await search([]))).toEqual(['Semeada', 'Nova']);

		for (const body of [{ lagMs: -1 }, { lagMs: '300' }, {}, null]) {
			const rejected = await call(sandbox, 'PUT', '/__sandbox/search-index-lag', body, null);
			expect(rejected.status).toBe(400);
		}
	});

	it('starts with searchIndexLagMs from the options', async () => {
		const lagged = await startContractSandbox({
			rateLimits: { enabled: false },
			searchIndexLagMs: LAG,
		});
		try {
			const other = new Client({ accessToken: lagged.token, basePath: lagged.url });
			const before = Date.now();
			const created = await other.crm.objects.tasks.basicApi.create(taskInput('Outra conta'));
			const written = Date.now();
			const page = () =>
				other.crm.objects.tasks.searchApi.doSearch({
					filterGroups: [],
					sorts: [],
					properties: [],
					limit: 10,
					after: '0',
				});
			expect(ids(await page())).toEqual([]);
			expect(Date.now() - before).toBeLessThan(LAG);
			await until(written, LAG);
			expect(ids(await page())).toEqual([created.id]);
			lagged.contract.assertClean();
		} finally {
			await lagged.close();
		}
	});
});
