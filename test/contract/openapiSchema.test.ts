import Ajv from 'ajv';

import { componentsDocument, toJsonSchema } from '../../sandbox/contract/openapiSchema';

const BASE = 'https://hubspot-openapi.contract/sample.json';

/** Compiles an OpenAPI 3.0 schema the way the contract does, with `components` registered under BASE. */
function compile(
	schema: unknown,
	components: Record<string, unknown> = {},
): (value: unknown) => boolean {
	const ajv = new Ajv({ strict: false, allErrors: true });
	ajv.addSchema(componentsDocument(BASE, components));
	const validate = ajv.compile(toJsonSchema(schema, BASE) as object);
	return (value) => validate(value) as boolean;
}

describe('OpenAPI 3.0 schema dialect', () => {
	it('turns `nullable: true` into a type union', () => {
		const nullableString = compile({ type: 'string', nullable: true });
		expect(nullableString('a')).toBe(true);
		expect(nullableString(null)).toBe(true);
		expect(nullableString(1)).toBe(false);
		expect(compile({ type: 'string' })(null)).toBe(false);
	});

	it('adds null to the enum of a nullable enum', () => {
		const status = compile({ type: 'string', enum: ['OPEN', 'DONE'], nullable: true });
		expect(status(null)).toBe(true);
		expect(status('DONE')).toBe(true);
		expect(status('LATER')).toBe(false);
	});

	it('honours nullable inside nested properties and additionalProperties', () => {
		const object = compile({
			type: 'object',
			required: ['properties'],
			properties: {
				properties: { type: 'object', additionalProperties: { type: 'string', nullable: true } },
			},
		});
		expect(object({ properties: { a: 'x', b: null } })).toBe(true);
		expect(object({ properties: { a: 1 } })).toBe(false);
	});

	it('lets a nullable $ref be null or the referenced shape', () => {
		const components = {
			Paging: { type: 'object', required: ['after'], properties: { after: { type: 'string' } } },
		};
		const paging = compile({ $ref: '#/components/schemas/Paging', nullable: true }, components);
		expect(paging(null)).toBe(true);
		expect(paging({ after: '10' })).toBe(true);
		expect(paging({})).toBe(false);
	});

	it('resolves $refs between components of the same spec', () => {
		const components = {
			Outer: { type: 'object', properties: { inner: { $ref: '#/components/schemas/Inner' } } },
			Inner: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
		};
		const outer = compile({ $ref: '#/components/schemas/Outer' }, components);
		expect(outer({ inner: { id: '1' } })).toBe(true);
		expect(outer({ inner: { id: 1 } })).toBe(false);
	});

	it('reads boolean exclusiveMinimum/exclusiveMaximum as OpenAPI 3.0 means them', () => {
		const percentage = compile({
			type: 'number',
			minimum: 0,
			exclusiveMinimum: true,
			maximum: 100,
			exclusiveMaximum: false,
		});
		expect(percentage(0)).toBe(false);
		expect(percentage(0.5)).toBe(true);
		expect(percentage(100)).toBe(true);
		expect(percentage(100.1)).toBe(false);
	});

	it('leaves examples and vendor extensions as data, even when they look like schemas', () => {
		const converted = toJsonSchema(
			{
				type: 'string',
				example: { $ref: '#/not/a/ref', nullable: true },
				'x-hubspot': { nullable: true },
			},
			BASE,
		);
		expect(converted).toEqual({
			type: 'string',
			example: { $ref: '#/not/a/ref', nullable: true },
			'x-hubspot': { nullable: true },
		});
	});
});
