/**
 * Set Record Properties through n8n's engine against the sandbox: seed 003's lead
 * disqualification in one write per contact, values checked against HubSpot's definitions before
 * anything is sent (the item and the property named), continueOnFail and pairedItem, one record
 * named by two items, and 250 records in three batch requests.
 */
import type { IDataObject } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { SetRecordProperties } from '../../nodes/SetRecordProperties/SetRecordProperties.node';
import type { SeedData } from '../../sandbox/server';
import { loadNodeOptions, NodeTypeRegistry, runNode } from '../../tools/engine';
import { useContractSandbox } from '../sandbox/testSandbox';

const CONTACTS = 250;
const SEED: SeedData = {
	owners: [{ id: '101', email: 'ana@example.com', firstName: 'Ana' }],
	objects: {
		contacts: Array.from({ length: CONTACTS }, (_, index) => ({
			id: String(1_000_001 + index),
			properties: {
				email: `c${index}@example.com`,
				hubspot_owner_id: '101',
				lifecyclestage: 'lead',
				hs_lead_status: 'OPEN',
			},
		})),
	},
};

const nodeTypes = new NodeTypeRegistry([SetRecordProperties], [HubSpotTaskflowApi]);
const sandbox = useContractSandbox({}, { resetBeforeEach: SEED });
const credentials = () => ({
	hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url },
});

const DISQUALIFY = {
	objectType: 'contact',
	recordId: '={{ $json.id }}',
	properties: {
		property: [
			{ name: 'hubspot_owner_id', value: '' },
			{ name: 'lifecyclestage', value: 'Other' },
			{ name: 'hs_lead_status', value: '={{ $json.status ?? "Unqualified" }}' },
		],
	},
};

async function setProperties(items: IDataObject[], settings: IDataObject = {}) {
	return await runNode(
		{ type: SetRecordProperties, parameters: DISQUALIFY, ...settings },
		{ nodeTypes, credentials: credentials(), inputItems: items.map((json) => ({ json })) },
	);
}

const contact = (id: string) => sandbox.store.get('contacts', id)!.properties;
const writes = () =>
	sandbox
		.requestLog()
		.filter((exchange) => exchange.path === '/crm/v3/objects/contacts/batch/update');

describe('Set Record Properties', () => {
	it('disqualifies a competitor in one write: owner removed, lifecycle stage other, lead status unqualified', async () => {
		const result = await setProperties([{ id: '1000001' }]);
		expect(result.status).toBe('success');
		const [item] = result.items();
		expect(item.json).toMatchObject({
			objectType: 'contacts',
			id: '1000001',
			written: { hubspot_owner_id: '', lifecyclestage: 'other', hs_lead_status: 'UNQUALIFIED' },
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const after = contact('1000001');
		expect(after.hubspot_owner_id ?? '').toBe('');
		expect(after).toMatchObject({ lifecyclestage: 'other', hs_lead_status: 'UNQUALIFIED' });
		expect(writes()).toHaveLength(1);
	});

	it('a value HubSpot would refuse fails its item, naming it and the property, and nothing is sent', async () => {
		const result = await setProperties([
			{ id: '1000001' },
			{ id: '1000002', status: 'Gone fishing' },
		]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Properties: "hs_lead_status": "Gone fishing" is not one of its options (NEW, OPEN, IN_PROGRESS, OPEN_DEAL, UNQUALIFIED, ATTEMPTED_TO_CONTACT, CONNECTED, BAD_TIMING)',
		);
		expect(writes()).toHaveLength(0);
		expect(contact('1000001')).toMatchObject({ lifecyclestage: 'lead', hubspot_owner_id: '101' });
	});

	it('with continueOnFail the bad item carries its error and the others are written', async () => {
		const result = await setProperties(
			[{ id: '1000001' }, { id: '1000002', status: 'Gone fishing' }, { id: 'abc' }],
			{ continueOnFail: true },
		);
		const items = result.items();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({
			id: '1000001',
			written: { hs_lead_status: 'UNQUALIFIED' },
		});
		expect(items[1].json).toMatchObject({
			status: 'Gone fishing',
			error: expect.stringContaining('hs_lead_status'),
		});
		expect(items[2].json).toMatchObject({ error: 'Record ID: "abc" is not a HubSpot ID' });
		expect(contact('1000002').hs_lead_status).toBe('OPEN');
	});

	it('one record named by two items gets both writes in item order; 250 records take three batch requests', async () => {
		const twice = await setProperties([
			{ id: '1000003', status: 'Open' },
			{ id: '1000003', status: 'bad_timing' },
		]);
		expect(twice.status).toBe('success');
		expect(contact('1000003').hs_lead_status).toBe('BAD_TIMING');

		sandbox.reset(SEED);
		const all = await setProperties(
			Array.from({ length: CONTACTS }, (_, index) => ({ id: String(1_000_001 + index) })),
		);
		expect(all.items()).toHaveLength(CONTACTS);
		expect(writes()).toHaveLength(3);
		expect(
			sandbox.store.all('contacts').every((c) => c.properties.lifecyclestage === 'other'),
		).toBe(true);
	});

	it("lists the record type's writable properties by label", async () => {
		const options = await loadNodeOptions(
			{ type: SetRecordProperties, parameters: { objectType: 'deal' } },
			{
				nodeTypes,
				credentials: credentials(),
				method: 'getRecordProperties',
				parameter: 'properties.property.name',
			},
		);
		const values = options.map((option) => option.value);
		expect(values).toEqual(
			expect.arrayContaining(['dealname', 'amount', 'dealtype', 'hubspot_owner_id']),
		);
		expect(values).not.toContain('hs_is_closed');
		expect(options.find((option) => option.value === 'dealtype')?.name).toBe(
			'Deal Type (dealtype)',
		);
	});
});
