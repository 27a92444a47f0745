/**
 * What the Create Workflow Activity suites share: the node registry, a contract-checked sandbox
 * seeded with owners in two teams, the idempotency key property and three contacts, and a run
 * of the node through n8n's engine with the event item's usual settings.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { CreateWorkflowActivity } from '../../nodes/CreateWorkflowActivity/CreateWorkflowActivity.node';
import { DEFAULT_IDEMPOTENCY_PROPERTY } from '../../nodes/shared/crm';
import { closeRedisConnections } from '../../nodes/shared/state';
import type { SeedData } from '../../sandbox/server';
import { NodeTypeRegistry, runNode, type NodeSettings } from '../../tools/engine';
import { useContractSandbox } from '../sandbox/testSandbox';

export const ZONE = 'America/Sao_Paulo';
export const nodeTypes = new NodeTypeRegistry([CreateWorkflowActivity], [HubSpotTaskflowApi]);
// A team of its own per run: the round-robin turn lives in Redis and must start at the first member.
export const SDR = {
	id: `t-sdr-${process.pid}-${Date.now().toString(36)}`,
	name: 'SDR São Paulo',
	primary: true,
};
export const AE = { id: 't-ae', name: 'Account Executives', primary: true };

export const SEED: SeedData = {
	owners: [
		{ id: '101', email: 'ana@example.com.br', firstName: 'Ana', teams: [SDR] },
		{ id: '102', email: 'bruno@example.com.br', firstName: 'Bruno', teams: [SDR] },
		{ id: '103', email: 'carla@example.com.br', firstName: 'Carla', teams: [SDR] },
		{ id: '201', email: 'diego@example.com.br', firstName: 'Diego', teams: [AE] },
	],
	properties: {
		tasks: [
			{
				name: DEFAULT_IDEMPOTENCY_PROPERTY,
				label: 'Taskflow idempotency key',
				type: 'string',
				fieldType: 'text',
				hasUniqueValue: true,
			},
		],
	},
	objects: {
		contacts: [
			{ id: '501', properties: { email: 'lead@example.com.br', hubspot_owner_id: '101' } },
			{ id: '502', properties: { email: 'cliente@example.com.br', hubspot_owner_id: '201' } },
			{ id: '503', properties: { email: 'sem-dono@example.com.br' } },
		],
	},
};

export const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
export const local = (iso: unknown) =>
	DateTime.fromISO(String(iso), { zone: ZONE }).toFormat('ccc yyyy-MM-dd HH:mm');
// A Friday in the future: a reminder already past is left out, so the date must not age into the past.
export const FRIDAY_4PM = at('2030-12-06T16:00').toISO() as string;

export const FILTRO: IDataObject = {
	title: 'Realizar Filtro 1',
	taskType: 'CALL',
	deadlineKind: 'after',
	amount: 4,
	unit: 'hours',
	notifyAmount: 30,
	notifyUnit: 'minutes',
	notes: 'Lead recebido',
	priority: 'HIGH',
};

export function useActivitySandbox() {
	const sandbox = useContractSandbox({}, { resetBeforeEach: SEED });
	afterAll(async () => await closeRedisConnections());

	function parameters(extra: INodeParameters = {}): INodeParameters {
		return {
			recordType: 'contact',
			recordId: '={{ $json.contactId }}',
			eventTime: '={{ $json.occurredAt }}',
			actions: { action: [FILTRO] } as INodeParameters,
			businessTimeOnly: true,
			calendar: {
				timeZone: ZONE,
				weeklyHours: 'Mon-Fri 09:00-18:00',
				holidayCountry: 'BR',
				holidayState: 'SP',
			},
			...extra,
		};
	}

	async function run(
		items: IDataObject[],
		extra: INodeParameters = {},
		settings: Partial<NodeSettings> = {},
		credential: IDataObject = {},
	) {
		return await runNode(
			{ type: CreateWorkflowActivity, parameters: parameters(extra), ...settings },
			{
				nodeTypes,
				credentials: {
					hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url, ...credential },
				},
				inputItems: items.map((json) => ({ json })),
			},
		);
	}

	function tasks() {
		return sandbox.store.all('tasks');
	}

	return { sandbox, run, tasks, parameters };
}
