/**
 * Builds (and caches per base URL + token) the @hubspot/api-client Client every transport uses.
 * The cache is what makes the limiter meaningful: all transports for one token in this process
 * share one Bottleneck, so parallel executions together stay inside HubSpot's budget.
 */
import { createHash } from 'node:crypto';

import type { Client } from '@hubspot/api-client';
import { sleep } from 'n8n-workflow';

import { HubSpotClient } from '../vendor';
import { POLICY_NAME_HEADER } from './hubspotFailure';
import { limiterOptionsFor, type RateLimitOptions } from './rateLimit';

export interface HubSpotApis {
	objects: Client['crm']['objects'];
	owners: Client['crm']['owners']['ownersApi'];
	associations: Client['crm']['associations']['v4'];
}

export interface SharedHubSpotClient {
	apis: HubSpotApis;
	/** Spaces search requests for this token to HubSpot's per-second search limit. */
	paceSearch(): Promise<void>;
}

interface MutableResponseContext {
	httpStatusCode: number;
	headers: Record<string, string>;
	body: { text(): Promise<string>; binary(): Promise<Buffer> };
}

function jsonBody(text: string): MutableResponseContext['body'] {
	return { text: async () => text, binary: async () => Buffer.from(text) };
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
			message: `HubSpot answered with HTTP ${context.httpStatusCode}: ${text.slice(0, 200) || '(empty body)'}`,
			category: 'UNPARSEABLE_RESPONSE',
			correlationId: context.headers['x-hubspot-correlation-id'] ?? '',
		}),
	);
	return context;
}

function createSearchPacer(searchPerSecond: number): () => Promise<void> {
	const spacingMs = Math.ceil(1_000 / searchPerSecond);
	let nextStartAt = 0;
	return async () => {
		const now = Date.now();
		const startAt = Math.max(now, nextStartAt);
		nextStartAt = startAt + spacingMs;
		if (startAt > now) await sleep(startAt - now);
	};
}

function buildClient(
	baseUrl: string,
	accessToken: string,
	rateLimit: RateLimitOptions,
): SharedHubSpotClient {
	let client: Client | undefined;
	let constructionError: unknown;
	try {
		client = new HubSpotClient({
			basePath: baseUrl,
			accessToken,
			numberOfApiCallRetries: 0,
			limiterOptions: limiterOptionsFor(accessToken, rateLimit),
			middleware: [
				{
					pre: (context: unknown) => context,
					post: async (context: unknown) =>
						await normaliseErrorResponse(context as MutableResponseContext),
				},
			],
		});
	} catch (error) {
		constructionError = error;
	}
	if (!client) {
		// Bottleneck loads ioredis while the client is constructed; say what the setting needs.
		if (rateLimit.redisUrl && /ioredis/.test(String((constructionError as Error)?.message))) {
			throw new Error(
				'A Redis URL is set for the shared HubSpot rate limit, but the ioredis module could not be loaded',
			);
		}
		throw constructionError;
	}
	// The client keeps its limiter in a process-wide decorator registry that the next `new Client`
	// overwrites, and each API object captures the registry when first touched. Touching every API
	// here, in the same tick as the constructor, binds them to this client's own limiter.
	const apis: HubSpotApis = {
		objects: client.crm.objects,
		owners: client.crm.owners.ownersApi,
		associations: client.crm.associations.v4,
	};
	return { apis, paceSearch: createSearchPacer(rateLimit.searchPerSecond) };
}

const MAX_CACHED_CLIENTS = 32;
const clientCache = new Map<string, SharedHubSpotClient>();

export function sharedHubSpotClient(
	baseUrl: string,
	accessToken: string,
	rateLimit: RateLimitOptions,
): SharedHubSpotClient {
	const key = createHash('sha256')
		.update(
			JSON.stringify([
				baseUrl,
				accessToken,
				rateLimit.requestsPer10s,
				rateLimit.maxConcurrent,
				rateLimit.searchPerSecond,
				rateLimit.redisUrl ?? '',
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
