/**
 * What the operation modules (crmBatch, crmSearch, associations, ...) need from the transport.
 * Its own file so those modules and HubSpotTransport, which builds on them, import in one direction.
 */
import type { INode, NodeApiError } from 'n8n-workflow';

import type { HubSpotApis } from './hubspotClientFactory';
import type { MapErrorOptions } from './hubspotErrors';

export interface RequestOptions {
	/** Paces the call to HubSpot's per-second search limit and counts it as a search. */
	search?: boolean;
	itemIndex?: number;
	/**
	 * False for a call that must not be applied twice (a create): after a failure that may have
	 * been applied (5xx, a lost connection, the deadline) it is not resent, only after one HubSpot
	 * refused before applying anything (429, connection refused). Default true.
	 */
	idempotent?: boolean;
}

export interface TransportCore {
	readonly node: INode;
	request<T>(
		operation: string,
		send: (apis: HubSpotApis) => Promise<T>,
		options?: RequestOptions,
	): Promise<T>;
	mapError(error: unknown, options?: MapErrorOptions): NodeApiError;
}
