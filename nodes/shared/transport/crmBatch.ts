/**
 * Batch read/create/update/archive for any CRM object type: chunks of 100 sent in parallel (the
 * shared limiter decides how many are in flight), answers put back in input order. A 401/403 stops
 * the whole operation; any other failed chunk becomes a per-input error for each of its inputs.
 */
import type { PublicAssociationsForObject } from '@hubspot/api-client/lib/codegen/crm/objects';
import type { NodeApiError } from 'n8n-workflow';

import {
	chunkPositions,
	matchChunkAnswers,
	type ChunkAnswer,
	type PerInputError,
} from './batchResults';
import { batchItemError } from './hubspotErrors';
import type { TransportCore } from './HubSpotTransport';
import { toRecord } from './recordMapping';
import type {
	BatchItemResult,
	BatchReadOptions,
	HubSpotRecord,
	RecordToCreate,
	RecordToUpdate,
} from './types';

/** Authentication and scope failures affect every chunk alike, so they end the operation. */
export function isOperationFatal(error: NodeApiError): boolean {
	return error.httpCode === '401' || error.httpCode === '403';
}

/**
 * Runs `sendChunk` for every chunk in parallel and places its per-input answers at the positions
 * of the chunk's inputs.
 */
export async function runChunked<T>(
	core: TransportCore,
	chunks: number[][],
	total: number,
	operation: string,
	sendChunk: (positions: number[]) => Promise<Array<BatchItemResult<T>>>,
): Promise<Array<BatchItemResult<T>>> {
	const answers = new Array<BatchItemResult<T>>(total);
	await Promise.all(
		chunks.map(async (positions) => {
			try {
				const chunkAnswers = await sendChunk(positions);
				positions.forEach((position, index) => (answers[position] = chunkAnswers[index]));
			} catch (error) {
				const mapped = core.mapError(error, { operation });
				if (isOperationFatal(mapped)) throw mapped;
				for (const position of positions) answers[position] = { ok: false, error: mapped };
			}
		}),
	);
	return answers;
}

export function toItemResults<TResult, TValue>(
	core: TransportCore,
	answers: Array<ChunkAnswer<TResult>>,
	operation: string,
	toValue: (result: TResult) => TValue,
): Array<BatchItemResult<TValue>> {
	return answers.map((answer): BatchItemResult<TValue> => {
		if (answer.kind === 'result') return { ok: true, value: toValue(answer.value) };
		if (answer.kind === 'error')
			return { ok: false, error: batchItemError(core.node, answer.error, operation) };
		const reasons = answer.unmatchedErrors.map((error) => error.message).filter(Boolean);
		const message = `HubSpot returned no result for this input${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
		return {
			ok: false,
			error: batchItemError(core.node, { category: 'MISSING_RESULT', message }, operation),
		};
	});
}

interface BatchAnswer<TResult> {
	results: TResult[];
	errors?: PerInputError[];
}

type ClientRecord = Parameters<typeof toRecord>[0];

export async function getRecord(
	core: TransportCore,
	objectType: string,
	id: string,
	options: BatchReadOptions,
): Promise<HubSpotRecord> {
	const record = await core.request(
		`get ${objectType} ${id}`,
		async (apis) =>
			await apis.objects.basicApi.getById(
				objectType,
				id,
				options.properties,
				undefined,
				undefined,
				options.archived,
				options.idProperty,
			),
	);
	return toRecord(record);
}

export async function batchRead(
	core: TransportCore,
	objectType: string,
	ids: string[],
	options: BatchReadOptions,
): Promise<Array<BatchItemResult<HubSpotRecord>>> {
	const operation = `batch read of ${objectType}`;
	const idProperty = options.idProperty;
	return await runChunked(core, chunkPositions(ids), ids.length, operation, async (positions) => {
		const keys = positions.map((position) => ids[position]);
		const answer = (await core.request(
			operation,
			async (apis) =>
				await apis.objects.batchApi.read(
					objectType,
					{
						inputs: keys.map((id) => ({ id })),
						properties: options.properties ?? [],
						propertiesWithHistory: [],
						...(idProperty ? { idProperty } : {}),
					},
					options.archived ?? false,
				),
		)) as BatchAnswer<ClientRecord>;
		const matched = matchChunkAnswers(keys, answer.results, answer.errors ?? [], (record) =>
			idProperty ? (record.properties[idProperty] ?? undefined) : String(record.id),
		);
		return toItemResults(core, matched, operation, toRecord);
	});
}

export async function batchCreate(
	core: TransportCore,
	objectType: string,
	inputs: RecordToCreate[],
): Promise<Array<BatchItemResult<HubSpotRecord>>> {
	const operation = `batch create of ${objectType}`;
	// The input's position doubles as its objectWriteTraceId, which HubSpot echoes on each result.
	const traceIds = inputs.map((_, position) => String(position));
	return await runChunked(
		core,
		chunkPositions(traceIds),
		inputs.length,
		operation,
		async (positions) => {
			const keys = positions.map((position) => traceIds[position]);
			const answer = (await core.request(
				operation,
				async (apis) =>
					await apis.objects.batchApi.create(objectType, {
						inputs: positions.map((position) => ({
							properties: inputs[position].properties,
							// The client types the category as its own enum; the JSON is the same string.
							associations: (inputs[position].associations ??
								[]) as unknown as PublicAssociationsForObject[],
							objectWriteTraceId: traceIds[position],
						})),
					}),
			)) as BatchAnswer<ClientRecord & { objectWriteTraceId?: string }>;
			const matched = matchChunkAnswers(
				keys,
				answer.results,
				answer.errors ?? [],
				(record) => record.objectWriteTraceId,
			);
			return toItemResults(core, matched, operation, toRecord);
		},
	);
}

export async function batchUpdate(
	core: TransportCore,
	objectType: string,
	inputs: RecordToUpdate[],
): Promise<Array<BatchItemResult<HubSpotRecord>>> {
	const operation = `batch update of ${objectType}`;
	const ids = inputs.map((input) => input.id);
	return await runChunked(
		core,
		chunkPositions(ids),
		inputs.length,
		operation,
		async (positions) => {
			const keys = positions.map((position) => ids[position]);
			const answer = (await core.request(
				operation,
				async (apis) =>
					await apis.objects.batchApi.update(objectType, {
						inputs: positions.map((position) => ({
							id: ids[position],
							properties: inputs[position].properties,
						})),
					}),
			)) as BatchAnswer<ClientRecord>;
			const matched = matchChunkAnswers(keys, answer.results, answer.errors ?? [], (record) =>
				String(record.id),
			);
			return toItemResults(core, matched, operation, toRecord);
		},
	);
}

export async function batchArchive(
	core: TransportCore,
	objectType: string,
	ids: string[],
): Promise<Array<BatchItemResult<{ id: string }>>> {
	const operation = `batch archive of ${objectType}`;
	return await runChunked(core, chunkPositions(ids), ids.length, operation, async (positions) => {
		const keys = positions.map((position) => ids[position]);
		await core.request(
			operation,
			async (apis) =>
				await apis.objects.batchApi.archive(objectType, { inputs: keys.map((id) => ({ id })) }),
		);
		// HubSpot answers 204 for the whole chunk (ids that do not exist are ignored).
		return keys.map((id) => ({ ok: true as const, value: { id } }));
	});
}
