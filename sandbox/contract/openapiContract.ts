import { RATE_LIMIT_ERROR_SCHEMA, searchSortsAsSpecified } from './liveApiDeviations';
import {
	OperationIndex,
	type OperationEntry,
	type OperationMatch,
	type ResponseSpec,
} from './operationIndex';
import { validateParameters } from './parameters';
import { SchemaValidator, type SchemaError } from './schemaValidator';
import { defaultSpecDir, readSpecFiles } from './specFiles';
import type { ContractExchange, Violation } from './violation';

export type { ContractExchange, Violation } from './violation';
export { formatViolation } from './violation';
export { ContractSpecsMissingError, defaultSpecDir } from './specFiles';

/**
 * Traffic the sandbox serves that is not HubSpot's: Google Sheets v4, Google's OAuth token
 * endpoint, and the sandbox's own admin API.
 */
export const OUT_OF_CONTRACT_PATHS: readonly RegExp[] = [
	/^\/v4\/spreadsheets(\/|$)/,
	/^\/token\/?$/,
	/^\/__sandbox(\/|$)/,
];

export interface MatchedOperation {
	operationId: string;
	/** Spec file, e.g. `tasks.json`. */
	spec: string;
	method: string;
	pathTemplate: string;
	pathParams: Record<string, string>;
}

export interface ExchangeVerdict {
	outOfContract: boolean;
	operation: MatchedOperation | undefined;
	request: Violation[];
	/** Empty when the request matched no operation (already reported) or no response was sent. */
	response: Violation[];
	responseValidated: boolean;
}

export interface Contract {
	matchOperation(method: string, path: string): MatchedOperation | undefined;
	isOutOfContract(path: string): boolean;
	validateRequest(ex: ContractExchange): Violation[];
	validateResponse(ex: ContractExchange): Violation[];
	/** Request and response in one pass (one operation lookup); what the sandbox hook uses. */
	validateExchange(ex: ContractExchange): ExchangeVerdict;
	/** Operations indexed from the specs, for reporting. */
	readonly operationCount: number;
	/** The `security` (scope alternatives) of the operation a request matches; undefined when none. */
	securityOf(method: string, path: string): string[][] | undefined;
}

/** HubSpot's own answers only: a dropped connection has no status; a proxy's page is not HubSpot's. */
const PROXY_FAULTS = new Set<unknown>(['proxy-502', 'applied-504']);

function hasResponse(ex: ContractExchange): boolean {
	return typeof ex.status === 'number' && ex.status >= 100 && !PROXY_FAULTS.has(ex.fault);
}

function isEmptyBody(body: unknown): boolean {
	return body === undefined || body === null || body === '';
}

function describeMatch({ operation, pathParams }: OperationMatch): MatchedOperation {
	return {
		operationId: operation.operationId,
		spec: operation.spec,
		method: operation.method.toUpperCase(),
		pathTemplate: operation.pathTemplate,
		pathParams,
	};
}

/** Picks the response the spec declares for a status: exact code, then `2XX`-style range, then `default`. */
function responseFor(
	operation: OperationEntry,
	status: number,
): { key: string; response: ResponseSpec } | string {
	const declared = Object.keys(operation.responses);
	const exact = operation.responses[String(status)];
	if (exact) return { key: String(status), response: exact };
	const range = `${String(status)[0]}XX`;
	const rangeMatch = operation.responses[range] ?? operation.responses[range.toLowerCase()];
	if (rangeMatch) return { key: range, response: rangeMatch };
	// HubSpot's specs reserve `default` for errors (it carries the Error schema): a success status
	// the operation does not list is a contract break even though `default` would formally cover it.
	if (status < 400 && declared.some((key) => key.startsWith('2'))) {
		return `status ${status} is not declared for this operation (declared: ${declared.join(', ')})`;
	}
	const fallback = operation.responses.default;
	if (fallback) return { key: 'default', response: fallback };
	return `status ${status} is not declared for this operation (declared: ${declared.join(', ')})`;
}

class OpenApiContract implements Contract {
	private readonly index: OperationIndex;
	private readonly validator: SchemaValidator;

	constructor(dir: string) {
		const specs = readSpecFiles(dir);
		this.index = new OperationIndex(specs);
		const baseIds = new Map(this.index.operations.map((op) => [op.spec, op.baseId]));
		this.validator = new SchemaValidator(
			specs,
			(file) => baseIds.get(file) ?? `https://hubspot-openapi.contract/${file}`,
		);
	}

	get operationCount(): number {
		return this.index.operations.length;
	}

	securityOf(method: string, path: string): string[][] | undefined {
		const lookup = this.index.lookup(method, path);
		return lookup.kind === 'matched' ? lookup.match.operation.security : undefined;
	}

	isOutOfContract(path: string): boolean {
		return OUT_OF_CONTRACT_PATHS.some((pattern) => pattern.test(path));
	}

	matchOperation(method: string, path: string): MatchedOperation | undefined {
		const lookup = this.index.lookup(method, path);
		return lookup.kind === 'matched' ? describeMatch(lookup.match) : undefined;
	}

	validateRequest(ex: ContractExchange): Violation[] {
		return this.validateExchange({ ...ex, status: undefined }).request;
	}

	validateResponse(ex: ContractExchange): Violation[] {
		if (this.isOutOfContract(ex.path)) return [];
		const lookup = this.index.lookup(ex.method, ex.path);
		if (lookup.kind !== 'matched' || !hasResponse(ex)) return [];
		return this.checkResponse(ex, lookup.match.operation);
	}

	validateExchange(ex: ContractExchange): ExchangeVerdict {
		const verdict: ExchangeVerdict = {
			outOfContract: false,
			operation: undefined,
			request: [],
			response: [],
			responseValidated: false,
		};
		if (this.isOutOfContract(ex.path)) return { ...verdict, outOfContract: true };
		const base = {
			direction: 'request' as const,
			method: ex.method.toUpperCase(),
			path: ex.path,
			exchangeId: ex.id,
		};
		const lookup = this.index.lookup(ex.method, ex.path);
		if (lookup.kind === 'noPath') {
			verdict.request.push({
				...base,
				field: 'operation',
				message: "no operation in HubSpot's specs matches this path",
			});
			return verdict;
		}
		if (lookup.kind === 'methodNotDeclared') {
			verdict.request.push({
				...base,
				field: 'method',
				message: `${base.method} is not declared for ${lookup.pathTemplate} (declared: ${lookup.declaredMethods.join(', ')})`,
			});
			return verdict;
		}
		const { operation } = lookup.match;
		verdict.operation = describeMatch(lookup.match);
		const located = { ...base, operationId: operation.operationId, spec: operation.spec };
		verdict.request = this.checkRequest(ex, lookup.match).map((error) => ({
			...located,
			...error,
		}));
		if (hasResponse(ex)) {
			verdict.response = this.checkResponse(ex, operation);
			verdict.responseValidated = true;
		}
		return verdict;
	}

	private checkRequest(ex: ContractExchange, match: OperationMatch): SchemaError[] {
		const { operation } = match;
		const errors = validateParameters(
			this.validator,
			operation,
			match.pathParams,
			ex.query ?? {},
			ex.requestHeaders ?? {},
		);
		const sorted = searchSortsAsSpecified(ex.path, ex.requestBody);
		const body = sorted.body;
		errors.push(...sorted.errors);
		if (!operation.requestBody) {
			if (!isEmptyBody(body))
				errors.push({ field: 'body', message: 'the operation declares no request body' });
			return errors;
		}
		if (isEmptyBody(body)) {
			if (operation.requestBody.required)
				errors.push({ field: 'body', message: 'required request body is missing' });
			return errors;
		}
		if (operation.requestBody.schema !== undefined) {
			const cacheKey = `${operation.spec}|${operation.method}|${operation.pathTemplate}|requestBody`;
			errors.push(
				...this.validator.validate(
					cacheKey,
					operation.requestBody.schema,
					operation.baseId,
					body,
					'body',
				),
			);
		}
		return errors;
	}

	private checkResponse(ex: ContractExchange, operation: OperationEntry): Violation[] {
		const status = ex.status as number;
		const located = {
			direction: 'response' as const,
			method: ex.method.toUpperCase(),
			path: ex.path,
			exchangeId: ex.id,
			operationId: operation.operationId,
			spec: operation.spec,
			status,
		};
		const declared = responseFor(operation, status);
		if (typeof declared === 'string') return [{ ...located, field: 'status', message: declared }];
		const { key, response } = declared;
		const body = ex.responseBody;
		if (!response.hasContent) {
			return isEmptyBody(body)
				? []
				: [
						{
							...located,
							field: 'body',
							message: `status ${key} declares no content, but a body was sent`,
						},
					];
		}
		if (response.schema === undefined) return [];
		if (isEmptyBody(body))
			return [
				{ ...located, field: 'body', message: `status ${key} declares a JSON body, none was sent` },
			];
		const cacheKey = `${operation.spec}|${operation.method}|${operation.pathTemplate}|response ${key}`;
		const errors = this.validator.validate(
			cacheKey,
			response.schema,
			operation.baseId,
			body,
			'body',
		);
		if (errors.length > 0 && status === 429) {
			const rateLimitErrors = this.validator.validateJsonSchema(
				'live-api|rate-limit',
				RATE_LIMIT_ERROR_SCHEMA,
				body,
				'body',
			);
			if (rateLimitErrors.length === 0) return [];
		}
		return errors.map((error) => ({ ...located, ...error }));
	}
}

/** Reads HubSpot's specs from `dir` (default: `HUBSPOT_OPENAPI_DIR` or `../shared/hubspot-openapi`); throws when absent. */
export function loadContract(dir: string = defaultSpecDir()): Contract {
	return new OpenApiContract(dir);
}

const sharedContracts = new Map<string, Contract>();

/** One contract per spec folder per process: loading and compiling is paid once per jest worker. */
export function sharedContract(dir: string = defaultSpecDir()): Contract {
	let contract = sharedContracts.get(dir);
	if (!contract) {
		contract = loadContract(dir);
		sharedContracts.set(dir, contract);
	}
	return contract;
}
