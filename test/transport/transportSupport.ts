/** Shared set-up for the transport tests: the contract-checked sandbox and a node to blame. */
import type { INode } from 'n8n-workflow';

import { HubSpotTransport, type HubSpotTransportConfig } from '../../nodes/shared/transport';
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import type { Exchange, SandboxOptions } from '../../sandbox/server';

export const CREDENTIAL_NAME = 'HubSpot sandbox';

export function transportNode(): INode {
	return {
		id: 'transport-test-node',
		name: 'Transport Test',
		type: 'n8n-nodes-hubspot-taskflow.transportTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { hubSpotTaskflowApi: { id: 'cred-1', name: CREDENTIAL_NAME } },
	};
}

export async function startTransportSandbox(
	options: SandboxOptions = {},
): Promise<ContractSandbox> {
	return await startContractSandbox(options);
}

/**
 * A contract sandbox for a transport suite: started once, reset with faults and rate limits off
 * before each test, checked for contract violations and closed at the end.
 */
export function useTransportSandbox(options: SandboxOptions = {}): ContractSandbox {
	const sandbox = {} as ContractSandbox;
	beforeAll(async () => {
		Object.assign(sandbox, await startTransportSandbox(options));
	});
	afterAll(async () => {
		sandbox.contract.assertClean();
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.reset();
		sandbox.setFaults(undefined);
		sandbox.setRateLimits(undefined);
	});
	return sandbox;
}

/** One task in the sandbox's store, for a transport call to read or write. */
export function seedTask(sandbox: ContractSandbox): string {
	return sandbox.store.create('tasks', { hs_task_subject: 'Call back', hs_timestamp: '0' }).id;
}

/** A transport against the sandbox (each sandbox has its own port, hence its own shared client). */
export function sandboxTransport(
	sandbox: ContractSandbox,
	overrides: Partial<HubSpotTransportConfig> = {},
): HubSpotTransport {
	const { retry, ...rest } = overrides;
	return new HubSpotTransport({
		node: transportNode(),
		accessToken: sandbox.token,
		baseUrl: sandbox.url,
		...rest,
		// Short backoffs keep the suite quick; the retry decisions are the production ones.
		retry: { baseDelayMs: 20, maxDelayMs: 200, ...retry },
	});
}

/** HubSpot requests in the sandbox log (the Sheets and admin traffic left out). */
export function hubSpotRequests(sandbox: ContractSandbox, pathPattern?: RegExp): Exchange[] {
	return sandbox
		.requestLog()
		.filter((exchange) => exchange.path.startsWith('/crm/'))
		.filter((exchange) => (pathPattern ? pathPattern.test(exchange.path) : true));
}
