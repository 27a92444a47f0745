/**
 * Search over any number of results, paged by key: every page is a fresh query sorted by
 * hs_object_id with `hs_object_id > last id seen` added to each filter group, never HubSpot's
 * `after`. Within one query `after` is an offset into the current result set, so a record that
 * leaves it (completed, deleted) between two pages shifts every later one down and the page after
 * skips a record; a key never moves. The same query also passes HubSpot's 10,000-result cap, and
 * costs one search per page either way. Pages are yielded as they arrive, so memory stays flat
 * however many records match.
 */
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects';
import { NodeOperationError } from 'n8n-workflow';

import type { TransportCore } from './transportCore';
import { toRecord } from './recordMapping';
import type { SearchFilter, SearchPage, SearchRequest } from './types';

export const SEARCH_PAGE_LIMIT = 200;
/** HubSpot answers 400 for any page beyond the 10,000th result of one query. */
export const SEARCH_RESULT_CAP = 10_000;
const MAX_FILTERS_PER_GROUP = 6;
const ID_PROPERTY = 'hs_object_id';

type ClientRecord = Parameters<typeof toRecord>[0];

interface SearchAnswer {
	total: number;
	results: ClientRecord[];
	paging?: { next?: { after: string } };
}

function withIdFloor(
	request: SearchRequest,
	lastSeenId: string | undefined,
): Array<{ filters: SearchFilter[] }> {
	const groups = request.filterGroups?.length ? request.filterGroups : [{ filters: [] }];
	if (lastSeenId === undefined) return groups.filter((group) => group.filters.length > 0);
	const floor: SearchFilter = { propertyName: ID_PROPERTY, operator: 'GT', value: lastSeenId };
	return groups.map((group) => ({ filters: [...group.filters, floor] }));
}

export async function* searchPages(
	core: TransportCore,
	objectType: string,
	request: SearchRequest,
	options: { pageSize?: number },
): AsyncGenerator<SearchPage> {
	const pageSize = Math.min(Math.max(1, options.pageSize ?? SEARCH_PAGE_LIMIT), SEARCH_PAGE_LIMIT);
	const crowded = (request.filterGroups ?? []).find(
		(group) => group.filters.length >= MAX_FILTERS_PER_GROUP,
	);
	if (crowded) {
		throw new NodeOperationError(
			core.node,
			`A search filter group may hold at most ${MAX_FILTERS_PER_GROUP - 1} filters here`,
			{
				description: 'One slot per group is kept for the hs_object_id key the pages are read by.',
			},
		);
	}
	const operation = `search of ${objectType}`;
	let total: number | undefined;
	let searchCalls = 0;
	let lastSeenId: string | undefined;

	for (;;) {
		const filterGroups = withIdFloor(request, lastSeenId);
		searchCalls++;
		const answer = (await core.request(
			operation,
			async (apis) =>
				await apis.objects.searchApi.doSearch(objectType, {
					filterGroups: filterGroups.map((group) => ({
						filters: group.filters.map((filter) => ({
							...filter,
							operator: filter.operator as unknown as FilterOperatorEnum,
						})),
					})),
					properties: request.properties ?? [],
					sorts: [ID_PROPERTY],
					limit: pageSize,
					after: '0',
					...(request.query ? { query: request.query } : {}),
				}),
			{ search: true },
		)) as SearchAnswer;
		total ??= answer.total;
		const records = answer.results.map(toRecord);
		if (records.length === 0) return;
		const pageLastId = records[records.length - 1].id;
		if (lastSeenId !== undefined && !(Number(pageLastId) > Number(lastSeenId))) {
			// A page not above the key would be read again forever.
			throw new NodeOperationError(
				core.node,
				`HubSpot's ${operation} did not page forward: ${ID_PROPERTY} ${pageLastId} after ${lastSeenId}`,
			);
		}
		lastSeenId = pageLastId;
		yield { records, total, searchCalls, lastId: lastSeenId };
		// No next page means this query had no more results than this page.
		if (!answer.paging?.next?.after) return;
	}
}
