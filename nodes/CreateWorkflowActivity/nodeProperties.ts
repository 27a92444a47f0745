/**
 * The node's fields: the operation, the record picker, and each operation's own fields shown only
 * for it (Create Activities' fields, in properties.ts, serve Create for Existing Records too).
 */
import type { INodeProperties } from 'n8n-workflow';

import { recordPicker, withDisplayOptions } from '../shared/descriptions';
import { createActivitiesFields, RECORD_PICKER } from './properties';

const createOnly = { show: { operation: ['createActivities', 'createForExistingRecords'] } };
const eventOnly = { show: { operation: ['createActivities'] } };
const existingOnly = { show: { operation: ['createForExistingRecords'] } };
const oneRecord = { show: { operation: ['createActivities', 'completePendingActivities'] } };
const goalOnly = { show: { operation: ['completePendingActivities'] } };

const goalFields: INodeProperties[] = [
	{
		displayName: 'Then',
		name: 'goalAction',
		type: 'options',
		default: 'complete',
		options: [
			{ name: 'Complete the Tasks', value: 'complete' },
			{ name: 'Delete the Tasks', value: 'delete' },
		],
		description: "What happens to the record's open tasks this node created",
	},
	{
		displayName: 'Only Tasks Whose Title Contains',
		name: 'onlyTitles',
		type: 'string',
		default: '',
		placeholder: 'e.g. Realizar Filtro 1, Recuperar Lead',
		description: 'Comma-separated; empty: every open task this node created for the record',
	},
];

const existingFields: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'recordFilters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Filter',
		description:
			'The records that get the tasks (all filters must hold); none: every record of the type',
		options: [
			{
				name: 'filter',
				displayName: 'Filter',
				values: [
					{
						displayName: 'Property',
						name: 'propertyName',
						type: 'string',
						default: '',
						placeholder: 'e.g. lifecyclestage',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						default: 'EQ',
						options: [
							{ name: 'Contains Word', value: 'CONTAINS_TOKEN' },
							{ name: 'Equals', value: 'EQ' },
							{ name: 'Greater Than', value: 'GT' },
							{ name: 'Greater Than or Equal', value: 'GTE' },
							{ name: 'Has a Value', value: 'HAS_PROPERTY' },
							{ name: 'Has No Value', value: 'NOT_HAS_PROPERTY' },
							{ name: 'Less Than', value: 'LT' },
							{ name: 'Less Than or Equal', value: 'LTE' },
							{ name: 'Not Equal', value: 'NEQ' },
						],
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Max Records',
		name: 'maxRecords',
		type: 'number',
		default: 1000,
		typeOptions: { minValue: 1 },
		description:
			'Max number of records to enrol in one run; run again for the rest (enrolled ones are skipped)',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only list the tasks that would be created, writing nothing',
	},
];

export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'createActivities',
		options: [
			{
				name: 'Complete Pending Activities',
				value: 'completePendingActivities',
				description:
					"On a goal (deal won, lead replied), complete or delete the record's open tasks this node created",
				action: 'Complete pending activities of a record',
			},
			{
				name: 'Create Activities',
				value: 'createActivities',
				description: 'Create follow-up tasks for the record of an event',
				action: 'Create follow up tasks for a record',
			},
			{
				name: 'Create for Existing Records',
				value: 'createForExistingRecords',
				description:
					'Give the records matching filters the same tasks, unless they have them already (with a dry run)',
				action: 'Create follow up tasks for existing records',
			},
		],
	},
	...recordPicker(RECORD_PICKER).map((property) =>
		property.name === RECORD_PICKER.idParameter
			? withDisplayOptions(property, oneRecord)
			: property,
	),
	...existingFields.map((property) => withDisplayOptions(property, existingOnly)),
	...createActivitiesFields.map((property) =>
		// One event per record is what the key names; existing records use a fixed one.
		withDisplayOptions(property, property.name === 'eventKey' ? eventOnly : createOnly),
	),
	...goalFields.map((property) => withDisplayOptions(property, goalOnly)),
];
