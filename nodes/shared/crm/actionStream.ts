/**
 * CRM actions performed as they are planned, for runs too large to hold at once (e.g. every open
 * task): the transport's BatchStream sends each full batch while planning goes on. Each action
 * carries a tag (what the caller needs to report it) that comes back with its result.
 */
import type { CrmAction } from '../../domain/crm';
import { BatchStream, type BatchItemResult, type HubSpotTransport } from '../transport';
import { performCrmActions, type CrmActionOutcome } from './performActions';

interface Tagged<TTag> {
	action: CrmAction;
	tag: TTag;
}

export interface CrmActionStreamOptions<TTag> {
	/** Batches sent and not yet answered at most (4 by default). */
	maxBatchesInFlight?: number;
	/** Called once per action after its batch was answered. */
	onResult: (tag: TTag, result: BatchItemResult<CrmActionOutcome>) => void;
}

export class CrmActionStream<TTag> {
	private readonly stream: BatchStream<Tagged<TTag>, CrmActionOutcome>;

	constructor(transport: HubSpotTransport, options: CrmActionStreamOptions<TTag>) {
		this.stream = new BatchStream(
			async (batch) =>
				await performCrmActions(
					transport,
					batch.map((entry) => entry.action),
				),
			{
				maxBatchesInFlight: options.maxBatchesInFlight,
				onResult: (entry, result) => options.onResult(entry.tag, result),
			},
		);
	}

	get batchesSent(): number {
		return this.stream.batchesSent;
	}

	/** Waits while the most batches allowed are in flight; throws once the job has failed (401/403). */
	async add(action: CrmAction, tag: TTag): Promise<void> {
		await this.stream.add({ action, tag });
	}

	/** Sends what is left and waits for every batch. */
	async close(): Promise<void> {
		await this.stream.close();
	}
}
