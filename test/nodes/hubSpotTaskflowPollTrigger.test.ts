/**
 * The poll trigger through n8n's engine (n8n-core's PollContext and PollTriggerExecutor, via the
 * poll harness) against the sandbox over HTTP: what it emits, what it keeps, what it drops.
 */
import { ownWriteLogFor, ownWriteScope } from '../../nodes/shared/state';
import { useTaskSandbox } from './applyTaskPrefixSupport';
import {
	apiCreate,
	apiUpdate,
	nextMillisecond,
	startPollTrigger,
} from './hubSpotTaskflowPollTriggerSupport';

const tasks = useTaskSandbox();

function ids(items: unknown): string[] {
	return ((items as Array<Array<{ json: { id: string } }>> | null)?.[0] ?? []).map(
		(item) => item.json.id,
	);
}

describe('HubSpot Taskflow Poll Trigger', () => {
	it('from now on: a new task is emitted once as created, a later change once as updated; older tasks never', async () => {
		const { sandbox } = tasks;
		tasks.createTask('Existing before activation');
		const trigger = startPollTrigger(sandbox);
		expect((await trigger.poll({ atActivation: true })).items).toBeNull();

		await nextMillisecond();
		const taskId = await apiCreate(sandbox, 'tasks', {
			hs_task_subject: 'Ligacao para o cliente',
			hs_timestamp: '2026-12-08T12:00:00Z',
		});
		const created = await trigger.poll();
		expect(created.error).toBeUndefined();
		expect(created.items).toEqual([
			[
				{
					json: expect.objectContaining({
						objectType: 'tasks',
						id: taskId,
						change: 'created',
						properties: expect.objectContaining({ hs_task_subject: 'Ligacao para o cliente' }),
					}),
				},
			],
		]);
		// Read again inside the overlap: dropped.
		expect((await trigger.poll()).items).toBeNull();

		await nextMillisecond();
		await apiUpdate(sandbox, 'tasks', taskId, { hs_task_priority: 'HIGH' });
		const updated = await trigger.poll();
		expect(updated.items?.[0].map((item) => item.json.change)).toEqual(['updated']);
		expect((await trigger.poll()).items).toBeNull();
	});

	it('from a date: existing records oldest first, split over polls by the maximum, none lost or repeated', async () => {
		const { sandbox } = tasks;
		const base = Date.now() - 3_600_000;
		const existing = Array.from({ length: 450 }, (_, index) => {
			const at = new Date(base + index * 1_000).toISOString();
			return sandbox.store.create('tasks', {
				hs_task_subject: `Old task ${index}`,
				hs_createdate: at,
				hs_lastmodifieddate: at,
			}).id;
		});
		const trigger = startPollTrigger(sandbox, {
			parameters: {
				startFrom: 'date',
				startDate: new Date(base - 1_000).toISOString(),
				options: { maxChangesPerPoll: 200 },
			},
		});
		const emitted: string[] = [];
		for (let poll = 0; poll < 4; poll++) emitted.push(...ids((await trigger.poll()).items));
		expect(emitted).toEqual(existing);
		expect((await trigger.poll()).items).toBeNull();
	});

	it('with watched properties, a change to another property emits nothing', async () => {
		const { sandbox } = tasks;
		const taskId = tasks.createTask('Contrato a renovar');
		const trigger = startPollTrigger(sandbox, {
			parameters: { watchedProperties: 'hs_task_subject, hubspot_owner_id' },
		});
		await trigger.poll({ atActivation: true });
		await nextMillisecond();
		await apiUpdate(sandbox, 'tasks', taskId, { hs_task_priority: 'LOW' });
		// Never emitted before, so its first change counts.
		expect(ids((await trigger.poll()).items)).toEqual([taskId]);
		await nextMillisecond();
		await apiUpdate(sandbox, 'tasks', taskId, { hs_task_priority: 'HIGH' });
		expect((await trigger.poll()).items).toBeNull();
		await nextMillisecond();
		await apiUpdate(sandbox, 'tasks', taskId, { hs_task_subject: 'Contrato renovado' });
		expect(ids((await trigger.poll()).items)).toEqual([taskId]);
	});

	it('no echo: the prefix Apply Task Prefix writes does not come back; the next polls write nothing', async () => {
		const { sandbox } = tasks;
		const trigger = startPollTrigger(sandbox, {
			prefixTasks: true,
			parameters: { watchedProperties: 'hs_task_subject' },
		});
		await trigger.poll({ atActivation: true });
		await nextMillisecond();
		const contract = await apiCreate(sandbox, 'tasks', {
			hs_task_subject: 'Contrato novo',
			hs_timestamp: '0',
		});
		const call = await apiCreate(sandbox, 'tasks', {
			hs_task_subject: 'Ligacao de retorno',
			hs_timestamp: '0',
		});
		const first = await trigger.poll();
		expect(first.execution?.status).toBe('success');
		expect([tasks.titleOf(contract), tasks.titleOf(call)]).toEqual([
			'[P1] Contrato novo',
			'[P2] Ligacao de retorno',
		]);
		const writesAfterFirst = tasks.requestsTo('/crm/v3/objects/tasks/batch/update').length;
		expect(writesAfterFirst).toBe(1);

		for (let poll = 0; poll < 3; poll++) {
			const later = await trigger.poll();
			expect(later.items).toBeNull();
			expect(later.execution).toBeUndefined();
		}
		expect(tasks.requestsTo('/crm/v3/objects/tasks/batch/update')).toHaveLength(writesAfterFirst);

		// Someone else's change to the title is news again.
		await nextMillisecond();
		await apiUpdate(sandbox, 'tasks', contract, { hs_task_subject: 'Ligacao sobre o contrato' });
		const again = await trigger.poll();
		expect(ids(again.items)).toEqual([contract]);
		expect(tasks.titleOf(contract)).toBe('[P1] Ligacao sobre o contrato');
	});

	it('a version the pack wrote still brings a watched change someone made just before it', async () => {
		const { sandbox } = tasks;
		const taskId = tasks.createTask('Retorno');
		const trigger = startPollTrigger(sandbox, {
			parameters: { watchedProperties: 'hs_task_subject' },
		});
		await trigger.poll({ atActivation: true });
		await nextMillisecond();
		// Someone renames the task; before the next poll the pack writes another property of it
		// (as the rotation template gives a new contact its owner), so the poll sees the pack's version.
		await apiUpdate(sandbox, 'tasks', taskId, { hs_task_subject: 'Retorno urgente' });
		await nextMillisecond();
		await apiUpdate(sandbox, 'tasks', taskId, { hs_task_priority: 'HIGH' });
		const modifiedMs = Date.parse(
			String(sandbox.store.get('tasks', taskId)?.properties.hs_lastmodifieddate),
		);
		await ownWriteLogFor(ownWriteScope(sandbox.url, sandbox.token)).remember([
			{ objectType: 'tasks', id: taskId, modifiedMs, properties: ['hs_task_priority'] },
		]);
		expect(ids((await trigger.poll()).items)).toEqual([taskId]);
		// The pack's write of a watched property stays its own echo (the "no echo" test above).
	});

	it('a failed poll moves nothing: its changes come with the next poll that succeeds', async () => {
		const { sandbox } = tasks;
		const trigger = startPollTrigger(sandbox);
		await trigger.poll({ atActivation: true });
		const stateBefore = JSON.stringify(trigger.staticData());
		await nextMillisecond();
		const taskId = await apiCreate(sandbox, 'tasks', {
			hs_task_subject: 'Retorno',
			hs_timestamp: '0',
		});

		sandbox.setFaults({ rate: 1, statuses: [503], paths: '/search$' });
		const failed = await trigger.poll();
		expect(failed.items).toBeNull();
		expect(failed.error?.message).toMatch(/503|unavailable|HubSpot/i);
		expect(JSON.stringify(trigger.staticData())).toBe(stateBefore);

		sandbox.setFaults(undefined);
		expect(ids((await trigger.poll()).items)).toEqual([taskId]);
	});

	it('bad settings name their field: an unknown property, a start date in the future', async () => {
		const { sandbox } = tasks;
		const unknown = startPollTrigger(sandbox, {
			parameters: { properties: 'hs_task_subject, hs_no_such_thing' },
		});
		const fetched = await unknown.poll({ mode: 'manual' });
		expect(fetched.error?.message).toBe(
			'Properties: HubSpot has no tasks property "hs_no_such_thing"',
		);
		await expect(unknown.poll({ atActivation: true })).rejects.toThrow(
			/Properties: HubSpot has no tasks property/,
		);

		const future = startPollTrigger(sandbox, {
			parameters: { startFrom: 'date', startDate: new Date(Date.now() + 86_400_000).toISOString() },
		});
		await expect(future.poll({ atActivation: true })).rejects.toThrow(
			/Start Date: is in the future/,
		);
	});

	it('a booked meeting comes with the IDs of its contact, so a task can go on the contact', async () => {
		const { sandbox } = tasks;
		const contactId = await apiCreate(sandbox, 'contacts', { email: 'lead@example.com.br' });
		const trigger = startPollTrigger(sandbox, {
			parameters: { objectType: 'meetings', triggerOn: 'created', includeAssociations: true },
		});
		expect((await trigger.poll({ atActivation: true })).items).toBeNull();
		await nextMillisecond();
		// 200: HubSpot's meeting-to-contact association type
		const meetingId = await apiCreate(
			sandbox,
			'meetings',
			{
				hs_meeting_title: 'Demo',
				hs_meeting_start_time: '2026-12-09T15:00:00Z',
				hs_timestamp: '2026-12-09T15:00:00Z',
			},
			[{ toId: contactId, associationTypeId: 200 }],
		);
		const booked = await trigger.poll();
		expect(booked.error).toBeUndefined();
		expect(booked.items?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({
				objectType: 'meetings',
				id: meetingId,
				change: 'created',
				associations: { contacts: [contactId], companies: [], deals: [], tickets: [] },
			}),
		]);
	});

	it('Fetch Test Event returns the latest changed record and saves nothing', async () => {
		const { sandbox } = tasks;
		tasks.createTask('Primeira');
		await nextMillisecond();
		const latest = tasks.createTask('Segunda');
		const trigger = startPollTrigger(sandbox, { parameters: { includeAssociations: true } });
		const fetched = await trigger.poll({ mode: 'manual' });
		expect(fetched.error).toBeUndefined();
		expect(fetched.items?.[0]).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					id: latest,
					associations: { contacts: [], companies: [], deals: [], tickets: [] },
				}),
			}),
		]);
		expect(trigger.staticData()).toEqual({});
	});
});
