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
