/**
 * The one way a list goes to a HubSpot batch endpoint: inputs split into chunks of 100 (never the
 * same key twice in a chunk), chunks sent in parallel (the shared limiter decides how many are in
 * flight), each answer put back at its input's position. A 401/403 stops the whole operation; a
 * 400 is narrowed to the inputs it was about where the batch asks for it; any other failed chunk
 * becomes a per-input error for each of its inputs.
 */
import type { NodeApiError } from 'n8n-workflow';

import {
	chunkPositions,
	matchChunkAnswers,
	type ChunkAnswer,
	type PerInputError,
} from './batchResults';
import { batchItemError } from './hubspotErrors';
import type { TransportCore } from './transportCore';
import type { BatchItemResult } from './types';

/** What HubSpot answers for one chunk: the results and the per-input errors of a 207. */
export interface ChunkAnswerBody<TResult> {
	results: TResult[];
	errors?: PerInputError[];
}

export interface ChunkedBatch<TInput, TResult, TValue> {
	/** Names the call in errors, e.g. "batch update of tasks". */
	operation: string;
	inputs: TInput[];
	/** The key HubSpot knows an input by in its answer: id, idProperty value, trace id, pair. */
	keyOf: (input: TInput, position: number) => string;
	/** Sends one chunk through `core.request`; `keys[i]` is the key of `chunk[i]`. */
	send: (chunk: TInput[], keys: string[]) => Promise<ChunkAnswerBody<TResult>>;
	/** Reads the same key from a result; undefined when HubSpot does not echo it. */
	resultKey: (result: TResult) => string | undefined;
	toValue: (result: TResult, input: TInput) => TValue;
	/** A per-input error that is an answer for the caller (e.g. "no associations" = []). */
	errorAsResult?: (error: PerInputError) => TResult | undefined;
	/** A 400 for the whole chunk is narrowed to the inputs it was about (creates and updates). */
	isolateRefusals?: boolean;
}

/** Authentication and scope failures affect every chunk alike, so they end the operation. */
export function isOperationFatal(error: NodeApiError): boolean {
	return error.httpCode === '401' || error.httpCode === '403';
}

function toItemResult<TResult, TValue, TInput>(
	core: TransportCore,
	batch: ChunkedBatch<TInput, TResult, TValue>,
	answer: ChunkAnswer<TResult>,
	input: TInput,
): BatchItemResult<TValue> {
	if (answer.kind === 'result') return { ok: true, value: batch.toValue(answer.value, input) };
	if (answer.kind === 'error') {
		const recovered = batch.errorAsResult?.(answer.error);
		if (recovered !== undefined) return { ok: true, value: batch.toValue(recovered, input) };
		return { ok: false, error: batchItemError(core.node, answer.error, batch.operation) };
	}
	const reasons = answer.unmatchedErrors.map((error) => error.message).filter(Boolean);
	const message = `HubSpot returned no result for this input${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
	return {
		ok: false,
		error: batchItemError(core.node, { category: 'MISSING_RESULT', message }, batch.operation),
	};
}

/**
 * HubSpot validates a batch as one: a 400 refuses every input of the chunk and does not say which
 * one was wrong. Nothing of a refused chunk was applied, so its halves are sent again until each
 * refusal stands alone and the good inputs are written (about 2·log2(100) more calls per refused
 * input). When both halves are refused with the chunk's own message, the refusal is taken to be
 * common to all (e.g. a property missing from the portal) and splitting stops: 2 calls more.
 */
function isWholeChunkRefusal(error: NodeApiError): boolean {
	return error.httpCode === '400';
}

/** One answer per input, in input order. */
export async function sendChunked<TInput, TResult, TValue>(
	core: TransportCore,
	batch: ChunkedBatch<TInput, TResult, TValue>,
): Promise<Array<BatchItemResult<TValue>>> {
	const { inputs, operation } = batch;
	const keys = inputs.map((input, position) => batch.keyOf(input, position));
	const answers = new Array<BatchItemResult<TValue>>(inputs.length);
	const fail = (positions: number[], error: NodeApiError) => {
		for (const position of positions) answers[position] = { ok: false, error };
	};
	/** Sends one chunk; a failure other than a 401/403 is returned, its inputs still unanswered. */
	const attempt = async (positions: number[]): Promise<NodeApiError | undefined> => {
		const chunk = positions.map((position) => inputs[position]);
		const chunkKeys = positions.map((position) => keys[position]);
		let failure: NodeApiError;
		try {
			const body = await batch.send(chunk, chunkKeys);
			const matched = matchChunkAnswers(
				chunkKeys,
				body.results,
				body.errors ?? [],
				batch.resultKey,
			);
			positions.forEach((position, index) => {
				answers[position] = toItemResult(core, batch, matched[index], inputs[position]);
			});
			return undefined;
		} catch (error) {
			failure = core.mapError(error, { operation });
		}
		if (isOperationFatal(failure)) throw failure;
		return failure;
	};
	const isolate = async (positions: number[], refusal: NodeApiError): Promise<void> => {
		const half = Math.ceil(positions.length / 2);
		const halves = [positions.slice(0, half), positions.slice(half)];
		const refusals = await Promise.all(halves.map(attempt));
		if (refusals.every((halfRefusal) => halfRefusal?.message === refusal.message)) {
			fail(positions, refusal);
			return;
		}
		await Promise.all(
			halves.map(async (part, index) => {
				const partRefusal = refusals[index];
				if (!partRefusal) return;
				if (part.length > 1 && isWholeChunkRefusal(partRefusal)) await isolate(part, partRefusal);
				else fail(part, partRefusal);
			}),
		);
	};
	await Promise.all(
		chunkPositions(keys).map(async (positions) => {
			const failure = await attempt(positions);
			if (!failure) return;
			if (batch.isolateRefusals && positions.length > 1 && isWholeChunkRefusal(failure)) {
				await isolate(positions, failure);
			} else fail(positions, failure);
		}),
	);
	return answers;
}
