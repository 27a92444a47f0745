/**
 * The trigger's request handling: gathers what n8n received, lets the domain decide, answers
 * HubSpot itself (so a refused or all-duplicate request starts no execution) and returns items.
 */
import type {
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	type SecretLocation,
	type VerificationMode,
	DEFAULT_DEDUPE_MAX_ENTRIES,
	describeRefusal,
	keepFresh,
	missingSecretFor,
	parseEventTypeList,
	parseWebhookBody,
	publicRequestUri,
	selectEvents,
	splitBody,
	verifyIncomingRequest,
} from '../domain/webhook';

import { claimSelectedEvents } from './dedupeEvents';

export const CREDENTIAL_NAME = 'hubSpotTaskflowApi';
const HOUR_MS = 60 * 60 * 1000;

interface TaskflowCredential {
	clientSecret?: string;
	webhookSecret?: string;
	redisUrl?: string;
}

interface TriggerOptions {
	dedupeField?: string;
	maxRememberedEvents?: number;
	publicUrl?: string;
}

/** The request as n8n 2.x hands it to a webhook node; `rawBody` is set by n8n's body reader. */
interface IncomingRequestLike {
	method?: string;
	url?: string;
	originalUrl?: string;
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/** Written with Node's own response API, which express's response extends. */
interface OutgoingResponseLike {
	statusCode: number;
	setHeader(name: string, value: string): unknown;
	end(body: string): unknown;
}

function answer(response: OutgoingResponseLike, status: number, body: IDataObject): void {
	response.statusCode = status;
	response.setHeader('Content-Type', 'application/json; charset=utf-8');
	response.end(JSON.stringify(body));
}

async function credentialSecrets(
	context: IWebhookFunctions | IHookFunctions,
	mode: VerificationMode,
): Promise<TaskflowCredential> {
	if (mode === 'none') return {};
	const credential = await context.getCredentials<TaskflowCredential>(CREDENTIAL_NAME);
	const missing = missingSecretFor({ mode, ...credential });
	if (missing !== undefined) {
		const field = missing === 'clientSecret' ? 'Client Secret' : 'Webhook Secret';
		throw new NodeOperationError(
			context.getNode(),
			`The HubSpot Taskflow credential has no ${field}, which this verification needs`,
			{ description: `Fill in ${field} in the credential, or choose another verification.` },
		);
	}
	return credential;
}

/** Activation check: refuses to listen when the chosen verification cannot work. */
export async function assertVerificationConfigured(context: IHookFunctions): Promise<void> {
	const mode = context.getNodeParameter('verification', 'hubSpotSignature') as VerificationMode;
	await credentialSecrets(context, mode);
}

/** The raw bytes HubSpot sent. n8n reads them for JSON bodies; other types are read here. */
async function rawBodyOf(request: IncomingRequestLike): Promise<Buffer | undefined> {
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

/** The URL HubSpot called: the override, else n8n's public URL for this webhook (test or production). */
function publicBaseUrl(context: IWebhookFunctions, options: TriggerOptions): string {
	const override = (options.publicUrl ?? '').trim();
	if (override !== '') return override;
	// getWebhookResourceUrl knows test from production; older n8n versions lack it.
	const resourceUrl =
		typeof context.getWebhookResourceUrl === 'function'
			? context.getWebhookResourceUrl('default')
			: undefined;
	return resourceUrl ?? context.getNodeWebhookUrl('default') ?? '';
}

export async function handleDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject() as unknown as IncomingRequestLike;
	const response = context.getResponseObject() as unknown as OutgoingResponseLike;
	const mode = context.getNodeParameter('verification', 'hubSpotSignature') as VerificationMode;
	const options = context.getNodeParameter('options', {}) as TriggerOptions;
	const secrets = await credentialSecrets(context, mode);
	const rawBody = await rawBodyOf(request);
	const nowMs = Date.now();

	const uri = publicRequestUri(
		publicBaseUrl(context, options),
		request.originalUrl ?? request.url ?? '',
	);
	const verdict = verifyIncomingRequest(
		{
			method: request.method ?? 'POST',
			uri,
			body: rawBody ?? '',
			headers: request.headers,
			query: context.getQueryData() as Record<string, unknown>,
		},
		{
			mode,
			clientSecret: secrets.clientSecret,
			webhookSecret: secrets.webhookSecret,
			secretLocation: context.getNodeParameter('secretLocation', 'header') as SecretLocation,
			secretName: context.getNodeParameter('authFieldName', '') as string,
			acceptLegacySignatures: context.getNodeParameter('acceptLegacySignatures', true) as boolean,
			nowMs,
		},
	);
	if (!verdict.ok) {
		// the reason goes in the message: n8n's default log format prints no metadata
		context.logger.warn(
			`HubSpot Taskflow Trigger refused a request (401): ${describeRefusal(verdict.reason)}`,
			{
				reason: verdict.reason,
				// The signed URL helps diagnose proxy setups; a shared secret may sit in the query.
				...(mode === 'hubSpotSignature' ? { verifiedUri: uri } : {}),
			},
		);
		answer(response, 401, {
			status: 'error',
			message: 'Request verification failed',
			reason: verdict.reason,
		});
		return { noWebhookResponse: true };
	}

	// Events come from the verified bytes, never from a separately parsed copy.
	const body = rawBody
		? parseWebhookBody(rawBody.toString('utf8'))
		: splitBody(context.getBodyData());
	if (!body.ok) {
		context.logger.warn(`HubSpot Taskflow Trigger refused a request (400): ${body.message}`);
		answer(response, 400, { status: 'error', message: body.message });
		return { noWebhookResponse: true };
	}

	const dedupe = context.getNodeParameter('dedupe', true) as boolean;
	const selected = selectEvents(body.parsed, {
		eventTypes: parseEventTypeList(context.getNodeParameter('eventTypes', '') as string),
		dedupe,
		dedupeField: options.dedupeField ?? '',
	});
	const dedupeResult = dedupe
		? await claimSelectedEvents(context, selected, {
				windowMs: (context.getNodeParameter('dedupeWindowHours', 24) as number) * HOUR_MS,
				maxEntries: options.maxRememberedEvents ?? DEFAULT_DEDUPE_MAX_ENTRIES,
				nowMs,
				// Without verification the credential is not read: only the environment can name Redis.
				credentialRedisUrl: secrets.redisUrl,
			})
		: { ok: true as const, fresh: selected.items.map(() => true) };
	if (!dedupeResult.ok) {
		// 503 makes HubSpot retry later; running the events unchecked could run them twice.
		answer(response, 503, { status: 'error', message: dedupeResult.message });
		return { noWebhookResponse: true };
	}
	const intake = keepFresh(selected, dedupeResult.fresh);

	// Answer at once: HubSpot gives up after 5 seconds and retries anything but a 2xx.
	answer(response, 200, {
		status: 'ok',
		received: intake.received,
		accepted: intake.items.length,
		duplicates: intake.duplicates,
		filteredOut: intake.filteredOut,
	});
	if (intake.items.length === 0) return { noWebhookResponse: true };
	return {
		noWebhookResponse: true,
		workflowData: [intake.items.map((json) => ({ json: json as IDataObject }))],
	};
}
