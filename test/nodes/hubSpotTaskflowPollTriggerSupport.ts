/**
 * What the poll trigger tests share: the registry (the trigger and Apply Task Prefix, which the
 * polling template runs behind it), a trigger on the sandbox through the poll harness, and writes
 * through HubSpot's API as a rep or another integration makes them.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { ApplyTaskPrefix } from '../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node';
import { HubSpotTaskflowPollTrigger } from '../../nodes/HubSpotTaskflowPollTrigger/HubSpotTaskflowPollTrigger.node';
import type { ContractSandbox } from '../../sandbox/contract/contractSandbox';
import {
	NodeTypeRegistry,
	nodeUnderTest,
	startPollHarness,
	type PollHarness,
} from '../../tools/engine';

export const POLL_TRIGGER_NAME = 'HubSpot Taskflow Poll Trigger';
export const pollNodeTypes = new NodeTypeRegistry(
	[HubSpotTaskflowPollTrigger, ApplyTaskPrefix],
	[HubSpotTaskflowApi],
);

export const PREFIX_RULES: INodeParameters = {
	rulesSource: 'inline',
	rulesTable: {
		rule: [
			{ keyword: 'contrato', priority: 'P1', matchType: '' },
			{ keyword: 'ligacao', priority: 'P2', matchType: '' },
		],
	},
};

export interface PollTriggerSetup {
	parameters?: INodeParameters;
	/** Apply Task Prefix behind the trigger, as the polling template wires it. */
	prefixTasks?: boolean;
	credential?: IDataObject;
}

export function startPollTrigger(
	sandbox: ContractSandbox,
	{ parameters = {}, prefixTasks = false, credential = {} }: PollTriggerSetup = {},
): PollHarness {
	const followedBy = prefixTasks
		? {
				nodes: [
					nodeUnderTest(pollNodeTypes, {
						type: ApplyTaskPrefix,
						name: 'Apply Task Prefix',
						parameters: {
							operation: 'updateTasks',
							taskId: '={{ $json.id }}',
							priorityFrom: 'rules',
							...PREFIX_RULES,
						},
					}),
				],
				connections: {
					[POLL_TRIGGER_NAME]: {
						main: [[{ node: 'Apply Task Prefix', type: 'main' as const, index: 0 }]],
					},
				},
			}
		: undefined;
	return startPollHarness({
		nodeTypes: pollNodeTypes,
		credentials: {
			hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url, ...credential },
		},
		node: { type: HubSpotTaskflowPollTrigger, name: POLL_TRIGGER_NAME, parameters },
		followedBy,
	});
}

/** A write through HubSpot's API, as a rep's edit or another integration's reaches HubSpot. */
export async function apiUpdate(
	sandbox: ContractSandbox,
	objectType: string,
	id: string,
	properties: Record<string, string>,
): Promise<void> {
	const response = await fetch(`${sandbox.url}/crm/v3/objects/${objectType}/${id}`, {
		method: 'PATCH',
		headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ properties }),
	});
	if (!response.ok) throw new Error(`update of ${objectType} ${id}: ${response.status}`);
}

export async function apiCreate(
	sandbox: ContractSandbox,
	objectType: string,
	properties: Record<string, string>,
	associations: Array<{ toId: string; associationTypeId: number }> = [],
): Promise<string> {
	const response = await fetch(`${sandbox.url}/crm/v3/objects/${objectType}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			properties,
			associations: associations.map(({ toId, associationTypeId }) => ({
				to: { id: toId },
				types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }],
			})),
		}),
	});
	if (!response.ok) throw new Error(`create of ${objectType}: ${response.status}`);
	return ((await response.json()) as { id: string }).id;
}

/** Lets the clock pass a millisecond boundary, so two writes never share a modification time. */
export async function nextMillisecond(): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, 3));
}
