/**
 * Create Workflow Activity's goals and retroactive enrolment through n8n's engine against the
 * sandbox: Complete Pending Activities touches only the tasks this node made for the record;
 * Create for Existing Records gives matching records their tasks once, with a dry run.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CreateWorkflowActivity } from '../../nodes/CreateWorkflowActivity/CreateWorkflowActivity.node';
import { runNode } from '../../tools/engine';
import { FILTRO, FRIDAY_4PM, nodeTypes, useActivitySandbox } from './createWorkflowActivitySupport';

const { sandbox, run, tasks } = useActivitySandbox();

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

describe('Create for Existing Records', () => {
	async function enrol(extra: INodeParameters = {}) {
		return await run([{}], {
			operation: 'createForExistingRecords',
			recordFilters: {
				filter: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }],
			},
			eventTime: '',
			...extra,
		});
	}

	it('gives matching records the task once: a dry run lists, a run creates, a second run creates nothing', async () => {
		const leads = ['lead-a', 'lead-b', 'lead-c'].map(
			(email) =>
				sandbox.store.create('contacts', {
					email: `${email}@example.com.br`,
					lifecyclestage: 'lead',
					hubspot_owner_id: '102',
				}).id,
		);
		sandbox.store.create('contacts', {
			email: 'customer@example.com.br',
			lifecyclestage: 'customer',
		});

		const preview = await enrol({ dryRun: true });
		expect(
			preview
				.items(0)
				.map((output) => [output.json.record, output.json.wouldCreate, output.json.ownerId]),
		).toEqual(leads.map((id) => [{ objectType: 'contact', id }, true, '102']));
		expect(tasks()).toHaveLength(0);

		const first = await enrol();
		expect(first.items(0).map((output) => output.json.existing)).toEqual([false, false, false]);
		expect(tasks()).toHaveLength(3);

		const second = await enrol();
		expect(second.items(0).map((output) => output.json.existing)).toEqual([true, true, true]);
		expect(tasks()).toHaveLength(3);
		const again = await enrol({ dryRun: true });
		expect(again.items(0).map((output) => output.json.wouldCreate)).toEqual([false, false, false]);
	});

	it('a bad filter is named', async () => {
		const result = await enrol({
			recordFilters: { filter: [{ propertyName: 'Lifecycle Stage', operator: 'EQ', value: 'x' }] },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^Filters > Filter 1 > Property: "Lifecycle Stage" is not a HubSpot property name/,
		);
	});
});
