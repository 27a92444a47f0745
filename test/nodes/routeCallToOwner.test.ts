/**
 * Route Call to Owner's Log Call through n8n's engine against the sandbox: every cell of the call
 * matrix with Ringostat's call data, callers found whatever format their number was stored in,
 * open deals told from closed ones, and bad input named (nothing twice: routeCallToOwner.nothingTwice).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { closeRedisConnections } from '../../nodes/shared/state';
import type { SeedData } from '../../sandbox/server';
import { useContractSandbox } from '../sandbox/testSandbox';
import {
	CALL_OWNERS,
	logCallRunner,
	OLENA,
	PETRO,
	ringostat,
	SENIOR,
} from './routeCallToOwnerSupport';

const SEED: SeedData = {
	...CALL_OWNERS,
	objects: {
		contacts: [
			// The same Kyiv number, stored as people type it.
			{ id: '501', properties: { phone: '044 123 4567', hubspot_owner_id: OLENA } },
			{ id: '502', properties: { mobilephone: '+380 67 555 1234', hubspot_owner_id: PETRO } },
			{ id: '503', properties: { phone: '380935550000', hubspot_owner_id: OLENA } },
		],
		deals: [
			{
				id: '701',
				properties: {
					dealname: 'Won last year',
					pipeline: 'default',
					dealstage: 'closedwon',
					hubspot_owner_id: PETRO,
				},
			},
			{
				id: '702',
				properties: {
					dealname: 'Open',
					pipeline: 'default',
					dealstage: 'qualifiedtobuy',
					hubspot_owner_id: OLENA,
				},
			},
		],
	},
	associations: [
		{ fromType: 'deals', fromId: '701', toType: 'contacts', toId: '501' },
		{ fromType: 'deals', fromId: '702', toType: 'contacts', toId: '501' },
	],
};

const sandbox = useContractSandbox({}, { resetBeforeEach: SEED });
afterAll(async () => await closeRedisConnections());

const { logCalls } = logCallRunner(sandbox);

const all = (type: string) => sandbox.store.all(type);
const linked = (type: string, id: string, to: string) =>
	sandbox.store.associatedIds(type, id, to).sort();

function tasksOn(contactId: string) {
	const ids = new Set(linked('contacts', contactId, 'tasks'));
	return all('tasks').filter((task) => ids.has(task.id));
}

describe('Log Call: incoming answered', () => {
	it('new caller: contact in E.164 and deal owned by who answered, the call on both', async () => {
		const result = await logCalls([
			ringostat({ caller: '+380 50 111 2233', connected_with: 'petro_sip', utm_source: 'google' }),
		]);
		expect(result.status).toBe('success');
		const [output] = result.items(0);
		expect(output.json).toMatchObject({ cell: 'incoming answered, new caller' });
		const contact = sandbox.store.get('contacts', String(output.json.contactId));
		expect(contact?.properties).toMatchObject({ phone: '+380501112233', hubspot_owner_id: PETRO });
		const deal = sandbox.store.get('deals', String(output.json.dealId));
		expect(deal?.properties).toMatchObject({
			pipeline: 'default',
			dealstage: 'appointmentscheduled',
			hubspot_owner_id: PETRO,
		});
		expect(linked('deals', deal!.id, 'contacts')).toEqual([contact!.id]);
		const [call] = all('calls');
		expect(call.properties).toMatchObject({
			hs_call_direction: 'INBOUND',
			hs_call_status: 'COMPLETED',
			hs_call_from_number: '+380501112233',
			hs_call_to_number: '+380443334455',
			hs_call_duration: '80000',
			hubspot_owner_id: PETRO,
			hs_timestamp: '2026-12-07T10:00:00.000Z',
		});
		expect(call.properties.hs_call_body).toContain('utm_source=google');
		expect(linked('calls', call.id, 'contacts')).toEqual([contact!.id]);
		expect(linked('calls', call.id, 'deals')).toEqual([deal!.id]);
		expect(all('tasks')).toHaveLength(0);
	});

	it('existing caller stored as "044 123 4567", answered by its owner: the call on the contact and its open deal, not the won one', async () => {
		const result = await logCalls([ringostat({ connected_with: 'olena_sip' })]);
		expect(result.items(0)[0].json).toMatchObject({
			cell: 'incoming answered, existing caller',
			contactId: '501',
			dealId: '702',
		});
		const [call] = all('calls');
		expect(linked('calls', call.id, 'contacts')).toEqual(['501']);
		expect(linked('calls', call.id, 'deals')).toEqual(['702']);
		expect(all('contacts')).toHaveLength(3);
		expect(all('deals')).toHaveLength(2);
		expect(all('tasks')).toHaveLength(0);
	});

	it('answered by a colleague: the call logged, and a task for the responsible owner saying who answered', async () => {
		await logCalls([ringostat({ connected_with: 'petro_sip', employee_fio: 'Петро' })]);
		const [task] = tasksOn('501');
		expect(task.properties).toMatchObject({
			hubspot_owner_id: OLENA,
			hs_task_status: 'NOT_STARTED',
			hs_task_subject:
				'+380441234567 called and Петро (SIP petro_sip) answered: check what was said',
		});
		expect(linked('tasks', task.id, 'deals')).toEqual(['702']);
		expect(all('calls')[0].properties.hubspot_owner_id).toBe(PETRO);
	});

	it('a mobile number stored internationally and one stored without its plus are found too', async () => {
		const result = await logCalls([
			ringostat({ caller: '0675551234', connected_with: 'petro_sip' }),
			ringostat({ caller: '+380935550000', connected_with: 'olena_sip' }),
		]);
		expect(result.items(0).map((item) => item.json.contactId)).toEqual(['502', '503']);
		expect(all('contacts')).toHaveLength(3);
	});

	it('a Polish number with the same national digits, older, is not taken for the Kyiv caller', async () => {
		sandbox.store.create('contacts', { phone: '+48 44 123 45 67', hubspot_owner_id: PETRO }, '499');
		const result = await logCalls([ringostat({ connected_with: 'olena_sip' })]);
		expect(result.items(0)[0].json).toMatchObject({
			cell: 'incoming answered, existing caller',
			contactId: '501',
		});
	});

	it('answered by an employee not in the table: a task for the senior manager to check the table', async () => {
		await logCalls([ringostat({ connected_with: 'new_sip' })]);
		const tasks = tasksOn('501');
		expect(tasks.map((task) => task.properties.hubspot_owner_id)).toEqual([SENIOR]);
		expect(tasks[0].properties.hs_task_subject).toMatch(/^Check the employee table/);
	});

	it('with the recording rule: an already-completed task carrying the recording', async () => {
		await logCalls([ringostat({ connected_with: 'olena_sip' })], {
			rules: { recordingTask: true },
		});
		const [task] = tasksOn('501');
		expect(task.properties).toMatchObject({ hs_task_status: 'COMPLETED', hubspot_owner_id: OLENA });
		expect(task.properties.hs_task_body).toContain('Recording: https://records.example.com/');
	});
});

describe('Log Call: incoming missed', () => {
	it('new caller: contact and deal for the senior manager, and a task to call back and hand out', async () => {
		const result = await logCalls([
			ringostat({ caller: '+380 50 999 0000', disposition: 'NO ANSWER', billsec: '0' }),
		]);
		const contactId = String(result.items(0)[0].json.contactId);
		expect(sandbox.store.get('contacts', contactId)?.properties.hubspot_owner_id).toBe(SENIOR);
		const [task] = tasksOn(contactId);
		expect(task.properties).toMatchObject({ hubspot_owner_id: SENIOR, hs_task_priority: 'HIGH' });
		expect(task.properties.hs_task_subject).toMatch(/missed call from a new caller/);
		expect(all('calls')[0].properties.hs_call_status).toBe('NO_ANSWER');
	});

	it('existing caller: a call-back task on the open deal for its owner', async () => {
		await logCalls([ringostat({ disposition: 'BUSY' })]);
		const [task] = tasksOn('501');
		expect(task.properties).toMatchObject({
			hubspot_owner_id: OLENA,
			hs_task_subject: 'Call back +380441234567: missed call',
		});
		expect(linked('tasks', task.id, 'deals')).toEqual(['702']);
	});
});

describe('Log Call: outgoing', () => {
	it('to an existing customer: the call on the contact and deal; to a number not in HubSpot: logged nowhere, reported', async () => {
		const result = await logCalls([
			ringostat({
				call_type: 'out',
				caller: '+380670000001',
				dst: '044 123 4567',
				connected_with: 'olena_sip',
			}),
			ringostat({
				call_type: 'out',
				caller: '+380670000001',
				dst: '+380 50 777 8899',
				connected_with: 'olena_sip',
			}),
		]);
		const [known, unknown] = result.items(0).map((item) => item.json);
		expect(known).toMatchObject({
			cell: 'outgoing connected, existing customer',
			contactId: '501',
			dealId: '702',
		});
		expect(unknown).toMatchObject({
			cell: 'outgoing connected, number not in HubSpot',
			contactId: null,
			notLogged: expect.stringMatching(/^\+380507778899 is not in HubSpot/),
		});
		expect(all('calls')).toHaveLength(1);
		expect(all('calls')[0].properties).toMatchObject({
			hs_call_direction: 'OUTBOUND',
			hs_call_from_number: '+380670000001',
			hs_call_to_number: '+380441234567',
		});
		expect(all('contacts')).toHaveLength(3);
	});
});

describe('Log Call: the call source on a new caller', () => {
	const SOURCE = {
		sourceProperties: { utmSource: 'utm_source', googleClientId: 'google_client_id' },
	};
	const event = () =>
		ringostat({
			caller: '+380 50 444 5566',
			connected_with: 'olena_sip',
			utm_source: 'google',
			client_id: '1234567890.1733565000',
		});

	it('a property HubSpot lacks fails the call naming it, with nothing written', async () => {
		const result = await logCalls([event()], SOURCE);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Write Call Source To > UTM Source: HubSpot has no contacts property "utm_source"',
		);
		expect(all('contacts')).toHaveLength(3);
		expect(all('calls')).toHaveLength(0);
	});

	it('created when allowed, then written on the contact and the deal', async () => {
		const result = await logCalls([event()], { ...SOURCE, createMissingProperties: true });
		expect(result.status).toBe('success');
		const { contactId, dealId } = result.items(0)[0].json;
		const written = { utm_source: 'google', google_client_id: '1234567890.1733565000' };
		expect(sandbox.store.get('contacts', String(contactId))?.properties).toMatchObject(written);
		expect(sandbox.store.get('deals', String(dealId))?.properties).toMatchObject(written);
		// An existing caller's records are not rewritten.
		const existing = await logCalls(
			[ringostat({ utm_source: 'bing', connected_with: 'olena_sip' })],
			SOURCE,
		);
		expect(existing.status).toBe('success');
		expect(sandbox.store.get('contacts', '501')?.properties.utm_source).toBeUndefined();
	});
});

describe('Log Call: bad input', () => {
	it('names the item and the field; with continueOnFail the good calls go on', async () => {
		const bad: Array<[IDataObject, INodeParameters, RegExp]> = [
			[
				ringostat({ caller: 'anonymous' }),
				{},
				/^Call event > Caller Number: "anonymous" holds characters/,
			],
			[
				ringostat({ caller: '12' }),
				{},
				/^Call event > Caller Number: "12" is not a valid phone number/,
			],
			[ringostat({ call_type: 'sideways' }), {}, /^Call event > Direction: "sideways" is neither/],
			[ringostat({ uniqueid: '' }), {}, /^Call event > Call ID: missing/],
			[
				ringostat({ calldate: 'yesterday' }),
				{},
				/^Call event > Start Time: "yesterday" is not a date/,
			],
			[
				ringostat({}),
				{ defaultCountry: 'XX' },
				/^Default Country: "XX" is not an ISO country code/,
			],
			[
				ringostat({}),
				{ callTimeZone: 'Kyiv' },
				/^Time Zone of Call Times: "Kyiv" is not an IANA time zone/,
			],
			[
				ringostat({}),
				{ dealStageId: '' },
				/^Deal Stage: choose the stage new callers' deals start in/,
			],
			[
				ringostat({}),
				{ employees: { employee: [{ ownerId: OLENA, identifiers: ' , ' }] } },
				/^Employees > Employee 1 > Identifiers: give at least one/,
			],
		];
		for (const [event, extra, message] of bad) {
			const result = await logCalls([event], extra);
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(message);
		}
		expect(all('calls')).toHaveLength(0);

		const mixed = await logCalls(
			[ringostat({ caller: 'anonymous' }), ringostat({ connected_with: 'olena_sip' })],
			{},
			{ continueOnFail: true },
		);
		expect(mixed.status).toBe('success');
		const [failed, logged] = mixed.items(0);
		expect(failed).toMatchObject({
			json: { error: expect.stringMatching(/Caller Number/) },
			pairedItem: { item: 0 },
		});
		expect(logged).toMatchObject({ json: { contactId: '501' }, pairedItem: { item: 1 } });
		expect(all('calls')).toHaveLength(1);
	});
});
