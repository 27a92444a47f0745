/**
 * The one HubSpot transport every node uses. It knows nothing about n8n beyond `INode` (for
 * NodeApiError); `hubSpotTransportFor(ctx)` in ./fromContext builds it from an execution context.
 *
 * Every request (each retry too) waits for the shared rate budget (./rateBudget), gets a deadline,
 * is retried by ./retryPolicy, counted in `counters`, and fails as a NodeApiError mapped exactly
 * once. The execution's cancel signal stops the wait for a budget token, the request in flight
 * (./requestAbort) and the waits between retries.
 */
import { setMaxListeners } from 'node:events';

import type { INode, NodeApiError } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import * as crmBatch from './crmBatch';
import { searchPages } from './crmSearch';
import { changedRecords, type ChangeFeedRequest, type ChangePage } from './crmChangeFeed';
import { ownWriteScope, type OwnWriteLog } from '../state/ownWrites';
import {
	sharedHubSpotClient,
	type HubSpotApis,
	type SharedHubSpotClient,
} from './hubspotClientFactory';
import { toHubSpotNodeApiError, type MapErrorOptions } from './hubspotErrors';
import * as ownersAndAssociations from './ownersAndAssociations';
import { RateBudgetUnavailableError } from './rateBudget';
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rateLimit';
import { attemptSignalFor, untilAborted, withAttemptSignal } from './requestAbort';
import { backoffMs, callWithRetry, DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retryPolicy';
import type { RequestOptions, TransportCore } from './transportCore';
import type {
	ApiCallCounters,
	AssociatedRecord,
	AssociationToCreate,
	BatchItemResult,
	BatchReadOptions,
	DefaultAssociationPair,
	HubSpotOwner,
	HubSpotRecord,
	Pipeline,
	PropertyDefinition,
	RecordToCreate,
	RecordToUpdate,
	SearchPage,
	SearchRequest,
} from './types';

export const DEFAULT_HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/**
 * How long one attempt may take before it is aborted and retried like a dropped connection.
 * HubSpot documents no server-side limit for its CRM API; the bound it states for its own calls
 * is 30 s (what it waits for a webhook's answer), and its batch and search endpoints answer in
 * seconds. 35 s leaves a slow answer HubSpot still delivers a few seconds to arrive, while a hung
 * connection (which otherwise waits for the operating system's TCP timeout, minutes) is freed.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 35_000;

export interface HubSpotTransportConfig {
	/** The node on whose behalf requests are made; named in every NodeApiError. */
	node: INode;
	accessToken: string;
	/** Default https://api.hubapi.com; a trailing slash is ignored. */
	baseUrl?: string;
	rateLimit?: Partial<RateLimitOptions>;
	retry?: Partial<RetryOptions>;
	/** Deadline of one attempt (each retry has its own). Default DEFAULT_REQUEST_TIMEOUT_MS. */
	requestTimeoutMs?: number;
	/** The execution's cancel signal: stops queued, running and retrying requests alike. */
	abortSignal?: AbortSignal;
	/** Where the pack's writes are remembered for its poll trigger, per HubSpot base URL. */
	ownWrites?: (baseUrl: string) => OwnWriteLog;
}

/**
 * The transport's own copy of the execution's signal: every queued and running request listens to
 * it, often more than the ten listeners after which Node warns of a leak, and the execution's own
 * signal is not the transport's to reconfigure.
 */
function followed(signal: AbortSignal): AbortSignal {
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	if (signal.aborted) controller.abort(signal.reason);
	else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
	return controller.signal;
}

export class HubSpotTransport implements TransportCore {
	readonly node: INode;

	readonly baseUrl: string;

	/** Names the HubSpot account and token without revealing the token: a key for caches. */
	readonly account: string;

	readonly counters: ApiCallCounters = { calls: 0, retries: 0, rateLimited: 0, searchCalls: 0 };

	private readonly client: SharedHubSpotClient;

	private readonly retryOptions: RetryOptions;

	private readonly abortSignal?: AbortSignal;

	readonly requestTimeoutMs: number;

	/** The pack's own writes, for the poll trigger to tell them from others' (see ownWrites.ts). */
	readonly ownWrites?: OwnWriteLog;

	constructor(config: HubSpotTransportConfig) {
		this.node = config.node;
		this.baseUrl = (config.baseUrl?.trim() || DEFAULT_HUBSPOT_BASE_URL).replace(/\/+$/, '');
		this.account = ownWriteScope(this.baseUrl, config.accessToken);
		this.ownWrites = config.ownWrites?.(this.baseUrl);
		this.retryOptions = { ...DEFAULT_RETRY_OPTIONS, ...config.retry };
		this.abortSignal = config.abortSignal && followed(config.abortSignal);
		const timeout = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
		if (!(Number.isFinite(timeout) && timeout > 0)) {
			throw new NodeOperationError(
				config.node,
				`The request timeout must be a positive number of milliseconds, got ${timeout}`,
			);
		}
		this.requestTimeoutMs = timeout;
		this.client = sharedHubSpotClient(this.baseUrl, config.accessToken, {
			...DEFAULT_RATE_LIMIT,
			...config.rateLimit,
		});
	}

	/**
	 * Sends one call of @hubspot/api-client (any API the client offers) with this transport's
	 * retries, counting and error mapping. The escape hatch for calls without a helper below.
	 */
	async request<T>(
		operation: string,
		send: (apis: HubSpotApis) => Promise<T>,
		options: RequestOptions = {},
	): Promise<T> {
		const cancel = this.abortSignal;
		const sendOnce = async (): Promise<T> => {
			const queued = this.client.budget.run(
				async () => {
					// Its token came after the cancel: send nothing.
					if (cancel?.aborted) throw cancel.reason;
					if (options.search) this.counters.searchCalls++;
					const attempt = attemptSignalFor(this.requestTimeoutMs, cancel);
					try {
						return await withAttemptSignal(
							attempt.signal,
							async () => await send(this.client.apis),
						);
					} finally {
						attempt.done();
					}
				},
				{ search: options.search },
			);
			return await untilAborted(queued, cancel);
		};
		try {
			return await callWithRetry(
				sendOnce,
				{ ...this.retryOptions, idempotent: options.idempotent ?? true },
				{
					onAttempt: () => this.counters.calls++,
					onRetry: () => this.counters.retries++,
					onRateLimited: () => this.counters.rateLimited++,
				},
				cancel,
			);
		} catch (error) {
			if (cancel?.aborted) {
				throw new NodeOperationError(
					this.node,
					`The execution was cancelled: HubSpot call stopped (${operation})`,
					{ itemIndex: options.itemIndex },
				);
			}
			if (error instanceof RateBudgetUnavailableError) {
				// Not HubSpot's failure (nothing was sent): say what to fix on this side.
				throw new NodeOperationError(this.node, error.message, {
					description: error.detail,
					itemIndex: options.itemIndex,
				});
			}
			throw this.mapError(error, { operation, itemIndex: options.itemIndex });
		}
	}

	/** How often a caller's own retry loop (e.g. keyed creates) may go round: as the transport's. */
	get maxRetries(): number {
		return this.retryOptions.maxRetries;
	}

	/** Waits as the transport waits before its retry `retryNumber`; rejects on cancellation. */
	async waitBeforeRetry(retryNumber: number): Promise<void> {
		await sleep(backoffMs(retryNumber, this.retryOptions), this.abortSignal);
	}

	mapError(error: unknown, options: MapErrorOptions = {}): NodeApiError {
		return toHubSpotNodeApiError(this.node, error, options);
	}

	/** A snapshot of the counters, e.g. for an execution summary. */
	callStats(): ApiCallCounters {
		return { ...this.counters };
	}

	// CRM objects (any type: tasks, contacts, deals, companies, tickets, calls, meetings, custom)

	async getRecord(
		objectType: string,
		id: string,
		options: BatchReadOptions = {},
	): Promise<HubSpotRecord> {
		return await crmBatch.getRecord(this, objectType, id, options);
	}

	/** Reads records in chunks of 100, in parallel; one answer per id, in input order. */
	async batchRead(
		objectType: string,
		ids: string[],
		options: BatchReadOptions = {},
	): Promise<Array<BatchItemResult<HubSpotRecord>>> {
		return await crmBatch.batchRead(this, objectType, ids, options);
	}

	async batchCreate(
		objectType: string,
		inputs: RecordToCreate[],
	): Promise<Array<BatchItemResult<HubSpotRecord>>> {
		return await crmBatch.batchCreate(this, objectType, inputs);
	}

	async batchUpdate(
		objectType: string,
		inputs: RecordToUpdate[],
	): Promise<Array<BatchItemResult<HubSpotRecord>>> {
		return await crmBatch.batchUpdate(this, objectType, inputs);
	}

	async batchArchive(
		objectType: string,
		ids: string[],
	): Promise<Array<BatchItemResult<{ id: string }>>> {
		return await crmBatch.batchArchive(this, objectType, ids);
	}

	/**
	 * Every record matching `request`, one page (up to 200) at a time, sorted by hs_object_id.
	 * Gets past HubSpot's 10,000-result cap by restarting with `hs_object_id > last seen`.
	 */
	searchPages(
		objectType: string,
		request: SearchRequest = {},
		options: { pageSize?: number } = {},
	): AsyncGenerator<SearchPage> {
		return searchPages(this, objectType, request, options);
	}

	/**
	 * Records whose `dateProperty` is at or after `fromMs`, oldest first, each once, past the
	 * 10,000-result cap: one search per page of up to 200 (see crmChangeFeed.ts).
	 */
	changedRecords(objectType: string, request: ChangeFeedRequest): AsyncGenerator<ChangePage> {
		return changedRecords(this, objectType, request);
	}

	/** The names of every property HubSpot defines on the object type (archived ones excluded). */
	async propertyNames(objectType: string): Promise<Set<string>> {
		const definitions = await this.propertyDefinitions(objectType);
		return new Set(definitions.map((property) => property.name));
	}

	/** Every property HubSpot defines on the object type (archived ones excluded). */
	async propertyDefinitions(objectType: string): Promise<PropertyDefinition[]> {
		const answer = await this.request(
			`read of the ${objectType} property definitions`,
			async (apis) => await apis.properties.getAll(objectType, false),
		);
		return answer.results.map((property) => ({
			name: property.name,
			label: property.label,
			type: property.type,
			fieldType: property.fieldType,
			options: property.options.map((option) => ({
				label: option.label,
				value: option.value,
				hidden: option.hidden,
			})),
			readOnly:
				property.calculated === true || property.modificationMetadata?.readOnlyValue === true,
			// HubSpot's owner properties list no options: their values are owner IDs.
			owners: property.externalOptions === true || property.referencedObjectType === 'OWNER',
		}));
	}

	/**
	 * Creates a single-line text property (e.g. utm_source). Resending is safe: HubSpot refuses a
	 * second property of the same name (409), which the caller takes as "it exists".
	 */
	async createTextProperty(
		objectType: string,
		property: { name: string; label: string; groupName: string },
	): Promise<void> {
		await this.request(
			`creation of the ${objectType} property ${property.name}`,
			async (apis) =>
				await apis.properties.create(objectType, {
					...property,
					type: 'string',
					fieldType: 'text',
				} as Parameters<HubSpotApis['properties']['create']>[1]),
		);
	}

	/** The object type's pipelines and their stages, each stage saying whether it is closed. */
	async pipelines(objectType: string): Promise<Pipeline[]> {
		const answer = await this.request(
			`read of the ${objectType} pipelines`,
			async (apis) => await apis.pipelines.getAll(objectType),
		);
		return answer.results.map((pipeline) => ({
			id: pipeline.id,
			label: pipeline.label,
			stages: pipeline.stages.map((stage) => ({
				id: stage.id,
				label: stage.label,
				// Deal stages say isClosed; ticket stages say ticketState CLOSED.
				closed: stage.metadata?.isClosed === 'true' || stage.metadata?.ticketState === 'CLOSED',
			})),
		}));
	}

	// Owners and associations

	async listOwners(
		options: { email?: string; includeArchived?: boolean } = {},
	): Promise<HubSpotOwner[]> {
		return await ownersAndAssociations.listOwners(this, options);
	}

	/** The owner, or undefined when HubSpot knows no owner with that id. */
	async getOwner(ownerId: string): Promise<HubSpotOwner | undefined> {
		return await ownersAndAssociations.getOwner(this, ownerId);
	}

	async listAssociations(
		fromObjectType: string,
		fromId: string,
		toObjectType: string,
	): Promise<AssociatedRecord[]> {
		return await ownersAndAssociations.listAssociations(this, fromObjectType, fromId, toObjectType);
	}

	async batchReadAssociations(
		fromObjectType: string,
		toObjectType: string,
		fromIds: string[],
	): Promise<Array<BatchItemResult<AssociatedRecord[]>>> {
		return await ownersAndAssociations.batchReadAssociations(
			this,
			fromObjectType,
			toObjectType,
			fromIds,
		);
	}

	async batchAssociate(
		fromObjectType: string,
		toObjectType: string,
		inputs: AssociationToCreate[],
	): Promise<Array<BatchItemResult<DefaultAssociationPair>>> {
		return await ownersAndAssociations.batchAssociate(this, fromObjectType, toObjectType, inputs);
	}

	async batchAssociateDefault(
		fromObjectType: string,
		toObjectType: string,
		pairs: DefaultAssociationPair[],
	): Promise<Array<BatchItemResult<DefaultAssociationPair>>> {
		return await ownersAndAssociations.batchAssociateDefault(
			this,
			fromObjectType,
			toObjectType,
			pairs,
		);
	}
}
