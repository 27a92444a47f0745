/**
 * Apply Task Prefix's Update Tasks and Update Record's Tasks on bad input, through n8n's engine
 * against the sandbox: every bad task id, record id and credential is an error naming the item and
 * the field; with Continue On Fail each bad item becomes an error item paired with its input, and
 * the good items of the same batch are still written.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { ApplyTaskPrefix } from '../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node';
import { useTaskSandbox } from './applyTaskPrefixSupport';
import {
	NodeTypeRegistry,
	runNode,
	type NodeSettings,
	type TestCredentials,
} from '../../tools/engine';

const nodeTypes = new NodeTypeRegistry([ApplyTaskPrefix], [HubSpotTaskflowApi]);
const taskSandbox = useTaskSandbox();
const { createTask, titleOf, requestsTo } = taskSandbox;

const INLINE_RULES: INodeParameters = {
	rulesSource: 'inline',
	rulesTable: { rule: [{ keyword: 'contrato', priority: 'P1', matchType: '' }] },
};

const UPDATE_TASKS: INodeParameters = {
	operation: 'updateTasks',
	taskId: '={{ $json.taskId }}',
	priorityFrom: 'rules',
	...INLINE_RULES,
};

const UPDATE_RECORD_TASKS: INodeParameters = {
	operation: 'updateRecordTasks',
	recordType: 'contact',
	recordId: '={{ $json.id }}',
	...INLINE_RULES,
};

function goodCredentials(): TestCredentials {
	return {
		hubSpotTaskflowApi: {
			accessToken: taskSandbox.sandbox.token,
			baseUrl: taskSandbox.sandbox.url,
		},
	};
}

async function run(
	parameters: INodeParameters,
	inputItems: IDataObject[],
	settings: NodeSettings = {},
	credentials: TestCredentials = goodCredentials(),
) {
	return await runNode(
		{ type: ApplyTaskPrefix, parameters, ...settings },
		{ nodeTypes, credentials, inputItems: inputItems.map((json) => ({ json })) },
	);
}

function contactWithTask(title: string): { contact: string; task: string } {
	const contact = taskSandbox.sandbox.store.create('contacts', { email: 'c@example.com' }).id;
	const task = createTask(title);
	taskSandbox.sandbox.store.associate('contacts', contact, 'tasks', task);
	return { contact, task };
}

/** The item index n8n records on a node error (shown with the error in the editor). */
function itemIndexOf(error: unknown): number | undefined {
	return (error as { context?: { itemIndex?: number } } | undefined)?.context?.itemIndex;
}

const MALFORMED_IDS: Array<[string, string, RegExp]> = [
	['empty', '', /is empty/],
	['whitespace', '   ', /is empty/],
	['non-numeric', 'abc', /"abc" is not a HubSpot ID/],
	['negative', '-5', /"-5" is not a HubSpot ID/],
	['inner whitespace', '12 3', /"12 3" is not a HubSpot ID/],
	['fractional', '1.5', /"1\.5" is not a HubSpot ID/],
];

describe('Update Tasks: bad task ids', () => {
	it.each(MALFORMED_IDS)(
		'fails the node for a %s task id, naming the item and the field, before anything is sent',
		async (_label, badId, message) => {
			const good = createTask('Enviar contrato');
			const result = await run(UPDATE_TASKS, [{ taskId: good }, { taskId: badId }]);
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(message);
			expect(result.error?.message).toContain('Task ID (item 1)');
			expect(requestsTo('/crm/v3/objects/tasks/batch/read')).toHaveLength(0);
			expect(titleOf(good)).toBe('Enviar contrato');
		},
	);

	it('with continueOnFail, every bad id is an error item paired with its input and the good tasks are written', async () => {
		const first = createTask('Enviar contrato A');
		const last = createTask('Enviar contrato B');
		const inputs = [first, ...MALFORMED_IDS.map(([, id]) => id), '987654321', last].map(
			(taskId) => ({ taskId }),
		);
		const result = await run(UPDATE_TASKS, inputs, { continueOnFail: true });

		expect(result.status).toBe('success');
		const items = result.items();
		expect(items.map((item) => item.pairedItem)).toEqual(inputs.map((_, item) => ({ item })));
		MALFORMED_IDS.forEach(([, , message], position) => {
			const item = items[position + 1];
			expect(item.json.error).toMatch(message);
			expect(item.json.error).toContain(`Task ID (item ${position + 1})`);
		});
		const missing = items[MALFORMED_IDS.length + 1];
		expect(missing.json.error).toMatch(
			new RegExp(`^Task 987654321 \\(item ${MALFORMED_IDS.length + 1}\\): .+`),
		);
		expect(items[0].json).toMatchObject({ taskId: first, changed: true });
		expect(items[items.length - 1].json).toMatchObject({ taskId: last, changed: true });
		expect(titleOf(first)).toBe('[P1] Enviar contrato A');
		expect(titleOf(last)).toBe('[P1] Enviar contrato B');
	});
});

describe("Update Record's Tasks: bad record ids", () => {
	it('a record that does not exist fails the node naming the item and the field', async () => {
		const { contact, task } = contactWithTask('Enviar contrato');
		const result = await run(UPDATE_RECORD_TASKS, [{ id: contact }, { id: '987654321' }]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Contact 987654321: no contact with this Record ID exists in HubSpot',
		);
		expect(itemIndexOf(result.error)).toBe(1);
		// The other record's tasks were still written (the batch is never half done per item).
		expect(titleOf(task)).toBe('[P1] Enviar contrato');
	});

	it('a record that exists but has no tasks succeeds with no output for it', async () => {
		const lonely = taskSandbox.sandbox.store.create('contacts', { email: 'l@example.com' }).id;
		const result = await run(UPDATE_RECORD_TASKS, [{ id: lonely }]);
		expect(result.status).toBe('success');
		expect(result.items()).toEqual([]);
	});

	it.each(MALFORMED_IDS)(
		'fails the node for a %s record id, naming the item and the field, before anything is sent',
		async (_label, badId, message) => {
			const result = await run(UPDATE_RECORD_TASKS, [{ id: badId }]);
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(message);
			expect(result.error?.message).toContain('Record ID (item 0)');
			expect(requestsTo('/crm/v4/associations/contacts/tasks/batch/read')).toHaveLength(0);
		},
	);

	it('with continueOnFail, missing and malformed records are error items and the good ones are written', async () => {
		const a = contactWithTask('Enviar contrato A');
		const b = contactWithTask('Enviar contrato B');
		const inputs = [{ id: a.contact }, { id: 'abc' }, { id: '987654321' }, { id: b.contact }];
		const result = await run(UPDATE_RECORD_TASKS, inputs, { continueOnFail: true });

		expect(result.status).toBe('success');
		const items = result.items();
		expect(items.map((item) => [item.pairedItem, item.json.taskId ?? item.json.error])).toEqual([
			[{ item: 0 }, a.task],
			[{ item: 1 }, expect.stringMatching(/^Record ID \(item 1\): "abc" is not a HubSpot ID/)],
			[{ item: 2 }, 'Contact 987654321 (item 2): no contact with this Record ID exists in HubSpot'],
			[{ item: 3 }, b.task],
		]);
		expect(titleOf(a.task)).toBe('[P1] Enviar contrato A');
		expect(titleOf(b.task)).toBe('[P1] Enviar contrato B');
	});
});

describe("Update Tasks and Update Record's Tasks: bad credentials", () => {
	const cases: Array<[string, INodeParameters, () => IDataObject[]]> = [
		['Update Tasks', UPDATE_TASKS, () => [{ taskId: createTask('Enviar contrato') }]],
		[
			"Update Record's Tasks",
			UPDATE_RECORD_TASKS,
			() => [{ id: contactWithTask('Enviar contrato').contact }],
		],
	];

	const REVOKED: TestCredentials = {
		hubSpotTaskflowApi: { accessToken: 'pat-na1-revoked', baseUrl: 'set in each test' },
	};
	const revoked = (): TestCredentials => ({
		hubSpotTaskflowApi: { ...REVOKED.hubSpotTaskflowApi, baseUrl: taskSandbox.sandbox.url },
	});
	const NO_CREDENTIAL = 'No HubSpot Taskflow API credential is selected';
	const REJECTED = 'HubSpot rejected the access token of credential "hubSpotTaskflowApi (test)"';

	it.each(cases)(
		'%s without a HubSpot credential names the credential field, at the first item, sending nothing',
		async (_op, parameters, inputs) => {
			const result = await run(parameters, inputs(), {}, {});
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(NO_CREDENTIAL);
			expect(result.error?.description).toContain('Credential to connect with');
			expect(itemIndexOf(result.error)).toBe(0);
			expect(taskSandbox.sandbox.requestLog()).toHaveLength(0);
		},
	);

	it.each(cases)(
		'%s with a token HubSpot answers 401 to names the credential, at the first item, writing nothing',
		async (_op, parameters, inputs) => {
			const result = await run(parameters, inputs(), {}, revoked());
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(REJECTED);
			expect(itemIndexOf(result.error)).toBe(0);
			expect(requestsTo('/crm/v3/objects/tasks/batch/update')).toHaveLength(0);
		},
	);

	it.each(cases)(
		'%s with continueOnFail turns every item into an error item naming it and the credential',
		async (_op, parameters, inputs) => {
			for (const [credentials, message] of [
				[{}, NO_CREDENTIAL],
				[revoked(), REJECTED],
			] as const) {
				const result = await run(
					parameters,
					[...inputs(), ...inputs()],
					{ continueOnFail: true },
					credentials,
				);
				expect(result.status).toBe('success');
				const items = result.items();
				expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
				items.forEach((item, index) => {
					expect(item.json.error).toMatch(new RegExp(`^(Task|Contact) \\d+ \\(item ${index}\\): `));
					expect(item.json.error).toContain(message);
				});
			}
		},
	);
});
