import {
	archiveRecord,
	associateRecords,
	createRecord,
	describeAction,
	hubSpotDefined,
	updateRecord,
} from '../../../nodes/domain/crm';
import {
	compileRuleSet,
	createPrefixFormat,
	planTitleChange,
	titleChangeWrite,
} from '../../../nodes/domain/priority';
import { LEVELS, tableRows } from '../priority/support/rows';

describe('CRM actions', () => {
	it('are plain data, with no idempotency key unless one is given', () => {
		expect(createRecord('tasks', { hs_task_subject: 'Ligar' })).toEqual({
			kind: 'create',
			objectType: 'tasks',
			properties: { hs_task_subject: 'Ligar' },
			associations: [],
		});
		expect(
			createRecord(
				'calls',
				{},
				{ idempotencyKey: 'evt-9', associations: [{ toObjectType: 'contacts', toId: '7' }] },
			),
		).toMatchObject({
			idempotencyKey: 'evt-9',
			associations: [{ toObjectType: 'contacts', toId: '7' }],
		});
		expect(
			associateRecords('tasks', '1', {
				toObjectType: 'contacts',
				toId: '2',
				type: hubSpotDefined(204),
			}),
		).toEqual({
			kind: 'associate',
			objectType: 'tasks',
			fromId: '1',
			toObjectType: 'contacts',
			toId: '2',
			type: { category: 'HUBSPOT_DEFINED', typeId: 204 },
		});
	});

	it('name themselves for messages', () => {
		expect(
			[
				createRecord('calls', {}, { idempotencyKey: 'evt-9' }),
				createRecord('calls', {}),
				updateRecord('tasks', '12', {}),
				archiveRecord('tasks', '13'),
				associateRecords('tasks', '1', { toObjectType: 'contacts', toId: '2' }),
			].map(describeAction),
		).toEqual([
			'Create calls (key evt-9)',
			'Create calls',
			'Update tasks 12',
			'Archive tasks 13',
			'Associate tasks 1 with contacts 2',
		]);
	});
});

describe('titleChangeWrite', () => {
	const format = createPrefixFormat('[{priority}] ', LEVELS);
	const { ruleSet } = compileRuleSet(tableRows(['contrato', 'P1']), LEVELS);

	it('is an update of the task with exactly the planned properties, or nothing', () => {
		const plan = (id: string, title: string) =>
			planTitleChange({ id, title }, ruleSet, undefined, format, { removeWhenNone: true });
		const changed = plan('5', 'Enviar contrato');
		const same = plan('6', '[P1] Enviar contrato');

		expect(titleChangeWrite(changed)).toEqual(
			updateRecord('tasks', '5', { hs_task_subject: '[P1] Enviar contrato' }),
		);
		expect(titleChangeWrite(same)).toBeUndefined();
	});
});
