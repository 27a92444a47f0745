/**
 * The URI HubSpot signed is the public one it called: the webhook URL as n8n publishes it
 * (WEBHOOK_URL behind a reverse proxy), not the host and path n8n's own socket sees.
 */

/**
 * Public base URL + the query string (and a trailing slash, if HubSpot was configured with one)
 * of the request target as received, e.g. `req.originalUrl`. The query string is kept byte for
 * byte: parameter order and encoding are part of what HubSpot signed.
 */
export function publicRequestUri(publicBaseUrl: string, requestTarget: string): string {
	const queryStart = requestTarget.indexOf('?');
	const path = queryStart === -1 ? requestTarget : requestTarget.slice(0, queryStart);
	const query = queryStart === -1 ? '' : requestTarget.slice(queryStart);

	let base = publicBaseUrl;
	const baseQueryStart = base.indexOf('?');
	if (baseQueryStart !== -1) base = base.slice(0, baseQueryStart);
	// n8n matches `/path/` to the webhook at `/path`; HubSpot signs the slash it was given.
	if (path.endsWith('/') && !base.endsWith('/')) base += '/';
	return base + query;
}
