/**
 * What a global update (Apply Task Prefix, Re-prioritize Open Tasks) left behind, counted the same
 * way by the fault tests and the bench: the faults they inject, and per task whether its title is
 * right, wrong but listed as failed, lost (wrong, read, and not listed) or garbled (neither what it
 * was nor what it must be, e.g. a prefix twice).
 */
import type { IDataObject } from 'n8n-workflow';

import type { FaultConfig, FaultStatus } from '../../sandbox/types';

export const TASK_SEARCH_PATH = '/crm/v3/objects/tasks/search';
export const TASK_BATCH_UPDATE_PATH = '/crm/v3/objects/tasks/batch/update';

/** Failures before the handler (nothing applied) and after it (applied, the answer lost). */
export const GLOBAL_UPDATE_FAULTS: FaultStatus[] = [
	500,
	502,
	503,
	'reset',
	'applied-reset',
	'applied-504',
];

/** A share `rate` of the update's searches and batch updates fail, repeatably. */
export function globalUpdateFaults(rate: number): FaultConfig {
	return {
		rate,
		statuses: GLOBAL_UPDATE_FAULTS,
		paths: `^(${TASK_SEARCH_PATH}|${TASK_BATCH_UPDATE_PATH})$`,
		seed: Math.round(rate * 100),
	};
}

export interface TaskTitleCase {
	id: string;
	/** The title before the run. */
	initial: string | undefined;
	/** The title the rules call for. */
	expected: string;
}

export interface TaskNow {
	title: string | undefined;
	open: boolean;
}

export interface GlobalUpdateOutcome {
	/** Open tasks whose title is not the expected one. */
	wrongOpen: TaskTitleCase[];
	/** Of those, the ones the run read and did not list as failed. */
	lost: TaskTitleCase[];
	garbled: TaskTitleCase[];
	/** Tasks whose title differs from before the run. */
	changed: number;
	/** Failures the summary lists. */
	failures: Array<{ taskId: string; error: string }>;
}

export function globalUpdateOutcome(
	tasks: TaskTitleCase[],
	now: (taskId: string) => TaskNow,
	summary: IDataObject,
): GlobalUpdateOutcome {
	const failures = (summary.failures ?? []) as Array<{ taskId: string; error: string }>;
	const listed = new Set(failures.map((failure) => failure.taskId));
	// An incomplete run says where a later one resumes; tasks past that point were never read.
	const readUpTo = summary.complete ? Infinity : Number(summary.resumeAfterTaskId ?? 0);
	const outcome: GlobalUpdateOutcome = {
		wrongOpen: [],
		lost: [],
		garbled: [],
		changed: 0,
		failures,
	};
	for (const task of tasks) {
		const { title, open } = now(task.id);
		if (title !== task.initial) outcome.changed++;
		if (title !== task.expected && title !== task.initial) outcome.garbled.push(task);
		if (!open || title === task.expected) continue;
		outcome.wrongOpen.push(task);
		if (!listed.has(task.id) && Number(task.id) <= readUpTo) outcome.lost.push(task);
	}
	return outcome;
}
