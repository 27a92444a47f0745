/**
 * Builds (and caches per base URL + token) the @hubspot/api-client Client every transport uses,
 * with the rate budget its requests wait for. The cache is what makes the budget meaningful: all
 * transports for one token in this process share it, so parallel executions together stay inside
 * HubSpot's limit; with a Redis URL the budget is shared with every other process too.
 */
import { createHash } from 'node:crypto';

import type { Client } from '@hubspot/api-client';

import { HubSpotClient } from '../vendor';
import { POLICY_NAME_HEADER } from './hubspotFailure';
import { localRateBudget, sharedRateBudget, type RateBudget } from './rateBudget';
import { abortableAgentFor } from './requestAbort';
import { redisClientOptions } from '../state/redisSettings';
import { limiterOptionsFor, type RateLimitOptions } from './rateLimit';

export interface HubSpotApis {
	objects: Client['crm']['objects'];
	owners: Client['crm']['owners']['ownersApi'];
	associations: Client['crm']['associations']['v4'];
	properties: Client['crm']['properties']['coreApi'];
	pipelines: Client['crm']['pipelines']['pipelinesApi'];
}

export interface SharedHubSpotClient {
	apis: HubSpotApis;
	/** What every request waits for: a token from the budget's bucket, and the spacing of searches. */
	budget: RateBudget;
}

interface MutableResponseContext {
	httpStatusCode: number;
	headers: Record<string, string>;
	body: { text(): Promise<string>; binary(): Promise<Buffer> };
}

function jsonBody(text: string): MutableResponseContext['body'] {
	return { text: async () => text, binary: async () => Buffer.from(text) };
}

/** A non-JSON error page (a proxy's or gateway's HTML) in a few words: its title, never markup. */
function describeErrorPage(status: number, contentType: string, text: string): string {
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
	const kind = contentType.split(';')[0].trim() || 'no content type';
	const page = title
		? `"${title.slice(0, 100)}"`
		: text.trim()
			? `a ${kind} page`
			: 'an empty body';
	return `HubSpot's address answered HTTP ${status} with ${page} instead of HubSpot's JSON: a proxy or gateway between n8n and HubSpot failed`;
}

/**
 * Error answers are parsed by the generated client into its `Error` model, which throws away
 * HubSpot's `policyName` and fails outright on non-JSON bodies (a proxy's HTML 502). This keeps
 * the status visible in both cases so retries and error messages still work.
 */
async function normaliseErrorResponse(
	context: MutableResponseContext,
): Promise<MutableResponseContext> {
	if (context.httpStatusCode < 400) return context;
	const contentType = context.headers['content-type'] ?? '';
	const text = await context.body.text();
	if (contentType.includes('json')) {
		try {
			const parsed = JSON.parse(text) as { policyName?: unknown };
			if (typeof parsed.policyName === 'string')
				context.headers[POLICY_NAME_HEADER] = parsed.policyName;
			return context;
		} catch {
			// Declared JSON but is not: fall through and replace it like any other non-JSON body.
		}
	}
	context.headers['content-type'] = 'application/json';
	context.body = jsonBody(
		JSON.stringify({
			status: 'error',
			message: describeErrorPage(context.httpStatusCode, contentType, text),
			category: 'UNPARSEABLE_RESPONSE',
			correlationId: context.headers['x-hubspot-correlation-id'] ?? '',
		}),
	);
	return context;
}

function buildClient(
	baseUrl: string,
	accessToken: string,
	rateLimit: RateLimitOptions,
): SharedHubSpotClient {
	const client: Client = new HubSpotClient({
		basePath: baseUrl,
		accessToken,
		// Retries and rate limiting are the transport's (./retryPolicy, ./rateBudget).
		numberOfApiCallRetries: 0,
		// The client takes no AbortSignal; its agent is how deadlines and cancellation reach requests.
		httpAgent: abortableAgentFor(baseUrl),
		middleware: [
			{
				pre: (context: unknown) => context,
				post: async (context: unknown) =>
					await normaliseErrorResponse(context as MutableResponseContext),
			},
		],
	});
	// The client keeps its decorators (limiter, retries) in a process-wide registry that the next
	// `new Client` overwrites, and each API object captures the registry when first touched.
	// Touching every API here, in the same tick as the constructor, binds them to this client's
	// (empty) set whatever another `new Client` in the process asked for.
	const apis: HubSpotApis = {
		objects: client.crm.objects,
		owners: client.crm.owners.ownersApi,
		associations: client.crm.associations.v4,
		properties: client.crm.properties.coreApi,
		pipelines: client.crm.pipelines.pipelinesApi,
	};
	const budget = rateLimit.redisUrl
		? sharedRateBudget(accessToken, baseUrl, { ...rateLimit, redisUrl: rateLimit.redisUrl })
		: localRateBudget(limiterOptionsFor(accessToken, rateLimit, baseUrl), rateLimit);
	return { apis, budget };
}

const MAX_CACHED_CLIENTS = 32;
const clientCache = new Map<string, SharedHubSpotClient>();

export function sharedHubSpotClient(
	baseUrl: string,
	accessToken: string,
	rateLimit: RateLimitOptions,
): SharedHubSpotClient {
	// A malformed Redis URL fails here, when the transport is made, not at its first request.
	if (rateLimit.redisUrl) redisClientOptions(rateLimit.redisUrl);
	const key = createHash('sha256')
		.update(
			JSON.stringify([
				baseUrl,
				accessToken,
				rateLimit.requestsPer10s,
				rateLimit.maxConcurrent,
				rateLimit.searchPerSecond,
				rateLimit.redisUrl ?? '',
				rateLimit.redisKeyPrefix ?? '',
			]),
		)
		.digest('hex');
	const cached = clientCache.get(key);
	if (cached) {
		// Re-insert to keep the map in least-recently-used order.
		clientCache.delete(key);
		clientCache.set(key, cached);
		return cached;
	}
	const created = buildClient(baseUrl, accessToken, rateLimit);
	clientCache.set(key, created);
	if (clientCache.size > MAX_CACHED_CLIENTS) {
		const oldest = clientCache.keys().next().value;
		if (oldest !== undefined) clientCache.delete(oldest);
	}
	return created;
}
