/** Plain-fetch helpers for the sandbox's own tests. */
import type { Sandbox } from '../../sandbox/server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are arbitrary JSON that tests assert field by field
export type Json = any;

export interface Reply<T = Json> {
	status: number;
	headers: Headers;
	body: T;
}

export async function call<T = Json>(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
	token: string | null = sandbox.token,
): Promise<Reply<T>> {
	const headers: Record<string, string> = {};
	if (token !== null) headers.Authorization = `Bearer ${token}`;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: (text ? JSON.parse(text) : undefined) as T,
	};
}

export const NOW = Date.now();

/** A valid task create body (SimplePublicObjectInputForCreate requires `associations`). */
export function taskInput(
	subject: string,
	extra: Record<string, string> = {},
): { properties: Record<string, string>; associations: unknown[] } {
	return createBody({ hs_task_subject: subject, hs_timestamp: String(NOW), ...extra });
}

/** A create body for any object type, with the `associations` list the spec requires. */
export function createBody(
	properties: Record<string, string>,
	associations: unknown[] = [],
): { properties: Record<string, string>; associations: unknown[] } {
	return { properties, associations };
}

/**
 * A search request as HubSpot's spec writes it: PublicObjectSearchRequest requires filterGroups,
 * sorts, properties, limit and after, so the defaults stand in for what a test leaves out.
 */
export function searchBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
	return { filterGroups: [], sorts: [], properties: [], limit: 10, after: '0', ...fields };
}
