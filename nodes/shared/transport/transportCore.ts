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
