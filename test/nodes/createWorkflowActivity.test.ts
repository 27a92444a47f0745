/**
 * Create Workflow Activity through n8n's engine against the sandbox: the tasks it creates (due,
 * reminder, owner, association), a redelivered event creating nothing new, round robin and least
 * loaded owners, the permission output, and every bad input named.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { CreateWorkflowActivity } from '../../nodes/CreateWorkflowActivity/CreateWorkflowActivity.node';
import { DEFAULT_IDEMPOTENCY_PROPERTY } from '../../nodes/shared/crm';
import { closeRedisConnections } from '../../nodes/shared/state';
import type { SeedData } from '../../sandbox/server';
import { NodeTypeRegistry, runNode, type NodeSettings } from '../../tools/engine';
import { useContractSandbox } from '../sandbox/testSandbox';
import { describeWithRedis } from '../support/describeWithServices';
import { TEST_REDIS_URL } from '../support/redisKeys';

const ZONE = 'America/Sao_Paulo';
const nodeTypes = new NodeTypeRegistry([CreateWorkflowActivity], [HubSpotTaskflowApi]);
// A team of its own per run: the round-robin turn lives in Redis and must start at the first member.
const SDR = {
	id: `t-sdr-${process.pid}-${Date.now().toString(36)}`,
	name: 'SDR São Paulo',
	primary: true,
};
const AE = { id: 't-ae', name: 'Account Executives', primary: true };

const SEED: SeedData = {
	owners: [
		{ id: '101', email: 'ana@example.com.br', firstName: 'Ana', teams: [SDR] },
		{ id: '102', email: 'bruno@example.com.br', firstName: 'Bruno', teams: [SDR] },
		{ id: '103', email: 'carla@example.com.br', firstName: 'Carla', teams: [SDR] },
		{ id: '201', email: 'diego@example.com.br', firstName: 'Diego', teams: [AE] },
	],
	properties: {
		tasks: [
			{
				name: DEFAULT_IDEMPOTENCY_PROPERTY,
				label: 'Taskflow idempotency key',
				type: 'string',
				fieldType: 'text',
				hasUniqueValue: true,
			},
		],
	},
	objects: {
		contacts: [
			{ id: '501', properties: { email: 'lead@example.com.br', hubspot_owner_id: '101' } },
			{ id: '502', properties: { email: 'cliente@example.com.br', hubspot_owner_id: '201' } },
			{ id: '503', properties: { email: 'sem-dono@example.com.br' } },
		],
	},
};

const sandbox = useContractSandbox({}, { resetBeforeEach: SEED });
afterAll(async () => await closeRedisConnections());

const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const local = (iso: unknown) =>
	DateTime.fromISO(String(iso), { zone: ZONE }).toFormat('ccc yyyy-MM-dd HH:mm');
const FRIDAY_4PM = at('2026-12-04T16:00').toISO() as string;

const FILTRO: IDataObject = {
	title: 'Realizar Filtro 1',
	taskType: 'CALL',
	deadlineKind: 'after',
	amount: 4,
	unit: 'hours',
	notifyAmount: 30,
	notifyUnit: 'minutes',
	notes: 'Lead recebido',
	priority: 'HIGH',
};

function parameters(extra: INodeParameters = {}): INodeParameters {
	return {
		recordType: 'contact',
		recordId: '={{ $json.contactId }}',
		eventTime: '={{ $json.occurredAt }}',
		actions: { action: [FILTRO] } as INodeParameters,
		businessTimeOnly: true,
		calendar: {
			timeZone: ZONE,
			weeklyHours: 'Mon-Fri 09:00-18:00',
			holidayCountry: 'BR',
			holidayState: 'SP',
		},
		...extra,
	};
}

async function run(
	items: IDataObject[],
	extra: INodeParameters = {},
	settings: Partial<NodeSettings> = {},
	credential: IDataObject = {},
) {
	return await runNode(
		{ type: CreateWorkflowActivity, parameters: parameters(extra), ...settings },
		{
			nodeTypes,
			credentials: {
				hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url, ...credential },
			},
			inputItems: items.map((json) => ({ json })),
		},
	);
}

function tasks() {
	return sandbox.store.all('tasks');
}

describe('Create Workflow Activity', () => {
	it('creates the task due 4 business hours after a Friday 16:00 lead, reminded 30 minutes before, owned by the record owner, on the contact', async () => {
		const result = await run([{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'evt-1' }]);
		expect(result.status).toBe('success');
		const [created] = result.items(0);
		expect(created.json).toMatchObject({
			action: 'Action 1 ("Realizar Filtro 1")',
			title: 'Realizar Filtro 1',
			ownerId: '101',
			record: { objectType: 'contact', id: '501' },
			existing: false,
		});
		expect(created.pairedItem).toEqual({ item: 0 });
		expect(local(created.json.dueAt)).toBe('Mon 2026-12-07 11:00');
		const [task] = tasks();
		expect(task.properties).toMatchObject({
			hs_task_subject: 'Realizar Filtro 1',
			hs_task_type: 'CALL',
			hs_task_priority: 'HIGH',
			hs_task_body: 'Lead recebido',
			hubspot_owner_id: '101',
			hs_task_status: 'NOT_STARTED',
		});
		expect(local(task.properties.hs_timestamp)).toBe('Mon 2026-12-07 11:00');
		expect(
			DateTime.fromMillis(Number(task.properties.hs_task_reminders), { zone: ZONE }).toFormat(
				'HH:mm',
			),
		).toBe('10:30');
		const associated = await fetch(
			`${sandbox.url}/crm/v4/objects/tasks/${task.id}/associations/contacts`,
			{
				headers: { authorization: `Bearer ${sandbox.token}` },
			},
		);
		expect(
			(
				(await associated.json()) as { results: Array<{ toObjectId: number | string }> }
			).results.map((r) => String(r.toObjectId)),
		).toEqual(['501']);
	});

	it('a redelivered event creates nothing new: the same item twice, one task', async () => {
		const item = { contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'evt-2' };
		await run([item]);
		const again = await run([item]);
		expect(again.items(0).map((output) => output.json.existing)).toEqual([true]);
		expect(tasks()).toHaveLength(1);
	});

	describeWithRedis('round robin, its turn in Redis', () => {
		const redis = { redisUrl: TEST_REDIS_URL };

		it('hands the team out in turn, also across executions', async () => {
			const owners: string[] = [];
			for (let execution = 0; execution < 2; execution++) {
				const items = [0, 1].map((n) => ({
					contactId: '501',
					occurredAt: FRIDAY_4PM,
					eventId: `rr-${execution}-${n}`,
				}));
				const result = await run(items, { ownerMode: 'roundRobin', teamId: SDR.id }, {}, redis);
				owners.push(...result.items(0).map((output) => String(output.json.ownerId)));
			}
			expect(owners).toEqual(['101', '102', '103', '101']);
		});

		it('stays fair when 30 executions run at once: every member within 1 of the others', async () => {
			const results = await Promise.all(
				Array.from(
					{ length: 30 },
					async (_, n) =>
						await run(
							[{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: `rr-burst-${n}` }],
							{ ownerMode: 'roundRobin', teamId: SDR.id },
							{},
							redis,
						),
				),
			);
			const counts = new Map<string, number>();
			for (const result of results) {
				for (const output of result.items(0)) {
					const owner = String(output.json.ownerId);
					counts.set(owner, (counts.get(owner) ?? 0) + 1);
				}
			}
			expect([...counts.values()].reduce((sum, count) => sum + count, 0)).toBe(30);
			expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
			expect(counts.size).toBe(3);
		});
	});

	it('least loaded picks the member with the fewest open tasks', async () => {
		for (const [owner, count] of [
			['101', 2],
			['102', 1],
		] as const) {
			for (let i = 0; i < count; i++) {
				sandbox.store.create('tasks', {
					hs_task_subject: `Aberta ${owner}-${i}`,
					hs_task_status: 'NOT_STARTED',
					hubspot_owner_id: owner,
				});
			}
		}
		sandbox.store.create('tasks', {
			hs_task_subject: 'Feita',
			hs_task_status: 'COMPLETED',
			hubspot_owner_id: '103',
		});
		const items = [0, 1, 2].map((n) => ({
			contactId: '501',
			occurredAt: FRIDAY_4PM,
			eventId: `ll-${n}`,
		}));
		const result = await run(items, { ownerMode: 'leastLoaded', teamId: SDR.id });
		// 103 has none open (its completed one does not count), then 103 and 102 tie at one: 102.
		expect(result.items(0).map((output) => output.json.ownerId)).toEqual(['103', '102', '103']);
	});

	it('records of owners outside the chosen teams go to "Not Permitted", untouched, with the reason', async () => {
		const result = await run(
			[
				{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'p-1' },
				{ contactId: '502', occurredAt: FRIDAY_4PM, eventId: 'p-2' },
				{ contactId: '503', occurredAt: FRIDAY_4PM, eventId: 'p-3' },
			],
			{ permission: 'teams', permittedTeamIds: [SDR.id] },
		);
		expect(result.items(0).map((output) => output.json.record)).toEqual([
			{ objectType: 'contact', id: '501' },
		]);
		expect(result.items(1)).toEqual([
			{
				json: expect.objectContaining({
					contactId: '502',
					notPermitted: `owner 201 is in none of the chosen teams (${SDR.id})`,
				}),
				pairedItem: { item: 1 },
			},
			{
				json: expect.objectContaining({
					contactId: '503',
					notPermitted: expect.stringMatching(/has no owner/),
				}),
				pairedItem: { item: 2 },
			},
		]);
		expect(tasks()).toHaveLength(1);
	});

	it('"120 minutes before the meeting": due Friday 17:00 for a Monday 10:00 meeting; a past one is skipped', async () => {
		const confirm = {
			title: 'Confirmação de Reunião',
			deadlineKind: 'before',
			amount: 120,
			unit: 'minutes',
			beforeDate: '={{ $json.meetingStart }}',
			ifPast: 'skip',
		};
		const result = await run(
			[
				{ contactId: '501', meetingStart: at('2030-12-09T10:00').toISO(), eventId: 'm-1' },
				{ contactId: '501', meetingStart: at('2020-12-07T10:00').toISO(), eventId: 'm-2' },
			],
			{ actions: { action: [confirm] }, eventTime: '' },
		);
		const [created, skipped] = result.items(0);
		expect(local(created.json.dueAt)).toBe('Fri 2030-12-06 17:00');
		expect(skipped.json).toMatchObject({
			skipped: true,
			action: 'Action 1 ("Confirmação de Reunião")',
		});
		expect(skipped.pairedItem).toEqual({ item: 1 });
		expect(tasks()).toHaveLength(1);
	});

	it('bad input names the item and the field; with continueOnFail the good items go on', async () => {
		const bad: Array<[IDataObject, INodeParameters, RegExp]> = [
			[
				{ contactId: '999', occurredAt: FRIDAY_4PM },
				{},
				/^Record ID: no contact 999 exists in HubSpot/,
			],
			[{ contactId: 'abc', occurredAt: FRIDAY_4PM }, {}, /^Record ID: "abc" is not a HubSpot ID/],
			[{ contactId: '501', occurredAt: 'yesterday' }, {}, /^Event Time: "yesterday" is not a date/],
			[
				{ contactId: '501', occurredAt: FRIDAY_4PM },
				{ actions: { action: [{ ...FILTRO, amount: 20, unit: 'minutes' }] } },
				/^Action 1 \("Realizar Filtro 1"\): 20 minutes is less than the 30 minutes/,
			],
			[
				{ contactId: '501', occurredAt: FRIDAY_4PM },
				{ actions: { action: [{ ...FILTRO, amount: -3 }] } },
				/^Action 1 \("Realizar Filtro 1"\) > Amount: must be a number of 0 or more/,
			],
			[
				{ contactId: '501', occurredAt: FRIDAY_4PM },
				{ calendar: { timeZone: 'Sao Paulo' } },
				/^Business Calendar > Time Zone: "Sao Paulo" is not an IANA time zone/,
			],
			[
				{ contactId: '501', occurredAt: FRIDAY_4PM },
				{ calendar: { timeZone: ZONE, holidayCountry: 'XX' } },
				/^Business Calendar > Holidays Country: no public holidays known for "XX"/,
			],
			[
				{ contactId: '501', occurredAt: FRIDAY_4PM },
				{ ownerMode: 'roundRobin', teamId: 't-none' },
				/^Team: team t-none has no active members/,
			],
			[
				{ contactId: '501', occurredAt: FRIDAY_4PM },
				{ ownerMode: 'fixed', ownerId: '999' },
				/^Owner: owner "999" was not found/,
			],
		];
		for (const [item, extra, message] of bad) {
			const result = await run([item], extra);
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(message);
		}
		expect(tasks()).toHaveLength(0);

		const mixed = await run(
			[
				{ contactId: '999', occurredAt: FRIDAY_4PM, eventId: 'c-1' },
				{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'c-2' },
			],
			{},
			{ continueOnFail: true },
		);
		expect(mixed.status).toBe('success');
		const outputs = mixed.items(0);
		expect(outputs[0]).toMatchObject({
			json: { error: expect.stringMatching(/no contact 999/) },
			pairedItem: { item: 0 },
		});
		expect(outputs[1]).toMatchObject({
			json: { taskId: expect.any(String) },
			pairedItem: { item: 1 },
		});
		expect(tasks()).toHaveLength(1);
	});
});

describe('Complete Pending Activities', () => {
	async function goal(items: IDataObject[], extra: INodeParameters = {}) {
		return await runNode(
			{
				type: CreateWorkflowActivity,
				parameters: {
					operation: 'completePendingActivities',
					recordType: 'contact',
					recordId: '={{ $json.contactId }}',
					...extra,
				},
			},
			{
				nodeTypes,
				credentials: { hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url } },
				inputItems: items.map((json) => ({ json })),
			},
		);
	}

	async function createTwo(): Promise<void> {
		const recover = { ...FILTRO, title: 'Recuperar Lead', amount: 3, unit: 'months' };
		const created = await run([{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'g-1' }], {
			actions: { action: [FILTRO, recover] } as INodeParameters,
		});
		expect(created.items(0)).toHaveLength(2);
	}

	it("completes the record's open tasks this node created, and no other task", async () => {
		await createTwo();
		const manual = sandbox.store.create('tasks', {
			hs_task_subject: 'Ligar para o cliente',
			hs_task_status: 'NOT_STARTED',
		}).id;
		sandbox.store.associate('tasks', manual, 'contacts', '501');
		const result = await goal([{ contactId: '501' }]);
		expect(result.status).toBe('success');
		expect(result.items(0).map((output) => [output.json.title, output.json.done])).toEqual([
			['Realizar Filtro 1', 'completed'],
			['Recuperar Lead', 'completed'],
		]);
		const statuses = Object.fromEntries(
			tasks().map((task) => [task.properties.hs_task_subject, task.properties.hs_task_status]),
		);
		expect(statuses).toEqual({
			'Realizar Filtro 1': 'COMPLETED',
			'Recuperar Lead': 'COMPLETED',
			'Ligar para o cliente': 'NOT_STARTED',
		});
		// Met again: nothing left to complete.
		expect((await goal([{ contactId: '501' }])).items(0)).toEqual([]);
	});

	it('deletes only the titles asked for; an unknown record is named', async () => {
		await createTwo();
		const result = await goal([{ contactId: '501' }], {
			goalAction: 'delete',
			onlyTitles: 'recuperar lead',
		});
		expect(result.items(0).map((output) => [output.json.title, output.json.done])).toEqual([
			['Recuperar Lead', 'deleted'],
		]);
		expect(tasks().map((task) => task.properties.hs_task_subject)).toEqual(['Realizar Filtro 1']);
		const missing = await goal([{ contactId: '999' }]);
		expect(missing.status).toBe('error');
		expect(missing.error?.message).toMatch(/Record ID: no contact 999 exists in HubSpot/);
	});
});
