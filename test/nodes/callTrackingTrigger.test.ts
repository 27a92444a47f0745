/**
 * Call Tracking Trigger through n8n's webhook context: the shared secret in a URL parameter or a
 * header, compared in constant time (401 and no run when wrong or missing), Ringostat's call data
 * as a form, JSON or URL parameters in one flat item without the secret, and a form-encoded
 * after-call event run on through Log Call into the sandbox.
 */
import type { INodeParameters } from 'n8n-workflow';

import { CallTrackingWebhookApi } from '../../credentials/CallTrackingWebhookApi.credentials';
import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { CallTrackingTrigger } from '../../nodes/CallTrackingTrigger/CallTrackingTrigger.node';
import { RouteCallToOwner } from '../../nodes/RouteCallToOwner/RouteCallToOwner.node';
import { closeRedisConnections } from '../../nodes/shared/state';
import { NodeTypeRegistry, nodeUnderTest, startWebhookHarness } from '../../tools/engine';
import type { WebhookHarness } from '../../tools/engine';
import { useContractSandbox } from '../sandbox/testSandbox';
import { CALL_OWNERS, OLENA, SENIOR } from './routeCallToOwnerSupport';

const SECRET = 'vT9q-3mZx7Lr2Kc8Wp4N';
const nodeTypes = new NodeTypeRegistry(
	[CallTrackingTrigger, RouteCallToOwner],
	[CallTrackingWebhookApi, HubSpotTaskflowApi],
);
const sandbox = useContractSandbox({}, { resetBeforeEach: CALL_OWNERS });
afterAll(async () => await closeRedisConnections());

const harnesses: WebhookHarness[] = [];
afterEach(async () => {
	await Promise.all(harnesses.splice(0).map(async (harness) => await harness.close()));
});

async function startTrigger(parameters: INodeParameters = {}, secret = SECRET) {
	const harness = await startWebhookHarness(
		{ type: CallTrackingTrigger, name: 'Ringostat call', parameters },
		{ nodeTypes, credentials: { callTrackingWebhookApi: { secret } } },
	);
	harnesses.push(harness);
	return harness;
}

const form = (fields: Record<string, string>) => ({
	headers: { 'content-type': 'application/x-www-form-urlencoded' },
	body: new URLSearchParams(fields).toString(),
});

describe('Call Tracking Trigger: the shared secret', () => {
	it('a URL parameter: the right one runs, a wrong, short, differently cased or missing one gets 401 and starts nothing', async () => {
		const trigger = await startTrigger();
		for (const [label, url] of [
			['wrong', `${trigger.url}?secret=vT9q-3mZx7Lr2Kc8Wp4M`],
			['a prefix of it', `${trigger.url}?secret=vT9q-3mZx7`],
			['other case', `${trigger.url}?secret=${SECRET.toUpperCase()}`],
			['missing', trigger.url],
			['empty', `${trigger.url}?secret=`],
		]) {
			const refused = await trigger.deliver({ url, ...form({ caller: '380441234567' }) });
			expect({ label, status: refused.status, ran: refused.workflowData }).toEqual({
				label,
				status: 401,
				ran: undefined,
			});
			expect(JSON.parse(refused.body)).toEqual({
				status: 'error',
				message: 'Request verification failed',
			});
		}
		const accepted = await trigger.deliver({
			url: `${trigger.url}?secret=${encodeURIComponent(SECRET)}`,
			...form({ caller: '380441234567', uniqueid: '1733565600.1' }),
		});
		expect(accepted.status).toBe(200);
		expect(JSON.parse(accepted.body)).toEqual({ status: 'ok' });
		expect(accepted.workflowData?.[0].map((item) => item.json)).toEqual([
			{ caller: '380441234567', uniqueid: '1733565600.1' },
		]);
	});

	it('a header: only the header counts, the same value in the URL is not enough', async () => {
		const trigger = await startTrigger({
			secretLocation: 'header',
			authFieldName: 'X-Ringostat-Secret',
		});
		const inUrl = await trigger.deliver({
			url: `${trigger.url}?X-Ringostat-Secret=${SECRET}`,
			body: { caller: '380441234567' },
		});
		expect(inUrl.status).toBe(401);
		const inHeader = await trigger.deliver({
			headers: { 'x-ringostat-secret': SECRET },
			body: { caller: '380441234567', additional_call_data: { utm_source: 'google' } },
		});
		expect(inHeader.status).toBe(200);
		expect(inHeader.workflowData?.[0][0].json).toEqual({
			caller: '380441234567',
			additional_call_data: { utm_source: 'google' },
		});
	});

	it('a GET with the call data as URL parameters; a body that is not an object is kept whole', async () => {
		const trigger = await startTrigger();
		const get = await trigger.deliver({
			method: 'GET',
			url: `${trigger.url}?secret=${SECRET}&caller=%2B380441234567&call_id=77`,
		});
		expect(get.status).toBe(200);
		expect(get.workflowData?.[0][0].json).toEqual({ caller: '+380441234567', call_id: '77' });
		const list = await trigger.deliver({
			url: `${trigger.url}?secret=${SECRET}&call_id=78`,
			body: [1, 2],
		});
		expect(list.workflowData?.[0][0].json).toEqual({ call_id: '78', body: [1, 2] });
	});

	it('refuses to listen with a short secret, and the credential test says why', async () => {
		await expect(startTrigger({}, 'short')).resolves.toBeDefined();
		const trigger = harnesses[0];
		const refused = await trigger.deliver({ url: `${trigger.url}?secret=short`, body: {} });
		expect(refused.status).toBe(500);
		expect(refused.workflowData).toBeUndefined();
		expect(refused.error?.message).toMatch(
			/Secret is not usable: it has 5 characters; use at least 16/,
		);
		const test = new CallTrackingTrigger().methods.credentialTest.testCallTrackingSecret;
		const verdict = (secret: string) =>
			test.call({} as never, {
				id: '1',
				name: 'c',
				type: 'callTrackingWebhookApi',
				data: { secret },
			});
		await expect(verdict('aaaaaaaaaaaaaaaaaaaa')).resolves.toEqual({
			status: 'Error',
			message: 'The secret is not usable: it repeats a few characters; use random ones',
		});
		await expect(verdict(SECRET)).resolves.toMatchObject({ status: 'OK' });
	});
});

describe('Call Tracking Trigger -> Log Call', () => {
	it("Ringostat's form-encoded after-call event becomes a contact, a deal and a call in HubSpot", async () => {
		const harness = await startWebhookHarness(
			{ type: CallTrackingTrigger, name: 'Ringostat call', parameters: {} },
			{
				nodeTypes,
				credentials: {
					callTrackingWebhookApi: { secret: SECRET },
					hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url },
				},
				followedBy: {
					nodes: [
						nodeUnderTest(nodeTypes, {
							type: RouteCallToOwner,
							name: 'Log Call',
							parameters: {
								operation: 'logCall',
								defaultCountry: 'UA',
								callTimeZone: 'Europe/Kyiv',
								employees: {
									employee: [
										{ ownerId: OLENA, identifiers: 'olena_sip', destinations: 'olena_sip' },
									],
								},
								seniorOwnerId: SENIOR,
								pipelineId: 'default',
								dealStageId: 'appointmentscheduled',
							},
						}),
					],
					connections: {
						'Ringostat call': { main: [[{ node: 'Log Call', type: 'main', index: 0 }]] },
					},
				},
			},
		);
		harnesses.push(harness);
		const outcome = await harness.deliver({
			url: `${harness.url}?secret=${SECRET}`,
			...form({
				uniqueid: '1733565600.9',
				call_type: 'in',
				disposition: 'ANSWERED',
				caller: '0501112233',
				dst: '0443334455',
				calldate: '2026-12-07 12:00:00',
				duration: '95',
				billsec: '80',
				connected_with: 'olena_sip',
			}),
		});
		expect(outcome.status).toBe(200);
		expect(outcome.execution?.status).toBe('success');
		expect(outcome.execution?.itemsOf('Log Call')[0].json).toMatchObject({
			cell: 'incoming answered, new caller',
		});
		const [contact] = sandbox.store.all('contacts');
		expect(contact.properties).toMatchObject({ phone: '+380501112233', hubspot_owner_id: OLENA });
		expect(sandbox.store.all('deals')).toHaveLength(1);
		expect(sandbox.store.all('calls')).toHaveLength(1);
	});
});
