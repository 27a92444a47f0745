/**
 * /__sandbox/*: control and inspection without auth, for tests and for a sandbox running in its own
 * process (the CLI). These calls are not logged and not rate limited.
 */
import { resolveObjectType } from '../objectTypes';
import type { HandlerResult, RequestContext, Router } from '../router';
import { queryString } from '../router';
import type { SandboxStore } from '../store';
import type {
	Exchange,
	FaultConfig,
	OwnerInput,
	PerSecondCount,
	RateLimitOptions,
	SeedData,
} from '../types';

export interface AdminControl {
	url(): string;
	reset(seed?: SeedData | 'demo'): void;
	setFaults(f: FaultConfig | undefined): void;
	faults(): FaultConfig | undefined;
	setRateLimits(r: RateLimitOptions | undefined): void;
	rateLimits(): RateLimitOptions;
	setSearchIndexLag(ms: number): void;
	searchIndexLag(): number;
	log(since: number): Exchange[];
	perSecondCounts(): PerSecondCount[];
}

function bad(message: string): HandlerResult {
	return { status: 400, body: { status: 'error', message } };
}

function typeOr400(raw: string) {
	return resolveObjectType(raw);
}

function objectOrNull(body: unknown): Record<string, unknown> | undefined {
	return typeof body === 'object' && body !== null && !Array.isArray(body)
		? (body as Record<string, unknown>)
		: undefined;
}

export function registerAdminRoutes(
	router: Router,
	store: SandboxStore,
	control: AdminControl,
): void {
	router
		.add('GET', '/__sandbox/health', 'admin', () => ({
			status: 200,
			body: {
				status: 'ok',
				url: control.url(),
				version: store.version,
				tasks: store.count('tasks'),
				contacts: store.count('contacts'),
			},
		}))
		.add('POST', '/__sandbox/reset', 'admin', (ctx) => {
			const seed = objectOrNull(ctx.body)?.seed as SeedData | 'demo' | undefined;
			control.reset(seed);
			return { status: 200, body: { status: 'ok' } };
		})
		.add('PUT', '/__sandbox/faults', 'admin', (ctx) => {
			try {
				control.setFaults(objectOrNull(ctx.body) as FaultConfig | undefined);
			} catch (error) {
				return bad((error as Error).message);
			}
			return { status: 200, body: { faults: control.faults() ?? null } };
		})
		.add('PUT', '/__sandbox/rate-limits', 'admin', (ctx) => {
			control.setRateLimits(objectOrNull(ctx.body) as RateLimitOptions | undefined);
			return { status: 200, body: { rateLimits: control.rateLimits() } };
		})
		.add('PUT', '/__sandbox/search-index-lag', 'admin', (ctx) => {
			const lagMs = objectOrNull(ctx.body)?.lagMs;
			if (typeof lagMs !== 'number') return bad('body must be {lagMs: number}');
			try {
				control.setSearchIndexLag(lagMs);
			} catch (error) {
				return bad((error as Error).message);
			}
			return { status: 200, body: { lagMs: control.searchIndexLag() } };
		})
		.add('GET', '/__sandbox/log', 'admin', (ctx: RequestContext) => {
			const since = Number(queryString(ctx, 'since') ?? '0');
			if (!Number.isInteger(since)) return bad('since must be an exchange id');
			return { status: 200, body: { exchanges: control.log(since) } };
		})
		.add('GET', '/__sandbox/stats', 'admin', () => ({
			status: 200,
			body: { perSecond: control.perSecondCounts() },
		}))
		// Every live record of a type in creation order, for checks over a whole account in one call.
		.add('GET', '/__sandbox/objects/:objectType', 'admin', (ctx) => {
			const type = typeOr400(ctx.params.objectType);
			if (!type) return bad(`unknown object type ${ctx.params.objectType}`);
			return { status: 200, body: { objects: store.all(type) } };
		})
		.add('GET', '/__sandbox/objects/:objectType/:objectId', 'admin', (ctx) => {
			const type = typeOr400(ctx.params.objectType);
			if (!type) return bad(`unknown object type ${ctx.params.objectType}`);
			const object = store.get(type, ctx.params.objectId);
			return object
				? { status: 200, body: object }
				: { status: 404, body: { status: 'error', message: 'not found' } };
		})
		.add('POST', '/__sandbox/objects/:objectType', 'admin', (ctx) => {
			const type = typeOr400(ctx.params.objectType);
			const body = objectOrNull(ctx.body);
			if (!type) return bad(`unknown object type ${ctx.params.objectType}`);
			if (!objectOrNull(body?.properties))
				return bad('body must be {properties: {...}, id?: string}');
			try {
				const object = store.create(
					type,
					body?.properties as Record<string, string>,
					body?.id === undefined ? undefined : String(body.id),
				);
				return { status: 201, body: object };
			} catch (error) {
				return bad((error as Error).message);
			}
		})
		// A change as HubSpot itself makes it, read-only properties too (e.g. email tracking's dates).
		.add('PATCH', '/__sandbox/objects/:objectType/:objectId', 'admin', (ctx) => {
			const type = typeOr400(ctx.params.objectType);
			const body = objectOrNull(ctx.body);
			if (!type) return bad(`unknown object type ${ctx.params.objectType}`);
			if (!objectOrNull(body?.properties)) return bad('body must be {properties: {...}}');
			if (!store.get(type, ctx.params.objectId)) {
				return { status: 404, body: { status: 'error', message: 'not found' } };
			}
			const object = store.update(
				type,
				ctx.params.objectId,
				body?.properties as Record<string, string | null>,
			);
			return { status: 200, body: object };
		})
		.add('POST', '/__sandbox/owners', 'admin', (ctx) => {
			const body = objectOrNull(ctx.body);
			if (typeof body?.email !== 'string') return bad('body must be an owner with an email');
			return { status: 201, body: store.addOwner(body as unknown as OwnerInput) };
		})
		.add('POST', '/__sandbox/associations', 'admin', (ctx) => {
			const body = objectOrNull(ctx.body) ?? {};
			const from = typeOr400(String(body.fromType));
			const to = typeOr400(String(body.toType));
			if (
				!from ||
				!to ||
				!store.get(from, String(body.fromId)) ||
				!store.get(to, String(body.toId))
			) {
				return bad('body must be {fromType, fromId, toType, toId} naming existing records');
			}
			store.associate(from, String(body.fromId), to, String(body.toId));
			return { status: 201, body: { status: 'ok' } };
		})
		.add('PUT', '/__sandbox/sheets/:spreadsheetId/:sheetTitle', 'admin', (ctx) => {
			const rows = objectOrNull(ctx.body)?.rows;
			if (!Array.isArray(rows) || !rows.every(Array.isArray))
				return bad('body must be {rows: string[][]}');
			store.setSheet(ctx.params.spreadsheetId, ctx.params.sheetTitle, rows as string[][]);
			return { status: 200, body: { status: 'ok' } };
		});
}
