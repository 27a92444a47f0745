/**
 * Find Owner through n8n's engine against the sandbox: the responsible owner and destination for
 * a ringing caller in either order, one search when cold and none when warm, "not found" for an
 * unknown number and when HubSpot is slower than the deadline, and a cached answer forgotten
 * when Log Call changes who owns the caller.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RouteCallToOwner } from '../../nodes/RouteCallToOwner/RouteCallToOwner.node';
import { closeRedisConnections } from '../../nodes/shared/state';
import type { SeedData } from '../../sandbox/server';
import { runNode } from '../../tools/engine';
import { useContractSandbox } from '../sandbox/testSandbox';
import {
	CALL_OWNERS,
	OLENA,
	PETRO,
	routeCallCredentials,
	routeCallNodeTypes,
	SENIOR,
} from './routeCallToOwnerSupport';
import { hubSpotRequests } from '../transport/transportSupport';

const SEED: SeedData = {
	...CALL_OWNERS,
	objects: {
		contacts: [
			{ id: '501', properties: { phone: '044 123 4567', hubspot_owner_id: OLENA } },
			{ id: '502', properties: { mobilephone: '+380 67 555 1234' } },
		],
		deals: [
			{
				id: '702',
				properties: {
					dealname: 'Open',
					pipeline: 'default',
					dealstage: 'qualifiedtobuy',
					hubspot_owner_id: PETRO,
				},
			},
			{
				id: '703',
				properties: {
					dealname: 'Open too',
					pipeline: 'default',
					dealstage: 'contractsent',
					hubspot_owner_id: PETRO,
				},
			},
		],
	},
	associations: [
		{ fromType: 'deals', fromId: '702', toType: 'contacts', toId: '501' },
		{ fromType: 'deals', fromId: '703', toType: 'contacts', toId: '502' },
	],
};

const nodeTypes = routeCallNodeTypes;
const sandbox = useContractSandbox({}, { resetBeforeEach: SEED });
afterAll(async () => await closeRedisConnections());

const EMPLOYEES = {
	employee: [
		{ ownerId: OLENA, identifiers: '101, olena_sip', destinations: '+380670000001, olena_sip' },
		{ ownerId: PETRO, identifiers: '102, petro_sip', destinations: 'petro_sip' },
	],
};

async function findOwner(
	caller: string,
	extra: INodeParameters = {},
	credential: IDataObject = {},
) {
	const result = await runNode(
		{
			type: RouteCallToOwner,
			parameters: {
				operation: 'findOwner',
				defaultCountry: 'UA',
				employees: EMPLOYEES,
				cacheSeconds: 0,
				...extra,
			},
		},
		{
			nodeTypes,
			credentials: routeCallCredentials(sandbox, credential),
			// Ringostat's forwarding request, as n8n's Webhook node hands it on.
			inputItems: [{ json: { query: { caller, call_id: 'ring-1' } } }],
		},
	);
	if (result.status !== 'success') throw result.error ?? new Error(result.status);
	return result.items(0)[0].json as IDataObject;
}

const searches = () => hubSpotRequests(sandbox, /\/search$/).length;

describe('Find Owner', () => {
	it("the contact's owner first, or the open deal's: the owner's first destination as the answer", async () => {
		expect(await findOwner('380441234567')).toMatchObject({
			callerNumber: '+380441234567',
			found: true,
			ownerId: OLENA,
			ownerFrom: 'contact',
			destination: '+380670000001',
			answer: '+380670000001',
			contentType: 'text/plain',
			source: 'hubspot',
		});
		expect(await findOwner('044 123 4567', { ownerOrder: 'dealFirst' })).toMatchObject({
			ownerId: PETRO,
			ownerFrom: 'deal',
			answer: 'petro_sip',
		});
		// An unowned contact: its open deal's owner answers in either order.
		expect(await findOwner('0675551234')).toMatchObject({ ownerId: PETRO, ownerFrom: 'deal' });
	});

	it('one search when cold, none when warm', async () => {
		const before = searches();
		const cold = await findOwner('+380 44 123 45 67', { cacheSeconds: 60 });
		expect(searches() - before).toBe(1);
		const warm = await findOwner('0441234567', { cacheSeconds: 60 });
		expect(searches() - before).toBe(1);
		expect([cold.source, warm.source]).toEqual(['hubspot', 'cache']);
		expect(warm).toMatchObject({ ownerId: OLENA, answer: '+380670000001' });
	});

	it("one HubSpot call when the contact's owner answers; the deal is read only when the answer may depend on it", async () => {
		// a caller of its own: the cache is the account's and outlives each test's sandbox reset
		const contact = sandbox.store.create('contacts', {
			phone: '044 765 4321',
			hubspot_owner_id: OLENA,
		});
		const deal = sandbox.store.create('deals', {
			dealname: 'Open',
			pipeline: 'default',
			dealstage: 'qualifiedtobuy',
			hubspot_owner_id: PETRO,
		});
		sandbox.store.associate('deals', deal.id, 'contacts', contact.id);
		const calls = () => hubSpotRequests(sandbox, /^\/crm\//).length;
		const before = calls();
		expect(await findOwner('0447654321', { cacheSeconds: 60 })).toMatchObject({ ownerId: OLENA });
		expect(calls() - before).toBe(1);
		// deal first: the cached entry has no deal, so HubSpot is asked for it once
		expect(
			await findOwner('+380447654321', { cacheSeconds: 60, ownerOrder: 'dealFirst' }),
		).toMatchObject({
			ownerId: PETRO,
			source: 'hubspot',
		});
		const afterDeal = calls();
		expect(afterDeal - before).toBeGreaterThan(1);
		expect(
			await findOwner('+380447654321', { cacheSeconds: 60, ownerOrder: 'dealFirst' }),
		).toMatchObject({
			ownerId: PETRO,
			source: 'cache',
		});
		expect(await findOwner('+380447654321', { cacheSeconds: 60 })).toMatchObject({
			ownerId: OLENA,
			source: 'cache',
		});
		expect(calls()).toBe(afterDeal);
	});

	it('an unknown number, or an owner with no destination: not found, with an empty answer', async () => {
		expect(await findOwner('+380 50 000 1111')).toMatchObject({
			found: false,
			ownerId: null,
			answer: '',
			reason: 'no contact or open deal with an owner has this number',
		});
		const json = await findOwner('+380 50 000 1111', { answerFormat: 'json', answerKey: 'dst' });
		expect(JSON.parse(String(json.answer))).toEqual({ dst: '' });
		expect(json.contentType).toBe('application/json');
	});

	it('HubSpot slower than the deadline: not found at the deadline, and the late answer serves the next ring', async () => {
		// The search hangs until the credential's 1 s request timeout, then is retried.
		sandbox.setFaults({ rate: 1, statuses: ['hang'], maxFaults: 1, paths: '/search$' });
		const started = Date.now();
		const slow = await findOwner(
			'+380 67 555 1234',
			{ answerWithinMs: 300, cacheSeconds: 60 },
			{ requestTimeoutSeconds: 1 },
		);
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(slow).toMatchObject({ found: false, source: 'deadline', answer: '' });
		expect(slow.reason).toBe('HubSpot did not answer within 300 ms');
		await new Promise((resolve) => setTimeout(resolve, 2_500));
		expect(await findOwner('0675551234', { cacheSeconds: 60 })).toMatchObject({
			found: true,
			ownerId: PETRO,
			source: 'cache',
		});
		// A reset re-arms the fault: the next tests must not meet it.
		sandbox.setFaults(undefined);
	});

	it('HubSpot failing (here a revoked token): not found with the reason, never a failed ring', async () => {
		expect(await findOwner('0441234567', {}, { accessToken: 'revoked-token' })).toMatchObject({
			found: false,
			source: 'failed',
			answer: '',
			reason: expect.stringMatching(/^HubSpot failed: /),
		});
	});

	it("Log Call forgets a caller's cached owner: a new caller's owner is answered at the next ring", async () => {
		const before = await findOwner('+380 50 123 9876', { cacheSeconds: 300 });
		expect(before).toMatchObject({ found: false });
		const logged = await runNode(
			{
				type: RouteCallToOwner,
				parameters: {
					operation: 'logCall',
					defaultCountry: 'UA',
					callTimeZone: 'Europe/Kyiv',
					employees: EMPLOYEES,
					seniorOwnerId: SENIOR,
					pipelineId: 'default',
					dealStageId: 'appointmentscheduled',
				},
			},
			{
				nodeTypes,
				credentials: routeCallCredentials(sandbox),
				inputItems: [
					{
						json: {
							uniqueid: 'forget-1',
							call_type: 'in',
							disposition: 'ANSWERED',
							caller: '380501239876',
							connected_with: 'petro_sip',
						},
					},
				],
			},
		);
		expect(logged.status).toBe('success');
		expect(await findOwner('0501239876', { cacheSeconds: 300 })).toMatchObject({
			found: true,
			ownerId: PETRO,
			source: 'hubspot',
		});
	});

	it('a forget while a lookup is still in flight: its late answer is never read back', async () => {
		const contact = sandbox.store.create('contacts', {
			phone: '044 222 3344',
			hubspot_owner_id: OLENA,
		});
		// The search hangs until the credential's 1 s request timeout, then is retried and answers.
		sandbox.setFaults({ rate: 1, statuses: ['hang'], maxFaults: 1, paths: '/search$' });
		const slow = await findOwner(
			'0442223344',
			{ answerWithinMs: 200, cacheSeconds: 60 },
			{ requestTimeoutSeconds: 1 },
		);
		expect(slow).toMatchObject({ found: false, source: 'deadline' });
		// Olena hands the contact to Petro, and HubSpot says so before the late answer comes
		sandbox.store.update('contacts', contact.id, { hubspot_owner_id: PETRO });
		const forgot = await runNode(
			{
				type: RouteCallToOwner,
				parameters: {
					operation: 'forgetOwner',
					defaultCountry: 'UA',
					changedRecordType: 'contact',
					changedRecordId: contact.id,
				},
			},
			{ nodeTypes, credentials: routeCallCredentials(sandbox), inputItems: [{ json: {} }] },
		);
		expect(forgot.items(0)[0].json).toMatchObject({ forgotten: ['+380442223344'] });
		await new Promise((resolve) => setTimeout(resolve, 2_500)); // the late answer (Olena) lands
		expect(await findOwner('0442223344', { cacheSeconds: 60 })).toMatchObject({
			ownerId: PETRO,
			source: 'hubspot',
		});
		expect(await findOwner('0442223344', { cacheSeconds: 60 })).toMatchObject({
			ownerId: PETRO,
			source: 'cache',
		});
		sandbox.setFaults(undefined);
	});

	it("an owner changed in HubSpot: Forget Cached Owner (on the contact's or the deal's event) makes the next ring ask again", async () => {
		const forget = async (changedRecordType: string, changedRecordId: string) => {
			const result = await runNode(
				{
					type: RouteCallToOwner,
					parameters: {
						operation: 'forgetOwner',
						defaultCountry: 'UA',
						changedRecordType,
						changedRecordId: '={{ $json.objectId }}',
					},
				},
				{
					nodeTypes,
					credentials: routeCallCredentials(sandbox),
					// What the HubSpot Taskflow Trigger emits for an owner change.
					inputItems: [
						{ json: { objectId: Number(changedRecordId), propertyName: 'hubspot_owner_id' } },
					],
				},
			);
			expect(result.status).toBe('success');
			return result.items(0)[0].json;
		};
		const ring = () =>
			findOwner('+380 67 555 1234', { cacheSeconds: 300, ownerOrder: 'dealFirst' });
		expect(await ring()).toMatchObject({ ownerId: PETRO });
		sandbox.store.update('deals', '703', { hubspot_owner_id: OLENA });
		expect(await ring()).toMatchObject({ ownerId: PETRO, source: 'cache' });
		expect(await forget('deal', '703')).toEqual({
			recordType: 'deal',
			recordId: '703',
			forgotten: ['+380675551234'],
		});
		expect(await ring()).toMatchObject({ ownerId: OLENA, source: 'hubspot' });

		// The contact gets an owner of its own: until forgotten, the cached answer is the deal's.
		sandbox.store.update('contacts', '502', { hubspot_owner_id: PETRO });
		const contactFirst = () => findOwner('0675551234', { cacheSeconds: 300 });
		expect(await contactFirst()).toMatchObject({
			ownerId: OLENA,
			ownerFrom: 'deal',
			source: 'cache',
		});
		await forget('contact', '502');
		expect(await contactFirst()).toMatchObject({
			ownerId: PETRO,
			ownerFrom: 'contact',
			source: 'hubspot',
		});
	});

	it('a number that is not one is named', async () => {
		await expect(findOwner('anonymous')).rejects.toMatchObject({
			message: expect.stringMatching(
				/^Caller Number: "anonymous" holds characters a phone number does not/,
			),
		});
	});
});
