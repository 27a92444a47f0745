/**
 * Writing planned titles back: only tasks whose properties change are sent, in HubSpot batches
 * of up to 100 (the transport chunks and reports per task). A failed task never takes the rest of
 * its batch with it: the transport answers per input, 207 partial failures included.
 */
import type { NodeApiError } from 'n8n-workflow';

import { HUBSPOT_BATCH_LIMIT, type HubSpotTransport } from '../../shared/transport';
import type { PlannedTask } from './taskPlanning';

const TASKS = 'tasks';

export type WriteFailures = Map<string, NodeApiError>;

/** Writes every changed task at once (the transport sends the chunks in parallel). */
export async function writePlannedTasks(
	transport: HubSpotTransport,
	planned: PlannedTask[],
): Promise<WriteFailures> {
	const toWrite = planned.filter(
		(task): task is PlannedTask & { properties: Record<string, string> } =>
			task.properties !== undefined,
	);
	const failures: WriteFailures = new Map();
	if (toWrite.length === 0) return failures;
	const results = await transport.batchUpdate(
		TASKS,
		toWrite.map((task) => ({ id: task.taskId, properties: task.properties })),
	);
	results.forEach((result, index) => {
		if (!result.ok) failures.set(toWrite[index].taskId, result.error);
	});
	return failures;
}

export interface StreamingWriterOptions {
	/** Batches sent and not yet answered at most; bounds memory (the limiter bounds the rate). */
	maxBatchesInFlight?: number;
	/** Called once per task after its batch was answered; `error` is set when it failed. */
	onWritten: (task: PlannedTask, error: NodeApiError | undefined) => void;
}

/**
 * Collects changed tasks and sends each full batch of 100 right away, without waiting for it,
 * so writing overlaps with reading. At most `maxBatchesInFlight` batches are pending: `add`
 * waits when that many are, which keeps memory flat however many tasks change.
 */
export class StreamingTaskWriter {
	private pending: PlannedTask[] = [];

	private readonly inFlight = new Set<Promise<void>>();

	private fatal: unknown;

	private readonly maxBatchesInFlight: number;

	batchesSent = 0;

	constructor(
		private readonly transport: HubSpotTransport,
		private readonly options: StreamingWriterOptions,
	) {
		this.maxBatchesInFlight = Math.max(1, options.maxBatchesInFlight ?? 4);
	}

	async add(task: PlannedTask): Promise<void> {
		this.throwIfFailed();
		if (task.properties === undefined) return;
		this.pending.push(task);
		if (this.pending.length >= HUBSPOT_BATCH_LIMIT) await this.sendPending();
	}

	/** Sends what is left and waits for every batch; throws an error that ended the whole job. */
	async close(): Promise<void> {
		if (this.fatal === undefined && this.pending.length > 0) await this.sendPending();
		await Promise.all(this.inFlight);
		this.throwIfFailed();
	}

	private throwIfFailed(): void {
		if (this.fatal !== undefined) throw this.fatal;
	}

	private async sendPending(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		this.batchesSent++;
		const sent = this.transport
			.batchUpdate(
				TASKS,
				batch.map((task) => ({ id: task.taskId, properties: task.properties ?? {} })),
			)
			.then((results) => {
				results.forEach((result, index) =>
					this.options.onWritten(batch[index], result.ok ? undefined : result.error),
				);
			})
			.catch((error: unknown) => {
				// Only failures that affect every batch alike get here (401/403): stop the job.
				this.fatal ??= error;
			})
			.finally(() => this.inFlight.delete(sent));
		this.inFlight.add(sent);
		while (this.inFlight.size >= this.maxBatchesInFlight) await Promise.race(this.inFlight);
		this.throwIfFailed();
	}
}
