/** Public types of the sandbox (the agreed interface; server.ts re-exports them). */
import type { ObjectType } from './objectTypes';

/**
 * What an injected fault does. Before the handler (nothing applied): 429, 500, 502, 503, 'reset'
 * (the socket is destroyed), 'proxy-502' (a proxy's HTML 502 page), 'hang' (no answer for
 * `hangMs`, then the socket is destroyed). After the handler (the change is applied, the answer is
 * lost): 'applied-reset' (socket destroyed), 'applied-504' (a gateway timeout instead of the answer).
 */
export type FaultStatus =
	| 429
	| 500
	| 502
	| 503
	| 'reset'
	| 'proxy-502'
	| 'hang'
	| 'applied-reset'
	| 'applied-504';

export const FAULT_STATUSES: readonly FaultStatus[] = [
	429,
	500,
	502,
	503,
	'reset',
	'proxy-502',
	'hang',
	'applied-reset',
	'applied-504',
];

/** Faults whose request is applied by the handler before the answer is lost. */
export function isAppliedFault(status: FaultStatus | undefined): boolean {
	return status === 'applied-reset' || status === 'applied-504';
}

export interface FaultConfig {
	/** Share of matching requests (0..1) that fail. */
	rate?: number;
	/** What a failing request gets; picked in turn. Default [500]. See FaultStatus. */
	statuses?: FaultStatus[];
	/** How long a 'hang' fault holds the request before destroying the socket. Default 120 s. */
	hangMs?: number;
	/** Delay added to every matching request, failing or not. */
	delayMs?: number;
	/** Regex on the path (no query); default: every path except /__sandbox/*. */
	paths?: string;
	/** Stop failing after this many faults (the delay keeps applying). */
	maxFaults?: number;
	/** Seed of the random draw, so a run is repeatable. Default 1. */
	seed?: number;
	/**
	 * `Retry-After` (seconds) on injected 429s, as HubSpot sends it on some of its 429s. Left out,
	 * an injected 429 carries only the X-HubSpot-RateLimit-* headers of its policy.
	 */
	retryAfterSeconds?: number;
}

export interface RateLimitOptions {
	requestsPer10s?: number;
	searchPerSecond?: number;
	/** The account's daily call limit (HubSpot: 250,000 to 1,000,000 by tier). Default 1,000,000. */
	requestsPerDay?: number;
	enabled?: boolean;
}

export interface Exchange {
	id: number;
	/** ms epoch when the request arrived */
	at: number;
	method: string;
	/** path without the query */
	path: string;
	query: Record<string, string | string[]>;
	requestHeaders: Record<string, string>;
	/** parsed JSON (or form fields for /token), undefined without a body */
	requestBody: unknown;
	/** 0 when the connection was reset instead of answered */
	status: number;
	responseHeaders: Record<string, string>;
	responseBody: unknown;
	/** The injected fault that shaped this exchange, if any ('applied-*': the change was made). */
	fault?: FaultStatus;
}

export interface TeamRef {
	id: string;
	name: string;
	primary: boolean;
}

export interface OwnerInput {
	id?: string;
	email: string;
	firstName?: string;
	lastName?: string;
	userId?: number;
	teams?: TeamRef[];
	archived?: boolean;
}

/** An owner as HubSpot's PublicOwner. */
export interface OwnerRecord {
	id: string;
	email: string;
	firstName: string;
	lastName: string;
	userId: number;
	userIdIncludingInactive: number;
	type: 'PERSON';
	teams: TeamRef[];
	archived: boolean;
	createdAt: string;
	updatedAt: string;
}

export interface StoredObject {
	id: string;
	objectType: ObjectType;
	/** every property with a value, as HubSpot stores it (strings; datetimes as ISO 8601) */
	properties: Record<string, string>;
	createdAt: string;
	updatedAt: string;
	archived: boolean;
	archivedAt?: string;
}

export interface CustomPropertyInput {
	name: string;
	label?: string;
	type?: 'string' | 'number' | 'datetime' | 'enumeration' | 'bool';
	fieldType?: string;
	groupName?: string;
	options?: Array<{ label: string; value: string }>;
	hasUniqueValue?: boolean;
}

export interface SpreadsheetSeed {
	title?: string;
	/** sheet title -> rows of cells */
	sheets: Record<string, string[][]>;
}

export interface PipelineStageInput {
	id: string;
	label: string;
	/** deal stages: isClosed ('true'/'false') and probability ('0.0'..'1.0'); ticket stages: ticketState */
	metadata: Record<string, string>;
}

export interface PipelineInput {
	id: string;
	label: string;
	stages: PipelineStageInput[];
}

export interface SeedData {
	owners?: OwnerInput[];
	/** object type -> records; give ids to refer to them from `associations` */
	objects?: Partial<Record<string, Array<{ id?: string; properties: Record<string, string> }>>>;
	associations?: Array<{ fromType: string; fromId: string; toType: string; toId: string }>;
	/** custom properties per object type, on top of HubSpot's standard ones */
	properties?: Partial<Record<string, CustomPropertyInput[]>>;
	/** pipelines added to HubSpot's default ones */
	pipelines?: { deals?: PipelineInput[]; tickets?: PipelineInput[] };
	/** spreadsheet id -> spreadsheet (added to those read from sandbox/sheets/) */
	sheets?: Record<string, SpreadsheetSeed>;
}

export interface SandboxOptions {
	/** default 0 = ephemeral; host is always 127.0.0.1 */
	port?: number;
	/** default { 'sandbox-token': { scopes: '*' } }; 'sandbox-token' stays valid unless redefined */
	tokens?: Record<string, { scopes: string[] | '*' }>;
	rateLimits?: RateLimitOptions;
	faults?: FaultConfig;
	seed?: SeedData | 'demo';
	/**
	 * How long after a write search still answers with the record as it was before (HubSpot's
	 * search index trails writes by seconds); reads by id are never behind. Default 0.
	 */
	searchIndexLagMs?: number;
	/** called once per request after the response is sent */
	onExchange?: (ex: Exchange) => void;
}

export interface PerSecondCount {
	second: number;
	total: number;
	search: number;
	status429: number;
}

export interface SandboxStoreAccess {
	create(
		objectType: string,
		properties: Record<string, string>,
		id?: string,
	): { id: string; properties: Record<string, string> };
	/** A change as HubSpot itself makes it (read-only properties too, e.g. email tracking's dates). */
	update(
		objectType: string,
		id: string,
		changes: Record<string, string | null>,
	): { id: string; properties: Record<string, string> };
	get(objectType: string, id: string): StoredObject | undefined;
	all(objectType: string): StoredObject[];
	associate(fromType: string, fromId: string, toType: string, toId: string): void;
	/** The ids of `toType` records associated with the record. */
	associatedIds(fromType: string, fromId: string, toType: string): string[];
	addOwner(o: OwnerInput): OwnerRecord;
	setSheet(spreadsheetId: string, sheetTitle: string, rows: string[][]): void;
}

export interface Sandbox {
	/** e.g. http://127.0.0.1:41234 — the HubSpot base URL and the Google Sheets base URL */
	url: string;
	port: number;
	/** the default all-scopes token 'sandbox-token' */
	token: string;
	close(): Promise<void>;
	/** wipe state and reseed; clears the log and rate-limit windows, keeps the fault, rate-limit and search-index-lag settings */
	reset(seed?: SeedData | 'demo'): void;
	setFaults(f: FaultConfig | undefined): void;
	setRateLimits(r: RateLimitOptions | undefined): void;
	/** Changes the search index lag (see SandboxOptions.searchIndexLagMs); writes already old enough stay searchable. */
	setSearchIndexLag(ms: number): void;
	/** everything since start/reset, admin calls excluded */
	requestLog(): Exchange[];
	perSecondCounts(): PerSecondCount[];
	/** direct state access for tests: no HTTP, not counted as API calls */
	store: SandboxStoreAccess;
}
