/**
 * The trigger's webhook() through n8n-core's WebhookContext, fed real HTTP requests on 127.0.0.1:
 * signatures are computed with the domain's own signer over the URL n8n reports to the node.
 */
import type { WebhookHarness } from '../../tools/engine';
import { signHubSpotRequest } from '../../nodes/domain/webhook/signature';
import {
	CLIENT_SECRET,
	contactCreated,
	signedDelivery,
	startTaskflowTrigger,
	TRIGGER_NAME,
} from './hubSpotTaskflowTriggerSupport';

let trigger: WebhookHarness;

beforeEach(async () => {
	trigger = await startTaskflowTrigger();
});

afterEach(async () => {
	await trigger.close();
});

describe('HubSpot Taskflow Trigger through n8n-core WebhookContext', () => {
	it('turns a correctly signed v3 delivery into one item per event and starts an execution', async () => {
		const outcome = await trigger.deliver(
			signedDelivery([contactCreated(1, 501), contactCreated(2, 502)], trigger),
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
		const forged = signedDelivery([contactCreated(1, 501)], trigger, 'someone-elses-secret');

		const outcome = await trigger.deliver(forged);

		expect(outcome.status).toBe(401);
		expect(JSON.parse(outcome.body)).toMatchObject({ reason: 'signatureMismatch' });
		expect(outcome.workflowData).toBeUndefined();
		expect(outcome.execution).toBeUndefined();
	});

	it('refuses a signed delivery whose body was changed on the way', async () => {
		const genuine = signedDelivery([contactCreated(1, 501)], trigger);
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
		const first = await trigger.deliver(signedDelivery([contactCreated(7, 701)], trigger));
		expect(first.workflowData?.[0]).toHaveLength(1);
		expect(trigger.staticData()).toEqual({
			[`node:${TRIGGER_NAME}`]: {
				seenEvents: { version: 1, entries: [[expect.any(String), expect.any(Number)]] },
			},
		});

		// HubSpot's retry: same event, next attempt number, freshly signed.
		const retry = await trigger.deliver(signedDelivery([contactCreated(7, 701, 1)], trigger));
		expect(retry.status).toBe(200);
		expect(JSON.parse(retry.body)).toMatchObject({ received: 1, accepted: 0, duplicates: 1 });
		expect(retry.workflowData).toBeUndefined();
		expect(retry.execution).toBeUndefined();

		const mixed = await trigger.deliver(
			signedDelivery([contactCreated(7, 701, 2), contactCreated(8, 801)], trigger),
		);
		expect(mixed.workflowData?.[0].map((item) => item.json.eventId)).toEqual([8]);
	});

	it('keeps that memory only in static data: a restarted trigger given it still drops the retry', async () => {
		await trigger.deliver(signedDelivery([contactCreated(9, 901)], trigger));

		const restarted = await startTaskflowTrigger({ staticData: trigger.staticData() });
		const forgetful = await startTaskflowTrigger();
		try {
			const retry = [contactCreated(9, 901, 1)];
			expect(
				(await restarted.deliver(signedDelivery(retry, restarted))).workflowData,
			).toBeUndefined();
			expect(
				(await forgetful.deliver(signedDelivery(retry, forgetful))).workflowData?.[0],
			).toHaveLength(1);
		} finally {
			await Promise.all([restarted.close(), forgetful.close()]);
		}
	});

	it('refuses a legacy (v2) signature by default from version 1.1: a captured request stripped of its v3 headers replays nothing', async () => {
		const events = JSON.stringify([contactCreated(31, 531)]);
		const legacy = (to: WebhookHarness) => ({
			body: events,
			headers: {
				'content-type': 'application/json',
				...signHubSpotRequest({
					version: 'v2',
					clientSecret: CLIENT_SECRET,
					method: 'POST',
					uri: to.url,
					body: events,
				}),
			},
		});

		const refused = await trigger.deliver(legacy(trigger));
		expect(refused.status).toBe(401);
		expect(JSON.parse(refused.body)).toMatchObject({ reason: 'legacyNotAccepted' });
		expect(refused.execution).toBeUndefined();

		// Version 1 keeps accepting them, as saved workflows were set up to.
		const versionOne = await startTaskflowTrigger({ typeVersion: 1 });
		try {
			const accepted = await versionOne.deliver(legacy(versionOne));
			expect(accepted.status).toBe(200);
			expect(accepted.execution?.itemsOf(TRIGGER_NAME)).toHaveLength(1);
		} finally {
			await versionOne.close();
		}
	});
});
