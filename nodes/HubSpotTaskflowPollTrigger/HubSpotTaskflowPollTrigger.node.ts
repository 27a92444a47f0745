import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { HUBSPOT_CREDENTIAL_TYPE, testHubSpotTaskflowApi } from '../shared/transport';

import { pollChanges } from './pollChanges';
import { pollTriggerProperties } from './properties';

export class HubSpotTaskflowPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Taskflow Poll Trigger',
		name: 'hubSpotTaskflowPollTrigger',
		icon: {
			light: 'file:hubSpotTaskflowPollTrigger.svg',
			dark: 'file:hubSpotTaskflowPollTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["objectType"] + ": " + $parameter["triggerOn"]}}',
		description:
			'Starts the workflow when HubSpot tasks, contacts, companies, deals, tickets or meetings are created or changed, on any HubSpot subscription',
		defaults: {
			name: 'HubSpot Taskflow Poll Trigger',
		},
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: HUBSPOT_CREDENTIAL_TYPE, required: true, testedBy: 'testHubSpotTaskflowApi' },
		],
		properties: pollTriggerProperties,
	};

	methods = {
		credentialTest: { testHubSpotTaskflowApi },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollChanges(this);
	}
}
