/**
 * The rules source fields, one description shared by Priority Lookup and every Apply Task Prefix
 * operation (ARCHITECTURE.md, habit 3). Parameter names and option values are stable: saved
 * workflows hold them.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../descriptions/displayOptions';
import { priorityLevelsField } from '../descriptions/priorityFields';
import { SPREADSHEET_URL_PATTERN, SPREADSHEET_URL_VALIDATION } from './spreadsheetId';

export const RULES_SOURCE_PARAMETER = 'rulesSource';

export type RulesSourceKind = 'sheet' | 'inline' | 'field';

export const DEFAULT_RULES_RANGE = 'Rules';

export interface RulesSourcePropertiesOptions {
	/** Added to every field, e.g. `{ show: { operation: ['updateTasks'] } }`. */
	displayOptions?: IDisplayOptions;
}

const MATCH_TYPE_OPTIONS = [
	{ name: 'Contains', value: 'contains', description: 'The keyword appears anywhere in the title' },
	{
		name: 'Whole Word',
		value: 'wholeWord',
		description: 'The keyword appears as whole words, not inside a longer word',
	},
	{ name: 'Exact', value: 'exact', description: 'The whole title equals the keyword' },
	{ name: 'Regex', value: 'regex', description: 'The keyword is a regular expression' },
];

const showFor = (kind: RulesSourceKind): IDisplayOptions => ({
	show: { [RULES_SOURCE_PARAMETER]: [kind] },
});

const rulesSourceFields: INodeProperties[] = [
	{
		displayName: 'Rules Source',
		name: RULES_SOURCE_PARAMETER,
		type: 'options',
		noDataExpression: true,
		default: 'sheet',
		options: [
			{
				name: 'Google Sheet',
				value: 'sheet',
				description: 'A sheet with the columns keyword, priority and (optional) match type',
			},
			{ name: 'Table in This Node', value: 'inline', description: 'Rules typed into the node' },
			{
				name: 'Field of the Input Items',
				value: 'field',
				description: 'A list of rules carried by the first input item',
			},
		],
		description: 'Where the keyword to priority rules come from. They are read once per execution.',
	},
	{
		displayName: 'Spreadsheet',
		name: 'rulesSpreadsheet',
		type: 'resourceLocator',
		default: { mode: 'url', value: '' },
		required: true,
		description:
			'The spreadsheet holding the rules. Share it with the service account of the credential.',
		modes: [
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://docs.google.com/spreadsheets/d/1AbC.../edit',
				extractValue: { type: 'regex', regex: SPREADSHEET_URL_PATTERN },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: SPREADSHEET_URL_VALIDATION,
							errorMessage: 'Not a Google Sheets URL',
						},
					},
				],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '[A-Za-z0-9_-]{2,}',
							errorMessage: 'Not a spreadsheet ID',
						},
					},
				],
				url: '=https://docs.google.com/spreadsheets/d/{{$value}}/edit',
			},
		],
		displayOptions: showFor('sheet'),
	},
	{
		displayName: 'Sheet or Range',
		name: 'rulesRange',
		type: 'string',
		default: DEFAULT_RULES_RANGE,
		required: true,
		placeholder: 'Rules or Rules!A1:C',
		description:
			'The sheet name, or an A1 range within it, that holds the header row and the rules',
		displayOptions: showFor('sheet'),
	},
	{
		displayName: 'Header Row',
		name: 'rulesHeaderRow',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description:
			'Sheet row number of the header (keyword, priority, match type); rules are the rows below it',
		displayOptions: showFor('sheet'),
	},
	{
		displayName: 'Rules',
		name: 'rulesTable',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Rule',
		displayOptions: showFor('inline'),
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Keyword',
						name: 'keyword',
						type: 'string',
						default: '',
						placeholder: 'e.g. contrato',
						description: 'Word, phrase or (for Regex) pattern to look for in the title',
					},
					{
						displayName: 'Priority',
						name: 'priority',
						type: 'string',
						default: '',
						placeholder: 'e.g. P1',
						description: 'One of the priority levels',
					},
					{
						displayName: 'Match Type',
						name: 'matchType',
						type: 'options',
						options: [
							{ name: 'Default', value: '', description: 'The default match type' },
							...MATCH_TYPE_OPTIONS,
						],
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Rules Field',
		name: 'rulesField',
		type: 'string',
		default: 'rules',
		required: true,
		placeholder: 'e.g. rules or config.rules',
		description:
			'Field (dot path) of the first input item holding a list of rules, each with keyword, priority and optional matchType',
		displayOptions: showFor('field'),
	},
	priorityLevelsField({ role: 'Every rule must use one of them.' }),
	{
		displayName: 'Rule Options',
		name: 'rulesOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accent Sensitive',
				name: 'accentSensitive',
				type: 'boolean',
				default: false,
				description: 'Whether "Ligação" and "ligacao" are different words',
			},
			{
				displayName: 'Cache Sheet for Minutes',
				name: 'cacheMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Reuse the rules read from the sheet for this many minutes, across executions. 0 reads the sheet on every execution.',
				displayOptions: { show: { ['/' + RULES_SOURCE_PARAMETER]: ['sheet'] } },
			},
			{
				displayName: 'Case Sensitive',
				name: 'caseSensitive',
				type: 'boolean',
				default: false,
				description: 'Whether upper and lower case letters are different',
			},
			{
				displayName: 'Default Match Type',
				name: 'defaultMatchType',
				type: 'options',
				options: MATCH_TYPE_OPTIONS,
				default: 'contains',
				description: 'How rules without a match type are matched',
			},
			{
				displayName: 'Default Priority',
				name: 'defaultPriority',
				type: 'string',
				default: '',
				placeholder: 'e.g. P4',
				description:
					'Priority given to titles no rule matches. Empty: no priority. Must be one of the priority levels.',
			},
			{
				displayName: 'Skip Bad Rules',
				name: 'skipBadRows',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out bad rules and report them as warnings, instead of failing the node',
			},
		],
	},
];

/** The rules source fields, optionally shown only for some operations. */
export function rulesSourceProperties(
	options: RulesSourcePropertiesOptions = {},
): INodeProperties[] {
	return rulesSourceFields.map((property) => withDisplayOptions(property, options.displayOptions));
}
