import type { INodeProperties } from 'n8n-workflow';

const answerFromWorkflow = { show: { respond: ['lastNode'] } };

export const callTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: 'call-tracking',
		required: true,
		description: 'The last part of the webhook URL given to the call-tracking service',
	},
	{
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		noDataExpression: true,
		default: 'onReceived',
		options: [
			{
				name: 'At Once (Call Events)',
				value: 'onReceived',
				description:
					"200 as soon as the secret is checked, before the run: the service never waits. A run that fails stays in n8n's executions list with the whole event, to retry from there.",
			},
			{
				name: "With the Workflow's Answer (Smart Forwarding)",
				value: 'lastNode',
				description:
					"The last node's answer field, e.g. Find Owner's destination, once the run is over; a run that fails gets 500, which the service treats like no destination",
			},
		],
	},
	{
		displayName: 'Answer Field',
		name: 'answerField',
		type: 'string',
		default: 'answer',
		displayOptions: answerFromWorkflow,
		description:
			'The field of the last node\'s first item sent back as the body. Find Owner puts the forwarding answer in "answer".',
	},
	{
		displayName: 'Answer Content Type',
		name: 'answerContentType',
		type: 'options',
		default: 'text/plain',
		displayOptions: answerFromWorkflow,
		options: [
			{ name: 'Plain Text', value: 'text/plain' },
			{ name: 'JSON', value: 'application/json' },
		],
		description:
			"Match Find Owner's Answer Format: plain text for a destination read from the whole body, JSON for one read from a key",
	},
	{
		displayName: 'Secret Location',
		name: 'secretLocation',
		type: 'options',
		noDataExpression: true,
		default: 'query',
		options: [
			{
				name: 'URL Parameter',
				value: 'query',
				description: 'For example https://n8n.example.com/webhook/…/call-tracking?secret=…',
			},
			{ name: 'Header', value: 'header' },
		],
		description:
			"Where the service sends the credential's secret. Ringostat takes extra URL parameters in every webhook and in webhook forwarding.",
	},
	{
		displayName: 'URL Parameter or Header Name',
		name: 'authFieldName',
		type: 'string',
		default: 'secret',
		required: true,
		description:
			'Name of the URL parameter or header carrying the secret. A URL parameter is left out of the item.',
	},
	{
		displayName: 'HTTP Methods',
		name: 'httpMethods',
		type: 'options',
		noDataExpression: true,
		default: 'GET,POST',
		options: [
			{ name: 'GET and POST', value: 'GET,POST' },
			{ name: 'POST', value: 'POST' },
			{ name: 'GET', value: 'GET' },
		],
		description: 'The methods the webhook answers; Ringostat can send either',
	},
	{
		displayName:
			'Each request becomes one item: its URL parameters and body fields (JSON or form) side by side, the secret left out. A wrong or missing secret gets 401 and starts nothing.',
		name: 'outputNotice',
		type: 'notice',
		default: '',
	},
];
