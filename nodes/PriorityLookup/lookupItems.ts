/** Priority Lookup's execute: rules loaded once, then each item's title matched. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PriorityMatch } from '../domain/priority';
import { routeItems } from '../shared/itemLoop';
import {
	loadRules,
	priorityRank,
	reportRuleWarnings,
	type LoadedRules,
} from '../shared/rulesSource';
import {
	MATCHED_OUTPUT,
	UNMATCHED_OUTPUT,
	UNMATCHED_PARAMETER,
	type UnmatchedItems,
} from './outputs';

/** The fields the node adds to each item. */
export interface PriorityFields extends IDataObject {
	priority: string | null;
	priorityRank: number | null;
	matchedKeyword: string | null;
	/** Sheet row number, or 0-based index in the rules table / rules field. */
	matchedRule: number | null;
	/** Where matchedRule points: 'sheet', 'table' or 'field'. */
	matchedRuleSource: string | null;
}

export function priorityFields(
	match: PriorityMatch | undefined,
	rules: Pick<LoadedRules, 'levels' | 'defaultPriority'>,
): PriorityFields {
	if (match) {
		const { matchedRule } = match;
		return {
			priority: match.priority,
			priorityRank: match.priorityRank,
			matchedKeyword: match.matchedKeyword,
			matchedRule: matchedRule.kind === 'sheet' ? matchedRule.row : matchedRule.index,
			matchedRuleSource: matchedRule.kind,
		};
	}
	const priority = rules.defaultPriority ?? null;
	return {
		priority,
		priorityRank: priority === null ? null : (priorityRank(rules.levels, priority) ?? null),
		matchedKeyword: null,
		matchedRule: null,
		matchedRuleSource: null,
	};
}

/** The title parameter as text; missing or structured values are the item's error. */
function titleOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const title = ctx.getNodeParameter('title', itemIndex, '') as unknown;
	if (typeof title === 'string') return title;
	if (typeof title === 'number' || typeof title === 'boolean') return String(title);
	throw new NodeOperationError(
		ctx.getNode(),
		title === undefined || title === null
			? 'The title is empty for this item'
			: `The title must be text, not ${Array.isArray(title) ? 'a list' : typeof title}`,
		{
			itemIndex,
			description: 'Check the Title expression: it should give the task title of each item',
		},
	);
}

export async function lookupPriorities(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = ctx.getNodeParameter('options', 0, {}) as { prefixFormat?: string };
	const rules = await loadRules(ctx, { prefixTemplate: options.prefixFormat });
	reportRuleWarnings(ctx, rules);
	const unmatched = ctx.getNodeParameter(UNMATCHED_PARAMETER, 0, 'keep') as UnmatchedItems;
	const separateOutput = unmatched === 'secondOutput';

	return await routeItems(ctx, separateOutput ? 2 : 1, (item, itemIndex) => {
		const match = rules.ruleSet.match(titleOf(ctx, itemIndex));
		const output = separateOutput && !match ? UNMATCHED_OUTPUT : MATCHED_OUTPUT;
		return {
			output,
			json: { ...item.json, ...priorityFields(match, rules) },
			...(item.binary ? { binary: item.binary } : {}),
		};
	});
}
