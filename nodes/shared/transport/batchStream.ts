/**
 * Batches for work too large to hold at once (e.g. rewriting every open task): inputs are added
 * one by one and each full batch is sent right away, without waiting for its answer, so writing
 * overlaps with whatever produces the inputs. At most `maxBatchesInFlight` batches are pending:
 * `add` waits while that many are, which keeps memory flat however many inputs come.
 */
import { HUBSPOT_BATCH_LIMIT } from './batchResults';
import type { BatchItemResult } from './types';

export interface BatchStreamOptions<TInput, TValue> {
	/** Inputs per batch; HubSpot's limit by default. */
	batchSize?: number;
	/** Batches sent and not yet answered at most; bounds memory (the limiter bounds the rate). */
	maxBatchesInFlight?: number;
	/** Called once per input after its batch was answered. */
	onResult: (input: TInput, result: BatchItemResult<TValue>) => void;
}

export class BatchStream<TInput, TValue> {
	private pending: TInput[] = [];

	private readonly inFlight = new Set<Promise<void>>();

	private fatal: unknown;

	private readonly batchSize: number;

	private readonly maxBatchesInFlight: number;

	batchesSent = 0;

	/** `send` answers one result per input, in order (e.g. a transport batch call). */
	constructor(
		private readonly send: (inputs: TInput[]) => Promise<Array<BatchItemResult<TValue>>>,
		private readonly options: BatchStreamOptions<TInput, TValue>,
	) {
		this.batchSize = Math.max(1, options.batchSize ?? HUBSPOT_BATCH_LIMIT);
		this.maxBatchesInFlight = Math.max(1, options.maxBatchesInFlight ?? 4);
	}

	async add(input: TInput): Promise<void> {
		this.throwIfFailed();
		this.pending.push(input);
		if (this.pending.length >= this.batchSize) await this.sendPending();
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
		const sent = this.send(batch)
			.then((results) => {
				results.forEach((result, index) => this.options.onResult(batch[index], result));
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
