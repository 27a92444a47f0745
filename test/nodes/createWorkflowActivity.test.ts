/**
 * Create Workflow Activity's Create Activities through n8n's engine against the sandbox: the tasks
 * it creates (due, reminder, owner, association), a redelivered event creating nothing new, round
 * robin and least loaded owners, the permission output, and every bad input named.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { describeWithRedis } from '../support/describeWithServices';
import { TEST_REDIS_URL } from '../support/redisKeys';
import {
	AE,
	at,
	FILTRO,
	FRIDAY_4PM,
	local,
	SDR,
	useActivitySandbox,
	ZONE,
} from './createWorkflowActivitySupport';

const { sandbox, run, tasks } = useActivitySandbox();

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
		expect(local(created.json.dueAt)).toBe('Mon 2030-12-09 11:00');
		const [task] = tasks();
		expect(task.properties).toMatchObject({
			hs_task_subject: 'Realizar Filtro 1',
			hs_task_type: 'CALL',
			hs_task_priority: 'HIGH',
			hs_task_body: 'Lead recebido',
			hubspot_owner_id: '101',
			hs_task_status: 'NOT_STARTED',
		});
		expect(local(task.properties.hs_timestamp)).toBe('Mon 2030-12-09 11:00');
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

		it('hands the team out in turn, also across executions; an event handled again keeps its member', async () => {
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
			// the owners and their teams are read once, then kept for the next executions
			expect(sandbox.requestLog().filter((e) => e.path.startsWith('/crm/v3/owners'))).toHaveLength(
				1,
			);
			// handled again (a retry, a redelivery), an event keeps its member and takes no turn
			const again = await run(
				[{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'rr-0-1' }],
				{ ownerMode: 'roundRobin', teamId: SDR.id },
				{},
				redis,
			);
			expect(again.items(0).map((output) => [output.json.ownerId, output.json.existing])).toEqual([
				['102', true],
			]);
			const next = await run(
				[{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'rr-2-0' }],
				{ ownerMode: 'roundRobin', teamId: SDR.id },
				{},
				redis,
			);
			expect(next.items(0).map((output) => output.json.ownerId)).toEqual(['102']);
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

	it('Assign Unowned Records: an unowned contact gets the chosen owner with its task; an owned one keeps its owner; a redelivery changes nothing', async () => {
		const items = [
			{ contactId: '503', occurredAt: FRIDAY_4PM, eventId: 'assign-1' },
			{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'assign-2' },
		];
		const settings = { ownerMode: 'fixed', ownerId: '102', assignUnownedRecord: true };
		const result = await run(items, settings);
		expect(result.status).toBe('success');
		expect(result.items(0).map((output) => output.json)).toEqual([
			expect.objectContaining({ record: { objectType: 'contact', id: '503' }, ownerId: '102' }),
			{ recordOwnerAssigned: '102', record: { objectType: 'contact', id: '503' } },
			expect.objectContaining({ record: { objectType: 'contact', id: '501' }, ownerId: '102' }),
		]);
		const ownerOf = (id: string) =>
			sandbox.store.all('contacts').find((contact) => contact.id === id)?.properties
				.hubspot_owner_id;
		expect(ownerOf('503')).toBe('102');
		expect(ownerOf('501')).toBe('101');

		const logBefore = sandbox.requestLog().length;
		const again = await run(items, { ...settings, ownerId: '103' });
		expect(again.items(0).map((output) => output.json.existing)).toEqual([true, true]);
		expect(ownerOf('503')).toBe('102');
		expect(tasks()).toHaveLength(2);
		const writes = sandbox
			.requestLog()
			.slice(logBefore)
			.filter((e) => e.method === 'PATCH' || e.path.endsWith('/batch/update'));
		expect(writes).toEqual([]);
	});

	it("Also Associate With: a deal's task goes on the deal, its contacts and its company, all in the create", async () => {
		const deal = sandbox.store.create('deals', { dealname: 'Renovação', hubspot_owner_id: '101' });
		const company = sandbox.store.create('companies', { name: 'Acme Ltda' });
		sandbox.store.associate('deals', deal.id, 'contacts', '501');
		sandbox.store.associate('deals', deal.id, 'contacts', '502');
		sandbox.store.associate('deals', deal.id, 'companies', company.id);
		const logBefore = sandbox.requestLog().length;
		const result = await run([{ dealId: deal.id, occurredAt: FRIDAY_4PM, eventId: 'assoc-1' }], {
			recordType: 'deal',
			recordId: '={{ $json.dealId }}',
			associateWith: ['contacts', 'companies'],
		});
		expect(result.status).toBe('success');
		// the record read, one association read per type, the create with every link inline
		const calls = sandbox
			.requestLog()
			.slice(logBefore)
			.map((exchange) => `${exchange.method} ${exchange.path}`);
		expect(calls).toEqual([
			'POST /crm/v3/objects/deals/batch/read',
			'POST /crm/v4/associations/deals/contacts/batch/read',
			'POST /crm/v4/associations/deals/companies/batch/read',
			'POST /crm/v3/objects/tasks/batch/create',
		]);
		const [task] = tasks();
		const associatedIds = async (toType: string) => {
			const response = await fetch(
				`${sandbox.url}/crm/v4/objects/tasks/${task.id}/associations/${toType}`,
				{ headers: { authorization: `Bearer ${sandbox.token}` } },
			);
			const body = (await response.json()) as { results: Array<{ toObjectId: number | string }> };
			return body.results.map((r) => String(r.toObjectId)).sort();
		};
		expect(await associatedIds('deals')).toEqual([deal.id]);
		expect(await associatedIds('contacts')).toEqual(['501', '502']);
		expect(await associatedIds('companies')).toEqual([company.id]);
	});

	it("Calendars per Team: a Lisbon rep's task counts Lisbon's hours, a São Paulo rep's the Business Calendar; a bad team time zone is named", async () => {
		const lisbon = {
			teamCalendars: {
				calendar: [{ teamId: AE.id, timeZone: 'Europe/Lisbon', holidayCountry: 'PT' }],
			},
		};
		const result = await run(
			[
				{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'cal-1' },
				{ contactId: '502', occurredAt: FRIDAY_4PM, eventId: 'cal-2' },
			],
			lisbon,
		);
		expect(result.status).toBe('success');
		const due = result.items(0).map((output) => [output.json.ownerId, local(output.json.dueAt)]);
		// Friday 16:00 in São Paulo is 19:00 in Lisbon, closed: 4 hours from Monday 09:00 Lisbon
		expect(due).toEqual([
			['101', 'Mon 2030-12-09 11:00'],
			['201', 'Mon 2030-12-09 10:00'],
		]);
		expect(
			DateTime.fromISO(String(result.items(0)[1].json.dueAt), { zone: 'Europe/Lisbon' }).toFormat(
				'HH:mm',
			),
		).toBe('13:00');

		const bad = await run([{ contactId: '502', occurredAt: FRIDAY_4PM, eventId: 'cal-3' }], {
			teamCalendars: { calendar: [{ teamId: AE.id, timeZone: 'Europe/Lisboa' }] },
		});
		expect(bad.status).toBe('error');
		expect(bad.error?.message).toMatch(/Calendars per Team > Team Calendar 1 > Time Zone/);
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
