/** The official @hubspot/api-client (v14) against the sandbox, with basePath pointing at it. */
import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/models/Filter';

import { clientFailure, useContractSandbox } from './testSandbox';

const sandbox = useContractSandbox({ seed: 'demo', rateLimits: { enabled: false } });
let client: Client;

beforeAll(() => {
	client = new Client({ accessToken: sandbox.token, basePath: sandbox.url });
});

describe('@hubspot/api-client against the sandbox', () => {
	it('pages the demo tasks with getPage and reads one by id', async () => {
		const page = await client.crm.objects.tasks.basicApi.getPage(100, undefined, [
			'hs_task_subject',
			'hs_task_status',
		]);
		expect(page.results).toHaveLength(100);
		expect(page.results[0].createdAt).toBeInstanceOf(Date);
		expect(page.paging?.next?.after).toBeDefined();
		const contacts = await client.crm.contacts.getAll(10, undefined, ['phone']);
		expect(contacts).toHaveLength(40);
		const one = await client.crm.objects.tasks.basicApi.getById(page.results[5].id, [
			'hs_task_subject',
		]);
		expect(one.properties.hs_task_subject).toBe(page.results[5].properties.hs_task_subject);
	});

	it('creates with an association, updates, archives, and surfaces HubSpot errors as ApiException', async () => {
		const contact = (await client.crm.contacts.basicApi.getPage(1)).results[0];
		const created = await client.crm.objects.tasks.basicApi.create({
			properties: {
				hs_task_subject: 'Retorno ao cliente',
				hs_timestamp: new Date().toISOString(),
				hs_task_priority: 'MEDIUM',
			},
			associations: [
				{
					to: { id: contact.id },
					types: [
						{
							associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
							associationTypeId: 204,
						},
					],
				},
			],
		});
		expect(created.properties.hs_object_id).toBe(created.id);
		const links = await client.crm.associations.v4.basicApi.getPage(
			'tasks',
			created.id,
			'contacts',
		);
		expect(links.results.map((r) => r.toObjectId)).toEqual([contact.id]);

		const updated = await client.crm.objects.tasks.basicApi.update(created.id, {
			properties: { hs_task_status: 'COMPLETED' },
		});
		expect(updated.properties.hs_task_status).toBe('COMPLETED');
		const invalid = await clientFailure(
			client.crm.objects.tasks.basicApi.update(created.id, {
				properties: { hs_task_status: 'FINISHED' },
			}),
		);
		expect(invalid.code).toBe(400);
		expect(invalid.body.category).toBe('VALIDATION_ERROR');
		await client.crm.objects.tasks.basicApi.archive(created.id);
		const missing = await clientFailure(client.crm.objects.tasks.basicApi.getById(created.id));
		expect(missing.code).toBe(404);
		expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
	});

	it('searches with the typed request and pages through results', async () => {
		const request = {
			filterGroups: [
				{
					filters: [
						{
							propertyName: 'hs_task_status',
							operator: FilterOperatorEnum.In,
							values: ['NOT_STARTED', 'IN_PROGRESS'],
						},
					],
				},
			],
			sorts: ['hs_object_id'],
			properties: ['hs_task_subject', 'hs_task_status'],
			limit: 50,
			after: '0',
		};
		const first = await client.crm.objects.tasks.searchApi.doSearch(request);
		expect(first.total).toBeGreaterThan(50);
		expect(
			first.results.every((r) =>
				['NOT_STARTED', 'IN_PROGRESS'].includes(r.properties.hs_task_status ?? ''),
			),
		).toBe(true);
		const second = await client.crm.objects.tasks.searchApi.doSearch({
			...request,
			after: first.paging?.next?.after ?? '',
		});
		expect(Number(second.results[0].id)).toBeGreaterThan(Number(first.results[49].id));
		const tooLarge = await clientFailure(
			client.crm.objects.tasks.searchApi.doSearch({ ...request, limit: 500 }),
		);
		expect(tooLarge.code).toBe(400);
	});

	it('runs batch update with a missing id as a 207 the client resolves', async () => {
		const ids = (await client.crm.objects.tasks.basicApi.getPage(3)).results.map((r) => r.id);
		const result = await client.crm.objects.tasks.batchApi.update({
			inputs: [...ids, '1'].map((id) => ({ id, properties: { hs_task_priority: 'HIGH' } })),
		});
		expect(result.results).toHaveLength(3);
		expect('errors' in result && result.errors?.[0].context).toEqual({ ids: ['1'] });
		expect(
			ids.every((id) => sandbox.store.get('tasks', id)?.properties.hs_task_priority === 'HIGH'),
		).toBe(true);
	});

	it('reads owners with teams, deals by name, properties and v4 batch associations', async () => {
		const owners = await client.crm.owners.ownersApi.getPage(undefined, undefined, 100);
		expect(owners.results).toHaveLength(6);
		expect(owners.results.flatMap((o) => o.teams ?? []).map((t) => t.name)).toEqual(
			expect.arrayContaining(['Vendas São Paulo', 'Sales EMEA', 'Inside Sales']),
		);
		const owner = await client.crm.owners.ownersApi.getById(Number(owners.results[2].id));
		expect(owner.email).toBe(owners.results[2].email);

		const deals = await client.crm.deals.basicApi.getPage(100, undefined, [
			'dealstage',
			'hs_is_closed',
		]);
		expect(deals.results.some((d) => d.properties.hs_is_closed === 'true')).toBe(true);
		expect(deals.results.some((d) => d.properties.hs_is_closed === 'false')).toBe(true);

		const priority = await client.crm.properties.coreApi.getByName('tasks', 'hs_task_priority');
		expect(priority.options.map((o) => o.value)).toEqual(['HIGH', 'MEDIUM', 'LOW', 'NONE']);

		const taskIds = (await client.crm.objects.tasks.basicApi.getPage(20)).results.map((r) => ({
			id: r.id,
		}));
		const associations = await client.crm.associations.v4.batchApi.getPage('tasks', 'contacts', {
			inputs: taskIds,
		});
		expect(associations.results.length).toBeGreaterThan(5);
		expect(associations.results[0].to[0].associationTypes[0].typeId).toBe(204);
	});

	it('sees a 429 with the policy the client retries on', async () => {
		sandbox.setRateLimits({ requestsPer10s: 1 });
		sandbox.reset(); // empties the rate windows
		try {
			await client.crm.objects.tasks.basicApi.getPage(1);
			const limited = await clientFailure(client.crm.objects.tasks.basicApi.getPage(1));
			expect(limited.code).toBe(429);
			expect(limited.body.policyName).toBe('TEN_SECONDLY_ROLLING');
		} finally {
			sandbox.setRateLimits({ enabled: false });
		}
	});
});
