/**
 * The trigger's webhook() through n8n-core's WebhookContext, fed real HTTP requests on 127.0.0.1:
 * signatures are computed with the domain's own signer over the URL n8n reports to the node.
 */
import type { IDataObject } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { HubSpotTaskflowTrigger } from '../../nodes/HubSpotTaskflowTrigger/HubSpotTaskflowTrigger.node';
import { signHubSpotRequest } from '../../nodes/domain/webhook/signature';
import { NodeTypeRegistry, startWebhookHarness } from './harness';
import type { WebhookHarness } from './harness';

const CLIENT_SECRET = 'taskflow-app-client-secret';
const TRIGGER_NAME = 'HubSpot Taskflow Trigger';
const nodeTypes = new NodeTypeRegistry([HubSpotTaskflowTrigger], [HubSpotTaskflowApi]);
let trigger: WebhookHarness;

async function startTrigger(staticData?: IDataObject): Promise<WebhookHarness> {
	return await startWebhookHarness(
		{ type: HubSpotTaskflowTrigger, parameters: { verification: 'hubSpotSignature' } },
		{
			nodeTypes,
			credentials: {
				hubSpotTaskflowApi: { accessToken: 'not-used-by-the-trigger', clientSecret: CLIENT_SECRET },
			},
			staticData,
		},
	);
}

function contactCreated(
	eventId: number,
	objectId: number,
	attemptNumber = 0,
): Record<string, unknown> {
	return {
		eventId,
		subscriptionId: 4242,
		portalId: 62515,
		appId: 1160452,
		occurredAt: 1_790_000_000_000 + eventId,
		subscriptionType: 'contact.creation',
		attemptNumber,
		objectId,
		changeFlag: 'CREATED',
		changeSource: 'CRM',
	};
}

/** A delivery as HubSpot sends it: raw JSON bytes signed with v3 over the public URL. */
function signedDelivery(
	events: object[],
	{
		clientSecret = CLIENT_SECRET,
		to = trigger,
	}: { clientSecret?: string; to?: WebhookHarness } = {},
): { body: string; headers: Record<string, string> } {
	const body = JSON.stringify(events);
	const signature = signHubSpotRequest({
		version: 'v3',
		clientSecret,
		method: 'POST',
		uri: to.url,
		body,
	});
	return { body, headers: { 'content-type': 'application/json', ...signature } };
}

beforeEach(async () => {
	trigger = await startTrigger();
});

afterEach(async () => {
	await trigger.close();
});

describe('HubSpot Taskflow Trigger through n8n-core WebhookContext', () => {
	it('turns a correctly signed v3 delivery into one item per event and starts an execution', async () => {
		const outcome = await trigger.deliver(
			signedDelivery([contactCreated(1, 501), contactCreated(2, 502)]),
		);

		expect(outcome.error).toBeUndefined();
		expect(outcome.status).toBe(200);
		expect(JSON.parse(outcome.body)).toMatchObject({
			status: 'ok',
			received: 2,
			accepted: 2,
			duplicates: 0,
		});
		expect(outcome.workflowData).toEqual([
			[
				{
					json: expect.objectContaining({
						eventId: 1,
						objectId: 501,
						eventType: 'contact.creation',
					}),
				},
				{
					json: expect.objectContaining({
						eventId: 2,
						objectId: 502,
						eventType: 'contact.creation',
					}),
				},
			],
		]);
		expect(outcome.execution?.status).toBe('success');
		expect(outcome.execution?.itemsOf(TRIGGER_NAME).map((item) => item.json.objectId)).toEqual([
			501, 502,
		]);
	});

	it('answers a forged signature with 401 and starts nothing', async () => {
		const forged = signedDelivery([contactCreated(1, 501)], {
			clientSecret: 'someone-elses-secret',
		});

		const outcome = await trigger.deliver(forged);

		expect(outcome.status).toBe(401);
		expect(JSON.parse(outcome.body)).toMatchObject({ reason: 'signatureMismatch' });
		expect(outcome.workflowData).toBeUndefined();
		expect(outcome.execution).toBeUndefined();
	});

	it('refuses a signed delivery whose body was changed on the way', async () => {
		const genuine = signedDelivery([contactCreated(1, 501)]);
		const tampered = { ...genuine, body: genuine.body.replace('501', '666') };

		const outcome = await trigger.deliver(tampered);

		expect(outcome.status).toBe(401);
		expect(outcome.workflowData).toBeUndefined();
	});

	it('never reaches the node with a JSON body n8n cannot parse (422 from the webhook server)', async () => {
		const outcome = await trigger.deliver({
			body: '[{"eventId": 1,',
			headers: { 'content-type': 'application/json' },
		});

		expect(outcome.status).toBe(422);
		expect(outcome.webhookResult).toBeUndefined();
		expect(outcome.workflowData).toBeUndefined();
	});

	it('drops a redelivered event, remembering it in workflow static data between calls', async () => {
		const first = await trigger.deliver(signedDelivery([contactCreated(7, 701)]));
		expect(first.workflowData?.[0]).toHaveLength(1);
		expect(trigger.staticData()).toEqual({
			[`node:${TRIGGER_NAME}`]: {
				seenEvents: { version: 1, entries: [[expect.any(String), expect.any(Number)]] },
			},
		});

		// HubSpot's retry: same event, next attempt number, freshly signed.
		const retry = await trigger.deliver(signedDelivery([contactCreated(7, 701, 1)]));
		expect(retry.status).toBe(200);
		expect(JSON.parse(retry.body)).toMatchObject({ received: 1, accepted: 0, duplicates: 1 });
		expect(retry.workflowData).toBeUndefined();
		expect(retry.execution).toBeUndefined();

		const mixed = await trigger.deliver(
			signedDelivery([contactCreated(7, 701, 2), contactCreated(8, 801)]),
		);
		expect(mixed.workflowData?.[0].map((item) => item.json.eventId)).toEqual([8]);
	});

	it('keeps that memory only in static data: a restarted trigger given it still drops the retry', async () => {
		await trigger.deliver(signedDelivery([contactCreated(9, 901)]));

		const restarted = await startTrigger(trigger.staticData());
		const forgetful = await startTrigger();
		try {
			const retry = [contactCreated(9, 901, 1)];
			expect(
				(await restarted.deliver(signedDelivery(retry, { to: restarted }))).workflowData,
			).toBeUndefined();
			expect(
				(await forgetful.deliver(signedDelivery(retry, { to: forgetful }))).workflowData?.[0],
			).toHaveLength(1);
		} finally {
			await Promise.all([restarted.close(), forgetful.close()]);
		}
	});
});
