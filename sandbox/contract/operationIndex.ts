import type { LoadedSpec, OpenApiDocument } from './specFiles';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ParameterSpec {
	name: string;
	in: ParameterLocation;
	required: boolean;
	/** Raw OpenAPI 3.0 schema (converted when compiled). */
	schema: unknown;
}

export interface ResponseSpec {
	/** Raw OpenAPI schema of the JSON body; undefined when the status declares no content. */
	schema: unknown;
	hasContent: boolean;
}

export interface OperationEntry {
	operationId: string;
	/** Spec file name, e.g. `tasks.json`. */
	spec: string;
	/** `$id` under which the spec's components are registered with ajv. */
	baseId: string;
	method: string;
	pathTemplate: string;
	segments: Array<{ literal: string } | { param: string }>;
	parameters: ParameterSpec[];
	requestBody: { required: boolean; schema: unknown } | undefined;
	/** Keyed by status code as written in the spec: '200', '4XX', 'default'. */
	responses: Record<string, ResponseSpec>;
	/** Query parameters that carry credentials (apiKey security schemes), always allowed. */
	credentialQueryParams: string[];
	/** The operation's `security`: alternatives, each a list of scopes that must all be held. */
	security: string[][];
}

export interface OperationMatch {
	operation: OperationEntry;
	pathParams: Record<string, string>;
}

export type PathLookup =
	| { kind: 'matched'; match: OperationMatch }
	| { kind: 'methodNotDeclared'; declaredMethods: string[]; pathTemplate: string }
	| { kind: 'noPath' };

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * HubSpot accepts a standard object's name and its object type id interchangeably in URLs
 * (`/crm/v3/objects/deals` == `/crm/v3/objects/0-3`); the deals spec is published with the id, the
 * official client calls the name. Literal segments are compared in their id form.
 */
const OBJECT_TYPE_IDS: Record<string, string> = {
	contacts: '0-1',
	companies: '0-2',
	deals: '0-3',
	tickets: '0-5',
	products: '0-7',
	line_items: '0-8',
	quotes: '0-14',
	tasks: '0-27',
	notes: '0-46',
	meetings: '0-47',
	calls: '0-48',
	emails: '0-49',
};

function canonicalLiteral(segment: string): string {
	return OBJECT_TYPE_IDS[segment] ?? segment;
}

/** Splits a request path into segments; one trailing slash is tolerated (the owners client adds it). */
export function pathSegments(requestPath: string): string[] {
	const trimmed =
		requestPath.length > 1 && requestPath.endsWith('/') ? requestPath.slice(0, -1) : requestPath;
	return trimmed.split('/').slice(1);
}

type JsonObject = Record<string, unknown>;

function resolveLocalRef<T>(document: OpenApiDocument, value: unknown): T {
	let current = value as JsonObject;
	for (let depth = 0; depth < 10 && typeof current?.$ref === 'string'; depth++) {
		const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
		let target: unknown = document;
		for (const part of pointer)
			target = (target as JsonObject | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
		if (target === undefined) throw new Error(`Unresolvable $ref ${String(current.$ref)}`);
		current = target as JsonObject;
	}
	return current as T;
}

/** Picks the JSON media type of a content map; HubSpot's error responses declare it as `*\/*`. */
function jsonSchemaOf(content: unknown): { hasContent: boolean; schema: unknown } {
	const media = (content ?? {}) as Record<string, { schema?: unknown }>;
	const types = Object.keys(media);
	const jsonType =
		types.find((t) => t === 'application/json') ??
		types.find((t) => /[/+]json\b/.test(t)) ??
		types.find((t) => t === '*/*');
	return { hasContent: types.length > 0, schema: jsonType ? media[jsonType].schema : undefined };
}

function buildEntries(loaded: LoadedSpec): OperationEntry[] {
	const { document, file } = loaded;
	const baseId = `https://hubspot-openapi.contract/${file}`;
	const credentialQueryParams = Object.values(document.components?.securitySchemes ?? {})
		.filter((scheme) => scheme.type === 'apiKey' && scheme.in === 'query' && scheme.name)
		.map((scheme) => scheme.name as string);
	const entries: OperationEntry[] = [];
	for (const [pathTemplate, pathItem] of Object.entries(document.paths)) {
		const sharedParameters = (pathItem.parameters as unknown[] | undefined) ?? [];
		for (const method of HTTP_METHODS) {
			const operation = pathItem[method] as JsonObject | undefined;
			if (!operation) continue;
			const byKey = new Map<string, ParameterSpec>();
			for (const raw of [...sharedParameters, ...((operation.parameters as unknown[]) ?? [])]) {
				const parameter = resolveLocalRef<ParameterSpec>(document, raw);
				byKey.set(`${parameter.in}:${parameter.name}`, {
					name: parameter.name,
					in: parameter.in,
					required: parameter.in === 'path' || parameter.required === true,
					schema: parameter.schema ?? {},
				});
			}
			const body = operation.requestBody
				? resolveLocalRef<{ required?: boolean; content?: unknown }>(
						document,
						operation.requestBody,
					)
				: undefined;
			const responses: Record<string, ResponseSpec> = {};
			for (const [status, raw] of Object.entries((operation.responses as JsonObject) ?? {})) {
				const response = resolveLocalRef<{ content?: unknown }>(document, raw);
				responses[status] = jsonSchemaOf(response.content);
			}
			entries.push({
				operationId: (operation.operationId as string | undefined) ?? `${method} ${pathTemplate}`,
				spec: file,
				baseId,
				method,
				pathTemplate,
				segments: pathSegments(pathTemplate).map((segment) => {
					const param = /^\{(.+)\}$/.exec(segment);
					return param ? { param: param[1] } : { literal: canonicalLiteral(segment) };
				}),
				parameters: [...byKey.values()],
				requestBody: body
					? { required: body.required === true, schema: jsonSchemaOf(body.content).schema }
					: undefined,
				responses,
				credentialQueryParams,
				security: ((operation.security as Array<Record<string, string[]>> | undefined) ?? []).map(
					(alternative) => Object.values(alternative).flat(),
				),
			});
		}
	}
	return entries;
}

function matchSegments(
	entry: OperationEntry,
	segments: string[],
): Record<string, string> | undefined {
	if (entry.segments.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < segments.length; i++) {
		const templateSegment = entry.segments[i];
		if ('literal' in templateSegment) {
			if (templateSegment.literal !== canonicalLiteral(segments[i])) return undefined;
		} else {
			params[templateSegment.param] = segments[i];
		}
	}
	return params;
}

/** Literal segments outrank parameters, earliest position first: `/tasks/search` beats `/tasks/{taskId}`. */
function specificity(entry: OperationEntry): string {
	return entry.segments.map((segment) => ('literal' in segment ? '1' : '0')).join('');
}

export class OperationIndex {
	readonly operations: OperationEntry[];

	constructor(specs: LoadedSpec[]) {
		this.operations = specs.flatMap(buildEntries);
	}

	lookup(method: string, requestPath: string): PathLookup {
		const segments = pathSegments(requestPath);
		const matching = this.operations
			.map((operation) => ({ operation, pathParams: matchSegments(operation, segments) }))
			.filter((candidate): candidate is OperationMatch => candidate.pathParams !== undefined)
			.sort((a, b) => specificity(b.operation).localeCompare(specificity(a.operation)));
		if (matching.length === 0) return { kind: 'noPath' };
		const wanted = method.toLowerCase();
		const sameMethod = matching.find((candidate) => candidate.operation.method === wanted);
		if (sameMethod) return { kind: 'matched', match: sameMethod };
		const bestTemplate = matching[0].operation.pathTemplate;
		return {
			kind: 'methodNotDeclared',
			pathTemplate: bestTemplate,
			declaredMethods: matching
				.filter((candidate) => candidate.operation.pathTemplate === bestTemplate)
				.map((candidate) => candidate.operation.method.toUpperCase()),
		};
	}
}
