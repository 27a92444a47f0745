/**
 * One code path from "a task as HubSpot holds it" to "what to write": every operation builds a
 * TaskPlanner (rules from the shared rules source, or levels only when the items bring the
 * priority) and hands it tasks; the domain's planTitleChange decides.
 */
import type { IDataObject } from 'n8n-workflow';

import type { UpdateRecordAction } from '../../domain/crm';
import {
	planTitleChange,
	titleChangeWrite,
	type CompiledRuleSet,
	type HubSpotTaskPriority,
} from '../../domain/priority';
import type { HubSpotRecord } from '../../shared/transport';
import type { PrefixSettings } from './prefixSettings';

/** What is read of every task: the title, whether it is done, HubSpot's own priority. */
export const TASK_PROPERTIES = ['hs_task_subject', 'hs_task_status', 'hs_task_priority'];

export const COMPLETED_STATUS = 'COMPLETED';

export interface TaskSnapshot {
	id: string;
	title: string;
	status?: string;
	hubSpotPriority?: string;
}

export function taskFromRecord(record: HubSpotRecord): TaskSnapshot {
	const {
		hs_task_subject: title,
		hs_task_status: status,
		hs_task_priority: priority,
	} = record.properties;
	return {
		id: record.id,
		title: title ?? '',
		status: status ?? undefined,
		hubSpotPriority: priority ?? undefined,
	};
}

export function isOpenTask(task: TaskSnapshot): boolean {
	return task.status !== COMPLETED_STATUS;
}

export interface PlannedTask {
	taskId: string;
	oldTitle: string;
	newTitle: string;
	priority?: string;
	/** 'rules' when a rule matched the title. */
	prioritySource: 'given' | 'rules' | 'default' | 'none';
	hubSpotPriority?: HubSpotTaskPriority;
	/** The write to perform; undefined when nothing would change. */
	write?: UpdateRecordAction;
}

export interface TaskPlanner {
	readonly levels: readonly string[];
	plan(task: TaskSnapshot, priorityGiven?: string): PlannedTask;
}

export function createTaskPlanner(
	levels: readonly string[],
	ruleSet: CompiledRuleSet | undefined,
	settings: PrefixSettings,
	defaultPriority: string | undefined,
): TaskPlanner {
	const options = {
		removeWhenNone: settings.removeWhenNone,
		defaultPriority,
		hubSpotMapping: settings.hubSpotMapping,
	};
	return {
		levels,
		plan(task, priorityGiven) {
			const change = planTitleChange(
				{ id: task.id, title: task.title, hubSpotPriority: task.hubSpotPriority },
				ruleSet,
				priorityGiven,
				settings.format,
				options,
			);
			const write = titleChangeWrite(change);
			return {
				taskId: change.taskId,
				oldTitle: change.oldTitle,
				newTitle: change.newTitle,
				priority: change.priority,
				prioritySource: change.prioritySource,
				hubSpotPriority: change.hubSpotPriority,
				write,
			};
		},
	};
}

/** The output json of one task: taskId, oldTitle, newTitle, changed, priority (+ hubSpotPriority). */
export function taskResultJson(planned: PlannedTask, written: boolean): IDataObject {
	const json: IDataObject = {
		taskId: planned.taskId,
		oldTitle: planned.oldTitle,
		newTitle: planned.newTitle,
		changed: written && planned.write !== undefined,
		priority: planned.priority ?? null,
	};
	if (planned.hubSpotPriority !== undefined) json.hubSpotPriority = planned.hubSpotPriority;
	return json;
}
