/**
 * Places where HubSpot's live API is documented to answer differently from its published OpenAPI
 * specs. Each one is narrow and replaces a spec schema with the documented shape (still validated
 * strictly); nothing here turns validation off.
 */

/**
 * Rate-limit rejections come from HubSpot's gateway, not from the CRM services whose specs declare
 * the `Error` schema, so they carry no `category` (HubSpot's "API usage guidelines and limits" page
 * shows this body). A 429 passes when it matches either this shape or the spec's `Error`.
 */
export const RATE_LIMIT_ERROR_SCHEMA = {
	type: 'object',
	required: ['status', 'message', 'errorType', 'correlationId', 'policyName'],
	properties: {
		status: { const: 'error' },
		message: { type: 'string' },
		errorType: { const: 'RATE_LIMIT' },
		correlationId: { type: 'string', format: 'uuid' },
		policyName: { enum: ['TEN_SECONDLY_ROLLING', 'SECONDLY', 'DAILY'] },
		groupName: { type: 'string' },
	},
} as const;

/**
 * HubSpot's search guide sorts with `{ propertyName, direction }` objects, the only form with a
 * direction; the specs type `sorts` as strings (a known gap, hubspot-api-nodejs issue #559). A
 * sort object of exactly this shape is checked here and stands in for its property name in the
 * rest of the body, which the spec still validates.
 */
export function searchSortsAsSpecified(
	path: string,
	body: unknown,
): { body: unknown; errors: Array<{ field: string; message: string }> } {
	const errors: Array<{ field: string; message: string }> = [];
	if (!path.endsWith('/search') || typeof body !== 'object' || body === null)
		return { body, errors };
	const sorts = (body as { sorts?: unknown }).sorts;
	if (!Array.isArray(sorts)) return { body, errors };
	const asNames = sorts.map((sort: unknown, index) => {
		if (typeof sort !== 'object' || sort === null) return sort;
		const { propertyName, direction, ...rest } = sort as Record<string, unknown>;
		if (typeof propertyName !== 'string' || propertyName === '') {
			errors.push({
				field: `body.sorts[${index}].propertyName`,
				message: 'must be a property name',
			});
		}
		if (direction !== undefined && direction !== 'ASCENDING' && direction !== 'DESCENDING') {
			errors.push({
				field: `body.sorts[${index}].direction`,
				message: 'must be ASCENDING or DESCENDING',
			});
		}
		for (const key of Object.keys(rest)) {
			errors.push({ field: `body.sorts[${index}].${key}`, message: 'is not a sort field' });
		}
		return propertyName;
	});
	return { body: { ...(body as object), sorts: asNames }, errors };
}

export const LIVE_API_DEVIATIONS = [
	{
		name: 'search sort objects',
		appliesTo: 'POST /crm/v3/objects/{type}/search',
		reason:
			"HubSpot's search guide sorts with { propertyName, direction } objects; the specs type sorts as strings",
	},
	{
		name: 'rate-limit body',
		appliesTo: 'any operation, status 429',
		reason:
			"the gateway's 429 body ({status, message, errorType: 'RATE_LIMIT', correlationId, policyName}) has no `category`",
	},
	{
		name: 'object type ids',
		appliesTo: '/crm/v3/objects/{name} paths',
		reason:
			'a standard object name and its type id are interchangeable in URLs (deals == 0-3); deals.json uses the id',
	},
	{
		name: 'owners trailing slash',
		appliesTo: 'any path',
		reason:
			"one trailing slash is ignored, as HubSpot does; the official client lists owners at '/crm/v3/owners/'",
	},
] as const;
