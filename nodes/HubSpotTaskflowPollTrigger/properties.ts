import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_MAX_CHANGES_PER_POLL,
	DEFAULT_OVERLAP_SECONDS,
	MAX_CHANGES_PER_POLL,
	MAX_OVERLAP_SECONDS,
} from '../domain/poll';

const updatesOnly = { show: { triggerOn: ['createdOrUpdated'] } };

export const pollTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Works on every HubSpot subscription: it searches HubSpot for changed records on the poll times below. One item per record and change.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Object Type',
		name: 'objectType',
		type: 'options',
		noDataExpression: true,
		default: 'tasks',
		options: [
			{ name: 'Company', value: 'companies' },
			{ name: 'Contact', value: 'contacts' },
			{ name: 'Deal', value: 'deals' },
			{ name: 'Meeting', value: 'meetings' },
			{ name: 'Task', value: 'tasks' },
			{ name: 'Ticket', value: 'tickets' },
		],
	},
	{
		displayName: 'Trigger On',
		name: 'triggerOn',
		type: 'options',
		noDataExpression: true,
		default: 'createdOrUpdated',
		options: [
			{
				name: 'Record Created or Updated',
				value: 'createdOrUpdated',
				description: 'A new record, or a change to one (to the properties below, if any are named)',
			},
			{ name: 'Record Created', value: 'created', description: 'New records only' },
		],
	},
	{
		displayName: 'Only When These Properties Change',
		name: 'watchedProperties',
		type: 'string',
		default: '',
		placeholder: 'e.g. hs_task_subject, hs_timestamp, hubspot_owner_id',
		description:
			'Internal names, comma-separated. Empty: any change. A record is emitted when one of them differs from when it was last emitted (or was never emitted).',
		displayOptions: updatesOnly,
	},
	{
		displayName: 'Properties',
		name: 'properties',
		type: 'string',
		default: '',
		placeholder: 'e.g. hs_task_subject, hs_task_priority, hubspot_owner_id',
		description:
			"Internal names, comma-separated, of the properties each item carries. Empty: the object type's usual ones (for tasks: subject, status, priority, type, due date, owner).",
	},
	{
		displayName: 'Include Associated Record IDs',
		name: 'includeAssociations',
		type: 'boolean',
		default: false,
		description:
			"Whether each item lists the IDs of the record's contacts, companies, deals and tickets, e.g. a meeting's contact (one more read per 100 records and type)",
	},
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		noDataExpression: true,
		default: 'now',
		description:
			'Where the first poll after activation starts. Changing it, the object type or Trigger On starts over from here.',
		options: [
			{
				name: 'Changes From Now On',
				value: 'now',
				description: 'Only records created or changed after the workflow is activated',
			},
			{
				name: 'Changes Since a Date (Existing Records Too)',
				value: 'date',
				description: 'Every record created or changed since the date, oldest first, then new ones',
			},
		],
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { startFrom: ['date'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Changes per Poll',
				name: 'maxChangesPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CHANGES_PER_POLL },
				default: DEFAULT_MAX_CHANGES_PER_POLL,
				description:
					'Most records one poll reads (and one execution gets); the rest come with the next polls, oldest first',
			},
			{
				displayName: 'Overlap (Seconds)',
				name: 'overlapSeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_OVERLAP_SECONDS },
				default: DEFAULT_OVERLAP_SECONDS,
				description:
					"How far back each poll searches before the last change read: HubSpot's search finds a change only seconds after it is made. Records read twice are emitted once.",
			},
		],
	},
];
