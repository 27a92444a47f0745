/** Priority Lookup's fields: the shared rules source, the title, and what happens without a match. */
import type { INodeProperties } from 'n8n-workflow';

import { prefixFormatField } from '../shared/descriptions';
import { rulesSourceProperties } from '../shared/rulesSource';
import { UNMATCHED_PARAMETER } from './outputs';

/**
 * A HubSpot task as the API returns it (`properties.hs_task_subject`), the same flattened (as the
 * Taskflow trigger and most HubSpot nodes emit it), or any item with a `title`.
 */
export const DEFAULT_TITLE_EXPRESSION =
	'={{ $json.properties?.hs_task_subject ?? $json.hs_task_subject ?? $json.title }}';

export const priorityLookupProperties: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: DEFAULT_TITLE_EXPRESSION,
		required: true,
		description:
			'The text to find keywords in, usually the task title. The default reads a HubSpot task subject or a "title" field.',
	},
	...rulesSourceProperties(),
	{
		displayName: 'Unmatched Items',
		name: UNMATCHED_PARAMETER,
		type: 'options',
		noDataExpression: true,
		default: 'keep',
		options: [
			{
				name: 'Keep in the Output',
				value: 'keep',
				description: 'Output them with the default priority, or none',
			},
			{
				name: 'Send to a Second Output',
				value: 'secondOutput',
				description: 'Route them to a "No Match" output',
			},
		],
		description: 'What to do with items whose title matches no rule',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			prefixFormatField(
				'A priority prefix of this format already on the title is ignored when matching. {priority} stands for the level.',
			),
		],
	},
];
