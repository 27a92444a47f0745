/**
 * An item whose second action HubSpot refuses (a queue the portal does not have), created through
 * n8n's engine against the sandbox: the refusal fails that action alone (not the item's first
 * action, not the other items' tasks in the same batch), the node says what the item had done,
 * and a re-run after the fix creates only what is missing.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FILTRO, FRIDAY_4PM, useActivitySandbox } from './createWorkflowActivitySupport';

const { run, tasks, sandbox } = useActivitySandbox();

const CONFIRMACAO: IDataObject = {
	title: 'Confirmação de Reunião',
	taskType: 'EMAIL',
	deadlineKind: 'after',
	amount: 1,
	unit: 'days',
	queueId: '={{ $json.queue }}',
};
// Keyed by the event, so the re-run after the fix (the item now names another queue) is the same event.
const TWO_ACTIONS: INodeParameters = {
	actions: { action: [FILTRO, CONFIRMACAO] } as INodeParameters,
	eventKey: '={{ $json.eventId }}',
};

function tasksOf(contactId: string) {
	const taskIds = new Set(sandbox.store.associatedIds('contacts', contactId, 'tasks'));
	return tasks().filter((task) => taskIds.has(task.id));
}

const titles = (contactId: string) =>
	tasksOf(contactId)
		.map((task) => task.properties.hs_task_subject)
		.sort();

describe('Create Workflow Activity: an action HubSpot refuses', () => {
	it('fails that action only; the error names it and what its item created; a re-run adds only the missing task', async () => {
		const events = [
			{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'e-1', queue: '9999' },
			{ contactId: '502', occurredAt: FRIDAY_4PM, eventId: 'e-2', queue: '4502' },
		];
		const failed = await run(events, TWO_ACTIONS);

		expect(failed.status).toBe('error');
		expect(failed.error?.message).toMatch(
			/^Action 2 \("Confirmação de Reunião"\): .*9999 was not one of the allowed options/,
		);
		const created = tasksOf('501');
		expect(created.map((task) => task.properties.hs_task_subject)).toEqual(['Realizar Filtro 1']);
		expect(failed.error?.description).toContain(
			`Item 0 had done, and keeps: tasks ${created[0].id} created (Action 1 ("Realizar Filtro 1"))`,
		);
		// The other item's tasks were in the same batch and are written.
		expect(titles('502')).toEqual(['Confirmação de Reunião', 'Realizar Filtro 1']);

		const fixed = await run([{ ...events[0], queue: '4501' }, events[1]], TWO_ACTIONS);
		expect(fixed.status).toBe('success');
		expect(
			fixed.items(0).map((item) => [item.json.action, item.json.existing, item.pairedItem]),
		).toEqual([
			['Action 1 ("Realizar Filtro 1")', true, { item: 0 }],
			['Action 2 ("Confirmação de Reunião")', false, { item: 0 }],
			['Action 1 ("Realizar Filtro 1")', true, { item: 1 }],
			['Action 2 ("Confirmação de Reunião")', true, { item: 1 }],
		]);
		expect(titles('501')).toEqual(['Confirmação de Reunião', 'Realizar Filtro 1']);
		expect(tasksOf('501').find((task) => task.properties.hs_task_type === 'EMAIL')).toMatchObject({
			properties: { hs_queue_membership_ids: '4501' },
		});
		expect(tasks()).toHaveLength(4);
	});

	it('with continueOnFail: the created task and the refused action both come out, paired with their item', async () => {
		const result = await run(
			[{ contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'e-3', queue: '9999' }],
			TWO_ACTIONS,
			{ continueOnFail: true },
		);

		expect(result.status).toBe('success');
		const [createdItem, refusedItem, ...rest] = result.items(0);
		expect(rest).toHaveLength(0);
		expect(createdItem).toMatchObject({
			json: { action: 'Action 1 ("Realizar Filtro 1")', existing: false },
			pairedItem: { item: 0 },
		});
		expect(refusedItem).toMatchObject({
			json: {
				contactId: '501',
				error: expect.stringMatching(
					/^Action 2 \("Confirmação de Reunião"\) \(item 0\): .*9999 was not one of the allowed options/,
				),
			},
			pairedItem: { item: 0 },
		});
		expect(tasksOf('501').map((task) => task.id)).toEqual([createdItem.json.taskId]);
	});
});
