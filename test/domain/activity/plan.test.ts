import { DateTime } from 'luxon';

import {
	activityKey,
	ActivityError,
	goalActions,
	pendingActivities,
	leastLoaded,
	memberInTurn,
	planActivity,
	refusal,
	type ActivityAction,
	type ActivityContext,
} from '../../../nodes/domain/activity';
import { BusinessCalendar } from '../../../nodes/domain/schedule';

const ZONE = 'America/Sao_Paulo';
const calendar = new BusinessCalendar({
	timeZone: ZONE,
	weeklyHours: 'Mon-Fri 09:00-18:00',
	holidays: { country: 'BR', state: 'SP' },
});
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const local = (ms: number) =>
	DateTime.fromMillis(ms, { zone: ZONE }).toFormat('ccc yyyy-MM-dd HH:mm');

const FRIDAY_4PM = at('2026-12-04T16:00');
const context: ActivityContext = {
	nowMs: FRIDAY_4PM,
	calendar,
	businessTimeOnly: true,
	ownerId: '101',
	record: { objectType: 'contacts', id: '501' },
	idempotencyKey: activityKey({
		workflow: 'wf1',
		action: 0,
		objectType: 'contacts',
		recordId: '501',
		event: 'evt-9',
	}),
};
const filtro: ActivityAction = {
	label: 'Action 1 ("Realizar Filtro 1")',
	taskType: 'CALL',
	title: 'Realizar Filtro 1',
	notes: 'Lead recebido do RD Station',
	priority: 'HIGH',
	titlePrefix: '[P1] ',
	deadline: { kind: 'after', within: { amount: 4, unit: 'hours' }, eventMs: FRIDAY_4PM },
	notifyBefore: { amount: 30, unit: 'minutes' },
};

describe('planActivity', () => {
	test('a task due 4 business hours after a Friday 16:00 lead, reminded 30 minutes before, for the record and its owner', () => {
		const plan = planActivity(filtro, context);
		expect(plan.kind).toBe('create');
		if (plan.kind !== 'create') return;
		expect(local(plan.dueMs)).toBe('Mon 2026-12-07 11:00');
		expect(local(plan.reminderMs as number)).toBe('Mon 2026-12-07 10:30');
		expect(plan.action).toEqual({
			kind: 'create',
			objectType: 'tasks',
			properties: {
				hs_task_subject: '[P1] Realizar Filtro 1',
				hs_task_type: 'CALL',
				hs_task_status: 'NOT_STARTED',
				hs_timestamp: new Date(plan.dueMs).toISOString(),
				hs_task_body: 'Lead recebido do RD Station',
				hs_task_priority: 'HIGH',
				hubspot_owner_id: '101',
				hs_task_reminders: String(plan.reminderMs),
			},
			// HubSpot's default task-to-contact type, inline with the create
			associations: [
				{
					toObjectType: 'contacts',
					toId: '501',
					type: { category: 'HUBSPOT_DEFINED', typeId: 204 },
				},
			],
			idempotencyKey: 'cwa:wf1:0:contacts:501:evt-9',
		});
	});

	test('"Recuperar Lead" in 3 months, in calendar time', () => {
		const plan = planActivity(
			{
				...filtro,
				title: 'Recuperar Lead',
				titlePrefix: undefined,
				deadline: { kind: 'after', within: { amount: 3, unit: 'months' }, eventMs: FRIDAY_4PM },
				notifyBefore: undefined,
			},
			{ ...context, businessTimeOnly: false },
		);
		expect(plan.kind === 'create' && local(plan.dueMs)).toBe('Thu 2027-03-04 16:00');
	});

	test('"Confirmação de Reunião" 120 minutes before the meeting; a past one is skipped or refused, as chosen', () => {
		const meeting = at('2026-12-07T10:00');
		const confirm: ActivityAction = {
			...filtro,
			title: 'Confirmação de Reunião',
			deadline: {
				kind: 'before',
				before: { amount: 120, unit: 'minutes' },
				anchorMs: meeting,
				ifPast: 'skip',
			},
		};
		const plan = planActivity(confirm, context);
		expect(plan.kind === 'create' && local(plan.dueMs)).toBe('Fri 2026-12-04 17:00');
		const late = { ...context, nowMs: at('2026-12-04T17:30') };
		expect(planActivity(confirm, late)).toEqual({
			kind: 'skip',
			reason: expect.stringMatching(
				/^Action 1 \("Realizar Filtro 1"\): its due time .* has passed$/,
			),
		});
		expect(() =>
			planActivity(
				{
					...confirm,
					deadline: { ...confirm.deadline, ifPast: 'error' } as ActivityAction['deadline'],
				},
				late,
			),
		).toThrow(ActivityError);
	});

	test('less than 30 minutes to complete is refused, naming the action and the field', () => {
		let thrown: unknown;
		try {
			planActivity(
				{
					...filtro,
					deadline: { kind: 'after', within: { amount: 20, unit: 'minutes' }, eventMs: FRIDAY_4PM },
				},
				context,
			);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ActivityError);
		expect((thrown as ActivityError).field).toBe('Complete Within');
		expect((thrown as ActivityError).message).toBe(
			'Action 1 ("Realizar Filtro 1"): 20 minutes is less than the 30 minutes an activity is given at least',
		);
	});

	test('schedule errors name the action; an empty title is refused; a past reminder is left out', () => {
		expect(() =>
			planActivity(
				{
					...filtro,
					deadline: { kind: 'after', within: { amount: -2, unit: 'hours' }, eventMs: FRIDAY_4PM },
				},
				context,
			),
		).toThrow(
			/^Action 1 \("Realizar Filtro 1"\): the duration must be a number of hours of 0 or more/,
		);
		expect(() => planActivity({ ...filtro, title: ' ', titlePrefix: '' }, context)).toThrow(
			/the title is empty/,
		);
		const plan = planActivity({ ...filtro, notifyBefore: { amount: 2, unit: 'days' } }, context);
		expect(plan.kind === 'create' && plan.reminderMs).toBeUndefined();
		expect(plan.kind === 'create' && plan.action.properties.hs_task_reminders).toBeUndefined();
	});
});

describe('owners', () => {
	const team = [{ ownerId: '30' }, { ownerId: '7' }, { ownerId: '12' }];

	test('round robin goes through the members in id order, whatever order HubSpot lists them in', () => {
		expect([1, 2, 3, 4, 5].map((turn) => memberInTurn(team, turn)?.ownerId)).toEqual([
			'7',
			'12',
			'30',
			'7',
			'12',
		]);
		expect(memberInTurn([], 1)).toBeUndefined();
	});

	test('least loaded takes the fewest open tasks, the lowest id on a tie', () => {
		expect(
			leastLoaded(
				team,
				new Map([
					['7', 3],
					['12', 1],
					['30', 1],
				]),
			)?.ownerId,
		).toBe('12');
		expect(leastLoaded(team, new Map())?.ownerId).toBe('7');
	});

	test('permission: all, or owners in the chosen teams, with the reason when refused', () => {
		expect(refusal({ kind: 'all' }, undefined)).toBeUndefined();
		const teams = { kind: 'teams' as const, teamIds: ['t-sdr'] };
		expect(refusal(teams, { id: '7', teamIds: ['t-sdr', 't-x'] })).toBeUndefined();
		expect(refusal(teams, { id: '7', teamIds: ['t-ae'] })).toBe(
			'owner 7 is in none of the chosen teams (t-sdr)',
		);
		expect(refusal(teams, undefined)).toMatch(/has no owner/);
	});
});

describe('goals', () => {
	const tasksOfRecord = [
		{
			id: '1',
			title: '[P1] Realizar Filtro 1',
			status: 'NOT_STARTED',
			key: 'cwa:wf1:0:contacts:501:e1',
		},
		{ id: '2', title: 'Recuperar Lead', status: 'IN_PROGRESS', key: 'cwa:wf1:1:contacts:501:e1' },
		{ id: '3', title: 'Realizar Filtro 1', status: 'COMPLETED', key: 'cwa:wf1:0:contacts:501:e0' },
		{ id: '4', title: 'Ligar para o cliente', status: 'NOT_STARTED', key: undefined },
		{ id: '5', title: 'Outra integração', status: 'NOT_STARTED', key: 'other:1' },
	];

	test("only this node's open tasks, optionally by title", () => {
		expect(pendingActivities(tasksOfRecord).map((task) => task.id)).toEqual(['1', '2']);
		expect(pendingActivities(tasksOfRecord, ['recuperar lead']).map((task) => task.id)).toEqual([
			'2',
		]);
		expect(pendingActivities(tasksOfRecord, [' ', '']).map((task) => task.id)).toEqual(['1', '2']);
	});

	test('complete or delete', () => {
		const pending = pendingActivities(tasksOfRecord);
		expect(goalActions(pending, 'complete')).toEqual([
			{ kind: 'update', objectType: 'tasks', id: '1', properties: { hs_task_status: 'COMPLETED' } },
			{ kind: 'update', objectType: 'tasks', id: '2', properties: { hs_task_status: 'COMPLETED' } },
		]);
		expect(goalActions(pending, 'delete')).toEqual([
			{ kind: 'archive', objectType: 'tasks', id: '1' },
			{ kind: 'archive', objectType: 'tasks', id: '2' },
		]);
	});
});
