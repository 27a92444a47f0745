/**
 * The shared record and owner pickers, documented by a node built with them (the fixture) run
 * through n8n's engine against the sandbox: the record each item picks is read through the
 * transport, and the owner list comes from the shared `getOwners` in n8n's LoadOptionsContext.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { OWNERS_LOAD_OPTIONS_METHOD, recordPicker } from '../../nodes/shared/descriptions';
import {
	loadNodeOptions,
	NodeTypeRegistry,
	runNode,
	type TestCredentials,
} from '../../tools/engine';
import { useContractSandbox } from '../sandbox/testSandbox';
import { FIXTURE_RECORD_PICKER, PickedRecordFixture } from './fixtures/PickedRecordFixture.node';

const nodeTypes = new NodeTypeRegistry([PickedRecordFixture], [HubSpotTaskflowApi]);

const sandbox = useContractSandbox(
	{},
	{
		resetBeforeEach: {
			owners: [
				{ id: '501', email: 'rita@example.com', firstName: 'Rita', lastName: 'Rep' },
				{ id: '502', email: 'ana@example.com' },
				{ id: '503', email: 'gone@example.com', firstName: 'Old', archived: true },
			],
			objects: {
				contacts: [{ id: '11', properties: { email: 'c@example.com' } }],
				companies: [{ id: '21', properties: { name: 'Acme' } }],
				deals: [{ id: '31', properties: { dealname: 'Big deal' } }],
				tickets: [{ id: '41', properties: { subject: 'Broken' } }],
			},
		},
	},
);

function credentials(accessToken = sandbox.token): TestCredentials {
	return { hubSpotTaskflowApi: { accessToken, baseUrl: sandbox.url } };
}

const PICKED_FROM_ITEMS: INodeParameters = {
	objectType: '={{ $json.type }}',
	recordId: '={{ $json.id }}',
};

async function runFixture(
	items: IDataObject[],
	parameters: INodeParameters = PICKED_FROM_ITEMS,
	continueOnFail = false,
) {
	return await runNode(
		{ type: PickedRecordFixture, parameters, continueOnFail },
		{ nodeTypes, credentials: credentials(), inputItems: items.map((json) => ({ json })) },
	);
}

const recordReads = (): string[] =>
	sandbox
		.requestLog()
		.map((exchange) => exchange.path)
		.filter((path) => path.startsWith('/crm/v3/objects/'));

describe('recordPicker', () => {
	it('offers the chosen types by stable lowercase value, sorted by label, and a required ID', () => {
		const [typeField, idField] = recordPicker({
			objectTypes: ['ticket', 'deal'],
			displayOptions: { show: { operation: ['x'] } },
		});

		expect(typeField).toMatchObject({
			name: 'objectType',
			type: 'options',
			default: 'ticket',
			options: [
				{ name: 'Deal', value: 'deal' },
				{ name: 'Ticket', value: 'ticket' },
			],
			displayOptions: { show: { operation: ['x'] } },
		});
		expect(typeField.noDataExpression).toBeUndefined();
		expect(idField).toMatchObject({ name: 'recordId', type: 'string', required: true });
		expect(idField.displayOptions).toEqual({ show: { operation: ['x'] } });
	});

	it('hands the node each picked record: option values, HubSpot plural names and type ids', async () => {
		const result = await runFixture([
			{ type: 'deal', id: '31' },
			{ type: 'companies', id: '21' },
			{ type: '0-1', id: ' 11 ' },
			{ type: 'Ticket', id: 41 },
		]);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => item.json)).toEqual([
			{ objectType: 'deal', recordId: '31', ownerEmail: null },
			{ objectType: 'company', recordId: '21', ownerEmail: null },
			{ objectType: 'contact', recordId: '11', ownerEmail: null },
			{ objectType: 'ticket', recordId: '41', ownerEmail: null },
		]);
		expect(recordReads()).toEqual([
			'/crm/v3/objects/deals/31',
			'/crm/v3/objects/companies/21',
			'/crm/v3/objects/contacts/11',
			'/crm/v3/objects/tickets/41',
		]);
	});

	it('fails only the item with a type it does not offer or an empty ID', async () => {
		const result = await runFixture(
			[
				{ type: 'tasks', id: '1' },
				{ type: 'deal', id: '' },
				{ type: 'deal', id: '31' },
			],
			PICKED_FROM_ITEMS,
			true,
		);

		expect(result.items().map((item) => item.json.error ?? item.json.recordId)).toEqual([
			expect.stringContaining(
				`Record type "tasks" is not one of ${FIXTURE_RECORD_PICKER.objectTypes.join(', ')}`,
			),
			expect.stringContaining('Record ID is empty'),
			'31',
		]);
		expect(recordReads()).toEqual(['/crm/v3/objects/deals/31']);
	});
});

describe('ownerPicker', () => {
	const loadOwners = async (accessToken?: string) =>
		await loadNodeOptions(
			{ type: PickedRecordFixture, parameters: { objectType: 'deal', recordId: '31' } },
			{
				nodeTypes,
				credentials: credentials(accessToken),
				method: OWNERS_LOAD_OPTIONS_METHOD,
				parameter: 'ownerId',
			},
		);

	it("lists HubSpot's active owners by name, their IDs as values, through the transport", async () => {
		const owners = await loadOwners();

		expect(owners).toEqual([
			{ name: 'ana@example.com', value: '502' },
			{ name: 'Rita Rep (rita@example.com)', value: '501' },
		]);
		expect(sandbox.requestLog().map((exchange) => exchange.path)).toEqual(['/crm/v3/owners']);
	});

	it("reports HubSpot's refusal of the token instead of an empty list", async () => {
		await expect(loadOwners('not-a-valid-token')).rejects.toMatchObject({
			name: 'NodeApiError',
			httpCode: '401',
		});
	});

	it('hands the node the owner chosen from the list or given by an expression', async () => {
		const [ana] = await loadOwners();

		const chosen = await runFixture([{}], {
			objectType: 'deal',
			recordId: '31',
			ownerId: ana.value,
		});
		const byExpression = await runFixture(
			[{ owner: 501 }, { owner: 'someone' }, { owner: '404404' }],
			{ objectType: 'deal', recordId: '31', ownerId: '={{ $json.owner }}' },
			true,
		);

		expect(chosen.items().map((item) => item.json.ownerEmail)).toEqual(['ana@example.com']);
		expect(byExpression.items().map((item) => item.json.error ?? item.json.ownerEmail)).toEqual([
			'rita@example.com',
			expect.stringContaining('Owner ID "someone" is not a number'),
			expect.stringContaining('No owner 404404'),
		]);
	});
});
