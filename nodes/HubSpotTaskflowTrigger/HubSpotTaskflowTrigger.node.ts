import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { testHubSpotTaskflowApi } from '../shared/transport';

import { CREDENTIAL_NAME, assertVerificationConfigured, handleDelivery } from './handleDelivery';
import { triggerProperties } from './properties';

export class HubSpotTaskflowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Taskflow Trigger',
		name: 'hubSpotTaskflowTrigger',
		icon: {
			light: 'file:hubSpotTaskflowTrigger.svg',
			dark: 'file:hubSpotTaskflowTrigger.dark.svg',
		},
		group: ['trigger'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["eventTypes"] || "All events"}}',
		description:
			'Starts the workflow on a verified HubSpot webhook: a workflow "Send a webhook" action or app event subscriptions. One item per event.',
		defaults: {
			name: 'HubSpot Taskflow Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: CREDENTIAL_NAME,
				required: true,
				testedBy: 'testHubSpotTaskflowApi',
				displayOptions: { show: { verification: ['hubSpotSignature', 'sharedSecret'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// 1.1 answers when the run has finished (n8n: 200, or 500 if it failed), see handleDelivery.
				responseMode: '={{$parameter["respondWhen"]}}',
				path: '={{$parameter["path"]}}',
			},
		],
		properties: triggerProperties,
	};

	/**
	 * Nothing is registered at HubSpot: its workflow actions and app subscriptions are set up in
	 * HubSpot. Activation (and "listen for test event") is where a missing secret is caught.
	 */
	methods = {
		credentialTest: { testHubSpotTaskflowApi },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertVerificationConfigured(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Dedupe memory is kept: HubSpot's retries may arrive after a reactivation.
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery(this);
	}
}
