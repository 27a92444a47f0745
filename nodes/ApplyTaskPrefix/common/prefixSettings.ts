/**
 * How a priority is written into a task: the prefix format, what happens without a priority and
 * the optional mapping to HubSpot's own `hs_task_priority`. The same fields for every operation.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	createPrefixFormat,
	DEFAULT_PREFIX_FORMAT,
	parseHubSpotPriorityMapping,
	type HubSpotTaskPriority,
	type PrefixFormat,
} from '../../domain/priority';
import { prefixFormatField } from '../../shared/descriptions';
export const DEFAULT_HUBSPOT_PRIORITY_MAPPING = 'P1=HIGH, P2=MEDIUM, P3=LOW, P4=LOW';

export const prefixSettingsProperties: INodeProperties[] = [
	prefixFormatField(
		'What goes in front of the title; {priority} becomes the priority level. An existing prefix of this format is replaced, never stacked, and the rest of the title is kept as it is.',
	),
	{
		displayName: 'Remove Prefix When No Priority',
		name: 'removePrefixWhenNoPriority',
		type: 'boolean',
		default: true,
		description:
			'Whether a task that gets no priority loses a prefix it carries from an earlier run (otherwise its title is left alone)',
	},
	{
		displayName: 'Also Set HubSpot Priority',
		name: 'setHubSpotPriority',
		type: 'boolean',
		default: false,
		description:
			"Whether to also set the task's own HubSpot priority (High, Medium, Low, None) from the priority level",
	},
	{
		displayName: 'HubSpot Priority Mapping',
		name: 'hubSpotPriorityMapping',
		type: 'string',
		default: DEFAULT_HUBSPOT_PRIORITY_MAPPING,
		placeholder: 'P1=HIGH, P2=MEDIUM, P3=LOW, P4=LOW',
		description:
			'Priority level = HubSpot priority (HIGH, MEDIUM, LOW or NONE), separated by commas. Levels left out keep their HubSpot priority.',
		displayOptions: { show: { setHubSpotPriority: [true] } },
	},
];

export interface PrefixSettings {
	format: PrefixFormat;
	removeWhenNone: boolean;
	hubSpotMapping?: Map<string, HubSpotTaskPriority>;
}

/** Read once per execution (at item 0): one format and mapping for all tasks of a run. */
export function readPrefixSettings(
	ctx: Pick<IExecuteFunctions, 'getNodeParameter' | 'getNode'>,
	levels: string[],
): PrefixSettings {
	const template = ctx.getNodeParameter('prefixFormat', 0, DEFAULT_PREFIX_FORMAT) as string;
	const removeWhenNone = ctx.getNodeParameter('removePrefixWhenNoPriority', 0, true) as boolean;
	const setHubSpotPriority = ctx.getNodeParameter('setHubSpotPriority', 0, false) as boolean;
	try {
		const format = createPrefixFormat(template || DEFAULT_PREFIX_FORMAT, levels);
		if (!setHubSpotPriority) return { format, removeWhenNone };
		const mappingText = ctx.getNodeParameter(
			'hubSpotPriorityMapping',
			0,
			DEFAULT_HUBSPOT_PRIORITY_MAPPING,
		) as string;
		return {
			format,
			removeWhenNone,
			hubSpotMapping: parseHubSpotPriorityMapping(mappingText, levels),
		};
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			description: 'Check the fields Prefix Format and HubSpot Priority Mapping',
		});
	}
}
