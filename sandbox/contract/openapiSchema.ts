/**
 * Turns OpenAPI 3.0 schema objects into JSON Schema that ajv (draft-07) understands. OpenAPI 3.0
 * schemas are a dialect: `nullable` instead of `type: [.., 'null']`, boolean `exclusiveMinimum`,
 * `$ref`s relative to the whole OpenAPI document. Everything else (`example`, `x-*`, `discriminator`,
 * `readOnly`) is annotation that ajv ignores with `strict: false`.
 */

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Points a document-relative `$ref` (`#/components/...`) at the registered copy of that document. */
export function absoluteRef(baseId: string, ref: string): string {
	return ref.startsWith('#') ? `${baseId}${ref}` : ref;
}

function withNull(schema: JsonObject): JsonObject {
	const result: JsonObject = { ...schema };
	delete result.nullable;
	if (typeof result.type === 'string') {
		result.type = [result.type, 'null'];
	} else if (Array.isArray(result.type) && !result.type.includes('null')) {
		result.type = [...(result.type as unknown[]), 'null'];
	} else if (result.type === undefined && result.$ref === undefined) {
		return result; // untyped schema already admits null
	}
	if (Array.isArray(result.enum) && !result.enum.includes(null)) {
		result.enum = [...(result.enum as unknown[]), null];
	}
	if (result.$ref !== undefined) {
		// A nullable $ref: the referenced schema cannot be widened, so offer null beside it.
		const { $ref, ...rest } = result;
		return { ...rest, anyOf: [{ $ref }, { type: 'null' }] };
	}
	return result;
}

function convertExclusiveBound(schema: JsonObject, exclusiveKey: string, boundKey: string): void {
	if (schema[exclusiveKey] === true && typeof schema[boundKey] === 'number') {
		schema[exclusiveKey] = schema[boundKey];
		delete schema[boundKey];
	} else if (schema[exclusiveKey] === false) {
		delete schema[exclusiveKey];
	}
}

const SUBSCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SUBSCHEMA_KEYS = new Set([
	'items',
	'additionalProperties',
	'not',
	'contains',
	'propertyNames',
	'if',
	'then',
	'else',
]);
const SUBSCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Annotation-only keys whose values are data, never schemas: copied untouched. */
const DATA_KEYS = new Set([
	'example',
	'examples',
	'default',
	'enum',
	'const',
	'description',
	'title',
]);

/** Deep-converts one OpenAPI 3.0 schema; the input is never mutated. */
export function toJsonSchema(schema: unknown, baseId: string): unknown {
	if (!isObject(schema)) return schema;
	const converted: JsonObject = {};
	for (const [key, value] of Object.entries(schema)) {
		if (key === '$ref' && typeof value === 'string') {
			converted.$ref = absoluteRef(baseId, value);
		} else if (DATA_KEYS.has(key) || key.startsWith('x-')) {
			converted[key] = value;
		} else if (SUBSCHEMA_MAP_KEYS.has(key) && isObject(value)) {
			converted[key] = Object.fromEntries(
				Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, baseId)]),
			);
		} else if (SUBSCHEMA_KEYS.has(key)) {
			converted[key] = toJsonSchema(value, baseId);
		} else if (SUBSCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
			converted[key] = value.map((sub) => toJsonSchema(sub, baseId));
		} else {
			converted[key] = value;
		}
	}
	convertExclusiveBound(converted, 'exclusiveMinimum', 'minimum');
	convertExclusiveBound(converted, 'exclusiveMaximum', 'maximum');
	return converted.nullable === true ? withNull(converted) : converted;
}

/** Converts a whole `components.schemas` map into one registrable schema document. */
export function componentsDocument(
	baseId: string,
	schemas: Record<string, unknown> | undefined,
): JsonObject {
	const converted = Object.fromEntries(
		Object.entries(schemas ?? {}).map(([name, schema]) => [name, toJsonSchema(schema, baseId)]),
	);
	return { $id: baseId, components: { schemas: converted } };
}
