/** Associations v4, owners and properties over real HTTP (fetch). */
import { call, taskInput } from './testHttp';
import { ONE_OWNER_SEED, useContractSandbox } from './testSandbox';

const sandbox = useContractSandbox(
	{ rateLimits: { enabled: false } },
	{ resetBeforeEach: ONE_OWNER_SEED },
);

describe('associations v4', () => {
	it('creates, lists and reads associations both ways', async () => {
		const contact = sandbox.store.create('contacts', { email: 'c@example.com' });
		const deal = sandbox.store.create('deals', { dealname: 'd' });
		const created = await call(sandbox, 'POST', '/crm/v3/objects/tasks', {
			...taskInput('linked'),
			associations: [
				{
					to: { id: contact.id },
					types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
				},
			],
		});
		const taskId = created.body.id;

		const put = await call(
			sandbox,
			'PUT',
			`/crm/v4/objects/tasks/${taskId}/associations/default/deals/${deal.id}`,
		);
		expect(put.status).toBe(200);
		expect(put.body.results[0]).toEqual({
			from: { id: taskId },
			to: { id: deal.id },
			associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 },
		});

		const list = await call(
			sandbox,
			'GET',
			`/crm/v4/objects/tasks/${taskId}/associations/contacts`,
		);
		expect(list.body).toEqual({
			results: [
				{
					toObjectId: contact.id,
					associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 204 }],
				},
			],
		});
		const back = await call(
			sandbox,
			'GET',
			`/crm/v4/objects/contacts/${contact.id}/associations/tasks`,
		);
		expect(back.body.results[0]).toEqual({
			toObjectId: taskId,
			associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 203 }],
		});

		const withAssociations = await call(
			sandbox,
			'GET',
			`/crm/v3/objects/tasks/${taskId}?associations=contacts,deals`,
		);
		expect(withAssociations.body.associations).toEqual({
			contacts: { results: [{ id: contact.id, type: 'task_to_contact' }] },
			deals: { results: [{ id: deal.id, type: 'task_to_deal' }] },
		});

		const batchRead = await call(sandbox, 'POST', '/crm/v4/associations/tasks/deals/batch/read', {
			inputs: [{ id: taskId }, { id: '1' }],
		});
		expect(batchRead.status).toBe(207);
		expect(batchRead.body.results).toEqual([
			{
				from: { id: taskId },
				to: [
					{ toObjectId: deal.id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 216 }] },
				],
			},
		]);

		await call(sandbox, 'POST', '/crm/v4/associations/tasks/deals/batch/archive', {
			inputs: [{ from: { id: taskId }, to: [{ id: deal.id }] }],
		});
		expect(
			(await call(sandbox, 'GET', `/crm/v4/objects/deals/${deal.id}/associations/tasks`)).body
				.results,
		).toEqual([]);
	});

	it('batch-creates labelled and default associations, with errors for missing records', async () => {
		const ticket = sandbox.store.create('tickets', { subject: 's' });
		const task = sandbox.store.create('tasks', taskInput('t').properties);
		const created = await call(sandbox, 'POST', '/crm/v4/associations/tasks/tickets/batch/create', {
			inputs: [
				{
					from: { id: task.id },
					to: { id: ticket.id },
					types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 230 }],
				},
				{
					from: { id: '999' },
					to: { id: ticket.id },
					types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 230 }],
				},
			],
		});
		expect(created.status).toBe(207);
		expect(created.body.results).toEqual([
			{
				fromObjectTypeId: '0-27',
				fromObjectId: task.id,
				toObjectTypeId: '0-5',
				toObjectId: ticket.id,
				labels: [],
			},
		]);
		expect(created.body.numErrors).toBe(1);

		const contact = sandbox.store.create('contacts', { email: 'x@example.com' });
		const defaults = await call(
			sandbox,
			'POST',
			'/crm/v4/associations/contacts/tasks/batch/associate/default',
			{ inputs: [{ from: { id: contact.id }, to: { id: task.id } }] },
		);
		expect(defaults.status).toBe(200);
		expect(
			defaults.body.results.map(
				(r: { associationSpec: { associationTypeId: number } }) =>
					r.associationSpec.associationTypeId,
			),
		).toEqual([203, 204]);
	});
});

describe('owners and properties', () => {
	it('lists owners with teams, filters by email and reads by id or userId', async () => {
		sandbox.store.addOwner({ email: 'second@example.com', firstName: 'Sam' });
		const all = await call(sandbox, 'GET', '/crm/v3/owners/?limit=1');
		expect(all.body.results[0]).toMatchObject({
			id: '501',
			email: 'rep@example.com',
			type: 'PERSON',
			archived: false,
			userId: 777,
			teams: [{ id: '9', name: 'Team A', primary: true }],
		});
		expect(all.body.paging.next.after).toBe('1');
		const byEmail = await call(sandbox, 'GET', '/crm/v3/owners?email=SECOND@example.com');
		expect(byEmail.body.results).toHaveLength(1);
		expect((await call(sandbox, 'GET', '/crm/v3/owners/501')).body.email).toBe('rep@example.com');
		expect((await call(sandbox, 'GET', '/crm/v3/owners/777?idProperty=userId')).body.id).toBe(
			'501',
		);
		expect((await call(sandbox, 'GET', '/crm/v3/owners/404')).status).toBe(404);
	});

	it('serves property definitions and creates custom ones', async () => {
		const status = await call(sandbox, 'GET', '/crm/v3/properties/tasks/hs_task_status');
		expect(status.body).toMatchObject({
			name: 'hs_task_status',
			type: 'enumeration',
			fieldType: 'select',
			groupName: expect.any(String),
			description: expect.any(String),
		});
		expect(status.body.options.map((o: { value: string }) => o.value)).toEqual([
			'NOT_STARTED',
			'IN_PROGRESS',
			'WAITING',
			'COMPLETED',
			'DEFERRED',
		]);
		const listing = await call(sandbox, 'GET', '/crm/v3/properties/tasks');
		expect(listing.body.results.map((p: { name: string }) => p.name)).toEqual(
			expect.arrayContaining(['hs_task_subject', 'hs_task_priority', 'hs_timestamp']),
		);
		const custom = await call(sandbox, 'POST', '/crm/v3/properties/tasks', {
			name: 'prefix_applied',
			label: 'Prefix applied',
			type: 'bool',
			fieldType: 'booleancheckbox',
			groupName: 'taskinformation',
		});
		expect(custom.status).toBe(201);
		const task = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/tasks',
			taskInput('x', { prefix_applied: 'true' }),
		);
		expect(task.body.properties.prefix_applied).toBe('true');
	});

	it("changes a property's options as a HubSpot admin does; a value no longer offered is refused", async () => {
		const changed = await call(sandbox, 'PATCH', '/crm/v3/properties/tickets/hs_ticket_priority', {
			options: [
				{ label: 'Low', value: 'LOW', hidden: false, displayOrder: 0 },
				{ label: 'High', value: 'HIGH', hidden: false, displayOrder: 1 },
			],
		});
		expect(changed.status).toBe(200);
		expect(changed.body.options.map((o: { value: string }) => o.value)).toEqual(['LOW', 'HIGH']);
		const refused = await call(sandbox, 'POST', '/crm/v3/objects/tickets', {
			properties: { subject: 'x', hs_ticket_priority: 'URGENT' },
			associations: [],
		});
		expect(refused.status).toBe(400);
		expect(refused.body.message).toContain('URGENT was not one of the allowed options');
		const missing = await call(sandbox, 'PATCH', '/crm/v3/properties/tickets/no_such', {
			label: 'x',
		});
		expect(missing.status).toBe(404);
	});
});
