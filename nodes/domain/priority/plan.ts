/** Decides what to write to one task: its new title and, optionally, HubSpot's own priority. */
import { updateRecord, type UpdateRecordAction } from '../crm';
import type { HubSpotTaskPriority } from './hubspot';
import { resolveLevel } from './levels';
import type { PrefixFormat } from './prefix';
import type { CompiledRuleSet, PriorityMatch, RuleLocation } from './types';

export interface TitleChange {
	taskId: string;
	oldTitle: string;
	newTitle: string;
	/** Something is to be written (title and/or hs_task_priority). */
	changed: boolean;
	priority?: string;
	hubSpotPriority?: HubSpotTaskPriority;
}

export interface TitleChangePlan extends TitleChange {
	titleChanged: boolean;
	/** Where the priority came from. */
	prioritySource: 'given' | 'rules' | 'default' | 'none';
	matchedKeyword?: string;
	matchedRule?: RuleLocation;
	/** HubSpot properties to write; undefined = nothing to write. */
	properties?: Record<string, string>;
}

export interface PlanOptions {
	/** No priority -> remove an existing prefix (otherwise the title is left alone). */
	removeWhenNone: boolean;
	/** Used when neither a priority is given nor a rule matches. */
	defaultPriority?: string;
	/** Also set hs_task_priority; levels missing from the mapping leave it as it is. */
	hubSpotMapping?: Map<string, HubSpotTaskPriority>;
}

function currentHubSpotPriority(value: string | undefined | null): string {
	const text = (value ?? '').trim().toUpperCase();
	return text === '' ? 'NONE' : text;
}

/**
 * `priorityGiven` (e.g. from Priority Lookup) wins; else the rules decide on the title without its
 * prefix; else `defaultPriority`. A title that would not change is not written. Without a priority
 * and with `removeWhenNone`, the prefix goes and a mapped hs_task_priority is reset to NONE.
 * Pass the task's current hs_task_priority when a mapping is used (null/blank count as NONE).
 */
export function planTitleChange(
	task: { id: string; title: string | null | undefined; hubSpotPriority?: string | null },
	ruleSet: CompiledRuleSet | undefined,
	priorityGiven: string | undefined | null,
	format: PrefixFormat,
	opts: PlanOptions,
): TitleChangePlan {
	const oldTitle = task.title ?? '';
	const { rest } = format.strip(oldTitle);

	let priority: string | undefined;
	let prioritySource: TitleChangePlan['prioritySource'] = 'none';
	let match: PriorityMatch | undefined;
	const given = priorityGiven?.trim() ?? '';
	if (given !== '') {
		const level = resolveLevel(format.levels, given);
		if (!level) {
			throw new Error(
				`Task ${task.id}: priority "${given}" is not one of the priority levels ${format.levels.join(', ')}`,
			);
		}
		priority = level.level;
		prioritySource = 'given';
	} else {
		match = ruleSet?.match(rest);
		if (match) {
			priority = match.priority;
			prioritySource = 'rules';
		} else if (opts.defaultPriority !== undefined && opts.defaultPriority.trim() !== '') {
			const level = resolveLevel(format.levels, opts.defaultPriority);
			if (!level) {
				throw new Error(
					`Default priority "${opts.defaultPriority}" is not one of the priority levels ${format.levels.join(', ')}`,
				);
			}
			priority = level.level;
			prioritySource = 'default';
		}
	}

	const newTitle =
		priority !== undefined ? format.render(priority) + rest : opts.removeWhenNone ? rest : oldTitle;
	const titleChanged = newTitle !== oldTitle;

	let hubSpotPriority: HubSpotTaskPriority | undefined;
	if (opts.hubSpotMapping && opts.hubSpotMapping.size > 0) {
		if (priority !== undefined) hubSpotPriority = opts.hubSpotMapping.get(priority);
		else if (opts.removeWhenNone) hubSpotPriority = 'NONE';
	}
	const hubSpotPriorityChanged =
		hubSpotPriority !== undefined &&
		hubSpotPriority !== currentHubSpotPriority(task.hubSpotPriority);

	const properties: Record<string, string> = {};
	if (titleChanged) properties.hs_task_subject = newTitle;
	if (hubSpotPriorityChanged) properties.hs_task_priority = hubSpotPriority as HubSpotTaskPriority;
	const changed = titleChanged || hubSpotPriorityChanged;

	return {
		taskId: task.id,
		oldTitle,
		newTitle,
		changed,
		titleChanged,
		prioritySource,
		...(priority !== undefined ? { priority } : {}),
		...(hubSpotPriority !== undefined ? { hubSpotPriority } : {}),
		...(match ? { matchedKeyword: match.matchedKeyword, matchedRule: match.matchedRule } : {}),
		...(changed ? { properties } : {}),
	};
}

/** The CRM write a plan asks for; undefined when nothing is to be written. */
export function titleChangeWrite(plan: TitleChangePlan): UpdateRecordAction | undefined {
	return plan.properties ? updateRecord('tasks', plan.taskId, plan.properties) : undefined;
}
