/**
 * Reads whatever @hubspot/api-client (or the HTTP stack under it) threw into one plain description:
 * status, HubSpot's message/category/correlationId, missing scopes, and the wait a 429 asked for.
 * Both the retry policy and the NodeApiError mapping work from this description.
 */

export interface HubSpotFailure {
	/** `http`: HubSpot answered with an error status; `network`: no usable answer arrived. */
	kind: 'http' | 'network' | 'unknown';
	status?: number;
	message: string;
	category?: string;
	subCategory?: string;
	correlationId?: string;
	/** Messages of the per-field `errors[]` entries. */
	details: string[];
	/** Scopes a 403 MISSING_SCOPES answer says the token lacks. */
	missingScopes: string[];
	/** Lower-cased response headers (empty for network failures). */
	headers: Record<string, string>;
	/** Socket-level code such as ECONNRESET, for network failures. */
	networkCode?: string;
	/** For 429: HubSpot's policyName (TEN_SECONDLY_ROLLING, SECONDLY, DAILY). */
	policyName?: string;
}

/**
 * The generated client drops unknown body fields such as `policyName`, so the transport's response
 * middleware copies it into this header before the client parses the body.
 */
export const POLICY_NAME_HEADER = 'x-taskflow-hubspot-policy-name';

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EAI_AGAIN',
	'ENOTFOUND',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_CLOSED',
]);

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | undefined {
	return typeof value === 'object' && value !== null ? (value as Loose) : undefined;
}

function asString(value: unknown): string | undefined {
	return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function lowerCaseHeaders(value: unknown): Record<string, string> {
	const headers: Record<string, string> = {};
	const source = asObject(value);
	if (!source) return headers;
	for (const [name, headerValue] of Object.entries(source)) {
		if (typeof headerValue === 'string') headers[name.toLowerCase()] = headerValue;
	}
	return headers;
}

function parseBody(body: unknown): Loose | undefined {
	if (typeof body === 'string') {
		try {
			return asObject(JSON.parse(body));
		} catch {
			return { message: body.slice(0, 500) };
		}
	}
	return asObject(body);
}

/** Scope names from `errors[].context.requiredGranularScopes` (and the older `missingScopes`). */
function scopesFromBody(body: Loose | undefined): string[] {
	const scopes = new Set<string>();
	const contexts: unknown[] = [body?.context];
	if (Array.isArray(body?.errors)) {
		for (const entry of body.errors) contexts.push(asObject(entry)?.context);
	}
	for (const context of contexts) {
		const fields = asObject(context);
		if (!fields) continue;
		for (const key of ['requiredGranularScopes', 'missingScopes', 'requiredScopes']) {
			const list = fields[key];
			if (Array.isArray(list)) {
				for (const scope of list) if (typeof scope === 'string') scopes.add(scope);
			}
		}
	}
	return [...scopes];
}

function networkCodeOf(error: Loose): string | undefined {
	const candidates = [
		error.code,
		asObject(error.cause)?.code,
		asObject(asObject(error.cause)?.cause)?.code,
	];
	for (const code of candidates) {
		if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
	}
	const message = `${asString(error.message) ?? ''} ${asString(asObject(error.cause)?.message) ?? ''}`;
	if (/socket hang up|other side closed|fetch failed/i.test(message)) return 'NETWORK_ERROR';
	return undefined;
}

export function describeHubSpotFailure(error: unknown): HubSpotFailure {
	const source = asObject(error) ?? { message: String(error) };
	const status = typeof source.code === 'number' ? source.code : undefined;

	if (status !== undefined && status >= 400) {
		const body = parseBody(source.body);
		const headers = lowerCaseHeaders(source.headers);
		const details = Array.isArray(body?.errors)
			? body.errors
					.map((entry) => asString(asObject(entry)?.message))
					.filter((m): m is string => !!m)
			: [];
		return {
			kind: 'http',
			status,
			message: asString(body?.message) ?? `HubSpot answered with HTTP ${status}`,
			category: asString(body?.category),
			subCategory: asString(body?.subCategory),
			correlationId: asString(body?.correlationId) ?? headers['x-hubspot-correlation-id'],
			details,
			missingScopes: scopesFromBody(body),
			headers,
			policyName: asString(body?.policyName) ?? headers[POLICY_NAME_HEADER],
		};
	}

	const networkCode = networkCodeOf(source);
	return {
		kind: networkCode ? 'network' : 'unknown',
		message: asString(source.message) ?? 'Unknown error while calling HubSpot',
		details: [],
		missingScopes: [],
		headers: {},
		networkCode,
	};
}

/** The wait a 429 asked for: Retry-After (seconds or HTTP date) first, then HubSpot's policy. */
export function requestedWaitMs(failure: HubSpotFailure, now = Date.now()): number | undefined {
	const retryAfter = failure.headers['retry-after'];
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	if (failure.status !== 429) return undefined;
	const interval = Number(failure.headers['x-hubspot-ratelimit-interval-milliseconds']);
	const remaining = Number(failure.headers['x-hubspot-ratelimit-remaining']);
	// HubSpot's rolling windows refill gradually; a slice of the interval is usually enough.
	if (Number.isFinite(interval) && interval > 0 && remaining === 0)
		return Math.min(interval, 2_000);
	return undefined;
}

/** Network failures that happen before a request reaches HubSpot: nothing can have been applied. */
const BEFORE_SENDING_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * A failure HubSpot answered before applying anything (a 429 is refused at its gateway) or one
 * that never reached it. Every other failure (5xx, a reset connection, the deadline, a proxy's
 * page) may come after HubSpot applied the request.
 */
export function isUnappliedFailure(failure: HubSpotFailure): boolean {
	if (failure.status === 429) return true;
	return failure.networkCode !== undefined && BEFORE_SENDING_CODES.has(failure.networkCode);
}

export function isRetryableFailure(failure: HubSpotFailure): boolean {
	if (failure.kind === 'network') return true;
	if (failure.kind !== 'http' || failure.status === undefined) return false;
	// A daily limit only resets at midnight: waiting inside one execution cannot help.
	if (failure.status === 429) return failure.policyName !== 'DAILY';
	return failure.status >= 500 && failure.status <= 599;
}
