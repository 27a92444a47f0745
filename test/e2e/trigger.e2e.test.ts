/**
 * The HubSpot Taskflow Trigger in a real n8n 2.40.7 with this package installed as a community
 * package: a published workflow made of the trigger alone, fed requests signed as HubSpot signs
 * them. n8n runs as if behind a reverse proxy (WEBHOOK_URL is a public https URL, requests reach
 * 127.0.0.1), so a signature is only valid over the public URL.
 */
import { randomUUID } from 'node:crypto';

import { startSandbox, type Sandbox } from '../../sandbox/server';
import {
	contactPropertyChange,
	deliver,
	redeliveryOf,
	type DeliveryTarget,
	type HubSpotWebhookEvent,
	type SigningOverrides,
} from '../../tools/n8n/hubspot-deliveries';
import { N8nInstance } from '../../tools/n8n/n8n-instance';
import { nodeOutputItems } from '../../tools/n8n/rest-client';
import { singleNodeWorkflow, workflowId } from '../../tools/n8n/workflows';

const PACKAGE_NAME = 'n8n-nodes-hubspot-taskflow';
const TRIGGER_TYPE = `${PACKAGE_NAME}.hubSpotTaskflowTrigger`;
const TRIGGER_NODE_NAME = 'HubSpot Taskflow Trigger';
const CREDENTIAL = { id: 'taskflowE2eCred1', name: 'HubSpot Taskflow (sandbox)' };
const CLIENT_SECRET = 'e2e-app-client-secret-5b1f';
const PUBLIC_BASE_URL = 'https://n8n.taskflow-e2e.example.com/';
const TRIGGER_PATH = 'hubspot-taskflow';
const WORKFLOW_ID = workflowId('taskflowTrigger');
const WEBHOOK_ID = randomUUID();
/** a trigger's production path: its webhookId, then its Path parameter */
const WEBHOOK_PATH = `${WEBHOOK_ID}/${TRIGGER_PATH}`;
/** HubSpot gives up on a delivery after 5 s; the trigger must answer well within that */
const HUBSPOT_TIMEOUT_MS = 5_000;

const SETUP_TIMEOUT_MS = 15 * 60_000; // a fresh machine installs n8n first (several minutes)
const TEST_TIMEOUT_MS = 90_000;

function triggerWorkflow(): { id: string } & Record<string, unknown> {
	return singleNodeWorkflow(WORKFLOW_ID, 'E2E HubSpot Taskflow Trigger', {
		name: TRIGGER_NODE_NAME,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		webhookId: WEBHOOK_ID,
		parameters: { path: TRIGGER_PATH, verification: 'hubSpotSignature', options: {} },
		credentials: { hubSpotTaskflowApi: CREDENTIAL },
	});
}

describe('HubSpot Taskflow Trigger in real n8n', () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let target: DeliveryTarget;
	/** the eventIds of each execution the suite has caused so far, oldest first */
	const expectedRuns: number[][] = [];

	beforeAll(async () => {
		sandbox = await startSandbox();
		n8n = await N8nInstance.create({ label: 'trigger', publicUrl: () => PUBLIC_BASE_URL });
		await n8n.installThisPackage();
		await n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'hubSpotTaskflowApi',
				data: {
					accessToken: sandbox.token,
					baseUrl: sandbox.url,
					clientSecret: CLIENT_SECRET,
					webhookSecret: 'e2e-shared-webhook-secret',
				},
			},
		]);
		await n8n.importWorkflow(triggerWorkflow());
		await n8n.publishWorkflow(WORKFLOW_ID);
		await n8n.start();
		await n8n.rest.setupOwner();
		target = {
			localUrl: n8n.webhookUrl(WEBHOOK_PATH),
			publicUrl: n8n.publicWebhookUrl(WEBHOOK_PATH),
			clientSecret: CLIENT_SECRET,
		};
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (n8n) console.log(n8n.timingSummary());
		await n8n?.dispose();
		await sandbox?.close();
	}, 60_000);

	/** Runs the suite's executions against what it expects: one per accepted delivery, in order. */
	async function expectExecutionsSoFar(): Promise<void> {
		const finished = await n8n.waitForFinishedExecutions(WORKFLOW_ID, expectedRuns.length);
		// counted again unfiltered: an unexpected execution still running must fail the test too
		expect(await n8n.rest.listExecutions(WORKFLOW_ID)).toHaveLength(expectedRuns.length);
		const oldestFirst = [...finished].sort((a, b) => Number(a.id) - Number(b.id));
		const runs = await Promise.all(oldestFirst.map(async (e) => await n8n.rest.getExecution(e.id)));
		for (const run of runs) {
			expect(run.status).toBe('success');
			expect(run.mode).toBe('webhook');
		}
		expect(
			runs.map((run) => nodeOutputItems(run, TRIGGER_NODE_NAME).map((i) => i.eventId)),
		).toEqual(expectedRuns);
	}

	/** Sends a delivery that must be accepted and start one execution with these events. */
	async function deliverAccepted(events: HubSpotWebhookEvent[]): Promise<void> {
		const accepted = await deliver(target, events);
		expect(accepted.status).toBe(200);
		expectedRuns.push(events.map((event) => event.eventId));
		await expectExecutionsSoFar();
	}

	/** A refused delivery, then a valid one: only the valid one may have started an execution. */
	async function expectRefused(
		events: HubSpotWebhookEvent[],
		overrides: SigningOverrides,
		reason: string,
	): Promise<void> {
		const refused = await deliver(target, events, overrides);
		expect(refused.status).toBe(401);
		expect(refused.body).toMatchObject({ reason });
		await deliverAccepted([contactPropertyChange(9_001, 'lead')]);
	}

	test('the package is loaded: n8n knows the trigger node type', () =>
		n8n.withLogOnFailure(async () => {
			// answered from the package's own description, looked up by the package-qualified type
			const description = await n8n.rest.nodeTypeDescription(TRIGGER_TYPE, 1);
			expect(description).toMatchObject({
				name: 'hubSpotTaskflowTrigger',
				displayName: TRIGGER_NODE_NAME,
				group: ['trigger'],
				// 1.1 answers when the run is over and refuses legacy signatures; this suite runs 1
				version: [1, 1.1],
				defaultVersion: 1.1,
			});
		}));

	test(
		'a correctly v3-signed delivery gets 200 at once and one execution with the events as items',
		() =>
			n8n.withLogOnFailure(async () => {
				const events = [contactPropertyChange(501, 'customer'), contactPropertyChange(502, 'lead')];
				const delivery = await deliver(target, events);

				expect(delivery.status).toBe(200);
				expect(delivery.body).toMatchObject({
					status: 'ok',
					received: 2,
					accepted: 2,
					duplicates: 0,
				});
				expect(delivery.elapsedMs).toBeLessThan(HUBSPOT_TIMEOUT_MS / 2);
				expectedRuns.push(events.map((event) => event.eventId));
				await expectExecutionsSoFar();

				const [execution] = await n8n.executionDetails(WORKFLOW_ID);
				const items = nodeOutputItems(execution, TRIGGER_NODE_NAME);
				expect(items).toEqual([
					expect.objectContaining({
						eventId: events[0].eventId,
						eventType: 'contact.propertyChange',
						objectId: 501,
						propertyName: 'lifecyclestage',
						propertyValue: 'customer',
						occurredAt: events[0].occurredAt,
					}),
					expect.objectContaining({
						eventId: events[1].eventId,
						objectId: 502,
						propertyValue: 'lead',
					}),
				]);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a forged signature (another secret) gets 401 and starts nothing',
		() =>
			n8n.withLogOnFailure(async () => {
				await expectRefused(
					[contactPropertyChange(601, 'customer')],
					{ clientSecret: 'not-the-app-secret' },
					'signatureMismatch',
				);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a body changed after signing gets 401 and starts nothing',
		() =>
			n8n.withLogOnFailure(async () => {
				const events = [contactPropertyChange(602, 'customer')];
				const signedBody = JSON.stringify([{ ...events[0], propertyValue: 'lead' }]);
				await expectRefused(events, { signedBody }, 'signatureMismatch');
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		"a signature over n8n's local URL instead of the public one gets 401",
		() =>
			n8n.withLogOnFailure(async () => {
				await expectRefused(
					[contactPropertyChange(603, 'customer')],
					{ signedUrl: target.localUrl },
					'signatureMismatch',
				);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'an unsigned request gets 401 and starts nothing',
		() =>
			n8n.withLogOnFailure(async () => {
				await expectRefused(
					[contactPropertyChange(604, 'customer')],
					{ unsigned: true },
					'missingSignature',
				);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a correctly signed but stale delivery (timestamp over 5 minutes old) gets 401 and starts nothing',
		() =>
			n8n.withLogOnFailure(async () => {
				await expectRefused(
					[contactPropertyChange(605, 'customer')],
					{ timestampMs: Date.now() - 6 * 60_000 },
					'staleTimestamp',
				);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a redelivery of the same events gets 200 and starts no second execution',
		() =>
			n8n.withLogOnFailure(async () => {
				const events = [
					contactPropertyChange(701, 'opportunity'),
					contactPropertyChange(702, 'lead'),
				];
				await deliverAccepted(events);

				const retry = await deliver(target, redeliveryOf(events));
				expect(retry.status).toBe(200);
				expect(retry.body).toMatchObject({ received: 2, accepted: 0, duplicates: 2 });

				// one known event and one new one: only the new one runs
				const fresh = contactPropertyChange(703, 'customer');
				const mixed = await deliver(target, [...redeliveryOf([events[0]]), fresh]);
				expect(mixed.status).toBe(200);
				expect(mixed.body).toMatchObject({ received: 2, accepted: 1, duplicates: 1 });
				expectedRuns.push([fresh.eventId]);
				await expectExecutionsSoFar();
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'after a restart the workflow still listens and still knows what it has received',
		() =>
			n8n.withLogOnFailure(async () => {
				const before = [contactPropertyChange(801, 'customer')];
				await deliverAccepted(before);

				await n8n.restart();

				const retry = await deliver(target, redeliveryOf(before));
				expect(retry.status).toBe(200);
				expect(retry.body).toMatchObject({ accepted: 0, duplicates: 1 });
				await deliverAccepted([contactPropertyChange(802, 'lead')]);
			}),
		TEST_TIMEOUT_MS,
	);

	test("n8n's log shows the refusals as warnings and no error from this package", () =>
		n8n.withLogOnFailure(async () => {
			const log = n8n.readLog();
			expect(log).not.toMatch(/unrecognized node type/i);
			expect(log).toMatch(
				/HubSpot Taskflow Trigger refused a request \(401\): staleTimestamp: it was signed more than 5 minutes ago/,
			);
			const ourErrors = n8n
				.errorLines()
				.filter((line) => /hubspot.?taskflow|hubSpotTaskflow/i.test(line));
			expect(ourErrors).toEqual([]);
			// the sandbox is the credential's HubSpot; the trigger itself never calls it
			expect(sandbox.requestLog()).toEqual([]);
		}));
});
