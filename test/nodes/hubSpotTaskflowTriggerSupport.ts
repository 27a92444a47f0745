/**
 * What trigger tests share: the node registry, a trigger served through the webhook harness, and
 * HubSpot-shaped deliveries signed with the domain's own signer over the URL n8n reports.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { HubSpotTaskflowTrigger } from '../../nodes/HubSpotTaskflowTrigger/HubSpotTaskflowTrigger.node';
import { signHubSpotRequest } from '../../nodes/domain/webhook/signature';
import { NodeTypeRegistry, startWebhookHarness } from '../../tools/engine';
import type { WebhookHarness } from '../../tools/engine';

export const CLIENT_SECRET = 'taskflow-app-client-secret';
export const TRIGGER_NAME = 'HubSpot Taskflow Trigger';
export const triggerNodeTypes = new NodeTypeRegistry(
	[HubSpotTaskflowTrigger],
	[HubSpotTaskflowApi],
);

export interface TriggerSetup {
	parameters?: IDataObject;
	/** The node version placed on the canvas; default the newest. */
	typeVersion?: number;
	/** Fields of the hubSpotTaskflowApi credential; null attaches none. */
	credential?: ICredentialDataDecryptedObject | null;
	/** Workflow static data to start from, as if saved earlier. */
	staticData?: IDataObject;
}

/** A trigger with HubSpot signature verification unless `parameters` say otherwise. */
export async function startTaskflowTrigger({
	parameters = {},
	credential = { accessToken: 'not-used-by-the-trigger', clientSecret: CLIENT_SECRET },
	staticData,
	typeVersion,
}: TriggerSetup = {}): Promise<WebhookHarness> {
	return await startWebhookHarness(
		{
			type: HubSpotTaskflowTrigger,
			typeVersion,
			// The harness answers as n8n's "respond at once" mode only; "When the Workflow Has
			// Finished" is proven in real n8n (test/e2e/trigger.e2e.test.ts, queueMode.e2e.test.ts).
			parameters: { verification: 'hubSpotSignature', respondWhen: 'onReceived', ...parameters },
		},
		{
			nodeTypes: triggerNodeTypes,
			credentials: credential === null ? {} : { hubSpotTaskflowApi: credential },
			staticData,
		},
	);
}

/** An app webhook event as HubSpot sends it; `attemptNumber` is what changes on a retry. */
export function contactCreated(
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

/** A delivery as HubSpot sends it to `to`: raw JSON bytes signed with v3 over its public URL. */
export function signedDelivery(
	events: object[],
	to: WebhookHarness,
	clientSecret = CLIENT_SECRET,
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
