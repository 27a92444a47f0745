/**
 * Search over any number of results. HubSpot stops paging at 10,000 results per query, so the
 * search is sorted by hs_object_id and, before a window reaches that cap, restarted as a new query
 * with `hs_object_id > last id seen` added to every filter group. Pages are yielded as they
 * arrive, so memory stays flat however many records match.
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
				description:
					'One slot per group is kept for the hs_object_id window that gets past 10,000 results.',
			},
		);
	}
	const operation = `search of ${objectType}`;
	let total: number | undefined;
	let searchCalls = 0;
	let windows = 0;
	let lastSeenId: string | undefined;

	for (;;) {
		windows++;
		const filterGroups = withIdFloor(request, windows === 1 ? undefined : lastSeenId);
		let after = '0';
		let fetchedInWindow = 0;
		for (;;) {
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
						after,
						...(request.query ? { query: request.query } : {}),
					}),
				{ search: true },
			)) as SearchAnswer;
			total ??= answer.total;
			const records = answer.results.map(toRecord);
			fetchedInWindow += records.length;
			if (records.length > 0) lastSeenId = records[records.length - 1].id;
			if (records.length > 0) yield { records, total, searchCalls, windows };

			const next = answer.paging?.next?.after;
			if (!next || records.length === 0) return;
			if (fetchedInWindow + pageSize > SEARCH_RESULT_CAP) break; // the next page would cross the cap
			after = next;
		}
	}
}
