/**
 * Plan, then execute, for a known set of tasks (Update Tasks, Update Record's Tasks): titles are
 * read in batches of 100 and each task planned once however many items name it; the writes of the
 * tasks whose properties change then go through the shared CRM executor, in batches of 100.
 */
import { performCrmActions } from '../../shared/crm';
import type { HubSpotTransport } from '../../shared/transport';
import { TASK_PROPERTIES, isOpenTask, taskFromRecord, type TaskPlanner } from './taskPlanning';
import type { TaskOutcome } from './taskOutcome';

export interface TaskRequest {
	taskId: string;
	/** The priority the item brings; undefined = look it up with the rules. */
	priorityGiven?: string;
}

export interface PlanOptions {
	/** Leave out completed tasks instead of prefixing them. */
	openOnly?: boolean;
}

/** One outcome per distinct task id; completed tasks are absent when `openOnly`. */
export type TaskOutcomes = Map<string, TaskOutcome>;

/** Reads and plans every task named; an outcome holds the plan (with its write) or the error. */
export async function planTasks(
	transport: HubSpotTransport,
	planner: TaskPlanner,
	requests: TaskRequest[],
	options: PlanOptions = {},
): Promise<TaskOutcomes> {
	// The first item naming a task decides its priority; later ones share the outcome.
	const firstRequest = new Map<string, TaskRequest>();
	for (const request of requests) {
		if (!firstRequest.has(request.taskId)) firstRequest.set(request.taskId, request);
	}
	const taskIds = [...firstRequest.keys()];
	const outcomes: TaskOutcomes = new Map();
	if (taskIds.length === 0) return outcomes;

	const reads = await transport.batchRead('tasks', taskIds, { properties: TASK_PROPERTIES });
	for (const [index, read] of reads.entries()) {
		const taskId = taskIds[index];
		if (!read.ok) {
			outcomes.set(taskId, { taskId, error: read.error });
			continue;
		}
		const task = taskFromRecord(read.value);
		if (options.openOnly && !isOpenTask(task)) continue;
		try {
			const planned = planner.plan(task, firstRequest.get(taskId)?.priorityGiven);
			outcomes.set(taskId, { taskId, planned });
		} catch (error) {
			outcomes.set(taskId, { taskId, error: error as Error });
		}
	}
	return outcomes;
}

/** Performs the planned writes; a task whose write failed gets the error in its outcome (in place). */
export async function executeTaskWrites(
	transport: HubSpotTransport,
	outcomes: TaskOutcomes,
): Promise<TaskOutcomes> {
	const toWrite = [...outcomes.values()].flatMap((outcome) =>
		outcome.planned?.write ? [{ outcome, write: outcome.planned.write }] : [],
	);
	if (toWrite.length === 0) return outcomes;
	const results = await performCrmActions(
		transport,
		toWrite.map((entry) => entry.write),
	);
	results.forEach((result, index) => {
		if (!result.ok) toWrite[index].outcome.error = result.error;
	});
	return outcomes;
}
