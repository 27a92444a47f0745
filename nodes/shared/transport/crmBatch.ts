/**
 * Get one record, and batch read/create/update/archive for any CRM object type, each described
 * for the one chunked sender (./chunkedBatch): what identifies an input, how a chunk is sent.
 */
import type { PublicAssociationsForObject } from '@hubspot/api-client/lib/codegen/crm/objects';

import { sendChunked, type ChunkAnswerBody } from './chunkedBatch';
import { toRecord } from './recordMapping';
import type { TransportCore } from './transportCore';
import type {
	BatchItemResult,
	BatchReadOptions,
	HubSpotRecord,
	RecordToCreate,
	RecordToUpdate,
} from './types';

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
	return await sendChunked(core, {
		operation,
		inputs: ids,
		keyOf: (id) => id,
		send: async (chunk) =>
			(await core.request(
				operation,
				async (apis) =>
					await apis.objects.batchApi.read(
						objectType,
						{
							inputs: chunk.map((id) => ({ id })),
							properties: options.properties ?? [],
							propertiesWithHistory: [],
							...(idProperty ? { idProperty } : {}),
						},
						options.archived ?? false,
					),
			)) as ChunkAnswerBody<ClientRecord>,
		resultKey: (record) =>
			idProperty ? (record.properties[idProperty] ?? undefined) : String(record.id),
		toValue: toRecord,
	});
}

export async function batchCreate(
	core: TransportCore,
	objectType: string,
	inputs: RecordToCreate[],
): Promise<Array<BatchItemResult<HubSpotRecord>>> {
	const operation = `batch create of ${objectType}`;
	return await sendChunked(core, {
		operation,
		inputs,
		// The input's position doubles as its objectWriteTraceId, which HubSpot echoes on each result.
		keyOf: (_input, position) => String(position),
		send: async (chunk, traceIds) =>
			(await core.request(
				operation,
				async (apis) =>
					await apis.objects.batchApi.create(objectType, {
						inputs: chunk.map((input, index) => ({
							properties: input.properties,
							// The client types the category as its own enum; the JSON is the same string.
							associations: (input.associations ?? []) as unknown as PublicAssociationsForObject[],
							objectWriteTraceId: traceIds[index],
						})),
					}),
				// A create resent after HubSpot applied it would make a second record.
				{ idempotent: false },
			)) as ChunkAnswerBody<ClientRecord & { objectWriteTraceId?: string }>,
		resultKey: (record) => record.objectWriteTraceId,
		toValue: toRecord,
		isolateRefusals: true,
	});
}

export async function batchUpdate(
	core: TransportCore,
	objectType: string,
	inputs: RecordToUpdate[],
): Promise<Array<BatchItemResult<HubSpotRecord>>> {
	const operation = `batch update of ${objectType}`;
	return await sendChunked(core, {
		operation,
		inputs,
		keyOf: (input) => input.id,
		send: async (chunk) =>
			(await core.request(
				operation,
				async (apis) =>
					await apis.objects.batchApi.update(objectType, {
						inputs: chunk.map((input) => ({ id: input.id, properties: input.properties })),
					}),
			)) as ChunkAnswerBody<ClientRecord>,
		resultKey: (record) => String(record.id),
		toValue: toRecord,
		isolateRefusals: true,
	});
}

export async function batchArchive(
	core: TransportCore,
	objectType: string,
	ids: string[],
): Promise<Array<BatchItemResult<{ id: string }>>> {
	const operation = `batch archive of ${objectType}`;
	return await sendChunked(core, {
		operation,
		inputs: ids,
		keyOf: (id) => id,
		send: async (chunk) => {
			await core.request(
				operation,
				async (apis) =>
					await apis.objects.batchApi.archive(objectType, {
						inputs: chunk.map((id) => ({ id })),
					}),
			);
			// HubSpot answers 204 for the whole chunk (ids that do not exist are ignored).
			return { results: chunk.map((id) => ({ id })) };
		},
		resultKey: (result) => result.id,
		toValue: (result) => result,
	});
}
