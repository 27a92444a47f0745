/**
 * The one place HubSpot failures become n8n's NodeApiError. Mapping happens exactly once: an error
 * that is already a NodeApiError passes through untouched, so callers may map defensively.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { describeHubSpotFailure, requestedWaitMs, type HubSpotFailure } from './hubspotFailure';
import { DEFAULT_RETRY_OPTIONS } from './retryPolicy';

export const HUBSPOT_CREDENTIAL_TYPE = 'hubSpotTaskflowApi';

export interface MapErrorOptions {
	itemIndex?: number;
	/** What the transport was doing, e.g. "batch update of 100 tasks"; appended to the description. */
	operation?: string;
}

/** Duck-typed as well, because n8n may load a different copy of n8n-workflow than this package. */
export function isNodeApiError(error: unknown): error is NodeApiError {
	if (error instanceof NodeApiError) return true;
	const candidate = error as { name?: unknown; httpCode?: unknown; node?: unknown } | null;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		candidate.name === 'NodeApiError' &&
		'httpCode' in candidate &&
		typeof candidate.node === 'object'
	);
}

function credentialLabel(node: INode): string {
	const reference = node.credentials?.[HUBSPOT_CREDENTIAL_TYPE];
	return reference?.name ? `"${reference.name}"` : `of type "HubSpot Taskflow API"`;
}

function describe(failure: HubSpotFailure, operation?: string): string {
	const parts = [failure.message];
	for (const detail of failure.details) if (detail !== failure.message) parts.push(detail);
	const facts: string[] = [];
	if (failure.category) facts.push(`category: ${failure.category}`);
	if (failure.subCategory) facts.push(`subCategory: ${failure.subCategory}`);
	if (failure.correlationId) facts.push(`correlationId: ${failure.correlationId}`);
	if (failure.networkCode) facts.push(`network error: ${failure.networkCode}`);
	if (operation) facts.push(`while: ${operation}`);
	if (facts.length > 0) parts.push(facts.join(' · '));
	return parts.join('\n');
}

/** Longest wait for a 429 that the transport makes inside an execution (see ./retryPolicy). */
const LONGEST_WAIT_MS = DEFAULT_RETRY_OPTIONS.maxRetryAfterMs;

function rateLimitHeadline(failure: HubSpotFailure): string {
	if (failure.policyName === 'DAILY') {
		return "HubSpot's daily API call limit for this account is reached: calls fail until it resets at midnight in the HubSpot account's time zone";
	}
	const wait = requestedWaitMs(failure);
	if (wait !== undefined && wait > LONGEST_WAIT_MS) {
		return `HubSpot asked to wait ${Math.ceil(wait / 1000)} s before the next call (Retry-After), longer than the ${LONGEST_WAIT_MS / 1000} s a node waits; run the workflow again later`;
	}
	return `HubSpot's rate limit was still reached after retrying: ${failure.message}`;
}

function headline(node: INode, failure: HubSpotFailure): string {
	const credential = credentialLabel(node);
	if (failure.status === 401) {
		return `HubSpot rejected the access token of credential ${credential}`;
	}
	if (failure.status === 403 && failure.category === 'MISSING_SCOPES') {
		const scopes = failure.missingScopes.length > 0 ? failure.missingScopes.join(', ') : 'unknown';
		return `The HubSpot private app behind credential ${credential} lacks the scope(s): ${scopes}`;
	}
	if (failure.status === 429) return rateLimitHeadline(failure);
	if (failure.kind === 'network') {
		return `Could not reach HubSpot (${failure.networkCode ?? 'network error'}) even after retrying`;
	}
	return failure.message;
}

function failureCause(
	failure: HubSpotFailure,
): NonNullable<ConstructorParameters<typeof NodeApiError>[2]>['failure'] {
	if (failure.status === 401 || (failure.status === 403 && failure.category === 'MISSING_SCOPES')) {
		return { cause: 'credential-invalid' };
	}
	if (failure.status === 429) {
		const wait = requestedWaitMs(failure);
		return wait === undefined
			? { cause: 'rate-limited' }
			: { cause: 'rate-limited', retryAfterMs: wait };
	}
	if (failure.kind === 'network' || (failure.status !== undefined && failure.status >= 500)) {
		return { cause: 'temporarily-unavailable' };
	}
	return undefined;
}

/** Maps any error thrown while talking to HubSpot to a NodeApiError naming HubSpot's own message. */
export function toHubSpotNodeApiError(
	node: INode,
	error: unknown,
	options: MapErrorOptions = {},
): NodeApiError {
	if (isNodeApiError(error)) return error;
	const failure = describeHubSpotFailure(error);
	const response: JsonObject = {
		message: failure.message,
		...(failure.status !== undefined ? { status: failure.status } : {}),
		...(failure.category ? { category: failure.category } : {}),
		...(failure.correlationId ? { correlationId: failure.correlationId } : {}),
		...(failure.missingScopes.length > 0 ? { missingScopes: failure.missingScopes } : {}),
	};
	const cause = failureCause(failure);
	return new NodeApiError(node, response, {
		message: headline(node, failure),
		description: describe(failure, options.operation),
		...(failure.status !== undefined ? { httpCode: String(failure.status) } : {}),
		...(options.itemIndex !== undefined ? { itemIndex: options.itemIndex } : {}),
		...(cause ? { failure: cause } : {}),
	});
}

/** Builds the error for one input of a 207 multi-status answer from HubSpot's per-input error. */
export function batchItemError(
	node: INode,
	entry: {
		status?: string;
		category?: string;
		message?: string;
		subCategory?: unknown;
		context?: unknown;
		errors?: unknown;
	},
	operation: string,
): NodeApiError {
	// HubSpot usually sends status "error" per input, so the category decides the HTTP-like code.
	const status = Number(entry.status);
	const byCategory: Record<string, number> = {
		OBJECT_NOT_FOUND: 404,
		CONFLICT: 409,
		VALIDATION_ERROR: 400,
	};
	const httpStatus =
		Number.isFinite(status) && status >= 400 ? status : (byCategory[entry.category ?? ''] ?? 400);
	return toHubSpotNodeApiError(
		node,
		{
			code: httpStatus,
			body: { ...entry, message: entry.message ?? 'HubSpot rejected this input' },
			headers: {},
		},
		{ operation },
	);
}
