/**
 * Route Call to Owner's fields. Log Call: where the call event's fields come from (Ringostat's
 * names, or mapped one by one), the employee table, the senior manager, where new callers' deals
 * go, and the matrix's rules, each of which can be switched off.
 */
import type { INodeProperties } from 'n8n-workflow';

import { ownerPicker, recordPicker, withDisplayOptions } from '../shared/descriptions';
import { CHANGED_RECORD } from './forgetOwner';

export const PIPELINES_LOAD_OPTIONS_METHOD = 'getDealPipelines';
export const STAGES_LOAD_OPTIONS_METHOD = 'getDealStages';

/** The mapped fields of "Other Provider", in the order the node shows them. */
export const CALL_FIELD_PARAMETERS: Array<{ name: string; displayName: string; hint: string }> = [
	{ name: 'callId', displayName: 'Call ID', hint: 'The same for every event of one call' },
	{ name: 'direction', displayName: 'Direction', hint: 'in / out (or incoming / outgoing)' },
	{
		name: 'disposition',
		displayName: 'Disposition',
		hint: 'ANSWERED means answered; anything else is missed',
	},
	{ name: 'caller', displayName: 'Caller Number', hint: 'Who called' },
	{ name: 'called', displayName: 'Called Number', hint: 'Who was called' },
	{ name: 'employeeId', displayName: 'Employee ID', hint: '' },
	{ name: 'employeeExtension', displayName: 'Employee Extension', hint: '' },
	{ name: 'employeeSipLogin', displayName: 'Employee SIP Login', hint: '' },
	{ name: 'employeePhone', displayName: 'Employee Phone', hint: '' },
	{ name: 'employeeName', displayName: 'Employee Name', hint: '' },
	{ name: 'startedAt', displayName: 'Start Time', hint: 'ISO, epoch or YYYY-MM-DD HH:mm:ss' },
	{ name: 'durationSeconds', displayName: 'Duration (Seconds)', hint: 'The whole call' },
	{ name: 'talkSeconds', displayName: 'Talk Time (Seconds)', hint: 'The conversation' },
	{ name: 'recordingUrl', displayName: 'Recording URL', hint: '' },
	{ name: 'utmSource', displayName: 'UTM Source', hint: '' },
	{ name: 'utmMedium', displayName: 'UTM Medium', hint: '' },
	{ name: 'utmCampaign', displayName: 'UTM Campaign', hint: '' },
	{ name: 'utmTerm', displayName: 'UTM Term', hint: '' },
	{ name: 'utmContent', displayName: 'UTM Content', hint: '' },
	{ name: 'googleClientId', displayName: 'Google Client ID', hint: '' },
	{ name: 'landingPage', displayName: 'Landing Page', hint: '' },
];

/** The call's source data and where "Write Call Source To" writes each. */
export const SOURCE_FIELDS = [
	{ name: 'utmSource', displayName: 'UTM Source', example: 'utm_source' },
	{ name: 'utmMedium', displayName: 'UTM Medium', example: 'utm_medium' },
	{ name: 'utmCampaign', displayName: 'UTM Campaign', example: 'utm_campaign' },
	{ name: 'utmTerm', displayName: 'UTM Term', example: 'utm_term' },
	{ name: 'utmContent', displayName: 'UTM Content', example: 'utm_content' },
	{ name: 'googleClientId', displayName: 'Google Client ID', example: 'google_client_id' },
	{ name: 'landingPage', displayName: 'Landing Page', example: 'call_landing_page' },
] as const;

const logCallFields: INodeProperties[] = [
	{
		displayName: 'Call Event Format',
		name: 'eventFormat',
		type: 'options',
		default: 'ringostat',
		options: [
			{
				name: "Ringostat's Call Data",
				value: 'ringostat',
				description:
					"The item (or its body) holds Ringostat's names: uniqueid, call_type, disposition, caller, dst, calldate, billsec, recording, utm_*, ... also nested under additional_call_data.",
			},
			{
				name: 'Other Provider (Map Each Field)',
				value: 'mapped',
				description: 'Give each field by expression',
			},
		],
	},
	{
		displayName: 'Call Fields',
		name: 'callFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { eventFormat: ['mapped'] } },
		options: CALL_FIELD_PARAMETERS.map(({ name, displayName, hint }) => ({
			displayName,
			name,
			type: 'string' as const,
			default: '',
			...(hint ? { description: hint } : {}),
		})),
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: '',
		placeholder: 'e.g. UA',
		description:
			'ISO code of the country numbers without a country code belong to, e.g. UA for 044 123 4567',
	},
	{
		displayName: 'Time Zone of Call Times',
		name: 'callTimeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. Europe/Kyiv',
		description:
			"IANA zone of start times given without one (Ringostat's calldate is the project's local time). Empty: the workflow's time zone.",
	},
	{
		displayName: 'Employees',
		name: 'employees',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Employee' },
		default: {},
		placeholder: 'Add Employee',
		description: 'Each call-tracking employee and the HubSpot owner they are',
		options: [
			{
				name: 'employee',
				displayName: 'Employee',
				values: [
					{
						displayName: 'Destinations',
						name: 'destinations',
						type: 'string',
						default: '',
						placeholder: 'e.g. +380670000001, olena_sip',
						description:
							'Comma-separated numbers or SIP logins a call for this owner is forwarded to (Find Owner)',
					},
					{
						displayName: 'Identifiers',
						name: 'identifiers',
						type: 'string',
						default: '',
						placeholder: 'e.g. 101, olena_sip, +380670000001',
						description:
							'Comma-separated ID, extension, SIP login or phone by which call events name this employee',
					},
					{ ...ownerPicker({ label: 'HubSpot Owner' }), name: 'ownerId' },
				],
			},
		],
	},
	ownerPicker({ name: 'seniorOwnerId', label: 'Senior Manager', required: true }),
	{
		displayName: 'Deal Pipeline Name or ID',
		name: 'pipelineId',
		type: 'options',
		typeOptions: { loadOptionsMethod: PIPELINES_LOAD_OPTIONS_METHOD },
		default: '',
		description:
			'Where new callers\' deals go. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Deal Stage Name or ID',
		name: 'dealStageId',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: STAGES_LOAD_OPTIONS_METHOD,
			loadOptionsDependsOn: ['pipelineId'],
		},
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Write Call Source To',
		name: 'sourceProperties',
		type: 'collection',
		placeholder: 'Add Property',
		default: {},
		description:
			"Properties of a new caller's contact and deal that receive the call's source. HubSpot's own analytics properties are read-only, so these are custom text properties, e.g. utm_source.",
		options: SOURCE_FIELDS.map(({ name, displayName, example }) => ({
			displayName,
			name,
			type: 'string' as const,
			default: '',
			placeholder: `e.g. ${example}`,
		})),
	},
	{
		displayName: 'Create Missing Source Properties',
		name: 'createMissingProperties',
		type: 'boolean',
		default: false,
		description:
			'Whether a source property HubSpot lacks is created (single-line text, on contacts and deals) instead of failing the call',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'collection',
		placeholder: 'Switch a Rule',
		default: {},
		options: [
			{
				displayName: 'Completed Task With Each Recording',
				name: 'recordingTask',
				type: 'boolean',
				default: false,
				description:
					'Whether each answered call also makes an already-completed task carrying its recording',
			},
			{
				displayName: 'Contact and Deal for New Callers',
				name: 'createRecordsForNewCallers',
				type: 'boolean',
				default: true,
				description: 'Whether a caller HubSpot does not know gets a contact and a deal',
			},
			{
				displayName: 'Log Calls',
				name: 'logCalls',
				type: 'boolean',
				default: true,
				description:
					'Whether each call is logged as a HubSpot call on the contact and its open deal',
			},
			{
				displayName: 'Task When a Call Is Missed',
				name: 'missedCallTask',
				type: 'boolean',
				default: true,
				description: 'Whether a missed call makes a call-back task for the responsible owner',
			},
			{
				displayName: 'Task When a Colleague Answers',
				name: 'colleagueAnsweredTask',
				type: 'boolean',
				default: true,
				description:
					'Whether a call answered by someone other than the responsible owner makes a task for that owner',
			},
			{
				displayName: 'Task When the Employee Is Unknown',
				name: 'unknownEmployeeTask',
				type: 'boolean',
				default: true,
				description:
					'Whether a call answered or made by an employee not in the table makes a task for the senior manager',
			},
		],
	},
];

const findOwnerFields: INodeProperties[] = [
	{
		displayName: 'Caller Number',
		name: 'callerNumber',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.query.phone }}',
		description:
			"The number calling, in any format. Empty: the item's caller field (in the query, the body or at the top), as Ringostat's forwarding sends it.",
	},
	{
		displayName: 'Look First At',
		name: 'ownerOrder',
		type: 'options',
		default: 'contactFirst',
		options: [
			{ name: "The Contact's Owner, Then the Open Deal's", value: 'contactFirst' },
			{ name: "The Open Deal's Owner, Then the Contact's", value: 'dealFirst' },
		],
	},
	{
		displayName: 'Answer Format',
		name: 'answerFormat',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Plain Text (the Destination Alone)', value: 'text' },
			{ name: 'JSON (the Destination Under a Key)', value: 'json' },
		],
		description: 'How the call-tracking service reads the destination from the answer',
	},
	{
		displayName: 'Answer Key',
		name: 'answerKey',
		type: 'string',
		default: 'destination',
		displayOptions: { show: { answerFormat: ['json'] } },
	},
	{
		displayName: 'Answer Within (Ms)',
		name: 'answerWithinMs',
		type: 'number',
		default: 2000,
		typeOptions: { minValue: 100 },
		description:
			'When HubSpot takes longer, the answer is "not found" so the call moves on instead of timing out',
	},
	{
		displayName: 'Remember Owners For (Seconds)',
		name: 'cacheSeconds',
		type: 'number',
		default: 300,
		typeOptions: { minValue: 0 },
		description:
			'A caller seen this recently is answered without HubSpot; Log Call forgets a caller whose records it writes',
	},
];

const logCallOnly = { show: { operation: ['logCall'] } };
const findOwnerOnly = { show: { operation: ['findOwner'] } };
const forgetOwnerOnly = { show: { operation: ['forgetOwner'] } };
/** Shown for more than one operation (each keeps its own conditions). */
const SHARED: Record<string, string[]> = {
	defaultCountry: ['logCall', 'findOwner', 'forgetOwner'],
	employees: ['logCall', 'findOwner'],
};

export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'logCall',
		options: [
			{
				name: 'Find Owner',
				value: 'findOwner',
				description:
					"While a call rings: the caller's responsible owner and where to forward the call",
				action: 'Find the owner of a caller',
			},
			{
				name: 'Forget Cached Owner',
				value: 'forgetOwner',
				description:
					"On an owner change in HubSpot, make Find Owner ask HubSpot again for that contact's or deal's numbers",
				action: 'Forget the cached owner of a caller',
			},
			{
				name: 'Log Call',
				value: 'logCall',
				description:
					"Apply a call-tracking event to HubSpot: the caller's contact and deal, the call, and the tasks the call calls for",
				action: 'Log a call',
			},
		],
	},
	...logCallFields.map((property) =>
		withDisplayOptions(
			property,
			SHARED[property.name] ? { show: { operation: SHARED[property.name] } } : logCallOnly,
		),
	),
	...recordPicker(CHANGED_RECORD).map((property) => withDisplayOptions(property, forgetOwnerOnly)),
	...findOwnerFields.map((property) => withDisplayOptions(property, findOwnerOnly)),
];
