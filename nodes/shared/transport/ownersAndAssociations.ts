/** Owners (with their teams) and associations v4: list, batch read, batch create default. */
import { chunkPositions, matchChunkAnswers, type PerInputError } from './batchResults';
import { runChunked, toItemResults } from './crmBatch';
import type { TransportCore } from './HubSpotTransport';
import { toAssociated, toOwner } from './recordMapping';
import type {
	AssociatedRecord,
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

interface AssociationBatchAnswer {
	results: Array<{
		_from: { id: string };
		to: ClientAssociated[];
		paging?: { next?: { after: string } };
	}>;
	errors?: PerInputError[];
}

export async function batchReadAssociations(
	core: TransportCore,
	fromObjectType: string,
	toObjectType: string,
	fromIds: string[],
): Promise<Array<BatchItemResult<AssociatedRecord[]>>> {
	const operation = `batch read of ${fromObjectType} associations to ${toObjectType}`;
	return await runChunked(
		core,
		chunkPositions(fromIds),
		fromIds.length,
		operation,
		async (positions) => {
			const keys = positions.map((position) => fromIds[position]);
			const answer = (await core.request(
				operation,
				async (apis) =>
					await apis.associations.batchApi.getPage(fromObjectType, toObjectType, {
						inputs: keys.map((id) => ({ id })),
					}),
			)) as AssociationBatchAnswer;
			const matched = matchChunkAnswers(keys, answer.results, answer.errors ?? [], (result) =>
				String(result._from.id),
			);
			// HubSpot reports a record without associations as OBJECT_NOT_FOUND; for callers that is [].
			const items = toItemResults(
				core,
				matched.map((entry) =>
					entry.kind === 'error' && entry.error.category === 'OBJECT_NOT_FOUND'
						? { kind: 'result' as const, value: { _from: { id: '' }, to: [] } }
						: entry,
				),
				operation,
				(result) => result.to.map(toAssociated),
			);
			// Rare: a record with more associations than one page holds; fetch the rest one by one.
			await Promise.all(
				matched.map(async (entry, index) => {
					const item = items[index];
					if (entry.kind !== 'result' || !item.ok || !entry.value.paging?.next?.after) return;
					item.value = await listAssociations(core, fromObjectType, keys[index], toObjectType);
				}),
			);
			return items;
		},
	);
}

interface DefaultAssociationAnswer {
	results: Array<{ _from: { id: string }; to: { id: string } }>;
	errors?: PerInputError[];
}

export async function batchAssociateDefault(
	core: TransportCore,
	fromObjectType: string,
	toObjectType: string,
	pairs: DefaultAssociationPair[],
): Promise<Array<BatchItemResult<DefaultAssociationPair>>> {
	const operation = `default association of ${fromObjectType} to ${toObjectType}`;
	const pairKeys = pairs.map((pair) => `${pair.fromId}->${pair.toId}`);
	return await runChunked(
		core,
		chunkPositions(pairKeys),
		pairs.length,
		operation,
		async (positions) => {
			const keys = positions.map((position) => pairKeys[position]);
			const answer = (await core.request(
				operation,
				async (apis) =>
					await apis.associations.batchApi.createDefault(fromObjectType, toObjectType, {
						inputs: positions.map((position) => ({
							_from: { id: pairs[position].fromId },
							to: { id: pairs[position].toId },
						})),
					}),
			)) as DefaultAssociationAnswer;
			// HubSpot answers with one result per direction of each association; key them by pair, and
			// key errors by the fromObjectId/toObjectId pair their context names.
			const pairErrors = (answer.errors ?? []).map((error) => {
				const context = (error.context ?? {}) as Record<string, string[] | undefined>;
				const pair = `${context.fromObjectId?.[0]}->${context.toObjectId?.[0]}`;
				return { ...error, context: { ...context, pair: [pair] } };
			});
			const matched = matchChunkAnswers(
				keys,
				answer.results.filter((result) => keys.includes(`${result._from.id}->${result.to.id}`)),
				pairErrors,
				(result) => `${result._from.id}->${result.to.id}`,
			);
			const byPosition = positions.map((position) => pairs[position]);
			return toItemResults(core, matched, operation, () => undefined).map((item, index) =>
				item.ok ? { ok: true as const, value: byPosition[index] } : item,
			);
		},
	);
}
