/**
 * Drives the local sandbox through the official @hubspot/api-client over a broad sweep of
 * operations and error paths; every request and response is checked against HubSpot's specs.
 */
import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4';
import {
	FilterOperatorEnum,
	type FilterGroup,
} from '@hubspot/api-client/lib/codegen/crm/objects/tasks';

import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { describeWithSpecs } from './withSpecs';

const SCOPED_TOKEN = 'tasks-read-only-token';

let sandbox: ContractSandbox;
let hubspot: Client;
const statusesSeen = new Set<number>();

/** Runs a client call that must fail and returns the HTTP status it failed with. */
async function failureStatus(call: Promise<unknown>): Promise<number> {
	try {
		await call;
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		if (typeof code === 'number') return code;
		throw error;
	}
	throw new Error('expected the call to fail');
}

function newClient(accessToken: string): Client {
	return new Client({ accessToken, basePath: sandbox.url });
}

const searchBody = (overrides: Record<string, unknown> = {}) => ({
	filterGroups: [] as FilterGroup[],
	sorts: ['hs_object_id'],
	properties: ['hs_task_subject', 'hs_task_status'],
	limit: 10,
	after: '0',
	...overrides,
});

beforeAll(async () => {
	sandbox = await startContractSandbox({
		seed: 'demo',
		// Pacing is the transport's concern; here limits are switched on only to provoke a 429.
		rateLimits: { enabled: false },
		tokens: { [SCOPED_TOKEN]: { scopes: ['crm.objects.owners.read'] } },
	});
	hubspot = newClient(sandbox.token);
});

afterEach(() => {
	for (const exchange of sandbox.requestLog()) statusesSeen.add(exchange.status);
	sandbox.contract.assertClean();
});

afterAll(async () => {
	await sandbox?.close();
});

describeWithSpecs('the sandbox answers within HubSpot’s contract', () => {
	it('task lifecycle: create, read, list, update, search, archive', async () => {
		const tasks = hubspot.crm.objects.tasks;
		const created = await tasks.basicApi.create({
			properties: {
				hs_task_subject: 'Call back Ada',
				hs_task_status: 'NOT_STARTED',
				hs_task_priority: 'HIGH',
				hs_timestamp: '2025-05-01T09:00:00.000Z',
			},
			associations: [],
		});
		const read = await tasks.basicApi.getById(created.id, ['hs_task_subject', 'hs_task_priority']);
		expect(read.properties.hs_task_subject).toBe('Call back Ada');
		const page = await tasks.basicApi.getPage(5, undefined, ['hs_task_subject']);
		expect(page.results.length).toBeGreaterThan(0);
		await tasks.basicApi.update(created.id, { properties: { hs_task_status: 'COMPLETED' } });
		const found = await tasks.searchApi.doSearch(
			searchBody({
				filterGroups: [
					{
						filters: [
							{
								propertyName: 'hs_task_subject',
								operator: FilterOperatorEnum.Eq,
								value: 'Call back Ada',
							},
						],
					},
				],
			}),
		);
		expect(found.results.map((task) => task.id)).toContain(created.id);
		await tasks.basicApi.archive(created.id);
		expect(await failureStatus(tasks.basicApi.getById(created.id))).toBe(404);
	});

	it('batch create, read (with a missing id), update and archive', async () => {
		const batch = hubspot.crm.objects.tasks.batchApi;
		const created = await batch.create({
			inputs: ['one', 'two', 'three'].map((n) => ({
				properties: { hs_task_subject: `Batch ${n}`, hs_timestamp: '2025-05-02T09:00:00.000Z' },
				associations: [],
			})),
		});
		const ids = created.results.map((task) => task.id);
		expect(ids).toHaveLength(3);
		const read = await batch.read({
			inputs: [...ids, '999999999'].map((id) => ({ id })),
			properties: ['hs_task_subject'],
			propertiesWithHistory: [],
		});
		expect(read.results).toHaveLength(3);
		await batch.update({
			inputs: ids.map((id) => ({ id, properties: { hs_task_priority: 'LOW' } })),
		});
		await batch.archive({ inputs: ids.map((id) => ({ id })) });
	});

	it('every standard object type: create, list, read and search', async () => {
		const objects = hubspot.crm;
		const apis = {
			contacts: objects.contacts,
			companies: objects.companies,
			deals: objects.deals,
			tickets: objects.tickets,
			calls: objects.objects.calls,
			meetings: objects.objects.meetings,
		};
		const properties: Record<keyof typeof apis, Record<string, string>> = {
			contacts: { email: 'grace@example.com', firstname: 'Grace', phone: '+44 20 7946 0958' },
			companies: { name: 'Analytical Engines Ltd', domain: 'engines.example.com' },
			deals: {
				dealname: 'Difference engine',
				amount: '1200',
				pipeline: 'default',
				dealstage: 'appointmentscheduled',
			},
			tickets: { subject: 'Engine jammed', hs_pipeline: '0', hs_pipeline_stage: '1' },
			calls: {
				hs_call_title: 'Intro call',
				hs_timestamp: '2025-05-03T10:00:00.000Z',
				hs_call_direction: 'OUTBOUND',
			},
			meetings: { hs_meeting_title: 'Demo', hs_timestamp: '2025-05-04T10:00:00.000Z' },
		};
		for (const [type, api] of Object.entries(apis) as Array<
			[keyof typeof apis, (typeof apis)[keyof typeof apis]]
		>) {
			const created = await api.basicApi.create({ properties: properties[type], associations: [] });
			expect((await api.basicApi.getById(created.id)).id).toBe(created.id);
			const page = await api.basicApi.getPage(10, undefined, Object.keys(properties[type]));
			expect(page.results.length).toBeGreaterThan(0);
			const found = await api.searchApi.doSearch({
				filterGroups: [],
				sorts: [],
				properties: [],
				limit: 5,
				after: '0',
			});
			expect(found.total).toBeGreaterThan(0);
		}
	});

	it('owners: list, filter by email, read by id', async () => {
		const owner = sandbox.store.addOwner({
			email: 'rep@example.com',
			firstName: 'Rita',
			lastName: 'Rep',
			teams: [{ id: '11', name: 'Inside', primary: true }],
		});
		const page = await hubspot.crm.owners.ownersApi.getPage(undefined, undefined, 100);
		expect(page.results.map((o) => o.id)).toContain(owner.id);
		const byEmail = await hubspot.crm.owners.ownersApi.getPage('rep@example.com');
		expect(byEmail.results[0]?.teams?.[0]?.name).toBe('Inside');
		expect((await hubspot.crm.owners.ownersApi.getById(Number(owner.id))).email).toBe(
			'rep@example.com',
		);
		expect(await failureStatus(hubspot.crm.owners.ownersApi.getById(987654))).toBe(404);
	});

	it('associations v4: default, labelled, listed and batch-read', async () => {
		const task = sandbox.store.create('tasks', {
			hs_task_subject: 'Associate me',
			hs_timestamp: '2025-05-05T09:00:00.000Z',
		});
		const contact = sandbox.store.create('contacts', { email: 'linked@example.com' });
		const company = sandbox.store.create('companies', { name: 'Linked Co' });
		const v4 = hubspot.crm.associations.v4;
		await v4.basicApi.createDefault('tasks', task.id, 'contacts', contact.id);
		await v4.batchApi.createDefault('tasks', 'companies', {
			inputs: [{ _from: { id: task.id }, to: { id: company.id } }],
		});
		await v4.batchApi.create('contacts', 'companies', {
			inputs: [
				{
					_from: { id: contact.id },
					to: { id: company.id },
					types: [
						{
							associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
							associationTypeId: 279,
						},
					],
				},
			],
		});
		const listed = await v4.basicApi.getPage('tasks', task.id, 'contacts', undefined, 100);
		expect(listed.results.map((r) => String(r.toObjectId))).toEqual([contact.id]);
		const batchRead = await v4.batchApi.getPage('tasks', 'companies', {
			inputs: [{ id: task.id }],
		});
		expect(batchRead.results).toHaveLength(1);
	});

	it('properties: list and read one, 404 for an unknown one', async () => {
		const all = await hubspot.crm.properties.coreApi.getAll('tasks');
		expect(all.results.map((p) => p.name)).toContain('hs_task_status');
		const status = await hubspot.crm.properties.coreApi.getByName('tasks', 'hs_task_status');
		expect(status.options.map((o) => o.value)).toContain('NOT_STARTED');
		expect(
			await failureStatus(hubspot.crm.properties.coreApi.getByName('tasks', 'no_such_property')),
		).toBe(404);
	});

	it('error answers: 400, 404, 409, 401, 403', async () => {
		const tasks = hubspot.crm.objects.tasks;
		expect(await failureStatus(tasks.searchApi.doSearch(searchBody({ limit: 201 })))).toBe(400);
		const tooMany = Array.from({ length: 101 }, (_, i) => ({
			properties: { hs_task_subject: `t${i}` },
			associations: [],
		}));
		expect(await failureStatus(tasks.batchApi.create({ inputs: tooMany }))).toBe(400);
		expect(await failureStatus(tasks.basicApi.getById('404404404'))).toBe(404);
		const contact = { properties: { email: 'twice@example.com' }, associations: [] };
		await hubspot.crm.contacts.basicApi.create(contact);
		expect(await failureStatus(hubspot.crm.contacts.basicApi.create(contact))).toBe(409);
		expect(
			await failureStatus(newClient('not-a-token').crm.objects.tasks.basicApi.getPage(1)),
		).toBe(401);
		expect(await failureStatus(newClient(SCOPED_TOKEN).crm.objects.tasks.basicApi.getPage(1))).toBe(
			403,
		);
	});

	it('429 from the ten-secondly and the search limits', async () => {
		const settled = (call: Promise<unknown>) =>
			call.then(
				() => 200,
				(error: { code: number }) => error.code,
			);
		sandbox.setRateLimits({ requestsPer10s: 2, searchPerSecond: 1, enabled: true });
		try {
			const tasks = hubspot.crm.objects.tasks;
			const searches = await Promise.all(
				[1, 2, 3].map(() => settled(tasks.searchApi.doSearch(searchBody()))),
			);
			expect(searches).toContain(429);
			const reads = await Promise.all([1, 2, 3, 4].map(() => settled(tasks.basicApi.getPage(1))));
			expect(reads).toContain(429);
		} finally {
			sandbox.setRateLimits({ enabled: false });
		}
		expect(
			statusesSeen.has(429) || sandbox.requestLog().some((exchange) => exchange.status === 429),
		).toBe(true);
	});

	it("injected 5xx faults answer with HubSpot's Error shape; a reset connection has no response to check", async () => {
		const before = sandbox.contract.responsesValidated;
		sandbox.setFaults({ rate: 1, statuses: [500, 502, 503, 'reset'], maxFaults: 4 });
		try {
			const outcomes = await Promise.all(
				[1, 2, 3, 4].map(() =>
					hubspot.crm.objects.tasks.basicApi.getPage(1).then(
						() => 'ok',
						(error: { code?: number }) => error.code ?? 'reset',
					),
				),
			);
			expect(outcomes.sort()).toEqual([500, 502, 503, 'reset']);
		} finally {
			sandbox.setFaults(undefined);
		}
		expect(sandbox.contract.responsesValidated).toBe(before + 3);
	});

	it('catches a request the spec rejects, and leaves Sheets traffic out of the contract', async () => {
		const headers = { Authorization: `Bearer ${sandbox.token}` };
		await fetch(`${sandbox.url}/crm/v3/objects/tasks?limit=ten`, { headers });
		sandbox.store.setSheet('contract-sheet', 'Sheet1', [
			['keyword', 'priority'],
			['urgent', 'HIGH'],
		]);
		const before = sandbox.contract.outOfContract;
		const sheet = await fetch(`${sandbox.url}/v4/spreadsheets/contract-sheet/values/Sheet1`, {
			headers,
		});
		expect(sheet.status).toBe(200);
		expect(sandbox.contract.outOfContract).toBe(before + 1);
		const caught = sandbox.contract.drainViolations();
		expect(caught.map((violation) => violation.field)).toEqual(['query.limit']);
	});

	it('validated every exchange of the sweep', () => {
		const { requestsValidated, responsesValidated, outOfContract } = sandbox.contract;
		expect(requestsValidated).toBeGreaterThan(40);
		const resets = sandbox.requestLog().filter((exchange) => exchange.status === 0).length;
		expect(responsesValidated).toBe(requestsValidated - resets);
		expect(requestsValidated + outOfContract).toBe(sandbox.requestLog().length);
		for (const status of [200, 201, 204, 207, 400, 401, 403, 404, 409, 429, 500, 502, 503])
			expect(statusesSeen).toContain(status);
	});
});
