/**
 * Google Sheets through @googleapis/sheets with a service-account credential. The base URL and the
 * OAuth token URL can both be overridden (a proxy, a private endpoint, or the local sandbox).
 *
 * google-auth-library's JWT client always posts its grant to https://oauth2.googleapis.com/token
 * (the URL is fixed inside its token module), so a request interceptor on the client's own HTTP
 * transporter redirects just that request when another token URL is configured; signing, caching
 * and refreshing stay with the library.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { googleAuth, googleSheets } from '../vendor';

export const GOOGLE_SHEETS_CREDENTIAL_TYPE = 'googleSheetsTaskflowServiceAccountApi';
export const DEFAULT_SHEETS_BASE_URL = 'https://sheets.googleapis.com';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const SHEETS_READONLY_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';

/** The decrypted credential as n8n hands it over (see the credential's field names). */
export interface GoogleSheetsServiceAccountCredentialData {
	keySource?: 'json' | 'fields';
	privateKeyJson?: string;
	email?: string;
	privateKey?: string;
	baseUrl?: string;
	tokenUrl?: string;
}

export interface ServiceAccount {
	clientEmail: string;
	privateKey: string;
	/** From the key file's `token_uri` or the credential's override; default Google's. */
	tokenUrl: string;
}

/** Pasted keys often arrive with literal "\n" sequences instead of line breaks. */
function normalisePem(key: string): string {
	return key.replace(/\\n/g, '\n').trim();
}

function parseKeyFile(
	text: string,
): { client_email?: unknown; private_key?: unknown; token_uri?: unknown } | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** Throws a plain Error naming what is missing; the n8n edge turns it into a NodeOperationError. */
export function parseServiceAccount(
	data: GoogleSheetsServiceAccountCredentialData,
): ServiceAccount {
	let clientEmail = data.email?.trim() ?? '';
	let privateKey = data.privateKey ?? '';
	let tokenUrl = '';
	if ((data.keySource ?? 'json') === 'json') {
		const parsed = parseKeyFile(data.privateKeyJson ?? '');
		if (!parsed) {
			throw new Error(
				'The service account key is not valid JSON: paste the whole key file downloaded from Google Cloud',
			);
		}
		clientEmail = typeof parsed.client_email === 'string' ? parsed.client_email : '';
		privateKey = typeof parsed.private_key === 'string' ? parsed.private_key : '';
		tokenUrl = typeof parsed.token_uri === 'string' ? parsed.token_uri : '';
	}
	if (!clientEmail || !privateKey) {
		throw new Error(
			'The service account credential needs both the client email and the private key',
		);
	}
	return {
		clientEmail,
		privateKey: normalisePem(privateKey),
		tokenUrl: data.tokenUrl?.trim() || tokenUrl || GOOGLE_TOKEN_URL,
	};
}

export interface GoogleSheetsClientConfig {
	/** Named in the NodeApiError every failure is mapped to. */
	node: INode;
	serviceAccount: ServiceAccount;
	baseUrl?: string;
	scopes?: string[];
}

export interface ReadValuesOptions {
	valueRenderOption?: 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
	majorDimension?: 'ROWS' | 'COLUMNS';
}

export interface SpreadsheetSummary {
	spreadsheetId: string;
	title: string;
	sheets: Array<{ sheetId: number; title: string; index: number }>;
}

export class GoogleSheetsClient {
	readonly counters = { calls: 0 };

	private readonly sheetsApi: ReturnType<typeof googleSheets>;

	private readonly jwt: InstanceType<typeof googleAuth.JWT>;

	private readonly node: INode;

	constructor(config: GoogleSheetsClientConfig) {
		const { serviceAccount } = config;
		this.node = config.node;
		const jwt = new googleAuth.JWT({
			email: serviceAccount.clientEmail,
			key: serviceAccount.privateKey,
			scopes: config.scopes ?? [SHEETS_READONLY_SCOPE],
			// Node's own fetch: gaxios would otherwise import the ESM-only node-fetch at runtime.
			transporterOptions: { fetchImplementation: fetch },
		});
		this.jwt = jwt;
		if (serviceAccount.tokenUrl !== GOOGLE_TOKEN_URL) {
			const tokenUrl = new URL(serviceAccount.tokenUrl);
			jwt.transporter.interceptors.request.add({
				resolved: async (options) => {
					if (options.url.href === GOOGLE_TOKEN_URL) options.url = tokenUrl;
					return options;
				},
			});
		}
		const rootUrl = `${(config.baseUrl?.trim() || DEFAULT_SHEETS_BASE_URL).replace(/\/+$/, '')}/`;
		this.sheetsApi = googleSheets({ version: 'v4', auth: jwt, rootUrl });
	}

	/** Obtains (or reuses) an access token: the cheapest proof that the credential works. */
	async fetchAccessToken(): Promise<string> {
		const { token } = await this.call(
			'obtain an access token',
			async () => await this.jwt.getAccessToken(),
		);
		if (!token)
			throw new NodeApiError(
				this.node,
				{},
				{ message: 'The token endpoint answered without an access token' },
			);
		return token;
	}

	/** Cell values of an A1 range ("Sheet1", "Sheet1!A1:C"); trailing empty cells are omitted by Google. */
	async readValues(
		spreadsheetId: string,
		range: string,
		options: ReadValuesOptions = {},
	): Promise<unknown[][]> {
		const response = await this.call(
			`read ${range} of spreadsheet ${spreadsheetId}`,
			async () =>
				await this.sheetsApi.spreadsheets.values.get({
					spreadsheetId,
					range,
					valueRenderOption: options.valueRenderOption ?? 'FORMATTED_VALUE',
					majorDimension: options.majorDimension ?? 'ROWS',
				}),
		);
		return (response.data.values ?? []) as unknown[][];
	}

	async getSpreadsheet(spreadsheetId: string): Promise<SpreadsheetSummary> {
		const response = await this.call(
			`read spreadsheet ${spreadsheetId}`,
			async () => await this.sheetsApi.spreadsheets.get({ spreadsheetId, includeGridData: false }),
		);
		return {
			spreadsheetId: response.data.spreadsheetId ?? spreadsheetId,
			title: response.data.properties?.title ?? '',
			sheets: (response.data.sheets ?? []).map((sheet) => ({
				sheetId: sheet.properties?.sheetId ?? 0,
				title: sheet.properties?.title ?? '',
				index: sheet.properties?.index ?? 0,
			})),
		};
	}

	private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
		this.counters.calls++;
		try {
			return await send();
		} catch (error) {
			throw toGoogleSheetsNodeApiError(this.node, error, operation);
		}
	}
}

interface GoogleErrorShape {
	message?: string;
	status?: number;
	code?: string | number;
	response?: {
		status?: number;
		data?: { error?: { message?: string; status?: string } | string; error_description?: string };
	};
}

/** Maps a Sheets or token error to a NodeApiError with Google's own message; mapped once only. */
export function toGoogleSheetsNodeApiError(
	node: INode,
	error: unknown,
	operation?: string,
): NodeApiError {
	if (error instanceof NodeApiError) return error;
	const source = (
		typeof error === 'object' && error !== null ? error : { message: String(error) }
	) as GoogleErrorShape;
	const status = source.response?.status ?? source.status;
	const data = source.response?.data;
	const googleError = typeof data?.error === 'object' ? data.error : undefined;
	const message =
		googleError?.message ??
		(typeof data?.error === 'string'
			? `${data.error}${data.error_description ? `: ${data.error_description}` : ''}`
			: undefined) ??
		source.message ??
		'Google Sheets request failed';
	const facts = [
		googleError?.status && `status: ${googleError.status}`,
		operation && `while: ${operation}`,
	].filter(Boolean);
	const credential = node.credentials?.[GOOGLE_SHEETS_CREDENTIAL_TYPE]?.name;
	const headline =
		status === 401 || /invalid_grant|invalid_client/.test(message)
			? `Google rejected the service account of credential ${credential ? `"${credential}"` : GOOGLE_SHEETS_CREDENTIAL_TYPE}`
			: message;
	return new NodeApiError(
		node,
		{ message },
		{
			message: headline,
			description: [message, facts.join(' · ')].filter(Boolean).join('\n'),
			...(status ? { httpCode: String(status) } : {}),
		},
	);
}
