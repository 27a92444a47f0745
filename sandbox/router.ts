/** A small path router: ":name" segments capture (percent-decoded) path parts. */

export type RouteKind = 'hubspot' | 'sheets' | 'oauth' | 'admin';

export interface RequestContext {
	method: string;
	/** path without query, one trailing slash removed */
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string>;
	body: unknown;
	params: Record<string, string>;
}

export interface HandlerResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** A non-JSON answer (e.g. a proxy's HTML page), sent as is instead of `body`. */
	raw?: { contentType: string; text: string };
}

export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;

interface Route {
	method: string;
	parts: string[];
	kind: RouteKind;
	handler: Handler;
}

export type RouteMatch =
	| { route: Route; params: Record<string, string> }
	| { methodNotAllowed: true; kind: RouteKind }
	| undefined;

export class Router {
	private readonly routes: Route[] = [];

	add(method: string, pattern: string, kind: RouteKind, handler: Handler): this {
		this.routes.push({ method, parts: pattern.split('/'), kind, handler });
		return this;
	}

	/** Method and pattern of every route of a kind. */
	list(kind: RouteKind): Array<{ method: string; pattern: string }> {
		return this.routes
			.filter((route) => route.kind === kind)
			.map((route) => ({ method: route.method, pattern: route.parts.join('/') }));
	}

	match(method: string, path: string): RouteMatch {
		const rawParts = path.split('/');
		let methodNotAllowed: RouteKind | undefined;
		for (const route of this.routes) {
			const params = matchParts(route.parts, rawParts);
			if (!params) continue;
			if (route.method === method) return { route, params };
			methodNotAllowed ??= route.kind;
		}
		return methodNotAllowed ? { methodNotAllowed: true, kind: methodNotAllowed } : undefined;
	}
}

function matchParts(pattern: string[], actual: string[]): Record<string, string> | undefined {
	if (pattern.length !== actual.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const part = pattern[i];
		if (part.startsWith(':')) {
			if (actual[i] === '') return undefined;
			let decoded: string;
			try {
				decoded = decodeURIComponent(actual[i]);
			} catch {
				return undefined;
			}
			params[part.slice(1)] = decoded;
		} else if (part !== actual[i]) {
			return undefined;
		}
	}
	return params;
}

/** A query parameter given once, comma-separated or repeated, as a list ("properties=a,b&properties=c"). */
export function queryList(ctx: RequestContext, name: string): string[] | undefined {
	const raw = ctx.query[name];
	if (raw === undefined) return undefined;
	const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(','));
	return values.map((v) => v.trim()).filter(Boolean);
}

export function queryString(ctx: RequestContext, name: string): string | undefined {
	const raw = ctx.query[name];
	return Array.isArray(raw) ? raw[raw.length - 1] : raw;
}

export function queryFlag(ctx: RequestContext, name: string): boolean {
	return queryString(ctx, name) === 'true';
}
