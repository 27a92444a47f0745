/**
 * Process Guide's fields: the guide (pages of questions bound to record properties), the record it
 * runs on, how it is logged on the timeline, and the time zone its date rules count days in.
 */
import type { INodeProperties } from 'n8n-workflow';

import { recordPicker, type RecordPickerOptions } from '../shared/descriptions';

export const GUIDED_RECORD: RecordPickerOptions = {
	objectTypes: ['contact', 'company', 'deal', 'ticket'],
	defaultType: 'deal',
	typeDescription: 'Type of the record the guide runs on',
	idDescription:
		'The record the guide runs on, usually from the link that opened it, e.g. {{ $json.recordId }}. Read on the first page only; later pages carry it with the answers.',
};

export const EXAMPLE_GUIDE = `{
  "title": "Discovery call",
  "pages": [
    {
      "title": "Need",
      "instructions": "<p>Ask what made them look for a solution <strong>now</strong>.</p>",
      "questions": [
        { "property": "description", "label": "What do they need solved?", "required": true, "minLength": 20 },
        { "property": "dealtype", "label": "New or existing business?", "required": true }
      ]
    },
    {
      "title": "Budget and timing",
      "questions": [
        { "property": "amount", "label": "Budget", "required": true, "min": 1 },
        { "property": "closedate", "label": "Decision date", "required": true, "future": true }
      ]
    },
    {
      "title": "Who decides",
      "showIf": { "property": "dealtype", "equals": ["newbusiness"] },
      "questions": [{ "property": "hs_next_step", "label": "Agreed next step", "required": true }]
    }
  ]
}`;

/** Output 0: a page for the Form node to show; output 1: the guide answered and saved. */
export const GUIDE_OUTPUT_NAMES = ['Form Page', 'Done'];

const guideField: INodeProperties = {
	displayName: 'Guide',
	name: 'guide',
	type: 'json',
	default: EXAMPLE_GUIDE,
	required: true,
	typeOptions: { rows: 12 },
	description:
		'Pages of questions, each bound to a HubSpot property of the record: "title", optional "instructions" (HTML), optional "showIf" ({ "property", "equals": [values] } or { "property", "filled": true }), and "questions" ({ "property", "label", "required", "min", "max", "minLength", "maxLength", "pattern", "patternHint", "future", "options" }). Field types and choices come from HubSpot\'s property definitions.',
};

const guideRunFields: INodeProperties[] = [
	...recordPicker(GUIDED_RECORD),
	{
		displayName: 'Log On the Timeline As',
		name: 'logAs',
		type: 'options',
		default: 'note',
		options: [
			{ name: 'Note', value: 'note', description: 'The answers as a note on the record' },
			{
				name: 'Call',
				value: 'call',
				description: 'The answers as a completed call, for a guide followed during a call',
			},
		],
		description:
			'How the answers land on the record\'s timeline. An expression may decide per run from the opening form, e.g. from a question "On a call now?".',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. Europe/Bucharest',
		description:
			'The time zone in which a date question\'s "future" rule counts today; empty means the workflow\'s',
	},
];

export const nodeProperties: INodeProperties[] = [guideField, ...guideRunFields];
