/**
 * Plain-JSON shapes the transport hands to node authors. Dates are ISO strings and property values
 * are strings (or null), exactly as HubSpot sends them, so results can go straight into n8n items.
 */
import type { NodeApiError } from 'n8n-workflow';

export type HubSpotProperties = Record<string, string | null>;

export interface HubSpotRecord {
	id: string;
	properties: HubSpotProperties;
	createdAt: string;
	updatedAt: string;
	archived: boolean;
}

/** One entry per input, at the input's index: either the outcome or the reason it failed. */
export type BatchItemResult<T> = { ok: true; value: T } | { ok: false; error: NodeApiError };

export interface RecordToCreate {
	properties: Record<string, string>;
	/** Records to associate on creation, in HubSpot's own shape. */
	associations?: Array<{
		to: { id: string };
		types: Array<{ associationCategory: AssociationCategory; associationTypeId: number }>;
	}>;
}

export interface RecordToUpdate {
	id: string;
	properties: Record<string, string>;
}

export interface BatchReadOptions {
	properties?: string[];
	/** Read by a unique property (e.g. `email`) instead of the record id. */
	idProperty?: string;
	archived?: boolean;
}

export type FilterOperator =
	| 'EQ'
	| 'NEQ'
	| 'GT'
	| 'GTE'
	| 'LT'
	| 'LTE'
	| 'IN'
	| 'NOT_IN'
	| 'HAS_PROPERTY'
	| 'NOT_HAS_PROPERTY'
	| 'CONTAINS_TOKEN'
	| 'NOT_CONTAINS_TOKEN'
	| 'BETWEEN';

export interface SearchFilter {
	propertyName: string;
	operator: FilterOperator;
	value?: string;
	highValue?: string;
	values?: string[];
}

/** Filter groups are ORed; the filters inside one group are ANDed (HubSpot's semantics). */
export interface SearchRequest {
	filterGroups?: Array<{ filters: SearchFilter[] }>;
	properties?: string[];
	query?: string;
}

export interface SearchPage {
	records: HubSpotRecord[];
	/** HubSpot's `total` for the whole search, as reported by the first response. */
	total: number;
	/** Search requests sent so far for this search (retries excluded). */
	searchCalls: number;
	/** The last record's id: the search goes on above it (pages are read by key, in id order). */
	lastId: string;
}

export interface HubSpotTeam {
	id: string;
	name: string;
	primary: boolean;
}

export interface HubSpotOwner {
	id: string;
	email: string | null;
	firstName: string | null;
	lastName: string | null;
	userId: number | null;
	archived: boolean;
	teams: HubSpotTeam[];
}

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';

export interface AssociationType {
	category: AssociationCategory;
	typeId: number;
	label: string | null;
}

export interface AssociatedRecord {
	toObjectId: string;
	associationTypes: AssociationType[];
}

export interface DefaultAssociationPair {
	fromId: string;
	toId: string;
}

/** An association with explicit types (labels), in HubSpot's v4 shape. */
export interface AssociationToCreate extends DefaultAssociationPair {
	types: Array<{ associationCategory: AssociationCategory; associationTypeId: number }>;
}

/** Counters for one transport instance: what a run summary or a benchmark reports. */
export interface ApiCallCounters {
	/** HTTP requests sent, retries included. */
	calls: number;
	/** Requests that were repeated after a retryable failure. */
	retries: number;
	/** 429 answers received. */
	rateLimited: number;
	/** Search requests sent (a subset of `calls`). */
	searchCalls: number;
}

/** A property as HubSpot defines it (GET /crm/v3/properties/{objectType}), what forms ask by. */
export interface PropertyDefinition {
	name: string;
	label: string;
	type: string;
	fieldType: string;
	options: Array<{ label: string; value: string; hidden: boolean }>;
	/** Calculated or read-only values: HubSpot refuses writes to them. */
	readOnly: boolean;
	/** Options are the account's owners (hubspot_owner_id and other owner properties). */
	owners: boolean;
}

/** A deal or ticket pipeline and its stages. */
export interface Pipeline {
	id: string;
	label: string;
	stages: Array<{ id: string; label: string; closed: boolean }>;
}
