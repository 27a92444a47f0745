/**
 * The OAuth scopes each HubSpot operation the sandbox serves asks for, as HubSpot's API reference
 * lists them. A rule's `scopes` are alternatives: a token passes when it holds every scope of at
 * least one. test/contract/scopeTable.test.ts checks this table against the `security` of HubSpot's
 * OpenAPI specs whenever they are present, so it cannot drift from them.
 */
import { OBJECT_TYPES, resolveObjectType, type ObjectType } from './objectTypes';

/** Alternatives: each a list of scopes that must all be held. */
export type ScopeAlternatives = string[][];

/** 'crm.objects.{deals,tasks}.read' -> ['crm.objects.deals.read', 'crm.objects.tasks.read'] */
export function expandScopes(...patterns: string[]): string[] {
	return patterns.flatMap((pattern) => {
		const group = /\{([^{}]*)\}/.exec(pattern);
		if (!group) return [pattern];
		const [head, tail] = [
			pattern.slice(0, group.index),
			pattern.slice(group.index + group[0].length),
		];
		return group[1].split(',').flatMap((choice) => expandScopes(`${head}${choice}${tail}`));
	});
}

/** Any one scope of the list is enough. */
function anyOf(...patterns: string[]): ScopeAlternatives {
	return expandScopes(...patterns).map((scope) => [scope]);
}

/**
 * The record scopes per object type. Tasks, calls, meetings and notes are engagements, which
 * HubSpot's v3 objects API governs with the contact scopes.
 */
export const RECORD_SCOPES: Record<ObjectType, { read: string; write: string }> = {
	contacts: { read: 'crm.objects.contacts.read', write: 'crm.objects.contacts.write' },
	companies: { read: 'crm.objects.companies.read', write: 'crm.objects.companies.write' },
	deals: { read: 'crm.objects.deals.read', write: 'crm.objects.deals.write' },
	tickets: { read: 'tickets', write: 'tickets' },
	tasks: { read: 'crm.objects.contacts.read', write: 'crm.objects.contacts.write' },
	calls: { read: 'crm.objects.contacts.read', write: 'crm.objects.contacts.write' },
	meetings: { read: 'crm.objects.contacts.read', write: 'crm.objects.contacts.write' },
	notes: { read: 'crm.objects.contacts.read', write: 'crm.objects.contacts.write' },
};

const OWNER_READ = anyOf('automation', 'crm.objects.owners.read');

/** Associations v4 batch calls: any one of the CRM record scopes. */
const ASSOCIATIONS = anyOf(
	'crm.objects.{appointments,carts,commercepayments,companies,contacts,courses,custom,deals,goals,invoices,leads,line_items,listings,orders,partner-clients,partner-services,products,projects,quotes,services,subscriptions,users}.{read,write}',
	'crm.objects.{calls,emails,meetings,notes,tasks}.read',
	'crm.objects.{appointments,companies,contacts,custom,deals}.sensitive.{read,write}.v2',
	'crm.objects.{companies,contacts,custom,deals}.highly_sensitive.{read,write}.v2',
	'crm.objects.{projects,tickets}.{sensitive,highly_sensitive}.{read,write}',
	'tickets',
	'tickets.{sensitive,highly_sensitive}.v2',
	'e-commerce',
	'media_bridge.read',
);

/** Associations v4 calls on one record also accept the bare `oauth` scope. */
const RECORD_ASSOCIATIONS = [...ASSOCIATIONS, ['oauth']];

/** Reading property definitions and pipelines: any record or schema read scope. */
const SCHEMA_READ = anyOf(
	'automation',
	'cpq.quotes.{read,write}',
	'crm.objects.{appointments,companies,contacts,courses,custom,deals,goals,invoices,leads,line_items,listings,marketing_events,projects,quotes,services,subscriptions}.{read,write}',
	'crm.objects.{calls,carts,emails,feedback_submissions,meetings,notes,orders,owners,tasks,users}.read',
	'crm.objects.{commercepayments,products}.write',
	'crm.objects.{appointments,companies,contacts,custom,deals}.sensitive.{read,write}.v2',
	'crm.objects.{companies,contacts,custom,deals}.highly_sensitive.{read,write}.v2',
	'crm.objects.projects.{sensitive,highly_sensitive}.{read,write}',
	'crm.objects.tickets.{sensitive,highly_sensitive}.read',
	'crm.pipelines.orders.read',
	'crm.schemas.{appointments,calls,carts,commercepayments,companies,contacts,courses,custom,deals,emails,invoices,line_items,listings,meetings,notes,orders,projects,quotes,services,subscriptions,tasks,tickets}.read',
	'e-commerce',
	'media_bridge.read',
	'tickets',
	'tickets.{sensitive,highly_sensitive}.v2',
	'timeline',
);

/** Creating property definitions: a schema write scope. */
const SCHEMA_WRITE = anyOf(
	'crm.objects.{carts,orders,users}.write',
	'crm.objects.tickets.{sensitive,highly_sensitive}.write',
	'crm.pipelines.orders.write',
	'crm.schemas.{appointments,carts,commercepayments,companies,contacts,courses,custom,deals,invoices,listings,orders,projects,quotes,services,subscriptions,tickets}.write',
	'e-commerce',
	'tickets',
	'tickets.{sensitive,highly_sensitive}.v2',
);

export interface ScopeRule {
	method: string;
	/** Path template; `{objectType}` in a record rule must name a type the sandbox serves. */
	template: string;
	/** The record scope of the path's object type, or a fixed list of alternatives. */
	scopes: 'read' | 'write' | ScopeAlternatives;
}

const OBJECTS = '/crm/v3/objects/{objectType}';
const PIPELINES = '/crm/v3/pipelines/{objectType}';
const BATCH_ASSOCIATIONS = '/crm/v4/associations/{fromObjectType}/{toObjectType}/batch';
const RECORD_ASSOCIATION_PATH = '/crm/v4/objects/{objectType}/{objectId}/associations';

export const SCOPE_RULES: readonly ScopeRule[] = [
	{ method: 'GET', template: OBJECTS, scopes: 'read' },
	{ method: 'POST', template: OBJECTS, scopes: 'write' },
	{ method: 'GET', template: `${OBJECTS}/{objectId}`, scopes: 'read' },
	{ method: 'PATCH', template: `${OBJECTS}/{objectId}`, scopes: 'write' },
	{ method: 'DELETE', template: `${OBJECTS}/{objectId}`, scopes: 'write' },
	{ method: 'POST', template: `${OBJECTS}/search`, scopes: 'read' },
	{ method: 'POST', template: `${OBJECTS}/batch/read`, scopes: 'read' },
	{ method: 'POST', template: `${OBJECTS}/batch/create`, scopes: 'write' },
	{ method: 'POST', template: `${OBJECTS}/batch/update`, scopes: 'write' },
	{ method: 'POST', template: `${OBJECTS}/batch/archive`, scopes: 'write' },
	{ method: 'POST', template: `${OBJECTS}/batch/upsert`, scopes: 'write' },
	{ method: 'GET', template: '/crm/v3/owners', scopes: OWNER_READ },
	{ method: 'GET', template: '/crm/v3/owners/{ownerId}', scopes: OWNER_READ },
	{ method: 'GET', template: '/crm/v3/properties/{objectType}', scopes: SCHEMA_READ },
	{ method: 'POST', template: '/crm/v3/properties/{objectType}', scopes: SCHEMA_WRITE },
	{
		method: 'GET',
		template: '/crm/v3/properties/{objectType}/{propertyName}',
		scopes: SCHEMA_READ,
	},
	{
		method: 'PATCH',
		template: '/crm/v3/properties/{objectType}/{propertyName}',
		scopes: SCHEMA_WRITE,
	},
	{ method: 'GET', template: PIPELINES, scopes: SCHEMA_READ },
	{ method: 'GET', template: `${PIPELINES}/{pipelineId}`, scopes: SCHEMA_READ },
	{ method: 'GET', template: `${PIPELINES}/{pipelineId}/stages`, scopes: SCHEMA_READ },
	{ method: 'GET', template: `${PIPELINES}/{pipelineId}/stages/{stageId}`, scopes: SCHEMA_READ },
	{ method: 'POST', template: `${BATCH_ASSOCIATIONS}/read`, scopes: ASSOCIATIONS },
	{ method: 'POST', template: `${BATCH_ASSOCIATIONS}/create`, scopes: ASSOCIATIONS },
	{ method: 'POST', template: `${BATCH_ASSOCIATIONS}/associate/default`, scopes: ASSOCIATIONS },
	{ method: 'POST', template: `${BATCH_ASSOCIATIONS}/archive`, scopes: ASSOCIATIONS },
	{
		method: 'GET',
		template: `${RECORD_ASSOCIATION_PATH}/{toObjectType}`,
		scopes: RECORD_ASSOCIATIONS,
	},
	{
		method: 'PUT',
		template: `${RECORD_ASSOCIATION_PATH}/{toObjectType}/{toObjectId}`,
		scopes: RECORD_ASSOCIATIONS,
	},
	{
		method: 'DELETE',
		template: `${RECORD_ASSOCIATION_PATH}/{toObjectType}/{toObjectId}`,
		scopes: RECORD_ASSOCIATIONS,
	},
	{
		method: 'PUT',
		template:
			'/crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}',
		scopes: RECORD_ASSOCIATIONS,
	},
];

const RECORD_PATH = /^\/crm\/v3\/objects\/([^/]+)/;

function isParam(segment: string): boolean {
	return segment.startsWith('{') && segment.endsWith('}');
}

function matchesTemplate(template: string, requestPath: string): boolean {
	const expected = template.split('/');
	const actual = requestPath.split('/');
	return (
		expected.length === actual.length &&
		expected.every((part, i) => (isParam(part) ? actual[i] !== '' : part === actual[i]))
	);
}

/** Literal segments outrank parameters, earliest first: `/tasks/search` beats `/tasks/{id}`. */
function specificity(template: string): string {
	return template
		.split('/')
		.map((part) => (isParam(part) ? '0' : '1'))
		.join('');
}

const RULES_BY_SPECIFICITY = [...SCOPE_RULES].sort((a, b) =>
	specificity(b.template).localeCompare(specificity(a.template)),
);

export interface ScopedOperation {
	rule: ScopeRule;
	alternatives: ScopeAlternatives;
}

/**
 * The rule for a request and the scope alternatives it asks for; undefined when the sandbox serves
 * no such operation (or the object type in a record path is not one it serves).
 */
export function findScopes(method: string, requestPath: string): ScopedOperation | undefined {
	const rule = RULES_BY_SPECIFICITY.find(
		(candidate) => candidate.method === method && matchesTemplate(candidate.template, requestPath),
	);
	if (!rule) return undefined;
	if (typeof rule.scopes !== 'string') return { rule, alternatives: rule.scopes };
	const rawType = RECORD_PATH.exec(requestPath)?.[1];
	const type = rawType === undefined ? undefined : resolveDecoded(rawType);
	if (!type) return undefined;
	return { rule, alternatives: [[RECORD_SCOPES[type][rule.scopes]]] };
}

function resolveDecoded(raw: string): ObjectType | undefined {
	try {
		return resolveObjectType(decodeURIComponent(raw));
	} catch {
		return undefined;
	}
}

/** Whether `granted` satisfies one of the alternatives ('*' grants everything). */
export function hasScopes(granted: string[] | '*', alternatives: ScopeAlternatives): boolean {
	if (granted === '*' || alternatives.length === 0) return true;
	const held = new Set(granted);
	return alternatives.some((alternative) => alternative.every((scope) => held.has(scope)));
}

/** Every scope named by the alternatives, for the 403 body's requiredGranularScopes. */
export function requiredScopes(alternatives: ScopeAlternatives): string[] {
	return [...new Set(alternatives.flat())];
}

/** One request path per rule (per object type for record rules), for checks against the specs. */
export function scopeRuleSamples(): Array<{ method: string; path: string; rule: ScopeRule }> {
	return SCOPE_RULES.flatMap((rule) => {
		const types: readonly string[] = typeof rule.scopes === 'string' ? OBJECT_TYPES : ['tasks'];
		return types.map((type) => ({
			method: rule.method,
			rule,
			path: rule.template
				.replace(/\{(objectType|fromObjectType)\}/, type)
				.replace(/\{toObjectType\}/, 'contacts')
				.replace(/\{[^}]+\}/g, '1'),
		}));
	});
}

/** The routes (router patterns, `:name` parameters) that no rule covers. */
export function unscopedRoutes<T extends { method: string; pattern: string }>(routes: T[]): T[] {
	const shape = (path: string) => path.replace(/:[^/]+|\{[^}]+\}/g, '{}');
	return routes.filter(
		(route) =>
			!SCOPE_RULES.some(
				(rule) => rule.method === route.method && shape(rule.template) === shape(route.pattern),
			),
	);
}
