import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * A Google service account for reading the keyword tables the nodes look up. Its credential test
 * (obtaining an access token) is registered by the nodes that use it, via `testedBy`.
 */
export class GoogleSheetsTaskflowServiceAccountApi implements ICredentialType {
	name = 'googleSheetsTaskflowServiceAccountApi';

	displayName = 'Google Sheets Taskflow Service Account API';

	documentationUrl = 'https://cloud.google.com/iam/docs/keys-create-delete';

	icon: Icon = {
		light: 'file:../icons/sheetsTaskflow.svg',
		dark: 'file:../icons/sheetsTaskflow.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Key Source',
			name: 'keySource',
			type: 'options',
			default: 'json',
			options: [
				{
					name: 'Whole JSON Key File',
					value: 'json',
					description: 'Paste the JSON key file downloaded from Google Cloud',
				},
				{
					name: 'Client Email and Private Key',
					value: 'fields',
					description: 'Enter the two fields of the key file separately',
				},
			],
		},
		{
			displayName: 'Service Account Key JSON',
			name: 'privateKeyJson',
			type: 'string',
			typeOptions: { password: true, rows: 6 },
			default: '',
			required: true,
			placeholder: '{ "type": "service_account", "client_email": "...", "private_key": "..." }',
			description: 'The whole key file; client_email, private_key and token_uri are read from it',
			displayOptions: { show: { keySource: ['json'] } },
		},
		{
			displayName: 'Client Email',
			name: 'email',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'reader@my-project.iam.gserviceaccount.com',
			displayOptions: { show: { keySource: ['fields'] } },
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n',
			description:
				'The private_key value of the key file; "\\n" sequences are turned into line breaks',
			displayOptions: { show: { keySource: ['fields'] } },
		},
		{
			displayName: 'Sheets Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://sheets.googleapis.com',
			description: 'Change only to reach Google Sheets through a proxy or a test server',
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'https://oauth2.googleapis.com/token',
			description:
				"Where the service account's signed grant is exchanged for an access token. Empty: the key file's token_uri, else Google's.",
		},
	];
}
