import type { INodeProperties } from 'n8n-workflow';

const signatureOnly = { show: { verification: ['hubSpotSignature'] } };
const sharedSecretOnly = { show: { verification: ['sharedSecret'] } };

/**
 * HubSpot sends v1/v2 next to v3, and they carry no timestamp: a captured request with its v3
 * headers stripped would verify forever. Version 1.1 refuses them unless switched on for an app
 * that sends nothing newer.
 */
const acceptLegacySignatures: INodeProperties = {
	displayName: 'Accept Legacy Signatures',
	name: 'acceptLegacySignatures',
	type: 'boolean',
	default: false,
	description:
		'Whether to check X-HubSpot-Signature (v2 or v1, per X-HubSpot-Signature-Version) when a request carries no v3 signature. Only for an app that sends no v3: these older signatures have no timestamp, so a captured request (HubSpot sends them next to v3) could be replayed at any time.',
};

/** When HubSpot gets its answer, and so whether a failed run is retried by HubSpot. */
const respondWhen: INodeProperties = {
	displayName: 'Answer HubSpot',
	name: 'respondWhen',
	type: 'options',
	noDataExpression: true,
	default: 'lastNode',
	options: [
		{
			name: 'When the Workflow Has Finished',
			value: 'lastNode',
			description:
				"200 once the run succeeded, 500 if it failed, so HubSpot retries a failed run. HubSpot waits 30 s for a workflow webhook's answer (5 s for an app webhook) and retries a timeout.",
		},
		{
			name: 'At Once',
			value: 'onReceived',
			description:
				'200 before the run starts: a run that fails is not retried by HubSpot (its event is kept for the dedupe window and not run again)',
		},
	],
	description:
		'When the accepted delivery is answered. Refused requests (401/400/503) and deliveries made only of known events are always answered at once.',
};

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: 'hubspot-taskflow',
		required: true,
		description:
			'Last segment of the webhook URL. The URL also contains an ID unique to this node, so two triggers never collide.',
	},
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		noDataExpression: true,
		default: 'hubSpotSignature',
		options: [
			{
				name: 'HubSpot Signature',
				value: 'hubSpotSignature',
				description:
					"Check X-HubSpot-Signature-v3 (or v2/v1 when v3 is absent) with the app's client secret",
			},
			{
				name: 'None (Insecure)',
				value: 'none',
				description: 'Accept every request, signed or not',
			},
			{
				name: 'Secret in Header or Query Parameter',
				value: 'sharedSecret',
				description:
					'Check the secret a HubSpot workflow\'s "Send a webhook" action sends (API key authentication); works with a private app',
			},
		],
		description:
			'How a request is proven to come from HubSpot. A request that fails gets 401 and starts nothing.',
	},
	{
		displayName:
			'Anyone who learns this URL can start the workflow with any data. Use only for a first test, then choose a verification.',
		name: 'noVerificationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { verification: ['none'] } },
	},
	{
		...acceptLegacySignatures,
		default: true,
		displayOptions: { show: { ...signatureOnly.show, '@version': [1] } },
	},
	{
		...acceptLegacySignatures,
		default: false,
		displayOptions: { show: { ...signatureOnly.show, '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
	{
		...respondWhen,
		default: 'onReceived',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		...respondWhen,
		default: 'lastNode',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
	{
		displayName: 'Secret Location',
		name: 'secretLocation',
		type: 'options',
		noDataExpression: true,
		default: 'header',
		displayOptions: sharedSecretOnly,
		options: [
			{ name: 'Header', value: 'header' },
			{ name: 'Query Parameter', value: 'query' },
		],
		description: 'Where the HubSpot workflow puts the secret, as set in its webhook action',
	},
	{
		displayName: 'Header or Query Parameter Name',
		name: 'authFieldName',
		type: 'string',
		default: 'X-Taskflow-Secret',
		required: true,
		displayOptions: sharedSecretOnly,
		description:
			"Name of the header or query parameter carrying the secret; its value must equal the credential's Webhook Secret",
	},
	{
		displayName: 'Event Types',
		name: 'eventTypes',
		type: 'string',
		default: '',
		placeholder: 'contact.creation, deal.propertyChange, ticket.*',
		description:
			'Comma-separated event types to keep (from subscriptionType or eventType); a trailing * matches a prefix. A workflow webhook body has the type workflow.webhook. Leave empty to keep every event.',
	},
	{
		displayName: 'Ignore Redeliveries',
		name: 'dedupe',
		type: 'boolean',
		default: true,
		description:
			"Whether to drop an event already applied within the window. HubSpot may send an event again; the key is eventId + subscriptionId + objectId + occurredAt (or the Dedupe Fields). A request made only of known events still gets 200 but starts nothing; one with an event still being run by another delivery gets 503, so HubSpot comes back once that run has succeeded or failed. With a Redis URL (the credential's, or HUBSPOT_TASKFLOW_REDIS_URL) events are remembered in Redis, shared by every n8n process; when Redis cannot be reached the request gets 503 and HubSpot retries.",
	},
	{
		displayName: 'Dedupe Window (Hours)',
		name: 'dedupeWindowHours',
		type: 'number',
		default: 24,
		typeOptions: { minValue: 1, maxValue: 720 },
		displayOptions: { show: { dedupe: [true] } },
		description:
			'How long an applied event is remembered. HubSpot retries app webhooks for up to 24 hours and workflow webhooks for up to 3 days; a repeat after the window runs again and changes nothing.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dedupe Fields for Workflow Webhooks',
				name: 'dedupeField',
				type: 'string',
				default: '',
				placeholder: 'e.g. hs_object_id, hs_lastmodifieddate',
				description:
					'Dot paths (comma-separated) of the fields that identify one call when the body has no eventId (a workflow webhook), e.g. the record ID and its last-modified date: a retry of the call is dropped, a new enrollment runs. Calls missing a field are not deduped. Leave empty to not dedupe such calls.',
			},
			{
				displayName: 'Max Remembered Events',
				name: 'maxRememberedEvents',
				type: 'number',
				default: 5000,
				typeOptions: { minValue: 100, maxValue: 50000 },
				description:
					'Upper bound on the events kept for dedupe when they are stored in the workflow (no Redis URL); the oldest are forgotten first',
			},
			{
				displayName: 'Public Webhook URL',
				name: 'publicUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…/hubspot-taskflow',
				description:
					"The URL exactly as entered in HubSpot, if it differs from the one n8n shows (e.g. a proxy rewrites the path). Signatures v2/v3 cover the URL, so it must match. Leave empty to use n8n's URL (set WEBHOOK_URL behind a reverse proxy).",
			},
		],
	},
	{
		displayName:
			'Each event becomes one item: the fields HubSpot sent, plus eventType, objectId and occurredAt where the event lacks them (null if unknown).',
		name: 'outputNotice',
		type: 'notice',
		default: '',
	},
];
