/**
 * Owners (with their teams) and associations v4: list, batch read, batch create (with a type or
 * HubSpot's default).
 */
import type { PublicAssociationMultiPost } from '@hubspot/api-client/lib/codegen/crm/associations/v4';

import type { PerInputError } from './batchResults';
import { sendChunked, type ChunkAnswerBody } from './chunkedBatch';
import { toAssociated, toOwner } from './recordMapping';
import type { TransportCore } from './transportCore';
import type {
	AssociatedRecord,
	AssociationToCreate,
	BatchItemResult,
	DefaultAssociationPair,
	HubSpotOwner,
} from './types';

const OWNERS_PAGE_LIMIT = 500;
const ASSOCIATIONS_PAGE_LIMIT = 500;

type ClientOwner = Parameters<typeof toOwner>[0];
type ClientAssociated = Parameters<typeof toAssociated>[0];

export async function listOwners(
	core: TransportCore,
	options: { email?: string; includeArchived?: boolean },
): Promise<HubSpotOwner[]> {
	const owners: HubSpotOwner[] = [];
	// Active and archived owners are separate listings in HubSpot.
	const listings = options.includeArchived ? [false, true] : [false];
	for (const archived of listings) {
		let after: string | undefined;
		do {
			const page = await core.request(
				'list owners',
				async (apis) =>
					await apis.owners.getPage(options.email, after, OWNERS_PAGE_LIMIT, archived),
			);
			owners.push(...page.results.map((owner) => toOwner(owner as ClientOwner)));
			after = page.paging?.next?.after;
		} while (after);
	}
	return owners;
}

export async function getOwner(
	core: TransportCore,
	ownerId: string,
): Promise<HubSpotOwner | undefined> {
	const numericId = Number(ownerId);
	if (!Number.isInteger(numericId)) return undefined;
	const owner = await core
		.request(`get owner ${ownerId}`, async (apis) => await apis.owners.getById(numericId, 'id'))
		.catch((error: unknown) => {
			const mapped = core.mapError(error);
			if (mapped.httpCode === '404') return undefined;
			throw mapped;
		});
	return owner ? toOwner(owner as ClientOwner) : undefined;
}

export async function listAssociations(
	core: TransportCore,
	fromObjectType: string,
	fromId: string,
	toObjectType: string,
): Promise<AssociatedRecord[]> {
	const associated: AssociatedRecord[] = [];
	let after: string | undefined;
	do {
		const page = await core.request(
			`list ${fromObjectType} ${fromId} associations to ${toObjectType}`,
			async (apis) =>
				await apis.associations.basicApi.getPage(
					fromObjectType,
					fromId,
					toObjectType,
					after,
					ASSOCIATIONS_PAGE_LIMIT,
				),
		);
		associated.push(...page.results.map((entry) => toAssociated(entry as ClientAssociated)));
		after = page.paging?.next?.after;
	} while (after);
	return associated;
}

interface AssociationPage {
	_from: { id: string };
	to: ClientAssociated[];
	paging?: { next?: { after: string } };
}

export async function batchReadAssociations(
	core: TransportCore,
	fromObjectType: string,
	toObjectType: string,
	fromIds: string[],
): Promise<Array<BatchItemResult<AssociatedRecord[]>>> {
	const operation = `batch read of ${fromObjectType} associations to ${toObjectType}`;
	return await sendChunked(core, {
		operation,
		inputs: fromIds,
		keyOf: (id) => id,
		send: async (chunk) => {
			const answer = (await core.request(
				operation,
				async (apis) =>
					await apis.associations.batchApi.getPage(fromObjectType, toObjectType, {
						inputs: chunk.map((id) => ({ id })),
					}),
			)) as ChunkAnswerBody<AssociationPage>;
			const results = await Promise.all(
				answer.results.map(async (page) => {
					const fromId = String(page._from.id);
					// Rare: more associations than one page holds; fetch the rest one by one.
					const associated = page.paging?.next?.after
						? await listAssociations(core, fromObjectType, fromId, toObjectType)
						: page.to.map(toAssociated);
					return { fromId, associated };
				}),
			);
			return { results, errors: answer.errors };
		},
		resultKey: (result) => result.fromId,
		// HubSpot reports a record without associations as OBJECT_NOT_FOUND; for callers that is [].
		errorAsResult: (error) =>
			error.category === 'OBJECT_NOT_FOUND' ? { fromId: '', associated: [] } : undefined,
		toValue: (result) => result.associated,
	});
}

const pairKey = (fromId: string, toId: string): string => `${fromId}->${toId}`;

/** Per-input errors keyed by the pair their context names (fromObjectId/toObjectId). */
function errorsByPair(errors: PerInputError[] = []): PerInputError[] {
	return errors.map((error) => {
		const context = (error.context ?? {}) as Record<string, string[] | undefined>;
		const pair = pairKey(String(context.fromObjectId?.[0]), String(context.toObjectId?.[0]));
		return { ...error, context: { ...context, pair: [pair] } };
	});
}

/** Associations with HubSpot's default type for the pair of object types. */
export async function batchAssociateDefault(
	core: TransportCore,
	fromObjectType: string,
	toObjectType: string,
	pairs: DefaultAssociationPair[],
): Promise<Array<BatchItemResult<DefaultAssociationPair>>> {
	const operation = `default association of ${fromObjectType} to ${toObjectType}`;
	return await sendChunked(core, {
		operation,
		inputs: pairs,
		keyOf: (pair) => pairKey(pair.fromId, pair.toId),
		// HubSpot answers with one result per direction of each association; matching by input key
		// leaves the reverse direction's results unread.
		send: async (chunk) => {
			const answer = (await core.request(
				operation,
				async (apis) =>
					await apis.associations.batchApi.createDefault(fromObjectType, toObjectType, {
						inputs: chunk.map((pair) => ({ _from: { id: pair.fromId }, to: { id: pair.toId } })),
					}),
			)) as ChunkAnswerBody<{ _from: { id: string }; to: { id: string } }>;
			return { results: answer.results, errors: errorsByPair(answer.errors) };
		},
		resultKey: (result) => pairKey(result._from.id, result.to.id),
		toValue: (_result, pair) => pair,
	});
}

/** Associations with the given types (labels), e.g. a USER_DEFINED one. */
export async function batchAssociate(
	core: TransportCore,
	fromObjectType: string,
	toObjectType: string,
	inputs: AssociationToCreate[],
): Promise<Array<BatchItemResult<DefaultAssociationPair>>> {
	const operation = `association of ${fromObjectType} to ${toObjectType}`;
	return await sendChunked(core, {
		operation,
		inputs,
		keyOf: (input) => pairKey(input.fromId, input.toId),
		send: async (chunk) => {
			const answer = (await core.request(
				operation,
				async (apis) =>
					await apis.associations.batchApi.create(fromObjectType, toObjectType, {
						inputs: chunk.map((input) => ({
							_from: { id: input.fromId },
							to: { id: input.toId },
							types: input.types,
						})) as unknown as PublicAssociationMultiPost[],
					}),
			)) as ChunkAnswerBody<{ fromObjectId: string | number; toObjectId: string | number }>;
			return { results: answer.results, errors: errorsByPair(answer.errors) };
		},
		resultKey: (result) => pairKey(String(result.fromObjectId), String(result.toObjectId)),
		toValue: (_result, input) => ({ fromId: input.fromId, toId: input.toId }),
	});
}
