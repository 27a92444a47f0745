/**
 * "Also Associate With": the task goes on the record's own contacts, companies and deals too.
 * One batch read per record type and associated type (100 records a request), for the items
 * that ask; a record linked to many (a company's contacts) gives its first few only.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { AssociationTarget } from '../domain/crm';
import type { HubSpotTransport } from '../shared/transport';
import type { ItemSettings } from './itemSettings';

export const ASSOCIABLE_TYPES = ['contacts', 'companies', 'deals'] as const;
/** Per associated type: a task on hundreds of records helps nobody and swells the create. */
export const MAX_ASSOCIATED_PER_TYPE = 10;

export type AssociatedByRecord = Map<string, AssociationTarget[] | Error>;

export const recordKey = (record: { apiName: string; id: string }) =>
	`${record.apiName}:${record.id}`;

function wantedTypes(ctx: IExecuteFunctions, itemIndex: number, ownType: string): string[] {
	const chosen = ctx.getNodeParameter('associateWith', itemIndex, []) as unknown;
	return (Array.isArray(chosen) ? chosen.map(String) : []).filter(
		(type) => (ASSOCIABLE_TYPES as readonly string[]).includes(type) && type !== ownType,
	);
}

/** Per record (`apiName:id`), the associations its tasks get beyond the record; or the read's error. */
export async function readAssociatedRecords(
	ctx: IExecuteFunctions,
	transport: HubSpotTransport,
	settings: Array<ItemSettings | undefined>,
): Promise<AssociatedByRecord> {
	const idsByPair = new Map<string, Set<string>>();
	settings.forEach((item, itemIndex) => {
		if (!item) return;
		for (const toType of wantedTypes(ctx, itemIndex, item.record.apiName)) {
			const pair = `${item.record.apiName}>${toType}`;
			const ids = idsByPair.get(pair) ?? new Set<string>();
			ids.add(item.record.id);
			idsByPair.set(pair, ids);
		}
	});
	const found: AssociatedByRecord = new Map();
	for (const [pair, idSet] of idsByPair) {
		const [fromType, toType] = pair.split('>');
		const ids = [...idSet];
		const answers = await transport.batchReadAssociations(fromType, toType, ids);
		answers.forEach((answer, index) => {
			const key = recordKey({ apiName: fromType, id: ids[index] });
			const known = found.get(key);
			if (known instanceof Error) return;
			if (!answer.ok) {
				found.set(key, answer.error);
				return;
			}
			const targets = answer.value
				.slice(0, MAX_ASSOCIATED_PER_TYPE)
				.map((associated) => ({ toObjectType: toType, toId: String(associated.toObjectId) }));
			found.set(key, [...(known ?? []), ...targets]);
		});
	}
	return found;
}
