/**
 * Records changed since a time, oldest change first, each read once, past HubSpot's
 * 10,000-result cap: every page is a fresh search for `date >= the last date read`, sorted by that
 * date, never HubSpot's `after` offset (a record changed while the pages are read moves to the
 * end of the results and would shift an offset). The records read again at the boundary date are
 * dropped here. A page whose records all carry the boundary date (a bulk import can give hundreds
 * one millisecond) is read on by record id (crmSearch), then the date moves on by one millisecond.
 */
import { epochMsOf } from '../../domain/poll';
import { SEARCH_PAGE_LIMIT, searchPages } from './crmSearch';
import { toRecord } from './recordMapping';
import type { TransportCore } from './transportCore';
import type { HubSpotRecord } from './types';

export interface ChangeFeedRequest {
	/** The datetime property searched and sorted by, e.g. hs_lastmodifieddate. */
	dateProperty: string;
	/** Changes at or after this time (epoch ms). */
	fromMs: number;
	properties: string[];
	pageSize?: number;
}

export interface ChangedRecord {
	record: HubSpotRecord;
	/** The record's `dateProperty` in epoch ms. */
	atMs: number;
}

export interface ChangePage {
	records: ChangedRecord[];
	/** Searches sent so far for this feed (retries excluded). */
	searchCalls: number;
}

type ClientRecord = Parameters<typeof toRecord>[0];

/**
 * HubSpot's documented sort object, the only form with a direction; the client types `sorts` as
 * strings (hubspot-api-nodejs issue #559) and sends what it is given.
 */
export function sortBy(propertyName: string, direction: 'ASCENDING' | 'DESCENDING'): string[] {
	return [{ propertyName, direction }] as unknown as string[];
}

interface SearchAnswer {
	results: ClientRecord[];
	paging?: { next?: { after: string } };
}

function dated(records: HubSpotRecord[], dateProperty: string): ChangedRecord[] {
	// A record without the date cannot be placed in the order: HubSpot's filter already excludes it.
	return records.flatMap((record) => {
		const atMs = epochMsOf(record.properties[dateProperty]);
		return atMs === undefined ? [] : [{ record, atMs }];
	});
}

export async function* changedRecords(
	core: TransportCore,
	objectType: string,
	request: ChangeFeedRequest,
): AsyncGenerator<ChangePage> {
	const pageSize = Math.min(Math.max(1, request.pageSize ?? SEARCH_PAGE_LIMIT), SEARCH_PAGE_LIMIT);
	const properties = [...new Set([...request.properties, request.dateProperty])];
	const operation = `search of ${objectType} changed since a date`;
	let boundMs = Math.max(0, Math.floor(request.fromMs));
	/** Ids read at exactly `boundMs`: the next search, from `boundMs` on, returns them again. */
	let readAtBound = new Set<string>();
	let searchCalls = 0;

	for (;;) {
		searchCalls++;
		const answer = (await core.request(
			operation,
			async (apis) =>
				await apis.objects.searchApi.doSearch(objectType, {
					filterGroups: [
						{
							filters: [
								{
									propertyName: request.dateProperty,
									operator: 'GTE' as never,
									value: String(boundMs),
								},
							],
						},
					],
					properties,
					sorts: sortBy(request.dateProperty, 'ASCENDING'),
					limit: pageSize,
					after: '0',
				}),
			{ search: true },
		)) as SearchAnswer;
		const page = dated(answer.results.map(toRecord), request.dateProperty);
		const fresh = page.filter(
			({ record, atMs }) => !(atMs === boundMs && readAtBound.has(record.id)),
		);
		for (const { record, atMs } of fresh) if (atMs === boundMs) readAtBound.add(record.id);
		if (fresh.length > 0) yield { records: fresh, searchCalls };
		const full = answer.results.length >= pageSize && Boolean(answer.paging?.next?.after);
		if (!full || page.length === 0) return;

		const lastMs = page[page.length - 1].atMs;
		if (lastMs > boundMs) {
			boundMs = lastMs;
			readAtBound = new Set(
				page.filter(({ atMs }) => atMs === lastMs).map(({ record }) => record.id),
			);
			continue;
		}
		// A full page at one date: read that date by id, then go on after it.
		let tieCalls = 0;
		for await (const tie of searchPages(
			core,
			objectType,
			{
				filterGroups: [
					{
						filters: [
							{ propertyName: request.dateProperty, operator: 'EQ', value: String(boundMs) },
						],
					},
				],
				properties,
			},
			{ pageSize },
		)) {
			const unread = dated(tie.records, request.dateProperty).filter(
				({ record }) => !readAtBound.has(record.id),
			);
			for (const { record } of unread) readAtBound.add(record.id);
			tieCalls = tie.searchCalls;
			if (unread.length > 0) yield { records: unread, searchCalls: searchCalls + tieCalls };
		}
		searchCalls += tieCalls;
		boundMs += 1;
		readAtBound = new Set();
	}
}
