/**
 * Read -> plan -> write for a known set of tasks (Update Tasks, Update Record's Tasks): titles are
 * read in batches of 100, each task planned once however many items name it, and only the tasks
 * whose properties change are written, in batches of 100.
 */
import type { HubSpotTransport } from '../../shared/transport';
import { TASK_PROPERTIES, isOpenTask, taskFromRecord, type TaskPlanner } from './taskPlanning';
import type { TaskOutcome } from './taskOutcome';
import { writePlannedTasks } from './taskWrites';

export interface TaskRequest {
	taskId: string;
	/** The priority the item brings; undefined = look it up with the rules. */
	priorityGiven?: string;
}

export interface PrioritiseOptions {
	/** Leave out completed tasks instead of prefixing them. */
	openOnly?: boolean;
}

/** One outcome per distinct task id; completed tasks are absent when `openOnly`. */
export async function prioritiseTasks(
	transport: HubSpotTransport,
	planner: TaskPlanner,
	requests: TaskRequest[],
	options: PrioritiseOptions = {},
): Promise<Map<string, TaskOutcome>> {
	// The first item naming a task decides its priority; later ones share the outcome.
	const firstRequest = new Map<string, TaskRequest>();
	for (const request of requests) {
		if (!firstRequest.has(request.taskId)) firstRequest.set(request.taskId, request);
	}
	const taskIds = [...firstRequest.keys()];
	const outcomes = new Map<string, TaskOutcome>();
	if (taskIds.length === 0) return outcomes;

	const reads = await transport.batchRead('tasks', taskIds, { properties: TASK_PROPERTIES });
	const planned = [];
	for (const [index, read] of reads.entries()) {
		const taskId = taskIds[index];
		if (!read.ok) {
			outcomes.set(taskId, { taskId, error: read.error });
			continue;
		}
		const task = taskFromRecord(read.value);
		if (options.openOnly && !isOpenTask(task)) continue;
		try {
			const plan = planner.plan(task, firstRequest.get(taskId)?.priorityGiven);
			planned.push(plan);
			outcomes.set(taskId, { taskId, planned: plan });
		} catch (error) {
			outcomes.set(taskId, { taskId, error: error as Error });
		}
	}

	const failures = await writePlannedTasks(transport, planned);
	for (const [taskId, error] of failures) {
		const outcome = outcomes.get(taskId);
		if (outcome) outcome.error = error;
	}
	return outcomes;
}
