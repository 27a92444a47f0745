/**
 * What a poller of changed records relies on: hs_lastmodifieddate (and lastmodifieddate on
 * contacts) and updatedAt move on every write, to the millisecond, and search filters and sorts on
 * these datetimes given as epoch milliseconds or ISO 8601.
 */
import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/models/Filter';
import type { Filter } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/models/Filter';

import { expectViolations, useContractSandbox } from './testSandbox';

const sandbox = useContractSandbox({ rateLimits: { enabled: false } }, { resetBeforeEach: {} });
let client: Client;

beforeAll(() => {
	client = new Client({ accessToken: sandbox.token, basePath: sandbox.url });
});

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE = Date.UTC(2025, 4, 1, 12, 0, 0, 0);
/** Three modification times: two one millisecond apart, one a minute later. */
const TIMES = [BASE, BASE + 1, BASE + 60_000];

function taskInput(subject: string) {
	return {
		properties: { hs_task_subject: subject, hs_timestamp: new Date().toISOString() },
		associations: [],
	};
}

async function searchTasks(filters: Filter[], sorts: unknown[] = ['hs_object_id']) {
	return client.crm.objects.tasks.searchApi.doSearch({
		filterGroups: filters.length > 0 ? [{ filters }] : [],
		// The spec types sorts as strings; HubSpot's guides write them as objects: both are sent.
		sorts: sorts as string[],
		properties: ['hs_task_subject'],
		limit: 100,
		after: '0',
	});
}

const subjects = (page: { results: Array<{ properties: Record<string, string | null> }> }) =>
	page.results.map((r) => r.properties.hs_task_subject);

describe('modification dates on writes', () => {
	it('moves hs_lastmodifieddate with updatedAt on every task write, in milliseconds', async () => {
		const created = await client.crm.objects.tasks.basicApi.create(taskInput('Rever contrato'));
		const stamps = [created.properties.hs_lastmodifieddate as string];
		expect(stamps[0]).toMatch(ISO_MS);
		expect(created.properties.hs_createdate).toBe(stamps[0]);
		expect(created.updatedAt.toISOString()).toBe(stamps[0]);
		for (const priority of ['LOW', 'MEDIUM', 'HIGH']) {
			const updated = await client.crm.objects.tasks.basicApi.update(created.id, {
				properties: { hs_task_priority: priority },
			});
			stamps.push(updated.properties.hs_lastmodifieddate as string);
			expect(updated.updatedAt.toISOString()).toBe(updated.properties.hs_lastmodifieddate);
			expect(updated.properties.hs_createdate).toBe(created.properties.hs_createdate);
		}
		const batch = await client.crm.objects.tasks.batchApi.update({
			inputs: [{ id: created.id, properties: { hs_task_status: 'COMPLETED' } }],
		});
		stamps.push(batch.results[0].properties.hs_lastmodifieddate as string);
		const millis = stamps.map((stamp) => {
			expect(stamp).toMatch(ISO_MS);
			return Date.parse(stamp);
		});
		for (let i = 1; i < millis.length; i++) expect(millis[i]).toBeGreaterThan(millis[i - 1]);
		const read = await client.crm.objects.tasks.basicApi.getById(created.id);
		expect(read.properties.hs_lastmodifieddate).toBe(stamps[stamps.length - 1]);
	});

	it('moves lastmodifieddate, hs_lastmodifieddate and updatedAt together on a contact', async () => {
		const created = await client.crm.contacts.basicApi.create({
			properties: { email: 'ana@example.com', firstname: 'Ana' },
			associations: [],
		});
		await new Promise((resolve) => setTimeout(resolve, 2));
		const updated = await client.crm.contacts.basicApi.update(created.id, {
			properties: { firstname: 'Ana Maria' },
		});
		for (const contact of [created, updated]) {
			expect(contact.properties.lastmodifieddate).toMatch(ISO_MS);
			expect(contact.properties.hs_lastmodifieddate).toBe(contact.properties.lastmodifieddate);
			expect(contact.updatedAt.toISOString()).toBe(contact.properties.lastmodifieddate);
		}
		expect(Date.parse(updated.properties.lastmodifieddate as string)).toBeGreaterThan(
			Date.parse(created.properties.lastmodifieddate as string),
		);
		expect(updated.properties.createdate).toBe(created.properties.createdate);
	});
});

describe('filters and sorts on modification dates', () => {
	beforeEach(() => {
		// Back-dated, so each record's times are known to the millisecond.
		TIMES.forEach((at, i) => {
			sandbox.store.create('tasks', {
				hs_task_subject: `t${i}`,
				hs_timestamp: String(BASE),
				hs_createdate: String(BASE - 1000 + i),
				hs_lastmodifieddate: String(at),
			});
			sandbox.store.create('contacts', {
				email: `c${i}@example.com`,
				firstname: `c${i}`,
				createdate: String(BASE - 1000 + i),
				lastmodifieddate: String(at),
			});
		});
	});

	const formats: Array<[string, (ms: number) => string]> = [
		['epoch milliseconds', (ms) => String(ms)],
		['ISO 8601', (ms) => new Date(ms).toISOString()],
		[
			'ISO 8601 with an offset',
			(ms) => new Date(ms + 3_600_000).toISOString().replace('Z', '+01:00'),
		],
	];

	it.each(formats)(
		'GT / GTE / LT / LTE / EQ / BETWEEN on hs_lastmodifieddate as %s',
		async (_, at) => {
			const where = (operator: FilterOperatorEnum, ms: number, high?: number) =>
				searchTasks([
					{
						propertyName: 'hs_lastmodifieddate',
						operator,
						value: at(ms),
						...(high === undefined ? {} : { highValue: at(high) }),
					},
				]).then(subjects);
			const [t0, t1, t2] = TIMES;
			expect(await where(FilterOperatorEnum.Gt, t0)).toEqual(['t1', 't2']);
			expect(await where(FilterOperatorEnum.Gte, t1)).toEqual(['t1', 't2']);
			expect(await where(FilterOperatorEnum.Lt, t1)).toEqual(['t0']);
			expect(await where(FilterOperatorEnum.Lte, t1)).toEqual(['t0', 't1']);
			expect(await where(FilterOperatorEnum.Eq, t1)).toEqual(['t1']);
			expect(await where(FilterOperatorEnum.Between, t0, t1)).toEqual(['t0', 't1']);
			expect(await where(FilterOperatorEnum.Between, t1 + 1, t2)).toEqual(['t2']);
		},
	);

	it('filters contacts on lastmodifieddate and createdate', async () => {
		const contacts = async (filters: Filter[]) =>
			(
				await client.crm.contacts.searchApi.doSearch({
					filterGroups: [{ filters }],
					sorts: ['hs_object_id'],
					properties: ['firstname'],
					limit: 100,
					after: '0',
				})
			).results.map((r) => r.properties.firstname);
		const [t0, t1] = TIMES;
		expect(
			await contacts([
				{ propertyName: 'lastmodifieddate', operator: FilterOperatorEnum.Gt, value: String(t0) },
			]),
		).toEqual(['c1', 'c2']);
		expect(
			await contacts([
				{
					propertyName: 'lastmodifieddate',
					operator: FilterOperatorEnum.Lte,
					value: new Date(t1).toISOString(),
				},
			]),
		).toEqual(['c0', 'c1']);
		expect(
			await contacts([
				{
					propertyName: 'createdate',
					operator: FilterOperatorEnum.Eq,
					value: new Date(BASE - 999).toISOString(),
				},
			]),
		).toEqual(['c1']);
	});

	it('sorts on hs_lastmodifieddate ascending and descending, written as a string or an object', async () => {
		// t0 is written now: the latest of the three, though the first by id.
		await client.crm.objects.tasks.basicApi.update((await searchTasks([])).results[0].id, {
			properties: { hs_task_priority: 'HIGH' },
		});
		const ascending = ['t1', 't2', 't0'];
		expect(subjects(await searchTasks([], ['hs_lastmodifieddate']))).toEqual(ascending);
		expect(subjects(await searchTasks([], ['-hs_lastmodifieddate']))).toEqual(
			[...ascending].reverse(),
		);
		expect(
			subjects(
				await searchTasks([], [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }]),
			),
		).toEqual(ascending);
		expect(
			subjects(
				await searchTasks([], [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }]),
			),
		).toEqual([...ascending].reverse());
		// HubSpot's documented sort objects pass the contract as a known deviation of its specs;
		// a sort object of another shape does not.
		expectViolations(sandbox, []);
		await searchTasks([], [{ propertyName: 'hs_lastmodifieddate', direction: 'UP' }]).catch(
			() => undefined,
		);
		expectViolations(sandbox, ['request body.sorts[0].direction: must be ASCENDING or DESCENDING']);
	});

	it('finds exactly the records written after a cursor, as a poller reads them', async () => {
		const page = await searchTasks([], ['hs_lastmodifieddate']);
		const cursor = TIMES[2];
		expect(subjects(page)).toEqual(['t0', 't1', 't2']);
		const changed = await client.crm.objects.tasks.basicApi.update(page.results[1].id, {
			properties: { hs_task_status: 'IN_PROGRESS' },
		});
		const created = await client.crm.objects.tasks.basicApi.create(taskInput('nova'));
		const since = await searchTasks(
			[
				{
					propertyName: 'hs_lastmodifieddate',
					operator: FilterOperatorEnum.Gt,
					value: String(cursor),
				},
			],
			['hs_lastmodifieddate'],
		);
		expect(since.results.map((r) => r.id)).toEqual([changed.id, created.id]);
		expect(since.results.map((r) => r.properties.hs_lastmodifieddate)).toEqual([
			changed.properties.hs_lastmodifieddate,
			created.properties.hs_lastmodifieddate,
		]);
	});
});
