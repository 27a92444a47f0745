/**
 * Apply Task Prefix, Update Tasks and Update Record's Tasks, through n8n's engine against the
 * sandbox: the real HubSpot and Google clients, rules inline or from a sheet read with a service
 * account, batched reads and writes, idempotency, hs_task_priority, 207 partial failures.
 */
import { generateKeyPairSync } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GoogleSheetsTaskflowServiceAccountApi } from '../../credentials/GoogleSheetsTaskflowServiceAccountApi.credentials';
import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { ApplyTaskPrefix } from '../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node';
import { useTaskSandbox } from './applyTaskPrefixSupport';
import {
	NodeTypeRegistry,
	runNode,
	type NodeSettings,
	type TestCredentials,
} from '../../tools/engine';

const nodeTypes = new NodeTypeRegistry(
	[ApplyTaskPrefix],
	[HubSpotTaskflowApi, GoogleSheetsTaskflowServiceAccountApi],
);

const taskSandbox = useTaskSandbox();
const { createTask, titleOf, requestsTo } = taskSandbox;
const { privateKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const INLINE_RULES: INodeParameters = {
	rulesSource: 'inline',
	rulesTable: {
		rule: [
			{ keyword: 'contrato', priority: 'P1', matchType: '' },
			{ keyword: 'ligacao', priority: 'P2', matchType: '' },
			{ keyword: 'email', priority: 'P3', matchType: 'wholeWord' },
		],
	},
};

function credentials(): TestCredentials {
	return {
		hubSpotTaskflowApi: {
			accessToken: taskSandbox.sandbox.token,
			baseUrl: taskSandbox.sandbox.url,
		},
		googleSheetsTaskflowServiceAccountApi: {
			keySource: 'json',
			privateKeyJson: JSON.stringify({
				type: 'service_account',
				private_key: privateKey,
				client_email: 'rules-reader@taskflow-test.iam.gserviceaccount.com',
				token_uri: `${taskSandbox.sandbox.url}/token`,
			}),
			baseUrl: taskSandbox.sandbox.url,
		},
	};
}

/** The inputs of every batch update sent, one array per request. */
function taskUpdatesSent(): Array<Array<{ id: string; properties: Record<string, string> }>> {
	return requestsTo('/crm/v3/objects/tasks/batch/update').map(
		(exchange) =>
			(
				exchange.requestBody as {
					inputs: Array<{ id: string; properties: Record<string, string> }>;
				}
			).inputs,
	);
}

async function run(
	parameters: INodeParameters,
	inputItems: IDataObject[],
	settings: NodeSettings = {},
) {
	return await runNode(
		{ type: ApplyTaskPrefix, parameters, ...settings },
		{ nodeTypes, credentials: credentials(), inputItems: inputItems.map((json) => ({ json })) },
	);
}

describe('Update Tasks with the priority the items bring', () => {
	const parameters: INodeParameters = {
		operation: 'updateTasks',
		taskId: '={{ $json.taskId }}',
		priorityFrom: 'inputItems',
		priority: '={{ $json.priority }}',
	};

	it('prefixes, replaces and removes prefixes, writing only the changed titles in one batch', async () => {
		const fresh = createTask('Enviar proposta  ✉️ ');
		const stale = createTask('[P3] Revisar cadastro');
		const alreadyRight = createTask('[P2] Ligar de volta');

		const result = await run(parameters, [
			{ taskId: fresh, priority: 'P1' },
			{ taskId: stale, priority: '' },
			{ taskId: alreadyRight, priority: 'p2' },
		]);

		expect(result.status).toBe('success');
		expect(result.items()).toEqual([
			{
				json: {
					taskId: fresh,
					oldTitle: 'Enviar proposta  ✉️ ',
					newTitle: '[P1] Enviar proposta  ✉️ ',
					changed: true,
					priority: 'P1',
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					taskId: stale,
					oldTitle: '[P3] Revisar cadastro',
					newTitle: 'Revisar cadastro',
					changed: true,
					priority: null,
				},
				pairedItem: { item: 1 },
			},
			{
				json: {
					taskId: alreadyRight,
					oldTitle: '[P2] Ligar de volta',
					newTitle: '[P2] Ligar de volta',
					changed: false,
					priority: 'P2',
				},
				pairedItem: { item: 2 },
			},
		]);
		expect(titleOf(fresh)).toBe('[P1] Enviar proposta  ✉️ ');
		expect(titleOf(stale)).toBe('Revisar cadastro');
		expect(requestsTo('/crm/v3/objects/tasks/batch/read')).toHaveLength(1);
		expect(taskUpdatesSent()).toEqual([
			[
				{ id: fresh, properties: { hs_task_subject: '[P1] Enviar proposta  ✉️ ' } },
				{ id: stale, properties: { hs_task_subject: 'Revisar cadastro' } },
			],
		]);
	});

	it('fails the item whose priority is not a level, before anything is written', async () => {
		const taskId = createTask('Enviar proposta');
		const result = await run(parameters, [{ taskId, priority: 'URGENT' }]);

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Priority "URGENT" is not one of the priority levels');
		expect(taskUpdatesSent()).toEqual([]);
		expect(titleOf(taskId)).toBe('Enviar proposta');
	});
});

describe('Update Tasks with the priority looked up by the rules', () => {
	const parameters: INodeParameters = {
		operation: 'updateTasks',
		taskId: '={{ $json.taskId }}',
		priorityFrom: 'rules',
		...INLINE_RULES,
	};

	it('matches accents and case, replaces stacked prefixes, keeps the rest byte for byte; a second run writes nothing', async () => {
		const call = createTask('LIGAÇÃO para Sr. João');
		const stacked = createTask('[P4] [P2]  Enviar Contrato   assinado');
		const wordOnly = createTask('Emails da semana');
		const tasks = [call, stacked, wordOnly];

		const first = await run(
			parameters,
			tasks.map((taskId) => ({ taskId })),
		);
		expect(first.status).toBe('success');
		expect(first.items().map((item) => item.json)).toEqual([
			expect.objectContaining({
				newTitle: '[P2] LIGAÇÃO para Sr. João',
				priority: 'P2',
				changed: true,
			}),
			expect.objectContaining({
				newTitle: '[P1]  Enviar Contrato   assinado',
				priority: 'P1',
				changed: true,
			}),
			// "email" is a whole-word rule: "Emails" does not match.
			expect.objectContaining({ newTitle: 'Emails da semana', priority: null, changed: false }),
		]);
		expect(titleOf(stacked)).toBe('[P1]  Enviar Contrato   assinado');
		expect(taskUpdatesSent()).toHaveLength(1);

		taskSandbox.sandbox.reset();
		const seeded = [
			createTask('[P2] LIGAÇÃO para Sr. João'),
			createTask('[P1]  Enviar Contrato   assinado'),
			createTask('Emails da semana'),
		];
		const second = await run(
			parameters,
			seeded.map((taskId) => ({ taskId })),
		);
		expect(second.status).toBe('success');
		expect(second.items().every((item) => item.json.changed === false)).toBe(true);
		expect(requestsTo('/crm/v3/objects/tasks/batch/read')).toHaveLength(1);
		expect(taskUpdatesSent()).toEqual([]);
	});

	it('also sets hs_task_priority by the mapping, writing a task whose title is already right', async () => {
		const titleRight = createTask('[P1] Enviar contrato', 'NOT_STARTED', 'LOW');
		const bothRight = createTask('[P2] Ligacao agendada', 'NOT_STARTED', 'MEDIUM');
		const noMatch = createTask('[P3] Almoço', 'NOT_STARTED', 'LOW');

		const result = await run(
			{ ...parameters, setHubSpotPriority: true },
			[titleRight, bothRight, noMatch].map((taskId) => ({ taskId })),
		);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => item.json)).toEqual([
			expect.objectContaining({ changed: true, priority: 'P1', hubSpotPriority: 'HIGH' }),
			expect.objectContaining({ changed: false, priority: 'P2', hubSpotPriority: 'MEDIUM' }),
			expect.objectContaining({
				changed: true,
				priority: null,
				hubSpotPriority: 'NONE',
				newTitle: 'Almoço',
			}),
		]);
		expect(taskUpdatesSent()).toEqual([
			[
				{ id: titleRight, properties: { hs_task_priority: 'HIGH' } },
				{ id: noMatch, properties: { hs_task_subject: 'Almoço', hs_task_priority: 'NONE' } },
			],
		]);
		expect(taskSandbox.sandbox.store.get('tasks', titleRight)?.properties.hs_task_priority).toBe(
			'HIGH',
		);
	});
});

describe("Update Record's Tasks", () => {
	it("reads the records' tasks in one association batch per type and prefixes the open ones by the sheet's rules", async () => {
		taskSandbox.sandbox.store.setSheet('team-rules', 'Regras', [
			['palavra-chave', 'prioridade', 'tipo'],
			['renovação', 'P1', 'contains'],
			['visita', 'P3', ''],
		]);
		const contact = taskSandbox.sandbox.store.create('contacts', { email: 'ana@example.com' }).id;
		const deal = taskSandbox.sandbox.store.create('deals', { dealname: 'Frota 2025' }).id;
		const lonelyContact = taskSandbox.sandbox.store.create('contacts', {
			email: 'bo@example.com',
		}).id;
		const renewal = createTask('Renovacao do contrato');
		const visit = createTask('[P1] Visita técnica');
		const done = createTask('Renovação antiga', 'COMPLETED');
		const shared = createTask('Agendar visita');
		for (const task of [renewal, visit, done, shared])
			taskSandbox.sandbox.store.associate('contacts', contact, 'tasks', task);
		taskSandbox.sandbox.store.associate('deals', deal, 'tasks', shared);

		const result = await run(
			{
				operation: 'updateRecordTasks',
				recordType: '={{ $json.type }}',
				recordId: '={{ $json.id }}',
				rulesSource: 'sheet',
				rulesSpreadsheet: { __rl: true, mode: 'id', value: 'team-rules' },
				rulesRange: 'Regras',
			},
			[
				{ type: 'contact', id: contact },
				{ type: 'deals', id: deal },
				{ type: 'contact', id: lonelyContact },
			],
		);

		expect(result.status).toBe('success');
		const byTask = result
			.items()
			.map((item) => [item.json.taskId, item.json.newTitle, item.pairedItem]);
		expect(byTask).toEqual(
			expect.arrayContaining([
				[renewal, '[P1] Renovacao do contrato', { item: 0 }],
				[visit, '[P3] Visita técnica', { item: 0 }],
				[shared, '[P3] Agendar visita', { item: 0 }],
				[shared, '[P3] Agendar visita', { item: 1 }],
			]),
		);
		expect(byTask).toHaveLength(4);
		expect(titleOf(done)).toBe('Renovação antiga');
		expect(titleOf(visit)).toBe('[P3] Visita técnica');
		expect(requestsTo(`/crm/v4/associations/contacts/tasks/batch/read`)).toHaveLength(1);
		expect(requestsTo(`/crm/v4/associations/deals/tasks/batch/read`)).toHaveLength(1);
		expect(requestsTo('/crm/v3/objects/tasks/batch/read')).toHaveLength(1);
		// The task shared by the contact and the deal is written once.
		expect(
			taskUpdatesSent()
				.flat()
				.map((input) => input.id)
				.sort(),
		).toEqual([renewal, visit, shared].sort());
		expect(requestsTo('/v4/spreadsheets/team-rules/values/Regras')).toHaveLength(1);
	});
});

describe('a task that fails in a batch (207: archived between read and write)', () => {
	const parameters: INodeParameters = {
		operation: 'updateTasks',
		taskId: '={{ $json.taskId }}',
		priorityFrom: 'rules',
		...INLINE_RULES,
	};

	function archiveAfterRead(taskId: string): void {
		taskSandbox.archiveTaskAfter('/crm/v3/objects/tasks/batch/read', taskId);
	}

	function seedThree(): [string, string, string] {
		return [
			createTask('Enviar contrato A'),
			createTask('Enviar contrato B'),
			createTask('Ligação C'),
		];
	}

	it('with continueOnFail, reports that task and keeps the others, which were written', async () => {
		const [first, archived, third] = seedThree();
		archiveAfterRead(archived);

		const result = await run(
			parameters,
			[first, archived, third].map((taskId) => ({ taskId })),
			{ continueOnFail: true },
		);

		expect(result.status).toBe('success');
		const [ok1, failed, ok3] = result.items();
		expect(ok1.json).toMatchObject({
			taskId: first,
			changed: true,
			newTitle: '[P1] Enviar contrato A',
		});
		expect(ok3.json).toMatchObject({ taskId: third, changed: true, newTitle: '[P2] Ligação C' });
		expect(failed.json).toMatchObject({
			taskId: archived,
			changed: false,
			oldTitle: 'Enviar contrato B',
			error: expect.stringContaining(`Task ${archived} (item 1)`),
		});
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(
			requestsTo('/crm/v3/objects/tasks/batch/update').map((exchange) => exchange.status),
		).toEqual([207]);
		expect(titleOf(first)).toBe('[P1] Enviar contrato A');
		expect(titleOf(third)).toBe('[P2] Ligação C');
	});

	it('with the error output, sends only the failed task there', async () => {
		const [first, archived, third] = seedThree();
		archiveAfterRead(archived);

		const result = await run(
			parameters,
			[first, archived, third].map((taskId) => ({ taskId })),
			{ onError: 'continueErrorOutput' },
		);

		expect(result.status).toBe('success');
		expect(result.items(0).map((item) => item.json.taskId)).toEqual([first, third]);
		expect(result.items(1)).toHaveLength(1);
		expect(result.items(1)[0].json).toMatchObject({
			taskId: archived,
			error: expect.stringContaining(`Task ${archived}`),
			details: expect.objectContaining({ taskId: archived, oldTitle: 'Enviar contrato B' }),
		});
	});

	it('without continueOnFail, fails the node naming the task after writing the others', async () => {
		const [first, archived, third] = seedThree();
		archiveAfterRead(archived);

		const result = await run(
			parameters,
			[first, archived, third].map((taskId) => ({ taskId })),
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain(`Task ${archived}`);
		expect(titleOf(first)).toBe('[P1] Enviar contrato A');
		expect(titleOf(third)).toBe('[P2] Ligação C');
	});
});
