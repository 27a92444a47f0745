import type { OperationEntry, ParameterSpec } from './operationIndex';
import type { SchemaError, SchemaValidator } from './schemaValidator';

type JsonObject = Record<string, unknown>;

/**
 * URL parameters arrive as text; the spec types them. A string that reads as the declared scalar
 * type becomes that type, anything else stays a string so the schema reports the type mismatch.
 */
function coerceScalar(value: string, schema: unknown): unknown {
	const type = (schema as JsonObject | undefined)?.type;
	const types = Array.isArray(type) ? type : [type];
	if (types.includes('string') || type === undefined) return value;
	if (types.includes('integer') && /^-?\d+$/.test(value)) return Number(value);
	if (types.includes('number') && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value))
		return Number(value);
	if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
	return value;
}

function isArraySchema(schema: unknown): boolean {
	return (schema as JsonObject | undefined)?.type === 'array';
}

function validateParameter(
	validator: SchemaValidator,
	operation: OperationEntry,
	parameter: ParameterSpec,
	raw: string | string[],
): SchemaError[] {
	const field = `${parameter.in}.${parameter.name}`;
	let value: unknown;
	if (isArraySchema(parameter.schema)) {
		const items = (parameter.schema as JsonObject).items;
		value = (Array.isArray(raw) ? raw : [raw]).map((item) => coerceScalar(item, items));
	} else if (Array.isArray(raw)) {
		return [{ field, message: `given ${raw.length} times; the spec declares a single value` }];
	} else {
		value = coerceScalar(raw, parameter.schema);
	}
	const cacheKey = `${operation.spec}|${operation.method}|${operation.pathTemplate}|${field}`;
	return validator.validate(cacheKey, parameter.schema, operation.baseId, value, field);
}

function decodePathValue(value: string): string | undefined {
	try {
		return decodeURIComponent(value);
	} catch {
		return undefined;
	}
}

/** Path, query and header parameters of one request against the operation's declared parameters. */
export function validateParameters(
	validator: SchemaValidator,
	operation: OperationEntry,
	pathParams: Record<string, string>,
	query: Record<string, string | string[]>,
	headers: Record<string, string>,
): SchemaError[] {
	const errors: SchemaError[] = [];
	const lowerCaseHeaders = Object.fromEntries(
		Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
	);
	for (const parameter of operation.parameters) {
		let raw: string | string[] | undefined;
		if (parameter.in === 'path') {
			const encoded = pathParams[parameter.name];
			raw = encoded === undefined ? undefined : decodePathValue(encoded);
			if (encoded !== undefined && raw === undefined) {
				errors.push({
					field: `path.${parameter.name}`,
					message: `is not valid percent-encoding: ${encoded}`,
				});
				continue;
			}
		} else if (parameter.in === 'query') {
			raw = query[parameter.name];
		} else if (parameter.in === 'header') {
			raw = lowerCaseHeaders[parameter.name.toLowerCase()];
		} else {
			continue; // cookies: HubSpot declares none
		}
		if (raw === undefined) {
			if (parameter.required)
				errors.push({
					field: `${parameter.in}.${parameter.name}`,
					message: 'required parameter is missing',
				});
			continue;
		}
		errors.push(...validateParameter(validator, operation, parameter, raw));
	}
	const declaredQuery = new Set(
		operation.parameters.filter((p) => p.in === 'query').map((p) => p.name),
	);
	for (const name of Object.keys(query)) {
		if (!declaredQuery.has(name) && !operation.credentialQueryParams.includes(name)) {
			// HubSpot ignores unknown query parameters silently, which hides misspelt ones.
			errors.push({
				field: `query.${name}`,
				message: 'query parameter is not declared by the operation',
			});
		}
	}
	return errors;
}
