/**
 * Notes, calls and meetings beside tasks: create with inline `associations` through
 * @hubspot/api-client, the task properties the next nodes set, owners in several teams.
 */
import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';

import { DEMO_TEAMS } from '../../sandbox/seed';
import { startSandbox } from '../../sandbox/server';
import { call, createBody } from './testHttp';
import { clientFailure, useContractSandbox } from './testSandbox';

const sandbox = useContractSandbox(
	{ seed: 'demo', rateLimits: { enabled: false } },
	{ resetBeforeEach: 'startSeed' },
);
let client: Client;

beforeAll(() => {
	client = new Client({ accessToken: sandbox.token, basePath: sandbox.url });
});

const link = (id: string, associationTypeId: number) => ({
	to: { id },
	types: [
		{
			associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
			associationTypeId,
		},
	],
});

const firstId = async (type: string) =>
	(await client.crm.objects.basicApi.getPage(type, 1)).results[0].id;

describe('notes', () => {
	it('creates a note on a contact and a ticket, reads it back with its associations, finds it by its body', async () => {
		const [contact, ticket] = [await firstId('contacts'), await firstId('tickets')];
		const note = await client.crm.objects.notes.basicApi.create({
			properties: {
				hs_note_body: '<p>Pediu retorno sobre o contrato</p>',
				hs_timestamp: '2026-12-01T10:00:00.000Z',
			},
			associations: [link(contact, 202), link(ticket, 228)],
		});
		expect(Number(note.id)).toBeGreaterThanOrEqual(8_000_001);
		const read = await client.crm.objects.notes.basicApi.getById(
			note.id,
			['hs_note_body', 'hs_timestamp'],
			undefined,
			['contacts', 'tickets'],
		);
		expect(read.properties.hs_note_body).toBe('<p>Pediu retorno sobre o contrato</p>');
		expect(read.associations?.contacts.results).toEqual([
			expect.objectContaining({ id: contact, type: 'note_to_contact' }),
		]);
		const fromContact = await client.crm.associations.v4.basicApi.getPage(
			'contacts',
			contact,
			'notes',
		);
		expect(fromContact.results.map((r) => r.toObjectId)).toContain(note.id);
		expect(fromContact.results[0].associationTypes[0].typeId).toBe(201);
		const found = await client.crm.objects.notes.searchApi.doSearch({
			query: 'contrato',
			filterGroups: [],
			sorts: [],
			properties: ['hs_note_body'],
			limit: 10,
			after: '0',
		});
		expect(found.results.map((r) => r.id)).toEqual([note.id]);
	});

	it('requires hs_timestamp, as HubSpot does for every engagement', async () => {
		const missing = await clientFailure(
			client.crm.objects.notes.basicApi.create({
				properties: { hs_note_body: 'no date' },
				associations: [],
			}),
		);
		expect(missing.code).toBe(400);
		expect(missing.body.errors?.[0].code).toBe('REQUIRED_PROPERTY');
	});

	it('seeds a few demo notes on contacts and deals', async () => {
		const notes = await client.crm.objects.notes.basicApi.getPage(
			10,
			undefined,
			['hs_note_body'],
			undefined,
			['deals'],
		);
		expect(notes.results).toHaveLength(4);
		expect(notes.results.filter((n) => n.associations?.deals).length).toBe(2);
	});
});

describe('create with inline associations', () => {
	it('links calls, meetings and tasks with HubSpot’s type ids, in single and batch creates', async () => {
		const [contact, deal, company] = [
			await firstId('contacts'),
			await firstId('deals'),
			await firstId('companies'),
		];
		const callRecord = await client.crm.objects.calls.basicApi.create({
			properties: { hs_call_title: 'Retorno', hs_timestamp: '2026-12-02T10:00:00.000Z' },
			associations: [link(contact, 194), link(deal, 206)],
		});
		const batch = await client.crm.objects.meetings.batchApi.create({
			inputs: [
				{
					properties: { hs_meeting_title: 'Kickoff', hs_timestamp: '2026-12-03T10:00:00.000Z' },
					associations: [link(contact, 200)],
				},
			],
		});
		const task = await client.crm.objects.tasks.basicApi.create({
			properties: { hs_task_subject: 'Follow up', hs_timestamp: '2026-12-04T10:00:00.000Z' },
			associations: [link(company, 192)],
		});
		const linked = async (type: string, id: string, to: string) =>
			(await client.crm.associations.v4.basicApi.getPage(type, id, to)).results.map(
				(r) => `${r.toObjectId}:${r.associationTypes.map((t) => t.typeId).join(',')}`,
			);
		expect(await linked('calls', callRecord.id, 'contacts')).toEqual([`${contact}:194`]);
		expect(await linked('deals', deal, 'calls')).toEqual([`${callRecord.id}:205`]);
		expect(await linked('meetings', batch.results[0].id, 'contacts')).toEqual([`${contact}:200`]);
		expect(await linked('tasks', task.id, 'companies')).toEqual([`${company}:192`]);
	});

	it('rejects a missing target and a type id that does not start at the created type', async () => {
		const absent = await clientFailure(
			client.crm.objects.notes.basicApi.create({
				properties: { hs_note_body: 'x', hs_timestamp: '2026-12-01T10:00:00.000Z' },
				associations: [link('1999999', 202)],
			}),
		);
		expect(absent.code).toBe(400);
		expect(absent.body.errors?.[0]).toMatchObject({ code: 'OBJECT_NOT_FOUND' });
		const contact = await firstId('contacts');
		const wrongDirection = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/notes',
			createBody({ hs_note_body: 'x', hs_timestamp: '2026-12-01T10:00:00.000Z' }, [
				link(contact, 204), // task -> contact, not note -> contact
			]),
		);
		expect(wrongDirection.status).toBe(400);
		expect(wrongDirection.body.errors[0].code).toBe('INVALID_ASSOCIATION_TYPE');
		expect((await client.crm.objects.notes.basicApi.getPage(100)).results).toHaveLength(4);
	});
});

describe('task properties the next nodes set', () => {
	it('keeps hs_task_type, hs_task_reminders and hs_queue_membership_ids, and checks the type', async () => {
		const reminder = String(Date.parse('2026-12-05T09:00:00.000Z'));
		const task = await client.crm.objects.tasks.basicApi.create({
			properties: {
				hs_task_subject: 'Ligar para o cliente',
				hs_timestamp: '2026-12-05T10:00:00.000Z',
				hs_task_type: 'CALL',
				hs_task_reminders: reminder,
				hs_queue_membership_ids: '4501',
			},
			associations: [],
		});
		const read = await client.crm.objects.tasks.basicApi.getById(task.id, [
			'hs_task_type',
			'hs_task_reminders',
			'hs_queue_membership_ids',
		]);
		expect(read.properties).toMatchObject({
			hs_task_type: 'CALL',
			hs_task_reminders: reminder,
			hs_queue_membership_ids: '4501',
		});
		const type = await client.crm.properties.coreApi.getByName('tasks', 'hs_task_type');
		expect(type.options.map((o) => o.value)).toEqual(
			expect.arrayContaining(['TODO', 'CALL', 'EMAIL']),
		);
		const invalid = await clientFailure(
			client.crm.objects.tasks.basicApi.update(task.id, { properties: { hs_task_type: 'FAX' } }),
		);
		expect(invalid.code).toBe(400);
		expect(invalid.body.errors?.[0].code).toBe('INVALID_OPTION');
	});

	it('takes queues the portal has, several at once, and refuses one it does not have', async () => {
		const task = await client.crm.objects.tasks.basicApi.create({
			properties: {
				hs_task_subject: 'Fila',
				hs_timestamp: '2026-12-05T10:00:00.000Z',
				hs_queue_membership_ids: '4501;4502',
			},
			associations: [],
		});
		expect(sandbox.store.get('tasks', task.id)?.properties.hs_queue_membership_ids).toBe(
			'4501;4502',
		);
		const unknown = await clientFailure(
			client.crm.objects.tasks.basicApi.update(task.id, {
				properties: { hs_queue_membership_ids: '4501;9999' },
			}),
		);
		expect(unknown.code).toBe(400);
		expect(unknown.body.errors?.[0]).toMatchObject({ code: 'INVALID_OPTION' });
		expect(unknown.body.message).toContain('9999 was not one of the allowed options');
	});
});

describe('owners in several teams', () => {
	it('lists every team of an owner, one of them primary', async () => {
		const owners = await client.crm.owners.ownersApi.getPage(undefined, undefined, 100);
		const multi = owners.results.find((o) => (o.teams ?? []).length > 1);
		expect(multi?.teams?.map((t) => `${t.id}:${t.primary}`)).toEqual([
			`${DEMO_TEAMS.inside.id}:true`,
			`${DEMO_TEAMS.emea.id}:false`,
		]);
	});

	it('refuses an owner seeded with two primary teams', async () => {
		await expect(
			startSandbox({
				seed: {
					owners: [
						{
							email: 'two@example.com',
							teams: [
								{ id: '1', name: 'A', primary: true },
								{ id: '2', name: 'B', primary: true },
							],
						},
					],
				},
			}),
		).rejects.toThrow(/more than one primary team/);
	});
});
