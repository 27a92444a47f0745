/**
 * Which OAuth scopes each HubSpot operation needs, read from the `security` of every operation in
 * HubSpot's OpenAPI specs. Each `security` entry is an alternative; a token passes when it holds
 * every scope of at least one alternative. A missing spec folder or file is an error at start.
 */
import { readSpecFiles } from './contract/specFiles';
import { OBJECT_TYPES, OBJECT_TYPE_INFO, resolveObjectType } from './objectTypes';

interface Operation {
	method: string;
	template: string;
	segments: string[];
	/** alternatives: each a list of scopes that must all be held */
	security: string[][];
}

type SpecOperation = { security?: Array<Record<string, string[]>> };

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export class ScopeIndex {
	private readonly operations: Operation[] = [];

	/** Reads every spec the project codes against; throws when the folder or a file is missing. */
	constructor(specDir: string) {
		for (const { document } of readSpecFiles(specDir)) {
			for (const [template, item] of Object.entries(document.paths)) {
				for (const [method, operation] of Object.entries(item)) {
					if (!HTTP_METHODS.has(method)) continue;
					const security = ((operation as SpecOperation).security ?? []).map((alternative) =>
						Object.values(alternative).flat(),
					);
					this.operations.push({
						method: method.toUpperCase(),
						template,
						segments: template.split('/'),
						security,
					});
				}
			}
		}
		if (this.operations.length === 0)
			throw new Error(`No operations found in the HubSpot OpenAPI specs at ${specDir}`);
	}

	/**
	 * The spec operation for a request path. Object type names and ids are interchangeable in v3
	 * object paths (deals.json writes /crm/v3/objects/0-3), so the path is tried in both spellings.
	 */
	find(method: string, requestPath: string): Operation | undefined {
		for (const candidate of spellings(requestPath)) {
			const segments = candidate.split('/');
			const literal = this.operations.find(
				(op) => op.method === method && matches(op.segments, segments, false),
			);
			if (literal) return literal;
			const templated = this.operations.find(
				(op) => op.method === method && matches(op.segments, segments, true),
			);
			if (templated) return templated;
		}
		return undefined;
	}
}

function matches(template: string[], actual: string[], allowParams: boolean): boolean {
	if (template.length !== actual.length) return false;
	for (let i = 0; i < template.length; i++) {
		const part = template[i];
		if (part.startsWith('{') && part.endsWith('}')) {
			if (!allowParams || actual[i] === '') return false;
		} else if (part !== actual[i]) {
			return false;
		}
	}
	return true;
}

function spellings(requestPath: string): string[] {
	const match = /^\/crm\/v3\/objects\/([^/]+)(\/.*)?$/.exec(requestPath);
	if (!match) return [requestPath];
	const type = resolveObjectType(decodeURIComponent(match[1]));
	if (!type) return [requestPath];
	const rest = match[2] ?? '';
	return [
		`/crm/v3/objects/${type}${rest}`,
		`/crm/v3/objects/${OBJECT_TYPE_INFO[type].typeId}${rest}`,
	];
}

/** Whether `granted` satisfies one of the alternatives ('*' grants everything). */
export function hasScopes(granted: string[] | '*', alternatives: string[][]): boolean {
	if (granted === '*' || alternatives.length === 0) return true;
	const held = new Set(granted);
	return alternatives.some((alternative) => alternative.every((scope) => held.has(scope)));
}

/** Every scope named by the alternatives, for the 403 body's requiredGranularScopes. */
export function requiredScopes(alternatives: string[][]): string[] {
	return [...new Set(alternatives.flat())];
}

/** Sample request paths of every HubSpot route the sandbox serves, to check the specs cover them at start. */
export function servedOperationSamples(): Array<[string, string]> {
	const samples: Array<[string, string]> = [];
	for (const type of OBJECT_TYPES) {
		const base = `/crm/v3/objects/${type}`;
		samples.push(
			['GET', base],
			['POST', base],
			['GET', `${base}/1`],
			['PATCH', `${base}/1`],
			['DELETE', `${base}/1`],
			['POST', `${base}/search`],
			['POST', `${base}/batch/read`],
			['POST', `${base}/batch/create`],
			['POST', `${base}/batch/update`],
			['POST', `${base}/batch/archive`],
			['POST', `${base}/batch/upsert`],
		);
	}
	samples.push(
		['GET', '/crm/v3/owners'],
		['GET', '/crm/v3/owners/1'],
		['GET', '/crm/v3/properties/tasks'],
		['POST', '/crm/v3/properties/tasks'],
		['GET', '/crm/v3/properties/tasks/hs_task_status'],
		['POST', '/crm/v4/associations/tasks/contacts/batch/read'],
		['POST', '/crm/v4/associations/tasks/contacts/batch/create'],
		['POST', '/crm/v4/associations/tasks/contacts/batch/associate/default'],
		['POST', '/crm/v4/associations/tasks/contacts/batch/archive'],
		['GET', '/crm/v4/objects/tasks/1/associations/contacts'],
		['PUT', '/crm/v4/objects/tasks/1/associations/default/contacts/2'],
		['PUT', '/crm/v4/objects/tasks/1/associations/contacts/2'],
		['DELETE', '/crm/v4/objects/tasks/1/associations/contacts/2'],
	);
	return samples;
}
