/**
 * Set Record Properties' fields: the record, and the properties to write with their values
 * (names listed from HubSpot's definitions of the record type, or given by expression).
 */
import type { INodeProperties } from 'n8n-workflow';

import { recordPicker, type RecordPickerOptions } from '../shared/descriptions';

export const PROPERTIES_LOAD_OPTIONS_METHOD = 'getRecordProperties';

export const UPDATED_RECORD: RecordPickerOptions = {
	objectTypes: ['contact', 'company', 'deal', 'ticket'],
	defaultType: 'contact',
	typeDescription: 'Type of the record to change',
	idDescription: 'The record to change, usually an expression such as {{ $json.id }}',
};

export const nodeProperties: INodeProperties[] = [
	...recordPicker(UPDATED_RECORD),
	{
		displayName: 'Properties',
		name: 'properties',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Property',
		default: {},
		required: true,
		description:
			'Written in one request per record; all or nothing. An empty value clears the property (e.g. the owner).',
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					{
						displayName: 'Property Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: {
							loadOptionsMethod: PROPERTIES_LOAD_OPTIONS_METHOD,
							loadOptionsDependsOn: ['objectType'],
						},
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							"An option's value or label (several separated by ; for a multiple checkbox), an owner ID, a number, true/false, a date (ISO or epoch ms); empty clears it",
					},
				],
			},
		],
	},
];
