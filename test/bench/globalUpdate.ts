/**
 * One global update as a user runs it: Apply Task Prefix's Re-prioritize Open Tasks through
 * n8n's engine (the node-test harness), rules from the Google Sheet, against the sandbox process.
 * What HubSpot saw is read back from the sandbox's exchange log, not from the node's own counters.
 */
import { generateKeyPairSync } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { NodeTypeRegistry, runNode, type NodeSettings } from '../../tools/engine';
import { GoogleSheetsTaskflowServiceAccountApi } from '../../credentials/GoogleSheetsTaskflowServiceAccountApi.credentials';
import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { clearSheetCache } from '../../nodes/shared/rulesSource';
import type { Exchange } from '../../sandbox/types';
import { withHeapSampling, type HeapReport } from './memory';
import type { SandboxProcess } from './sandboxProcess';
import { RULES_SHEET, RULES_SPREADSHEET_ID } from './taskCorpus';

type ApplyTaskPrefixModule = typeof import('../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node');
// By its full name: outside jest, Node's resolver would pick the codex ApplyTaskPrefix.node.json
// for the bare '.node' specifier before the TypeScript source.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { ApplyTaskPrefix } =
	require('../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node.ts') as ApplyTaskPrefixModule;

const nodeTypes = new NodeTypeRegistry(
	[ApplyTaskPrefix],
	[HubSpotTaskflowApi, GoogleSheetsTaskflowServiceAccountApi],
);

const { privateKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});

export interface HubSpotTraffic {
	searchCalls: number;
	writeCalls: number;
	tasksWritten: number;
	otherHubSpotCalls: number;
	rateLimited: number;
	lastExchangeId: number;
}

export interface GlobalUpdateRun {
	summary: IDataObject;
	wallSeconds: number;
	traffic: HubSpotTraffic;
	heap: HeapReport;
}

function trafficOf(exchanges: Exchange[], previousLastId: number): HubSpotTraffic {
	const traffic: HubSpotTraffic = {
		searchCalls: 0,
		writeCalls: 0,
		tasksWritten: 0,
		otherHubSpotCalls: 0,
		rateLimited: 0,
		lastExchangeId: previousLastId,
	};
	for (const exchange of exchanges) {
		traffic.lastExchangeId = Math.max(traffic.lastExchangeId, exchange.id);
		if (exchange.status === 429) traffic.rateLimited++;
		if (!exchange.path.startsWith('/crm/')) continue; // the Sheets read and its token
		if (exchange.path === '/crm/v3/objects/tasks/search') traffic.searchCalls++;
		else if (exchange.path === '/crm/v3/objects/tasks/batch/update') {
			traffic.writeCalls++;
			traffic.tasksWritten += (exchange.requestBody as { inputs: unknown[] }).inputs.length;
		} else traffic.otherHubSpotCalls++;
	}
	return traffic;
}

/**
 * Starts the node with the rules sheet and its credentials; the caller reads the result (a
 * cancelled run is not a success).
 */
export function startGlobalUpdate(
	sandbox: SandboxProcess,
	settings: NodeSettings = {},
	cancelSignal?: AbortSignal,
): ReturnType<typeof runNode> {
	clearSheetCache();
	const credentials = {
		hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url },
		googleSheetsTaskflowServiceAccountApi: {
			keySource: 'json',
			privateKeyJson: JSON.stringify({
				type: 'service_account',
				project_id: 'taskflow-bench',
				private_key_id: 'bench-key',
				private_key: privateKey,
				client_email: 'rules-reader@taskflow-bench.iam.gserviceaccount.com',
				token_uri: `${sandbox.url}/token`,
			}),
			baseUrl: sandbox.url,
		},
	};
	return runNode(
		{
			type: ApplyTaskPrefix,
			parameters: {
				operation: 'reprioritizeOpenTasks',
				rulesSource: 'sheet',
				rulesSpreadsheet: { __rl: true, mode: 'id', value: RULES_SPREADSHEET_ID },
				rulesRange: RULES_SHEET,
			},
			...settings,
		},
		{ nodeTypes, credentials, cancelSignal },
	);
}

/** One run to its end; `settings` as on the node's Settings tab (e.g. continueOnFail). */
export async function runGlobalUpdate(
	sandbox: SandboxProcess,
	sinceExchangeId: number,
	settings: NodeSettings = {},
): Promise<GlobalUpdateRun> {
	let wallSeconds = 0;
	const { result, heap } = await withHeapSampling(async () => {
		const startedAt = process.hrtime.bigint();
		const run = await startGlobalUpdate(sandbox, settings);
		wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
		return run;
	});
	if (result.status !== 'success') {
		throw new Error(`the global update failed: ${JSON.stringify(result.error ?? result.status)}`);
	}
	const items = result.items();
	if (items.length !== 1) throw new Error(`expected one summary item, got ${items.length}`);
	const traffic = trafficOf(await sandbox.log(sinceExchangeId), sinceExchangeId);
	return { summary: items[0].json, wallSeconds, traffic, heap };
}
