/**
 * The trigger's request handling: gathers what n8n received, lets the domain decide, answers
 * HubSpot itself when nothing is to run (a refused or all-duplicate request starts no execution)
 * and returns items.
 *
 * At least once, effectively once (version 1.1, "Answer HubSpot: When the Workflow Has
 * Finished"): an accepted delivery is answered by n8n when the run is over, 200 or 500 (n8n's
 * lastNode response mode; in queue mode the main waits for the worker). Its events are claimed
 * as pending; a 2xx answer settles them for the dedupe window (a true redelivery then starts
 * nothing), anything else gives them back, so HubSpot's retry of a failed run (5xx and timeouts,
 * for three days) runs them again. Running an event twice changes nothing: the priority plan
 * writes no task whose title is already right, and the shared write path keys its creates.
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

import { claimSelectedEvents, type SettleClaims } from './dedupeEvents';

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
	once(event: 'finish', listener: () => void): unknown;
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

/**
 * Settles or gives back the delivery's claims once n8n has answered: 2xx is a run that
 * succeeded. If HubSpot hangs up first, no answer is written and the pending claims lapse.
 */
function settleWhenAnswered(
	context: IWebhookFunctions,
	response: OutgoingResponseLike,
	settle: SettleClaims,
): void {
	response.once('finish', () => {
		const succeeded = response.statusCode >= 200 && response.statusCode < 300;
		(succeeded ? settle.succeeded() : settle.failed()).catch((error: Error) => {
			// a settle that failed leaves a pending claim, which lapses before HubSpot retries
			context.logger.warn(
				`HubSpot Taskflow Trigger could not record the outcome of a run (${response.statusCode}): ${error.message}`,
			);
		});
	});
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
	const waitForRun = context.getNodeParameter('respondWhen', 'onReceived') === 'lastNode';
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
				waitForRun,
			})
		: { ok: true as const, fresh: selected.items.map(() => true) };
	if (!dedupeResult.ok) {
		// 503 makes HubSpot retry later; running the events unchecked could run them twice.
		answer(response, dedupeResult.status, { status: 'error', message: dedupeResult.message });
		return { noWebhookResponse: true };
	}
	const intake = keepFresh(selected, dedupeResult.fresh);
	const counts = {
		status: 'ok',
		received: intake.received,
		accepted: intake.items.length,
		duplicates: intake.duplicates,
		filteredOut: intake.filteredOut,
	};
	if (waitForRun && intake.items.length > 0) {
		// n8n answers when the run is over; its outcome settles or gives back the claims.
		if (dedupeResult.settle) settleWhenAnswered(context, response, dedupeResult.settle);
		return { workflowData: [intake.items.map((json) => ({ json: json as IDataObject }))] };
	}

	// Answered here: nothing to run, or "At Once" (HubSpot then never retries a failed run).
	answer(response, 200, counts);
	if (intake.items.length === 0) return { noWebhookResponse: true };
	return {
		noWebhookResponse: true,
		workflowData: [intake.items.map((json) => ({ json: json as IDataObject }))],
	};
}
