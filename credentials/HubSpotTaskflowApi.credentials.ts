import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

export class HubSpotTaskflowApi implements ICredentialType {
	name = 'hubSpotTaskflowApi';

	displayName = 'HubSpot Taskflow API';

	documentationUrl = 'https://developers.hubspot.com/docs/apps/legacy-apps/private-apps/overview';

	icon: Icon = {
		light: 'file:../icons/hubspotTaskflow.svg',
		dark: 'file:../icons/hubspotTaskflow.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The access token of a HubSpot private app. It needs the CRM scopes the nodes use: tasks read/write at least, plus contacts, deals, owners and associations where a node works with them.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Change only to route HubSpot calls through a proxy or to a test server',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 35,
			description:
				'Advanced. How long one HubSpot call may take before it is aborted and retried like a dropped connection. The default leaves HubSpot a few seconds beyond the 30 s it allows itself; raise it only for a slow proxy.',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The app's client secret. Needed only by the trigger, to verify the X-HubSpot-Signature header (v1, v2 and v3) of webhook calls.",
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A shared secret that a HubSpot workflow\'s "Send a webhook" action sends in a header or query parameter. Needed only by the trigger when it receives workflow webhooks.',
		},
		{
			displayName: 'Redis URL for Shared Rate Limit and State',
			name: 'redisUrl',
			type: 'string',
			default: '',
			placeholder: 'redis://user:password@redis:6379/0',
			description:
				"Optional. When set, every n8n process (main and queue-mode workers) shares through Redis one HubSpot request budget for this token and the nodes' state: the trigger's redelivery memory, counters and caches. Without it that state stays in the workflow's static data, which suits a single n8n main. Falls back to the HUBSPOT_TASKFLOW_REDIS_URL environment variable.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};
}
