/**
 * The local HubSpot (+ Google Sheets) sandbox: a real HTTP server on 127.0.0.1. Each request goes
 * through: route -> faults (delay) -> auth -> scopes (scopes.ts) -> rate limits -> injected
 * failure -> handler -> injected loss of the answer; every non-admin exchange is logged.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import {
	ApiError,
	internalError,
	invalidAuthentication,
	methodNotAllowed,
	missingScopes,
	rateLimited,
	routeNotFound,
	validationError,
} from './errors';
import { FaultInjector } from './faults';
import { ExchangeLog, isSearchPath } from './log';
import { RateLimiter } from './rateLimit';
import type { HandlerResult, RequestContext } from './router';
import { Router } from './router';
import { registerAdminRoutes } from './routes/admin';
import { registerAssociationRoutes } from './routes/associations';
import { registerBatchRoutes } from './routes/batch';
import { registerObjectRoutes } from './routes/objects';
import { registerOwnerRoutes } from './routes/owners';
import { registerPipelineRoutes } from './routes/pipelines';
import { registerPropertyRoutes } from './routes/properties';
import { applySeed, buildDemoSeed } from './seed';
import { loadSheetFiles, registerSheetRoutes } from './sheets';
import { findScopes, hasScopes, requiredScopes, unscopedRoutes } from './scopes';
import { SandboxStore, requireObjectType } from './store';
import type { Exchange, FaultStatus, Sandbox, SandboxOptions, SeedData } from './types';

export type {
	Exchange,
	FaultConfig,
	FaultStatus,
	OwnerInput,
	OwnerRecord,
	PerSecondCount,
	RateLimitOptions,
	Sandbox,
	SandboxOptions,
	SeedData,
	StoredObject,
} from './types';

export const DEFAULT_TOKEN = 'sandbox-token';

interface RawRequest {
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string>;
	body: unknown;
	bodyError?: string;
}

async function readRequest(req: http.IncomingMessage): Promise<RawRequest> {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const path =
		url.pathname.length > 1 && url.pathname.endsWith('/')
			? url.pathname.slice(0, -1)
			: url.pathname;
	const query: Record<string, string | string[]> = {};
	for (const [name, value] of url.searchParams) {
		const existing = query[name];
		query[name] =
			existing === undefined
				? value
				: [...(Array.isArray(existing) ? existing : [existing]), value];
	}
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers))
		if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') return { path, query, headers, body: undefined };
	if ((headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
		return { path, query, headers, body: Object.fromEntries(new URLSearchParams(text)) };
	}
	try {
		return { path, query, headers, body: JSON.parse(text) as unknown };
	} catch (error) {
		return { path, query, headers, body: undefined, bodyError: (error as Error).message };
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A HubSpot route without a scope rule would answer 404 to every call: a mistake caught at start. */
function assertScopesForEveryRoute(router: Router): void {
	const unscoped = unscopedRoutes(router.list('hubspot'));
	if (unscoped.length > 0)
		throw new Error(
			`No scope rule in sandbox/scopes.ts for: ${unscoped.map((r) => `${r.method} ${r.pattern}`).join('; ')}`,
		);
}

/** How long a 'hang' fault holds a request unless its FaultConfig says otherwise. */
const DEFAULT_HANG_MS = 120_000;

/** Waits `ms`, or less when the client gives up and closes the connection first. */
async function holdUntilClosed(socket: Socket, ms: number): Promise<void> {
	if (socket.destroyed) return;
	await new Promise<void>((resolve) => {
		const timer = setTimeout(done, ms);
		function done(): void {
			clearTimeout(timer);
			socket.off('close', done);
			resolve();
		}
		socket.once('close', done);
	});
}

/** What a proxy or gateway in front of HubSpot answers: an HTML page, not HubSpot's JSON. */
function proxyPage(status: number, title: string): HandlerResult {
	return {
		status,
		raw: {
			contentType: 'text/html',
			text: `<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center></body></html>`,
		},
	};
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const tokens: Record<string, { scopes: string[] | '*' }> = {
		[DEFAULT_TOKEN]: { scopes: '*' },
		...opts.tokens,
	};
	const store = new SandboxStore();
	const limiter = new RateLimiter();
	limiter.configure(opts.rateLimits);
	const faults = new FaultInjector();
	faults.configure(opts.faults);
	store.searchIndex.setLag(opts.searchIndexLagMs ?? 0);
	const log = new ExchangeLog();
	let baseUrl = '';

	const reset = (seed: SeedData | 'demo' | undefined = opts.seed): void => {
		store.clear();
		loadSheetFiles(store);
		if (seed) applySeed(store, seed === 'demo' ? buildDemoSeed() : seed);
		// The seed is the account as it was before anyone searched: already indexed.
		store.searchIndex.clear();
		log.clear();
		limiter.clear();
		faults.restart();
	};
	reset();

	const router = new Router();
	registerBatchRoutes(router, store);
	registerObjectRoutes(router, store);
	registerAssociationRoutes(router, store);
	registerOwnerRoutes(router, store);
	registerPropertyRoutes(router, store);
	registerPipelineRoutes(router, store);
	registerSheetRoutes(router, store);
	assertScopesForEveryRoute(router);
	registerAdminRoutes(router, store, {
		url: () => baseUrl,
		reset,
		setFaults: (f) => faults.configure(f),
		faults: () => faults.current,
		setRateLimits: (r) => limiter.configure(r),
		rateLimits: () => limiter.current,
		setSearchIndexLag: (ms) => store.searchIndex.setLag(ms),
		searchIndexLag: () => store.searchIndex.lagMs,
		log: (since) => log.since(since),
		perSecondCounts: () => log.perSecondCounts(),
	});

	/** Auth, scopes and rate limits of a HubSpot API call; returns the caller's token and the rate-limit headers to send. */
	const admitHubSpotCall = (
		method: string,
		request: RawRequest,
	): { token: string; rateHeaders: Record<string, string> } => {
		const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
		const grant = token === undefined ? undefined : tokens[token];
		if (!token || !grant) throw invalidAuthentication();
		const operation = findScopes(method, request.path);
		if (!operation) throw routeNotFound(method, request.path);
		if (!hasScopes(grant.scopes, operation.alternatives))
			throw missingScopes(requiredScopes(operation.alternatives));
		const decision = limiter.check(token, isSearchPath(request.path));
		if (decision.rejection) throw decision.rejection;
		return { token, rateHeaders: decision.headers };
	};

	/** An injected 429: the body and X-HubSpot-RateLimit-* headers the limiter itself would send. */
	const injectedRateLimit = (path: string, token: string | undefined): ApiError => {
		const retryAfter = faults.current?.retryAfterSeconds;
		const { policy, headers } =
			token === undefined
				? { policy: 'TEN_SECONDLY_ROLLING' as const, headers: {} }
				: limiter.rejectionFor(token, isSearchPath(path));
		return rateLimited(policy, {
			...headers,
			...(retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) }),
		});
	};

	const dispatch = async (
		method: string,
		request: RawRequest,
		socket: Socket,
		noteFault: (fault: FaultStatus) => void,
	): Promise<HandlerResult | 'reset'> => {
		const match = router.match(method, request.path);
		const route = match && 'route' in match ? match : undefined;
		const kind = match && ('route' in match ? match.route.kind : match.kind);
		const context = (params: Record<string, string>): RequestContext => ({
			method,
			path: request.path,
			query: request.query,
			headers: request.headers,
			body: request.body,
			params,
		});
		if (kind === 'admin' && route) return route.route.handler(context(route.params));
		const fault = faults.decide(request.path);
		if (fault.delayMs > 0) await sleep(fault.delayMs);
		const isHubSpot = kind === 'hubspot' || (!kind && request.path.startsWith('/crm/'));
		const admitted = isHubSpot ? admitHubSpotCall(method, request) : undefined;
		const { failure } = fault;
		if (failure !== undefined) noteFault(failure);
		if (failure === 'reset') {
			socket.destroy();
			return 'reset';
		}
		if (failure === 'hang') {
			await holdUntilClosed(socket, faults.current?.hangMs ?? DEFAULT_HANG_MS);
			socket.destroy();
			return 'reset';
		}
		if (failure === 'proxy-502') return proxyPage(502, 'Bad Gateway');
		if (failure === 429) throw injectedRateLimit(request.path, admitted?.token);
		if (typeof failure === 'number') throw internalError(failure);
		if (!match) throw routeNotFound(method, request.path);
		if (!route) throw methodNotAllowed(method, request.path);
		if (request.bodyError) {
			throw validationError(`Invalid input JSON: ${request.bodyError}`, [
				{ message: request.bodyError, in: 'body', code: 'INVALID_JSON' },
			]);
		}
		const result = await route.route.handler(context(route.params));
		// Applied, then the answer is lost on the way back: what a retry must not apply twice.
		if (failure === 'applied-reset') {
			socket.destroy();
			return 'reset';
		}
		if (failure === 'applied-504') return proxyPage(504, 'Gateway Time-out');
		return { ...result, headers: { ...admitted?.rateHeaders, ...result.headers } };
	};

	const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
		const at = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const correlationId = randomUUID();
		const request = await readRequest(req);
		let result: HandlerResult | 'reset';
		let fault: FaultStatus | undefined;
		try {
			result = await dispatch(method, request, req.socket, (injected) => (fault = injected));
		} catch (error) {
			const apiError =
				error instanceof ApiError
					? error
					: new ApiError(500, {
							status: 'error',
							message: `sandbox error: ${(error as Error).stack ?? String(error)}`,
							correlationId: '',
							category: 'INTERNAL_ERROR',
						});
			result = {
				status: apiError.status,
				body: { ...apiError.body, correlationId },
				headers: apiError.headers,
			};
		}
		const isAdmin = request.path.startsWith('/__sandbox/');
		const record = (
			status: number,
			responseHeaders: Record<string, string>,
			responseBody: unknown,
		): void => {
			if (isAdmin) return;
			const exchange: Exchange = log.add({
				at,
				method,
				path: request.path,
				query: request.query,
				requestHeaders: request.headers,
				requestBody: request.body,
				status,
				responseHeaders,
				responseBody,
				...(fault === undefined ? {} : { fault }),
			});
			opts.onExchange?.(exchange);
		};
		if (result === 'reset') {
			record(0, {}, undefined);
			return;
		}
		const headers: Record<string, string> = {
			'X-HubSpot-Correlation-Id': correlationId,
			...result.headers,
		};
		let payload = '';
		if (result.raw) {
			headers['Content-Type'] = result.raw.contentType;
			payload = result.raw.text;
		} else if (result.status !== 204 && result.body !== undefined) {
			headers['Content-Type'] = 'application/json;charset=utf-8';
			payload = JSON.stringify(result.body);
		}
		const { status, body } = result;
		res.on('finish', () => record(status, headers, body));
		res.writeHead(status, headers);
		res.end(payload);
	};

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'text/plain' });
				res.end(String(error));
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	baseUrl = `http://127.0.0.1:${port}`;

	const clone = <T>(value: T): T => structuredClone(value);
	return {
		url: baseUrl,
		port,
		token: DEFAULT_TOKEN,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
		reset,
		setFaults: (f) => faults.configure(f),
		setRateLimits: (r) => limiter.configure(r),
		setSearchIndexLag: (ms) => store.searchIndex.setLag(ms),
		requestLog: () => log.all(),
		perSecondCounts: () => log.perSecondCounts(),
		store: {
			create: (objectType, properties, id) => {
				const object = store.create(requireObjectType(objectType), properties, id);
				return { id: object.id, properties: { ...object.properties } };
			},
			update: (objectType, id, changes) => {
				const object = store.update(requireObjectType(objectType), id, changes);
				return { id: object.id, properties: { ...object.properties } };
			},
			get: (objectType, id) => {
				const object = store.get(requireObjectType(objectType), id);
				return object && clone(object);
			},
			all: (objectType) => store.all(requireObjectType(objectType)).map(clone),
			associate: (fromType, fromId, toType, toId) =>
				store.associate(requireObjectType(fromType), fromId, requireObjectType(toType), toId),
			associatedIds: (fromType, fromId, toType) =>
				store
					.associations(requireObjectType(fromType), fromId, requireObjectType(toType))
					.map((association) => association.toId),
			addOwner: (o) => clone(store.addOwner(o)),
			setSheet: (spreadsheetId, sheetTitle, rows) =>
				store.setSheet(spreadsheetId, sheetTitle, rows),
		},
	};
}
