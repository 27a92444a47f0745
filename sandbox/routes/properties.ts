/** /crm/v3/properties/{objectType}: list, read one, create a custom property, change one's label or options. */
import { conflict, objectNotFound, validationError } from '../errors';
import { customProperty, toPublicProperty } from '../propertyDefs';
import type { RequestContext, Router } from '../router';
import type { SandboxStore } from '../store';
import { isoTime } from '../store';
import { objectTypeParam, requestBody } from './shared';

/** A fixed date for HubSpot-defined properties; custom ones carry their creation time. */
const STANDARD_CREATED_AT = '2019-08-06T02:41:52.000Z';

export function registerPropertyRoutes(router: Router, store: SandboxStore): void {
	const createdAt = new Map<string, string>();
	const stamp = (type: string, name: string) =>
		createdAt.get(`${type}.${name}`) ?? STANDARD_CREATED_AT;

	router
		.add('GET', '/crm/v3/properties/:objectType', 'hubspot', (ctx: RequestContext) => {
			const type = objectTypeParam(ctx);
			const results = [...store.properties[type].values()].map((def) =>
				toPublicProperty(def, stamp(type, def.name)),
			);
			return { status: 200, body: { results } };
		})
		.add(
			'GET',
			'/crm/v3/properties/:objectType/:propertyName',
			'hubspot',
			(ctx: RequestContext) => {
				const type = objectTypeParam(ctx);
				const def = store.properties[type].get(ctx.params.propertyName);
				if (!def)
					throw objectNotFound(
						`Unable to find property ${ctx.params.propertyName} on object type ${type}`,
						{ propertyName: [ctx.params.propertyName] },
					);
				return { status: 200, body: toPublicProperty(def, stamp(type, def.name)) };
			},
		)
		.add(
			'PATCH',
			'/crm/v3/properties/:objectType/:propertyName',
			'hubspot',
			(ctx: RequestContext) => {
				const type = objectTypeParam(ctx);
				const def = store.properties[type].get(ctx.params.propertyName);
				if (!def)
					throw objectNotFound(
						`Unable to find property ${ctx.params.propertyName} on object type ${type}`,
						{ propertyName: [ctx.params.propertyName] },
					);
				const body = requestBody(ctx);
				if (def.hubspotDefined && body.options !== undefined && def.type !== 'enumeration')
					throw validationError(`${def.name} has no options to change`);
				if (typeof body.label === 'string' && body.label !== '') def.label = body.label;
				if (typeof body.description === 'string') def.description = body.description;
				if (Array.isArray(body.options)) {
					def.options = (body.options as Array<Record<string, unknown>>).map((option, index) => ({
						label: String(option.label ?? option.value),
						value: String(option.value),
						hidden: option.hidden === true,
						displayOrder: typeof option.displayOrder === 'number' ? option.displayOrder : index,
					}));
				}
				return { status: 200, body: toPublicProperty(def, stamp(type, def.name)) };
			},
		)
		.add('POST', '/crm/v3/properties/:objectType', 'hubspot', (ctx: RequestContext) => {
			const type = objectTypeParam(ctx);
			const body = requestBody(ctx);
			const missing = ['name', 'label', 'type', 'fieldType', 'groupName'].filter(
				(field) => typeof body[field] !== 'string' || body[field] === '',
			);
			if (missing.length > 0) {
				throw validationError(
					`Invalid input JSON: missing required fields ${missing.join(', ')}`,
					missing.map((field) => ({ message: 'is required', in: field })),
				);
			}
			const name = String(body.name);
			if (!/^[a-z][a-z0-9_]*$/.test(name))
				throw validationError(
					`Property name ${name} must start with a letter and use lower case letters, digits and _`,
				);
			if (store.properties[type].has(name))
				throw conflict(`A property named '${name}' already exists.`);
			const def = customProperty(body as Parameters<typeof customProperty>[0]);
			store.properties[type].set(name, def);
			createdAt.set(`${type}.${name}`, isoTime());
			return { status: 201, body: toPublicProperty(def, stamp(type, name)) };
		});
}
