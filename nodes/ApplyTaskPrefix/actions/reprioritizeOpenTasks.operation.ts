/**
 * Re-prioritize Open Tasks, the global update: every task not completed is read page by page,
 * planned with the rules and, when its title (or HubSpot priority) would change, written back in
 * batches of 100 while the next pages are read. Memory stays flat: one page, the batch being
 * filled and a bounded number of batches in flight. One summary item comes out.
 *
 * Read strategy: search, not the list endpoint. HubSpot gives a private app two separate budgets:
 * - search (POST /crm/v3/objects/tasks/search): 5 requests/s per token, 200 tasks a page, and
 *   exempt from the 10-second window; it filters server-side, so completed tasks are never read;
 * - everything else, list endpoint (GET /crm/v3/objects/tasks, 100 a page, completed tasks
 *   included: it cannot filter) and batch/update alike: 190 requests per rolling 10 s.
 * With N open tasks, M tasks in all (completed included) and C titles to change, the least time
 * the limits allow is about max(N / 1000, C / 1900) s reading by search (reads and writes draw on
 * different budgets, so they overlap), and (M + C) / 1900 s reading by list (reads and writes
 * share one budget). Search is faster whenever M + C > 1.9 N, i.e. whenever completed tasks plus
 * changed titles outnumber 90% of the open tasks: every account that completes tasks (they stay
 * forever) and every run after a rules change. The list endpoint wins only for an account with
 * almost no completed tasks on a re-run that changes nothing.
 * This transport paces searches at 4.5/s (under HubSpot's 5, so a pause that bunches two searches
 * never costs a 429 and a retry) and keeps all requests, searches included, spaced for 180 per
 * 10 s: searches take 4.5 of those 18 starts a second, leaving 13.5 a second (1,350 tasks) for
 * writes, more than the 900 tasks a second searches deliver, so writing never holds reading back.
 *
 * Pages are read by key (`hs_object_id` above the last one read, see the transport's searchPages),
 * so tasks completed or deleted meanwhile never hide the ones after them. When reading stops early
 * (a search still failing after the transport's retries, a revoked token, a cancel), the writes
 * already sent are answered first; the error, or with Continue On Fail the summary, gives the counts
 * so far and the last task read. Writes only change titles that are wrong, so a re-run converges.
 * A progress line goes to n8n's log every 25 pages.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CrmActionStream } from '../../shared/crm';
import type { OperationMetadata } from '../../shared/operations';
import { hubSpotTransportFor } from '../../shared/transport';
import { plannerFromRules } from '../common/planners';
import {
	COMPLETED_STATUS,
	TASK_PROPERTIES,
	taskFromRecord,
	type PlannedTask,
} from '../common/taskPlanning';

export const operation: OperationMetadata = {
	value: 'reprioritizeOpenTasks',
	name: 'Re-Prioritize Open Tasks',
	action: 'Reprioritize all open tasks',
	description: 'Re-apply the rules to every task not completed, writing only changed titles',
};

/** Failed tasks listed by id in the summary; the count covers all. */
const LISTED_FAILURES = 10_000;
/** Failed tasks named in the node error. */
const NAMED_IN_ERROR = 20;
/** A progress line in n8n's log every this many pages (5,000 tasks). */
const PROGRESS_EVERY_PAGES = 25;

export const description: INodeProperties[] = [
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to write nothing and list the tasks whose titles would change, with their new titles',
	},
	{
		displayName: 'Output Change List',
		name: 'outputChanges',
		type: 'boolean',
		default: false,
		description:
			'Whether the summary also lists every changed task (task ID, old and new title, priority). The list grows with the number of changes.',
		// A dry run always lists the changes, so the switch only means something for a real run.
		displayOptions: { show: { dryRun: [false] } },
	},
];

interface Tally {
	scanned: number;
	matched: number;
	changed: number;
	unchanged: number;
	failed: number;
}

function changeEntry(task: PlannedTask, error?: string): IDataObject {
	const entry: IDataObject = {
		taskId: task.taskId,
		oldTitle: task.oldTitle,
		newTitle: task.newTitle,
		priority: task.priority ?? null,
	};
	if (task.hubSpotPriority !== undefined) entry.hubSpotPriority = task.hubSpotPriority;
	if (error !== undefined) entry.error = error;
	return entry;
}

function countsLine(tally: Tally): string {
	return `${tally.scanned} open tasks read: ${tally.changed} updated, ${tally.unchanged} needed no change, ${tally.failed} failed`;
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * What a run that stopped early tells: how far it got and what to do. Every write sent was answered
 * before this is built, so the counts are final for the tasks read.
 */
function stopReport(tally: Tally, cause: unknown, lastTaskId: string | undefined): string {
	return [
		`Stopped early: ${errorMessage(cause)}`,
		`${countsLine(tally)}; every write sent was answered.`,
		lastTaskId === undefined
			? 'No open task was read.'
			: `Tasks were read in id order up to task ${lastTaskId}.`,
		'Run again: a re-run reads every open task and writes only the titles still wrong, so it converges.',
	].join('\n');
}

/** The cause as the node's error, its description opening with the stop report. */
function stopError(
	ctx: IExecuteFunctions,
	cause: unknown,
	report: string,
): NodeApiError | NodeOperationError {
	if (cause instanceof NodeApiError || cause instanceof NodeOperationError) {
		cause.description = cause.description ? `${report}\n\n${cause.description}` : report;
		return cause;
	}
	return new NodeOperationError(ctx.getNode(), errorMessage(cause), { description: report });
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const listChanges = dryRun || (this.getNodeParameter('outputChanges', 0, false) as boolean);
	const { planner, warnings, source } = await plannerFromRules(this);
	const transport = await hubSpotTransportFor(this);
	const nodeName = this.getNode().name;

	const tally: Tally = { scanned: 0, matched: 0, changed: 0, unchanged: 0, failed: 0 };
	const changes: IDataObject[] = [];
	const failures: IDataObject[] = [];
	const writer = dryRun
		? undefined
		: new CrmActionStream<PlannedTask>(transport, {
				onResult: (task, result) => {
					if (!result.ok) {
						const { error } = result;
						tally.failed++;
						if (failures.length < LISTED_FAILURES)
							failures.push({ taskId: task.taskId, error: error.message });
						if (listChanges) changes.push(changeEntry(task, error.message));
						return;
					}
					tally.changed++;
					if (listChanges) changes.push(changeEntry(task));
				},
			});

	const openTasks = transport.searchPages('tasks', {
		filterGroups: [
			{ filters: [{ propertyName: 'hs_task_status', operator: 'NEQ', value: COMPLETED_STATUS }] },
		],
		properties: TASK_PROPERTIES,
	});
	let stoppedBy: unknown;
	let lastTaskId: string | undefined;
	let pages = 0;
	try {
		for await (const page of openTasks) {
			for (const record of page.records) {
				tally.scanned++;
				const planned = planner.plan(taskFromRecord(record));
				if (planned.prioritySource === 'rules') tally.matched++;
				if (planned.write === undefined) {
					tally.unchanged++;
				} else if (writer) {
					await writer.add(planned.write, planned);
				} else {
					tally.changed++;
					changes.push(changeEntry(planned));
				}
			}
			lastTaskId = page.lastId;
			if (++pages % PROGRESS_EVERY_PAGES === 0)
				this.logger.info(`${nodeName}: ${countsLine(tally)} so far`, { ...tally, pages });
		}
	} catch (error) {
		stoppedBy = error;
	}
	// Whatever stopped the reading, the writes already sent are answered before the node returns.
	try {
		await writer?.close();
	} catch (error) {
		stoppedBy ??= error;
	}

	const stats = transport.callStats();
	const summary: IDataObject = {
		complete: stoppedBy === undefined,
		...tally,
		apiCalls: stats.calls,
		searchCalls: stats.searchCalls,
		writeBatches: writer?.batchesSent ?? 0,
		seconds: Math.round((Date.now() - startedAt) / 100) / 10,
		dryRun,
		rulesSource: source,
		ruleWarnings: warnings.length,
	};
	this.logger.info(`${nodeName}: ${countsLine(tally)}${stoppedBy ? ', stopped early' : ''}`, {
		...tally,
		pages,
	});
	if (stoppedBy !== undefined) {
		const report = stopReport(tally, stoppedBy, lastTaskId);
		const error = stopError(this, stoppedBy, report);
		if (!this.continueOnFail()) throw error;
		summary.error = error.description ?? report;
		summary.resumeAfterTaskId = lastTaskId ?? null;
	}
	if (tally.failed > 0) {
		summary.failures = failures;
		if (tally.failed > failures.length) summary.failuresNotListed = tally.failed - failures.length;
	}
	if (listChanges) summary.changes = changes;

	if (tally.failed > 0 && !this.continueOnFail()) {
		const named = failures.slice(0, NAMED_IN_ERROR).map((failure) => failure.taskId as string);
		throw new NodeOperationError(
			this.getNode(),
			`${tally.failed} task(s) could not be updated: ${named.join(', ')}${tally.failed > named.length ? ', …' : ''}`,
			{
				description: [
					`${countsLine(tally)}.`,
					...failures
						.slice(0, NAMED_IN_ERROR)
						.map((failure) => `Task ${failure.taskId}: ${failure.error}`),
					'Run again to retry them: a re-run writes only the titles still wrong.',
				].join('\n'),
			},
		);
	}
	return [{ json: summary, pairedItem: { item: 0 } }];
}
