/**
 * One task's result as an output item. Built for the shared batch loop (mapBatch): a task that
 * failed becomes, under continueOnFail, its own result plus `error` (so the other tasks of the
 * item and of the batch keep theirs); without continueOnFail it is thrown, and the loop fails the
 * node naming every failed task once all batches were written.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failedItemJson } from '../../shared/itemLoop';
import { taskResultJson, type PlannedTask } from './taskPlanning';

export interface TaskOutcome {
	taskId: string;
	/** Absent when the task could not be read. */
	planned?: PlannedTask;
	/** Why reading or writing this task failed. */
	error?: Error;
}

type OutcomeContext = Pick<IExecuteFunctions, 'getNode' | 'continueOnFail'>;

function plainJson(outcome: TaskOutcome): IDataObject {
	if (outcome.planned) return taskResultJson(outcome.planned, outcome.error === undefined);
	return { taskId: outcome.taskId, oldTitle: null, newTitle: null, changed: false, priority: null };
}

/** The json of a failed task under continueOnFail, shaped for the output n8n will route it to. */
function failedTaskJson(
	ctx: OutcomeContext,
	outcome: TaskOutcome,
	error: Error,
	itemIndex: number,
): IDataObject {
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const taskJson = plainJson(outcome);
	const json = failedItemJson(error, itemIndex, taskJson, toErrorOutput, `Task ${outcome.taskId}`);
	// The error output may hold only error/details (n8n adds the input json); keep the task there.
	if (toErrorOutput) json.details = { ...(json.details as IDataObject), ...taskJson };
	return json;
}

/** The output json of tasks named by one item; throws for failed tasks without continueOnFail. */
export function outcomesToJson(
	ctx: OutcomeContext,
	outcomes: TaskOutcome[],
	itemIndex: number,
): IDataObject[] {
	const failed = outcomes.filter((outcome) => outcome.error !== undefined);
	if (failed.length > 0 && !ctx.continueOnFail()) {
		if (failed.length === 1 && outcomes.length === 1) throw failed[0].error;
		throw new NodeOperationError(
			ctx.getNode(),
			failed.map((outcome) => `task ${outcome.taskId}: ${outcome.error?.message}`).join('; '),
			{ itemIndex },
		);
	}
	return outcomes.map((outcome) =>
		outcome.error ? failedTaskJson(ctx, outcome, outcome.error, itemIndex) : plainJson(outcome),
	);
}
