import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/** The shared secret a call-tracking service (e.g. Ringostat) sends with each webhook. */
export class CallTrackingWebhookApi implements ICredentialType {
	name = 'callTrackingWebhookApi';

	displayName = 'Call Tracking Webhook API';

	documentationUrl =
		'https://help.ringostat.com/en/articles/6313229-how-to-realise-the-ringostat-integration-using-webhooks';

	icon: Icon = {
		light: 'file:../icons/hubspotTaskflow.svg',
		dark: 'file:../icons/hubspotTaskflow.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random value (e.g. 32 characters) that the call-tracking service sends as a URL parameter or header of every webhook; requests without it get 401 and start nothing',
		},
	];
}
