/**
 * The priority levels and prefix format fields, shown by Priority Lookup and Apply Task Prefix
 * alike. Parameter names and defaults are stable: saved workflows hold them.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PREFIX_FORMAT, DEFAULT_PRIORITY_LEVELS } from '../../domain/priority';

/** The default levels as the field holds them: 'P1, P2, P3, P4'. */
const DEFAULT_LEVELS_TEXT = DEFAULT_PRIORITY_LEVELS.join(', ');

export interface PriorityLevelsFieldOptions {
	/** What the levels do in this node, one sentence, e.g. 'Every rule must use one of them.' */
	role: string;
	displayOptions?: IDisplayOptions;
}

/** `priorityLevels`: the levels, highest first, comma-separated. */
export function priorityLevelsField({
	role,
	displayOptions,
}: PriorityLevelsFieldOptions): INodeProperties {
	return {
		displayName: 'Priority Levels',
		name: 'priorityLevels',
		type: 'string',
		default: DEFAULT_LEVELS_TEXT,
		required: true,
		description: 'The priorities, highest first, separated by commas. ' + role,
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** `prefixFormat`: the prefix template, `{priority}` standing for the level. */
export function prefixFormatField(description: string): INodeProperties {
	return {
		displayName: 'Prefix Format',
		name: 'prefixFormat',
		type: 'string',
		default: DEFAULT_PREFIX_FORMAT,
		placeholder: DEFAULT_PREFIX_FORMAT,
		description,
	};
}
