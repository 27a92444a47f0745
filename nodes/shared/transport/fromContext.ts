/**
 * The n8n edge of the transport: builds the HubSpot transport and the Sheets client from an
 * execution context (`this` in execute, loadOptions, webhook or hook methods), and the credential
 * tests nodes register (`testedBy`) for both credentials.
 */
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	GOOGLE_SHEETS_CREDENTIAL_TYPE,
	GoogleSheetsClient,
	parseServiceAccount,
	type GoogleSheetsServiceAccountCredentialData,
	type ServiceAccount,
} from './googleSheets';
import { HUBSPOT_CREDENTIAL_TYPE } from './hubspotErrors';
import { HubSpotTransport, type HubSpotTransportConfig } from './HubSpotTransport';
import { redisKeyPrefixFromEnvironment, redisUrlSetting } from '../state/redisSettings';
import { ownWriteLogFor, ownWriteScope } from '../state/ownWrites';

/** The decrypted `hubSpotTaskflowApi` credential. */
export interface HubSpotTaskflowCredentialData {
	accessToken: string;
	baseUrl?: string;
	/** The app's client secret, for X-HubSpot-Signature v1/v2/v3. */
	clientSecret?: string;
	/** Shared secret a workflow's "Send a webhook" action puts in a header or query parameter. */
	webhookSecret?: string;
	redisUrl?: string;
	/** Deadline of one HubSpot call; credentials saved before it existed have none. */
	requestTimeoutSeconds?: number;
}

/** What every n8n function context offers that the transport needs. */
export type TransportContext = Pick<IExecuteFunctions, 'getCredentials' | 'getNode'> & {
	getExecutionCancelSignal?: () => AbortSignal | undefined;
};

export type TransportOverrides = Pick<HubSpotTransportConfig, 'rateLimit' | 'retry'>;

/** The credential's timeout in ms; unset or not a positive number leaves the transport's default. */
function requestTimeoutMs(seconds: number | undefined): number | undefined {
	return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
}

export async function hubSpotTransportFor(
	ctx: TransportContext,
	overrides: TransportOverrides = {},
): Promise<HubSpotTransport> {
	const credentials =
		await ctx.getCredentials<HubSpotTaskflowCredentialData>(HUBSPOT_CREDENTIAL_TYPE);
	const redis = redisUrlSetting(credentials.redisUrl);
	const redisUrl = redis?.url;
	const redisKeyPrefix = redisKeyPrefixFromEnvironment();
	return new HubSpotTransport({
		node: ctx.getNode(),
		accessToken: credentials.accessToken,
		baseUrl: credentials.baseUrl,
		retry: overrides.retry,
		rateLimit: {
			...overrides.rateLimit,
			...(redisUrl ? { redisUrl } : {}),
			...(redisKeyPrefix ? { redisKeyPrefix } : {}),
		},
		requestTimeoutMs: requestTimeoutMs(credentials.requestTimeoutSeconds),
		abortSignal: ctx.getExecutionCancelSignal?.(),
		ownWrites: (baseUrl) =>
			ownWriteLogFor(ownWriteScope(baseUrl, credentials.accessToken), { redis, redisKeyPrefix }),
	});
}

export async function googleSheetsClientFor(ctx: TransportContext): Promise<GoogleSheetsClient> {
	const credentials = await ctx.getCredentials<GoogleSheetsServiceAccountCredentialData>(
		GOOGLE_SHEETS_CREDENTIAL_TYPE,
	);
	let serviceAccount: ServiceAccount;
	try {
		serviceAccount = parseServiceAccount(credentials);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			description: `Check the credential of type "${GOOGLE_SHEETS_CREDENTIAL_TYPE}"`,
		});
	}
	return new GoogleSheetsClient({
		node: ctx.getNode(),
		serviceAccount,
		baseUrl: credentials.baseUrl,
	});
}

/** Credential tests run outside any workflow; this stands in as the node errors are attributed to. */
function credentialTestNode(credential: ICredentialsDecrypted): INode {
	return {
		id: 'credential-test',
		name: credential.name,
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
}

function failedTest(error: unknown): INodeCredentialTestResult {
	const { message, description } = error as { message: string; description?: string | null };
	return { status: 'Error', message: description ? `${message}: ${description}` : message };
}

/**
 * Credential test for `hubSpotTaskflowApi`, registered by every node that uses the credential.
 * Listing one task needs the tasks read scope every node of the pack relies on; going through the
 * transport (rather than a declarative test) shows HubSpot's own message and the missing scopes,
 * and sends one request: 401/403 are never retried.
 */
export async function testHubSpotTaskflowApi(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as Partial<HubSpotTaskflowCredentialData>;
	try {
		const transport = new HubSpotTransport({
			node: credentialTestNode(credential),
			accessToken: data.accessToken ?? '',
			baseUrl: data.baseUrl,
			requestTimeoutMs: requestTimeoutMs(data.requestTimeoutSeconds),
		});
		await transport.request('credential test: list one task', (apis) =>
			apis.objects.basicApi.getPage('tasks', 1),
		);
		return { status: 'OK', message: 'Connection successful: the token can read tasks' };
	} catch (error) {
		return failedTest(error);
	}
}

/**
 * Credential test for `googleSheetsTaskflowServiceAccountApi`: obtains an access token with the
 * service account, which proves the key, the client email and the token URL. Register it in a
 * node's `methods.credentialTest` and name it in the credential's `testedBy`.
 */
export async function testGoogleSheetsServiceAccount(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as GoogleSheetsServiceAccountCredentialData;
	try {
		const client = new GoogleSheetsClient({
			node: credentialTestNode(credential),
			serviceAccount: parseServiceAccount(data),
			baseUrl: data.baseUrl,
		});
		await client.fetchAccessToken();
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return failedTest(error);
	}
}
