/**
 * A queue-mode installation's executions as its PostgreSQL database holds them: the main saves
 * each one and the worker that ran it updates it, so the database is the one place that sees them
 * all (the main's REST list pages and lags behind a burst).
 */
import type { ThrowawayDatabase } from './queue-mode';

/** Statuses of a run that is not over yet. */
const UNFINISHED_STATUSES = ['new', 'running', 'waiting'];

/** The workflow's executions by status, e.g. `{ success: 998, error: 2 }`. */
export async function executionCountsByStatus(
	database: ThrowawayDatabase,
	workflowId: string,
): Promise<Record<string, number>> {
	const rows = await database.query(
		`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' GROUP BY status`,
	);
	return Object.fromEntries(rows.map(([status, count]) => [status, Number(count)]));
}

/** How many of the counted executions are over, whatever their outcome. */
export function finishedExecutions(counts: Record<string, number>): number {
	return Object.entries(counts)
		.filter(([status]) => !UNFINISHED_STATUSES.includes(status))
		.reduce((sum, [, count]) => sum + count, 0);
}
