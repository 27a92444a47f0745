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

export const LIVE_API_DEVIATIONS = [
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
