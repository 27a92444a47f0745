/**
 * A call-tracking webhook: the shared secret checked in constant time (401 and no run when it is
 * wrong or missing), then one item of call fields. "At once" answers 200 here, before the run;
 * "with the workflow's answer" leaves the answer to n8n, which sends the last node's answer field.
 */
import type {
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callWebhookFields } from '../domain/calls';
import {
	describeRefusal,
	secretStrengthProblem,
	verifyIncomingRequest,
	type SecretLocation,
} from '../domain/webhook';

export const CALL_CREDENTIAL = 'callTrackingWebhookApi';

interface ResponseLike {
	statusCode: number;
	setHeader(name: string, value: string): unknown;
	end(body: string): unknown;
}

function answer(response: ResponseLike, status: number, body: object): void {
	response.statusCode = status;
	response.setHeader('Content-Type', 'application/json; charset=utf-8');
	response.end(JSON.stringify(body));
}

async function secretOf(context: IWebhookFunctions | IHookFunctions): Promise<string> {
	const credential = await context.getCredentials<{ secret?: string }>(CALL_CREDENTIAL);
	const secret = String(credential.secret ?? '');
	const problem = secretStrengthProblem(secret);
	if (problem !== undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`The Call Tracking Webhook credential's Secret is not usable: ${problem}`,
			{ description: 'Fill in a long random Secret and give the same value to the service.' },
		);
	}
	return secret;
}

/** Activation: refuses to listen without a secret, so no request is ever let through unchecked. */
export async function assertSecretConfigured(context: IHookFunctions): Promise<void> {
	await secretOf(context);
}

export async function handleCallWebhook(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const response = context.getResponseObject() as unknown as ResponseLike;
	const secretLocation = context.getNodeParameter('secretLocation', 'query') as SecretLocation;
	const secretName = String(context.getNodeParameter('authFieldName', 'secret')).trim();
	const query = context.getQueryData() as Record<string, unknown>;
	const verdict = verifyIncomingRequest(
		{
			method: request.method ?? 'POST',
			uri: '',
			body: '',
			headers: request.headers,
			query,
		},
		{
			mode: 'sharedSecret',
			webhookSecret: await secretOf(context),
			secretLocation,
			secretName,
			nowMs: Date.now(),
		},
	);
	if (!verdict.ok) {
		context.logger.warn(
			`Call Tracking Trigger refused a request (401): ${describeRefusal(verdict.reason)}`,
		);
		answer(response, 401, { status: 'error', message: 'Request verification failed' });
		return { noWebhookResponse: true };
	}

	const fields = callWebhookFields(
		query,
		context.getBodyData(),
		secretLocation === 'query' ? secretName : undefined,
	);
	const workflowData = [[{ json: fields as IDataObject }]];
	if (context.getNodeParameter('respond', 'onReceived') === 'lastNode') return { workflowData };
	answer(response, 200, { status: 'ok' });
	return { noWebhookResponse: true, workflowData };
}
