import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getOwners, OWNERS_LOAD_OPTIONS_METHOD } from '../shared/descriptions';
import {
	HUBSPOT_CREDENTIAL_TYPE,
	hubSpotTransportFor,
	testHubSpotTaskflowApi,
} from '../shared/transport';
import { executeCreateActivities } from './createActivities';
import { executeCompletePendingActivities } from './completePendingActivities';
import { executeCreateForExistingRecords } from './createForExistingRecords';
import { nodeProperties } from './nodeProperties';
import { TEAMS_LOAD_OPTIONS_METHOD } from './properties';

/** loadOptions: HubSpot's teams, as its owners list them. */
async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const owners = await (await hubSpotTransportFor(this)).listOwners();
	const teams = new Map<string, string>();
	for (const owner of owners) for (const team of owner.teams) teams.set(team.id, team.name);
	return [...teams]
		.map(([value, name]) => ({ name, value }))
		.sort((first, second) => first.name.localeCompare(second.name));
}

export class CreateWorkflowActivity implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Create Workflow Activity',
		name: 'createWorkflowActivity',
		icon: {
			light: 'file:createWorkflowActivity.svg',
			dark: 'file:createWorkflowActivity.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"createActivities": "Create Activities", "completePendingActivities": "Complete Pending Activities", "createForExistingRecords": "Create for Existing Records"}[$parameter["operation"]] }}',
		description:
			'On a CRM event, creates follow-up HubSpot tasks with deadlines, reminders, business hours and an owner by record, team rotation or load',
		defaults: { name: 'Create Workflow Activity' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Created', 'Not Permitted'],
		credentials: [
			{ name: HUBSPOT_CREDENTIAL_TYPE, required: true, testedBy: 'testHubSpotTaskflowApi' },
		],
		properties: nodeProperties,
	};

	methods = {
		credentialTest: { testHubSpotTaskflowApi },
		loadOptions: { [OWNERS_LOAD_OPTIONS_METHOD]: getOwners, [TEAMS_LOAD_OPTIONS_METHOD]: getTeams },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'createActivities') as string;
		if (operation === 'completePendingActivities') {
			return await executeCompletePendingActivities.call(this);
		}
		if (operation === 'createForExistingRecords') {
			return await executeCreateForExistingRecords.call(this);
		}
		return await executeCreateActivities.call(this);
	}
}
