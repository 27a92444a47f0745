/**
 * Goals (seed 003: a goal met unenrolls the record): on a goal event, the still-open tasks Create
 * Workflow Activity made for the record are completed or deleted. Its tasks are known by the key
 * its creates carry; other tasks of the record are never touched.
 */
import { archiveRecord, updateRecord, type CrmAction } from '../crm';

export const ACTIVITY_KEY_PREFIX = 'cwa:';

export interface RecordTask {
	id: string;
	title: string;
	status: string;
	/** The idempotency key the task was created with, if any. */
	key: string | undefined;
}

export type GoalAction = 'complete' | 'delete';

/** The record's open tasks this node made, optionally only those whose title contains one of `titles`. */
export function pendingActivities(
	tasks: readonly RecordTask[],
	titles: readonly string[] = [],
): RecordTask[] {
	const wanted = titles.map((title) => title.trim().toLowerCase()).filter(Boolean);
	return tasks.filter(
		(task) =>
			task.key?.startsWith(ACTIVITY_KEY_PREFIX) === true &&
			task.status !== 'COMPLETED' &&
			(wanted.length === 0 || wanted.some((title) => task.title.toLowerCase().includes(title))),
	);
}

export function goalActions(tasks: readonly RecordTask[], action: GoalAction): CrmAction[] {
	return tasks.map((task) =>
		action === 'complete'
			? updateRecord('tasks', task.id, { hs_task_status: 'COMPLETED' })
			: archiveRecord('tasks', task.id),
	);
}
