/**
 * What the Route Call to Owner suites share: the owners (two reps and a senior manager), the
 * idempotency key property on every type Log Call creates, the node registry and its credential.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { RouteCallToOwner } from '../../nodes/RouteCallToOwner/RouteCallToOwner.node';
import { DEFAULT_IDEMPOTENCY_PROPERTY } from '../../nodes/shared/crm';
import type { SeedData } from '../../sandbox/server';
import { NodeTypeRegistry, runNode, type NodeSettings } from '../../tools/engine';

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

/** Log Call as the suites set it up: Ukrainian numbers, two reps, a senior manager, the default pipeline. */
export const LOG_CALL_PARAMETERS: INodeParameters = {
	operation: 'logCall',
	defaultCountry: 'UA',
	callTimeZone: 'Europe/Kyiv',
	employees: {
		employee: [
			{ ownerId: OLENA, identifiers: '101, olena_sip', destinations: '+380670000001' },
			{ ownerId: PETRO, identifiers: '102, petro_sip', destinations: 'petro_sip' },
		],
	},
	seniorOwnerId: SENIOR,
	pipelineId: 'default',
	dealStageId: 'appointmentscheduled',
};

let callNumber = 0;
/** Ringostat's post-call data, as its webhook posts it; each a call of its own. */
export function ringostat(fields: IDataObject): IDataObject {
	callNumber++;
	return {
		uniqueid: `1733565600.${callNumber}`,
		call_type: 'in',
		disposition: 'ANSWERED',
		caller: '380441234567',
		dst: '0443334455',
		calldate: '2026-12-07 12:00:00',
		duration: '95',
		billsec: '80',
		recording: `https://records.example.com/${callNumber}.mp3`,
		...fields,
	};
}

/** Runs Log Call through n8n's engine on the events, against the suite's sandbox. */
export function logCallRunner(sandbox: { token: string; url: string }) {
	return {
		logCalls: async (
			events: IDataObject[],
			extra: INodeParameters = {},
			settings: Partial<NodeSettings> = {},
		) =>
			await runNode(
				{ type: RouteCallToOwner, parameters: { ...LOG_CALL_PARAMETERS, ...extra }, ...settings },
				{
					nodeTypes: routeCallNodeTypes,
					credentials: routeCallCredentials(sandbox),
					inputItems: events.map((json) => ({ json })),
				},
			),
	};
}
