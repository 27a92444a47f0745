/**
 * The shared CRM executor inside a node run by n8n's engine, against the sandbox: actions planned
 * per item are performed in batches through the real @hubspot/api-client, and each result comes
 * back to the item that planned it.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	associateRecords,
	createRecord,
	hubSpotDefined,
	updateRecord,
	type CrmAction,
} from '../../nodes/domain/crm';
import { performCrmActions, type FindExistingRecords } from '../../nodes/shared/crm';
import { NodeTypeRegistry, runNode, type NodeSettings } from '../../tools/engine';
import { useContractSandbox } from '../sandbox/testSandbox';
import { sandboxTransport } from '../transport/transportSupport';
import { CrmActionsFixture } from './fixtures/CrmActionsFixture.node';
import { CREDENTIAL_CLASSES, sandboxCredentials } from './rulesTestSupport';

const nodeTypes = new NodeTypeRegistry([CrmActionsFixture], CREDENTIAL_CLASSES);
const sandbox = useContractSandbox({}, { resetBeforeEach: 'startSeed' });

const TASK_TO_CONTACT = 204;
const TASK = { hs_task_status: 'NOT_STARTED', hs_timestamp: '2030-01-01T09:00:00.000Z' };

async function perform(actionsPerItem: CrmAction[][], settings: NodeSettings = {}) {
	const inputItems: INodeExecutionData[] = actionsPerItem.map((actions) => ({
		json: { actions } as unknown as IDataObject,
	}));
	return await runNode(
		{ type: CrmActionsFixture, parameters: { actions: '={{ $json.actions }}' }, ...settings },
		{ nodeTypes, credentials: sandboxCredentials(sandbox), inputItems },
	);
}

function requestsTo(path: string) {
	return sandbox.requestLog().filter((exchange) => exchange.path === path);
}

function inputsSent(path: string): unknown[][] {
	return requestsTo(path).map((exchange) => (exchange.requestBody as { inputs: unknown[] }).inputs);
}

function contact(email: string): string {
	return sandbox.store.create('contacts', { email }).id;
}

function task(subject: string): string {
	return sandbox.store.create('tasks', { hs_task_subject: subject, ...TASK }).id;
}

/** The task's contacts and association type ids, read back through HubSpot's API. */
async function linkedContacts(taskId: string): Promise<Array<{ toId: string; typeIds: number[] }>> {
	const linked = await sandboxTransport(sandbox).listAssociations('tasks', taskId, 'contacts');
	return linked.map((entry) => ({
		toId: entry.toObjectId,
		typeIds: entry.associationTypes.map((type) => type.typeId),
	}));
}

describe('creates', () => {
	it('creates records with typed associations inline and default ones right after, one batch each', async () => {
		const ana = contact('ana@example.com');
		const bo = contact('bo@example.com');

		const result = await perform([
			[
				createRecord(
					'tasks',
					{ hs_task_subject: 'Ligar para Ana', ...TASK },
					{
						associations: [
							{ toObjectType: 'contacts', toId: ana, type: hubSpotDefined(TASK_TO_CONTACT) },
						],
					},
				),
			],
			[
				createRecord(
					'tasks',
					{ hs_task_subject: 'Enviar proposta', ...TASK },
					{ associations: [{ toObjectType: 'contacts', toId: bo }] },
				),
			],
		]);

		expect(result.status).toBe('success');
		const [first, second] = result.items();
		expect(first).toEqual({
			json: {
				action: 'create',
				objectType: 'tasks',
				id: expect.any(String),
				properties: expect.objectContaining({ hs_task_subject: 'Ligar para Ana' }),
			},
			pairedItem: { item: 0 },
		});
		expect(second).toMatchObject({
			json: { action: 'create', properties: { hs_task_subject: 'Enviar proposta' } },
			pairedItem: { item: 1 },
		});
		const [created] = inputsSent('/crm/v3/objects/tasks/batch/create');
		expect(created).toEqual([
			expect.objectContaining({
				associations: [
					{
						to: { id: ana },
						types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }],
					},
				],
			}),
			expect.objectContaining({ associations: [] }),
		]);
		expect(inputsSent('/crm/v4/associations/tasks/contacts/batch/associate/default')).toEqual([
			[{ from: { id: second.json.id }, to: { id: bo } }],
		]);
		expect(await linkedContacts(first.json.id as string)).toEqual([
			{ toId: ana, typeIds: [TASK_TO_CONTACT] },
		]);
		expect((await linkedContacts(second.json.id as string)).map((link) => link.toId)).toEqual([bo]);
	});

	it('associates existing records by a separate action, with a type or by default', async () => {
		const ana = contact('ana@example.com');
		const bo = contact('bo@example.com');
		const call = task('Ligar para Ana');
		const mail = task('Enviar proposta');

		const result = await perform([
			[
				associateRecords('tasks', call, {
					toObjectType: 'contacts',
					toId: ana,
					type: hubSpotDefined(TASK_TO_CONTACT),
				}),
			],
			[associateRecords('tasks', mail, { toObjectType: 'contacts', toId: bo })],
		]);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => [item.json, item.pairedItem])).toEqual([
			[{ action: 'associate', objectType: 'tasks', id: call }, { item: 0 }],
			[{ action: 'associate', objectType: 'tasks', id: mail }, { item: 1 }],
		]);
		expect(requestsTo('/crm/v4/associations/tasks/contacts/batch/create')).toHaveLength(1);
		expect(requestsTo('/crm/v4/associations/tasks/contacts/batch/associate/default')).toHaveLength(
			1,
		);
		expect((await linkedContacts(call)).map((link) => link.toId)).toEqual([ana]);
		expect((await linkedContacts(mail)).map((link) => link.toId)).toEqual([bo]);
	});

	it('fails a create whose default association fails, naming the record that was made', async () => {
		const result = await perform(
			[
				[
					createRecord(
						'tasks',
						{ hs_task_subject: 'Ligar para ninguém', ...TASK },
						{ associations: [{ toObjectType: 'contacts', toId: '999999999' }] },
					),
				],
			],
			{ continueOnFail: true },
		);

		const [failed] = result.items();
		expect(failed.json.error).toMatch(
			/^Create tasks \(item 0\): tasks \d+ was created, but not associated with contacts 999999999: /,
		);
		expect(failed.pairedItem).toEqual({ item: 0 });
	});
});

describe('updates', () => {
	it('writes the properties of every item in one batch and answers each item with its record', async () => {
		const ids = [task('Ligar para Ana'), task('Enviar proposta')];

		const result = await perform([
			[updateRecord('tasks', ids[0], { hs_task_subject: '[P1] Ligar para Ana' })],
			[updateRecord('tasks', ids[1], { hs_task_priority: 'HIGH' })],
		]);

		expect(result.status).toBe('success');
		expect(result.items()).toEqual([
			{
				json: expect.objectContaining({
					action: 'update',
					id: ids[0],
					properties: expect.objectContaining({ hs_task_subject: '[P1] Ligar para Ana' }),
				}),
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({
					action: 'update',
					id: ids[1],
					properties: expect.objectContaining({ hs_task_priority: 'HIGH' }),
				}),
				pairedItem: { item: 1 },
			},
		]);
		expect(inputsSent('/crm/v3/objects/tasks/batch/update')).toEqual([
			[
				{ id: ids[0], properties: { hs_task_subject: '[P1] Ligar para Ana' } },
				{ id: ids[1], properties: { hs_task_priority: 'HIGH' } },
			],
		]);
		expect(sandbox.store.get('tasks', ids[1])?.properties.hs_task_priority).toBe('HIGH');
	});

	it('sends more than 100 actions in chunks of 100 and keeps every result with its item', async () => {
		const ids = Array.from({ length: 250 }, (_, index) => task(`Tarefa ${index}`));

		const result = await perform(
			ids.map((id, index) => [
				updateRecord('tasks', id, { hs_task_subject: `[P2] Tarefa ${index}` }),
			]),
		);

		expect(result.status).toBe('success');
		expect(
			inputsSent('/crm/v3/objects/tasks/batch/update')
				.map((inputs) => inputs.length)
				.sort(),
		).toEqual([100, 100, 50]);
		expect(result.items().map((item) => [item.json.id, item.pairedItem])).toEqual(
			ids.map((id, index) => [id, { item: index }]),
		);
		expect(sandbox.store.get('tasks', ids[249])?.properties.hs_task_subject).toBe(
			'[P2] Tarefa 249',
		);
	});
});

describe('a partial batch failure (207)', () => {
	function threeUpdates(): { ids: string[]; actions: CrmAction[][] } {
		const ids = [task('Primeira'), '999999901', task('Terceira')];
		return {
			ids,
			actions: ids.map((id) => [updateRecord('tasks', id, { hs_task_subject: `Nova ${id}` })]),
		};
	}

	it('with continueOnFail, gives the failure to its own item and keeps the others', async () => {
		const { ids, actions } = threeUpdates();

		const result = await perform(actions, { continueOnFail: true });

		expect(result.status).toBe('success');
		expect(
			requestsTo('/crm/v3/objects/tasks/batch/update').map((exchange) => exchange.status),
		).toEqual([207]);
		const [first, failed, third] = result.items();
		expect(first).toMatchObject({
			json: { action: 'update', id: ids[0] },
			pairedItem: { item: 0 },
		});
		expect(third).toMatchObject({
			json: { action: 'update', id: ids[2] },
			pairedItem: { item: 2 },
		});
		expect(failed).toEqual({
			json: {
				actions: expect.any(Array),
				error: expect.stringMatching(/^Update tasks 999999901 \(item 1\): /),
				details: expect.objectContaining({ itemIndex: 1, httpCode: '404' }),
			},
			pairedItem: { item: 1 },
		});
		expect(sandbox.store.get('tasks', ids[2])?.properties.hs_task_subject).toBe(`Nova ${ids[2]}`);
	});

	it('without continueOnFail, writes the others, then fails once naming every failed action', async () => {
		const { ids, actions } = threeUpdates();
		actions.push([updateRecord('tasks', '999999902', { hs_task_subject: 'Nada' })]);

		const result = await perform(actions);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: '2 of 4 failed: Update tasks 999999901, Update tasks 999999902',
			context: { itemIndex: 1 },
		});
		expect(result.error?.description).toMatch(
			/^Update tasks 999999901 \(item 1\): .*\nUpdate tasks 999999902 \(item 3\): /,
		);
		expect(sandbox.store.get('tasks', ids[0])?.properties.hs_task_subject).toBe(`Nova ${ids[0]}`);
		expect(sandbox.store.get('tasks', ids[2])?.properties.hs_task_subject).toBe(`Nova ${ids[2]}`);
	});
});

describe('several kinds in one run', () => {
	it('groups actions by kind and object type, one batch call per group, results in item order', async () => {
		const old = task('Antiga');
		const keep = task('Manter');

		const result = await perform([
			[{ kind: 'archive', objectType: 'tasks', id: old }],
			[
				updateRecord('tasks', keep, { hs_task_subject: 'Mantida' }),
				createRecord('contacts', { email: 'novo@example.com' }),
			],
		]);

		expect(result.status).toBe('success');
		expect(
			result.items().map((item) => [item.json.action, item.json.objectType, item.pairedItem]),
		).toEqual([
			['archive', 'tasks', { item: 0 }],
			['update', 'tasks', { item: 1 }],
			['create', 'contacts', { item: 1 }],
		]);
		expect(requestsTo('/crm/v3/objects/tasks/batch/archive')).toHaveLength(1);
		expect(sandbox.store.get('tasks', old)?.archived).toBe(true);
		expect(sandbox.store.get('tasks', keep)?.properties.hs_task_subject).toBe('Mantida');
	});
});

describe('keyed creates and the findExisting seam', () => {
	it('answers a create whose key finds a record with that record, and creates only the others', async () => {
		const ana = contact('ana@example.com');
		const transport = sandboxTransport(sandbox);
		const findByEmail: FindExistingRecords = async (objectType, creates) => {
			const reads = await transport.batchRead(
				objectType,
				creates.map((create) => create.idempotencyKey),
				{ idProperty: 'email' },
			);
			return reads.map((read) => (read.ok ? read.value : undefined));
		};

		const results = await performCrmActions(
			transport,
			['ana@example.com', 'bo@example.com'].map((email) =>
				createRecord('contacts', { email }, { idempotencyKey: email }),
			),
			{ findExisting: findByEmail },
		);

		expect(results[0]).toEqual({
			ok: true,
			value: expect.objectContaining({ kind: 'create', id: ana, existing: true }),
		});
		expect(results[1]).toMatchObject({ ok: true, value: { kind: 'create' } });
		expect(results[1].ok && results[1].value.existing).toBeFalsy();
		expect(inputsSent('/crm/v3/objects/contacts/batch/create')).toEqual([
			[expect.objectContaining({ properties: { email: 'bo@example.com' } })],
		]);
	});
});
