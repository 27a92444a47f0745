/**
 * The TaskPlanner of one execution, built once from the node's parameters: from the shared rules
 * source (the same description and loader as Priority Lookup), or from the priority levels alone
 * when the items bring their priority.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_PREFIX_FORMAT,
	parsePriorityLevels,
	type RuleProblem,
} from '../../domain/priority';
import { loadRules, reportRuleWarnings, type RulesContext } from '../../shared/rulesSource';
import { readPrefixSettings } from './prefixSettings';
import { createTaskPlanner, type TaskPlanner } from './taskPlanning';

export type PlannerContext = RulesContext & Pick<IExecuteFunctions, 'addExecutionHints' | 'logger'>;

export interface RulesPlanner {
	planner: TaskPlanner;
	warnings: RuleProblem[];
	/** Where the rules came from, e.g. 'spreadsheet 1AbC…, range "Rules"'. */
	source: string;
}

export async function plannerFromRules(ctx: PlannerContext): Promise<RulesPlanner> {
	const prefixTemplate = ctx.getNodeParameter('prefixFormat', 0, DEFAULT_PREFIX_FORMAT) as string;
	const rules = await loadRules(ctx, { itemIndex: 0, prefixTemplate: prefixTemplate || undefined });
	const settings = readPrefixSettings(ctx, rules.levels);
	reportRuleWarnings(ctx, rules);
	return {
		planner: createTaskPlanner(rules.levels, rules.ruleSet, settings, rules.defaultPriority),
		warnings: rules.warnings,
		source: rules.source,
	};
}

/** For priorities that come with the items: the levels still tell which prefixes to replace. */
export function plannerFromLevels(ctx: PlannerContext): TaskPlanner {
	let levels: string[];
	try {
		levels = parsePriorityLevels(ctx.getNodeParameter('priorityLevels', 0, '') as string);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex: 0 });
	}
	return createTaskPlanner(levels, undefined, readPrefixSettings(ctx, levels), undefined);
}
