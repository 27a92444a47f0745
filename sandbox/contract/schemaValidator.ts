import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import { componentsDocument, toJsonSchema } from './openapiSchema';
import type { LoadedSpec } from './specFiles';
import { instancePathToField } from './violation';

export interface SchemaError {
	field: string;
	message: string;
}

/**
 * One ajv instance holding every spec's components; operation schemas are converted and compiled
 * the first time an exchange needs them, then reused (validation runs on every exchange).
 */
export class SchemaValidator {
	private readonly ajv: Ajv;
	private readonly compiled = new Map<string, ValidateFunction>();

	constructor(specs: LoadedSpec[], baseIdOf: (file: string) => string) {
		this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
		addFormats(this.ajv);
		for (const { file, document } of specs) {
			this.ajv.addSchema(componentsDocument(baseIdOf(file), document.components?.schemas));
		}
	}

	/**
	 * Validates `value` against an OpenAPI schema. `cacheKey` must identify the schema (operation +
	 * location); `prefix` starts every reported field (`body`, `query.limit`).
	 */
	validate(
		cacheKey: string,
		rawSchema: unknown,
		baseId: string,
		value: unknown,
		prefix: string,
	): SchemaError[] {
		let validateFn = this.compiled.get(cacheKey);
		if (!validateFn) {
			validateFn = this.ajv.compile(toJsonSchema(rawSchema, baseId) as object);
			this.compiled.set(cacheKey, validateFn);
		}
		return validateFn(value) ? [] : toSchemaErrors(validateFn.errors ?? [], prefix);
	}

	/** Validates against a plain JSON Schema (no OpenAPI dialect), compiled once per key. */
	validateJsonSchema(
		cacheKey: string,
		schema: object,
		value: unknown,
		prefix: string,
	): SchemaError[] {
		let validateFn = this.compiled.get(cacheKey);
		if (!validateFn) {
			validateFn = this.ajv.compile(schema);
			this.compiled.set(cacheKey, validateFn);
		}
		return validateFn(value) ? [] : toSchemaErrors(validateFn.errors ?? [], prefix);
	}

	get compiledCount(): number {
		return this.compiled.size;
	}
}

function describe(error: ErrorObject): SchemaError & { extra?: string } {
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'required':
			return {
				field: '',
				extra: String(params.missingProperty),
				message: 'required property is missing',
			};
		case 'additionalProperties':
			return {
				field: '',
				extra: String(params.additionalProperty),
				message: 'property is not allowed by the schema',
			};
		case 'enum':
			return { field: '', message: `must be one of ${JSON.stringify(params.allowedValues)}` };
		default:
			return { field: '', message: error.message ?? error.keyword };
	}
}

function toSchemaErrors(errors: ErrorObject[], prefix: string): SchemaError[] {
	const seen = new Set<string>();
	const result: SchemaError[] = [];
	for (const error of errors) {
		const described = describe(error);
		const field = instancePathToField(prefix, error.instancePath, described.extra);
		const key = `${field}|${described.message}`;
		if (seen.has(key)) continue;
		seen.add(key);
		result.push({ field, message: described.message });
	}
	return result;
}
