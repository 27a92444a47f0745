/** /crm/v3/owners: list (limit, after, email, archived) and read by id or userId. */
import { objectNotFound, validationError } from '../errors';
import type { RequestContext, Router } from '../router';
import { queryFlag, queryString } from '../router';
import type { SandboxStore } from '../store';
import type { OwnerRecord } from '../types';
import { nextLink } from './shared';

const MAX_LIMIT = 500;

function publicOwner(owner: OwnerRecord): Record<string, unknown> {
	return { ...owner, teams: owner.teams.map((team) => ({ ...team })) };
}

function list(store: SandboxStore, ctx: RequestContext) {
	const limit = Number(queryString(ctx, 'limit') ?? '100');
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
		throw validationError(`limit must be an integer between 1 and ${MAX_LIMIT}`, [
			{ message: `must be between 1 and ${MAX_LIMIT}`, in: 'limit' },
		]);
	}
	const email = queryString(ctx, 'email')?.toLowerCase();
	const archived = queryFlag(ctx, 'archived');
	const after = Number(queryString(ctx, 'after') ?? '0');
	if (!Number.isInteger(after) || after < 0)
		throw validationError('after must be a paging cursor from a previous page');
	const matching = store
		.owners()
		.filter(
			(o) => o.archived === archived && (email === undefined || o.email.toLowerCase() === email),
		);
	const page = matching.slice(after, after + limit);
	const body: Record<string, unknown> = { results: page.map(publicOwner) };
	if (after + limit < matching.length) {
		const next = String(after + limit);
		body.paging = { next: { after: next, link: nextLink(ctx, { after: next }) } };
	}
	return { status: 200, body };
}

function read(store: SandboxStore, ctx: RequestContext) {
	const idProperty = queryString(ctx, 'idProperty') ?? 'id';
	if (idProperty !== 'id' && idProperty !== 'userId')
		throw validationError(`idProperty must be id or userId, got ${idProperty}`);
	const archived = queryFlag(ctx, 'archived');
	const wanted = ctx.params.ownerId;
	const owner = store
		.owners()
		.find(
			(o) =>
				o.archived === archived &&
				(idProperty === 'id' ? o.id === wanted : String(o.userId) === wanted),
		);
	if (!owner)
		throw objectNotFound(`No owner with ${idProperty} ${wanted} exists`, {
			[idProperty]: [wanted],
		});
	return { status: 200, body: publicOwner(owner) };
}

export function registerOwnerRoutes(router: Router, store: SandboxStore): void {
	router
		.add('GET', '/crm/v3/owners', 'hubspot', (ctx) => list(store, ctx))
		.add('GET', '/crm/v3/owners/:ownerId', 'hubspot', (ctx) => read(store, ctx));
}
