/**
 * Creates that are never made twice. The transport does not resend a create after a failure that
 * may have been applied (a 5xx, a lost connection, the deadline): HubSpot may have made the
 * record and only the answer was lost. Here, a keyed create in that state is looked up by its key
 * (a read by a unique-value property, which HubSpot answers from the record store, without the
 * search index's lag) and created again only when absent. HubSpot's own refusal of a duplicate
 * unique value (409, for the whole batch) is resolved the same way. An unkeyed create in that
 * state fails with an error saying it may exist: nothing could tell a retry it is not a second one.
 */
import { NodeApiError } from 'n8n-workflow';

import type { CreateRecordAction } from '../../domain/crm';
import type { BatchItemResult, HubSpotRecord, HubSpotTransport } from '../transport';

export type KeyedCreate = CreateRecordAction & { idempotencyKey: string };

/** The records keyed creates already made, one answer per create (undefined where none). */
export type KeyLookup = (
	objectType: string,
	creates: KeyedCreate[],
) => Promise<Array<HubSpotRecord | undefined>>;

export interface CreatedRecord {
	record: HubSpotRecord;
	/** Found by its key and not made by this call: an earlier run (or another process) made it. */
	existing: boolean;
}

export function isKeyed(action: CreateRecordAction): action is KeyedCreate {
	return action.idempotencyKey !== undefined;
}

/** Failures after which the create may have been applied: no answer, or a 5xx (HubSpot's or a proxy's). */
function mayHaveBeenApplied(error: NodeApiError): boolean {
	const status = Number(error.httpCode);
	return !error.httpCode || status >= 500;
}

/** HubSpot refuses a batch holding a unique value that exists already (409 CONFLICT). */
function isDuplicateRefusal(error: NodeApiError): boolean {
	return error.httpCode === '409';
}

function answerLost(
	transport: HubSpotTransport,
	objectType: string,
	error: NodeApiError,
	key?: string,
) {
	const [outcome, advice] =
		key === undefined
			? [
					'so it was not sent again',
					'Give the create an idempotency key to have it checked and retried safely.',
				]
			: [
					'after every retry',
					`A later run with key ${key} finds it, or creates it if it is missing.`,
				];
	return new NodeApiError(
		transport.node,
		{ message: error.message },
		{
			message: `HubSpot's answer to this create of ${objectType} was lost (${error.message}): the record may or may not exist, ${outcome}`,
			description: `${advice}\n${error.description ?? ''}`.trim(),
			httpCode: error.httpCode ?? undefined,
		},
	);
}

function uncheckable(
	transport: HubSpotTransport,
	objectType: string,
	key: string,
	cause: unknown,
): NodeApiError {
	const reason = transport.mapError(cause, { operation: `read of ${objectType} by key` });
	return new NodeApiError(
		transport.node,
		{ message: reason.message },
		{
			message: `Could not check whether the ${objectType} with key ${key} was created after HubSpot's answer was lost: ${reason.message}`,
			description: reason.description ?? undefined,
			httpCode: reason.httpCode ?? undefined,
		},
	);
}

/**
 * Creates `records` (with their inline associations), one answer per input. `toInput` gives the
 * body of each create. Without `lookup` every create behaves as unkeyed.
 */
export async function createRecords(
	transport: HubSpotTransport,
	objectType: string,
	creates: CreateRecordAction[],
	toInput: (create: CreateRecordAction) => Parameters<HubSpotTransport['batchCreate']>[1][number],
	lookup: KeyLookup | undefined,
): Promise<Array<BatchItemResult<CreatedRecord>>> {
	const answers = new Array<BatchItemResult<CreatedRecord>>(creates.length);
	// Creates this call sent that may have been applied: what a lookup finds for them is their own.
	const maybeMade = new Set<number>();
	let pending = creates.map((_, position) => position);
	for (let round = 0; pending.length > 0; round++) {
		if (round > 0) {
			// Cancelled while waiting: the creates still pending keep the failure they had.
			const waited = await transport.waitBeforeRetry(round).then(
				() => true,
				() => false,
			);
			if (!waited) break;
		}
		const sent = await transport.batchCreate(
			objectType,
			pending.map((position) => toInput(creates[position])),
		);
		const unsure: number[] = [];
		pending.forEach((position, index) => {
			const answer = sent[index];
			if (answer.ok) {
				answers[position] = { ok: true, value: { record: answer.value, existing: false } };
				return;
			}
			answers[position] = answer;
			const applied = mayHaveBeenApplied(answer.error);
			if (applied) maybeMade.add(position);
			const keyed = lookup !== undefined && isKeyed(creates[position]);
			if (keyed && (applied || isDuplicateRefusal(answer.error))) unsure.push(position);
			else if (applied) {
				answers[position] = {
					ok: false,
					error: answerLost(transport, objectType, answer.error),
				};
			}
		});
		pending = [];
		if (unsure.length === 0 || !lookup) break;
		if (round >= transport.maxRetries) {
			for (const position of unsure) {
				const answer = answers[position];
				if (answer.ok || !mayHaveBeenApplied(answer.error)) continue;
				const key = (creates[position] as KeyedCreate).idempotencyKey;
				answers[position] = {
					ok: false,
					error: answerLost(transport, objectType, answer.error, key),
				};
			}
			break;
		}
		let found: Array<HubSpotRecord | undefined>;
		try {
			found = await lookup(
				objectType,
				unsure.map((position) => creates[position] as KeyedCreate),
			);
		} catch (error) {
			for (const position of unsure) {
				const key = (creates[position] as KeyedCreate).idempotencyKey;
				answers[position] = { ok: false, error: uncheckable(transport, objectType, key, error) };
			}
			break;
		}
		unsure.forEach((position, index) => {
			const record = found[index];
			if (record) {
				answers[position] = { ok: true, value: { record, existing: !maybeMade.has(position) } };
			} else pending.push(position);
		});
	}
	return answers;
}

/**
 * The lookup by a unique-value property holding the key: a batch read with `idProperty`. A key
 * HubSpot does not know is absent; any other failure rejects, as nothing can be told. Absent by
 * mistake would be safe too: the create that follows is refused as a duplicate and looked up again.
 */
export function lookupByProperty(transport: HubSpotTransport, property: string): KeyLookup {
	return async (objectType, creates) => {
		const names = new Set([
			property,
			...creates.flatMap((create) => Object.keys(create.properties)),
		]);
		const reads = await transport.batchRead(
			objectType,
			creates.map((create) => create.idempotencyKey),
			{ idProperty: property, properties: [...names] },
		);
		return reads.map((read) => {
			if (read.ok) return read.value;
			if (read.error.httpCode === '404') return undefined;
			if (/returned no result/.test(read.error.message)) return undefined;
			throw read.error;
		});
	};
}
