import type { INodeProperties } from 'n8n-workflow';

import { DURATION_UNITS, DEFAULT_WEEKLY_HOURS_TEXT } from '../domain/schedule';
import { TASK_PRIORITIES, TASK_TYPES } from '../domain/activity';
import { ownerPicker, type RecordPickerOptions } from '../shared/descriptions';
import { MAX_ASSOCIATED_PER_TYPE } from './associatedRecords';

export const RECORD_PICKER: RecordPickerOptions = {
	objectTypes: ['contact', 'company', 'deal', 'ticket'],
	typeParameter: 'recordType',
	idParameter: 'recordId',
	typeDescription: 'Type of the record the event is about; the tasks are associated with it',
};

export const TEAMS_LOAD_OPTIONS_METHOD = 'getTeams';

const unitOptions = DURATION_UNITS.map((unit) => ({
	name: unit[0].toUpperCase() + unit.slice(1),
	value: unit,
}));

const titleCase = (value: string) =>
	value
		.toLowerCase()
		.split('_')
		.map((word) => (word === 'linked' ? 'Linked' : word[0].toUpperCase() + word.slice(1)))
		.join(' ')
		.replace('Linked In', 'LinkedIn');

const actionFields: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Realizar Filtro 1',
		description: "The task's title; expressions read the event's item",
	},
	{
		displayName: 'Task Type',
		name: 'taskType',
		type: 'options',
		default: 'TODO',
		options: TASK_TYPES.map((type) => ({ name: titleCase(type), value: type })),
	},
	{
		displayName: 'Deadline',
		name: 'deadlineKind',
		type: 'options',
		default: 'after',
		options: [
			{
				name: 'Complete Within a Time After the Event',
				value: 'after',
				description: 'No less than 30 minutes',
			},
			{
				name: 'A Time Before a Date',
				value: 'before',
				description: 'For example 120 minutes before the meeting',
			},
		],
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0 },
		description: 'How many units: complete within this long, or this long before the date',
	},
	{ displayName: 'Unit', name: 'unit', type: 'options', default: 'hours', options: unitOptions },
	{
		displayName: 'Before Date',
		name: 'beforeDate',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.properties.hs_meeting_start_time }}',
		description:
			'The date the deadline comes before (ISO or epoch milliseconds), for "A Time Before a Date"',
	},
	{
		displayName: 'If That Time Has Passed',
		name: 'ifPast',
		type: 'options',
		default: 'skip',
		options: [
			{ name: 'Skip the Task', value: 'skip' },
			{ name: 'Fail the Item', value: 'error' },
		],
		description: 'For "A Time Before a Date" whose time is already over',
	},
	{
		displayName: 'Notify Before (Amount)',
		name: 'notifyAmount',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: "A reminder this long before the due time (HubSpot's task reminder); 0: none",
	},
	{
		displayName: 'Notify Before (Unit)',
		name: 'notifyUnit',
		type: 'options',
		default: 'minutes',
		options: unitOptions,
	},
	{ displayName: 'Notes', name: 'notes', type: 'string', default: '', typeOptions: { rows: 3 } },
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		default: 'NONE',
		options: TASK_PRIORITIES.map((priority) => ({ name: titleCase(priority), value: priority })),
	},
	{
		displayName: 'Title Prefix',
		name: 'titlePrefix',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.prefix }}',
		description:
			"Written in front of the title, e.g. Priority Lookup's prefix, so the title is prioritized at birth",
	},
	{
		displayName: 'Queue ID',
		name: 'queueId',
		type: 'string',
		default: '',
		description: 'A HubSpot task queue to put the task in',
	},
];

export const createActivitiesFields: INodeProperties[] = [
	{
		displayName: 'Actions',
		name: 'actions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Action' },
		default: {},
		placeholder: 'Add Action',
		description: 'Each action creates one task for the record',
		options: [{ name: 'action', displayName: 'Action', values: actionFields }],
	},
	{
		displayName: 'Also Associate With',
		name: 'associateWith',
		type: 'multiOptions',
		default: [],
		options: [
			{ name: "The Record's Companies", value: 'companies' },
			{ name: "The Record's Contacts", value: 'contacts' },
			{ name: "The Record's Deals", value: 'deals' },
		],
		description: `Besides the record itself, the tasks go on these records associated with it (up to ${MAX_ASSOCIATED_PER_TYPE} of each type; one more read per type)`,
		displayOptions: { show: { operation: ['createActivities'] } },
	},
	{
		displayName: 'Event Time',
		name: 'eventTime',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.occurredAt }}',
		description:
			'When the event happened (ISO or epoch milliseconds); deadlines count from it. Empty: now.',
	},
	{
		displayName: 'Event Key',
		name: 'eventKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.eventId }}',
		description:
			'Names the event, so a redelivered event creates each task once. Empty: the item itself (the same event delivered again is the same item).',
	},
	{
		displayName: 'Owner',
		name: 'ownerMode',
		type: 'options',
		default: 'recordOwner',
		options: [
			{ name: "The Record's Owner", value: 'recordOwner' },
			{ name: 'A Fixed Owner', value: 'fixed' },
			{
				name: 'Round Robin in a Team',
				value: 'roundRobin',
				description: 'Each task to the next member in turn, fair across executions and workers',
			},
			{
				name: 'Least Loaded in a Team',
				value: 'leastLoaded',
				description: 'The member with the fewest open tasks',
			},
		],
	},
	ownerPicker({
		name: 'ownerId',
		label: 'Owner',
		displayOptions: { show: { ownerMode: ['fixed'] } },
	}),
	{
		displayName: 'Team Name or ID',
		name: 'teamId',
		type: 'options',
		typeOptions: { loadOptionsMethod: TEAMS_LOAD_OPTIONS_METHOD },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show: { ownerMode: ['roundRobin', 'leastLoaded'] } },
	},
	{
		displayName: 'Assign Unowned Records',
		name: 'assignUnownedRecord',
		type: 'boolean',
		default: false,
		description:
			"Whether a record that has no owner yet gets the chosen owner too, e.g. a new contact handed out in turn (a record's existing owner is never changed)",
		displayOptions: {
			show: { operation: ['createActivities'], ownerMode: ['fixed', 'roundRobin', 'leastLoaded'] },
		},
	},
	{
		displayName: 'Create For',
		name: 'permission',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Records', value: 'all' },
			{
				name: 'Records of Owners in Chosen Teams',
				value: 'teams',
				description: 'Other records go to the "Not Permitted" output, untouched',
			},
		],
	},
	{
		displayName: 'Team Names or IDs',
		name: 'permittedTeamIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: TEAMS_LOAD_OPTIONS_METHOD },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show: { permission: ['teams'] } },
	},
	{
		displayName: 'Count Only Business Hours',
		name: 'businessTimeOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether deadlines and reminders count open time only (4 hours from Friday 16:00 is Monday 11:00)',
	},
	{
		displayName: 'Business Calendar',
		name: 'calendar',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		options: [
			{
				displayName: 'Closed Dates',
				name: 'closedDates',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-12-24, 2026-12-31',
			},
			{
				displayName: 'Extra Working Dates',
				name: 'workingDates',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-01-01',
				description: 'Dates open even on a weekend or holiday',
			},
			{
				displayName: 'Holidays Country',
				name: 'holidayCountry',
				type: 'string',
				default: '',
				placeholder: 'e.g. BR',
				description: 'ISO country code whose public holidays are closed',
			},
			{
				displayName: 'Holidays Region',
				name: 'holidayRegion',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Holidays State',
				name: 'holidayState',
				type: 'string',
				default: '',
				placeholder: 'e.g. SP',
			},
			{
				displayName: 'Opening Hours',
				name: 'weeklyHours',
				type: 'string',
				default: DEFAULT_WEEKLY_HOURS_TEXT,
				placeholder: 'e.g. Mon-Fri 09:00-12:00, 13:00-18:00; Sat 09:00-13:00',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. America/Sao_Paulo',
				description: "IANA time zone of the hours and dates. Empty: the workflow's time zone.",
			},
		],
	},
	{
		displayName: 'Calendars per Team',
		name: 'teamCalendars',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Team Calendar',
		default: {},
		description:
			"A team's own hours: a task whose owner is in the team gets its deadline and reminder in them (the owner's primary team first). Empty fields come from the Business Calendar.",
		options: [
			{
				name: 'calendar',
				displayName: 'Team Calendar',
				values: [
					{
						displayName: 'Holidays Country',
						name: 'holidayCountry',
						type: 'string',
						default: '',
						placeholder: 'e.g. PT',
					},
					{
						displayName: 'Holidays State',
						name: 'holidayState',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Opening Hours',
						name: 'weeklyHours',
						type: 'string',
						default: '',
						placeholder: 'e.g. Mon-Fri 09:00-18:00',
					},
					{
						displayName: 'Team Name or ID',
						name: 'teamId',
						type: 'options',
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Time Zone',
						name: 'timeZone',
						type: 'string',
						default: '',
						placeholder: 'e.g. Europe/Lisbon',
					},
				],
			},
		],
	},
];
