import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	IWebhookDescription,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { secretStrengthProblem } from '../domain/webhook';
import { fieldsFromParameters } from '../shared/webhookDescription';

import { assertSecretConfigured, handleCallWebhook } from './handleCallWebhook';
import { callTriggerProperties } from './properties';

export class CallTrackingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Call Tracking Trigger',
		name: 'callTrackingTrigger',
		icon: { light: 'file:callTrackingTrigger.svg', dark: 'file:callTrackingTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["respond"] === "lastNode" ? "Smart forwarding" : "Call events"}}',
		description:
			'Starts the workflow on a call-tracking webhook (e.g. Ringostat) that carries the shared secret: call events for Log Call, or a ringing call for Find Owner to answer',
		defaults: { name: 'Call Tracking Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'callTrackingWebhookApi', required: true, testedBy: 'testCallTrackingSecret' },
		],
		webhooks: [
			{
				name: 'default',
				responseData: 'firstEntryJson',
				...fieldsFromParameters({
					httpMethod: 'httpMethods',
					responseMode: 'respond',
					responsePropertyName: 'answerField',
					responseContentType: 'answerContentType',
					path: 'path',
				}),
			} as IWebhookDescription,
		],
		properties: callTriggerProperties,
	};

	methods = {
		credentialTest: {
			async testCallTrackingSecret(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = secretStrengthProblem(String(credential.data?.secret ?? ''));
				return problem === undefined
					? { status: 'OK', message: 'The secret is long and varied enough' }
					: { status: 'Error', message: `The secret is not usable: ${problem}` };
			},
		},
	};

	/** Nothing is registered at the service: its webhook URLs are entered in its own settings. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertSecretConfigured(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallWebhook(this);
	}
}
