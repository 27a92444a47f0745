/**
 * What the Route Call to Owner suites share: the owners (two reps and a senior manager), the
 * idempotency key property on every type Log Call creates, the node registry and its credential.
 */
import type { IDataObject } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { RouteCallToOwner } from '../../nodes/RouteCallToOwner/RouteCallToOwner.node';
import { DEFAULT_IDEMPOTENCY_PROPERTY } from '../../nodes/shared/crm';
import type { SeedData } from '../../sandbox/server';
import { NodeTypeRegistry } from '../../tools/engine';

export const OLENA = '101';
export const PETRO = '102';
export const SENIOR = '900';

const KEY = {
	name: DEFAULT_IDEMPOTENCY_PROPERTY,
	label: 'Taskflow idempotency key',
	type: 'string' as const,
	fieldType: 'text',
	hasUniqueValue: true,
};

export const CALL_OWNERS: Pick<SeedData, 'owners' | 'properties'> = {
	owners: [
		{ id: OLENA, email: 'olena@example.com.ua', firstName: 'Olena' },
		{ id: PETRO, email: 'petro@example.com.ua', firstName: 'Petro' },
		{ id: SENIOR, email: 'head@example.com.ua', firstName: 'Iryna' },
	],
	properties: { contacts: [KEY], deals: [KEY], calls: [KEY], tasks: [KEY] },
};

export const routeCallNodeTypes = new NodeTypeRegistry([RouteCallToOwner], [HubSpotTaskflowApi]);

export function routeCallCredentials(
	sandbox: { token: string; url: string },
	extra: IDataObject = {},
) {
	return { hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url, ...extra } };
}
