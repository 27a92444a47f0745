/**
 * Test set-up shared by the rules source and Priority Lookup tests: a service-account key made at
 * test time (the sandbox verifies the signed grant) and the credentials the harness hands the nodes.
 */
import { generateKeyPairSync } from 'node:crypto';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { GoogleSheetsTaskflowServiceAccountApi } from '../../credentials/GoogleSheetsTaskflowServiceAccountApi.credentials';
import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import type { TestCredentials } from '../../tools/engine';
import type { ContractSandbox } from '../../sandbox/contract/contractSandbox';

export const CREDENTIAL_CLASSES = [GoogleSheetsTaskflowServiceAccountApi, HubSpotTaskflowApi];

const { privateKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});

export function serviceAccountKeyFile(sandbox: ContractSandbox): string {
	return JSON.stringify({
		type: 'service_account',
		project_id: 'taskflow-test',
		private_key_id: 'rules-test-key',
		private_key: privateKey,
		client_email: 'rules-reader@taskflow-test.iam.gserviceaccount.com',
		token_uri: `${sandbox.url}/token`,
	});
}

export function sandboxCredentials(sandbox: ContractSandbox): TestCredentials {
	return {
		googleSheetsTaskflowServiceAccountApi: {
			keySource: 'json',
			privateKeyJson: serviceAccountKeyFile(sandbox),
			baseUrl: sandbox.url,
		},
		hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url },
	};
}

/** Value reads of one spreadsheet in the sandbox log (token requests left out). */
export function sheetReads(sandbox: ContractSandbox, spreadsheetId: string): string[] {
	return sandbox
		.requestLog()
		.filter((exchange) => exchange.path.startsWith(`/v4/spreadsheets/${spreadsheetId}/values/`))
		.map((exchange) => decodeURIComponent(exchange.path.split('/values/')[1].split('?')[0]));
}

/** An inline rules table exercising accents, ties, whole words and regex. */
export const PRIORITY_TABLE_RULES = {
	rule: [
		{ keyword: 'ligação', priority: 'P2' },
		{ keyword: 'contrato', priority: 'P1' },
		{ keyword: 'contrato novo', priority: 'P1' },
		{ keyword: 'demo', priority: 'P3', matchType: 'wholeWord' },
		{ keyword: '^\\[vip\\]', priority: 'P1', matchType: 'regex' },
	],
};

export function inlineRulesParameters(extra: INodeParameters = {}): INodeParameters {
	return { rulesSource: 'inline', rulesTable: PRIORITY_TABLE_RULES, ...extra };
}

export function titleItems(...titles: string[]): INodeExecutionData[] {
	return titles.map((title) => ({ json: { title } }));
}
