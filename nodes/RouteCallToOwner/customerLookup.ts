/**
 * What HubSpot knows of a caller, for the call matrix: the contact with this number, whatever the
 * format it was stored in (one search on HubSpot's searchable calculated phone numbers, phone and
 * mobile), else the contact this node made for the number (read by its key, which the search index
 * may not show yet); and that contact's open deal, the newest in a stage that is not closed.
 */
import type { KnownRecord } from '../domain/calls';
import { normalisePhoneNumber, phoneSearchValues } from '../domain/phone';
import { DEFAULT_IDEMPOTENCY_PROPERTY } from '../shared/crm';
import type { HubSpotRecord, HubSpotTransport } from '../shared/transport';

export const OWNER = 'hubspot_owner_id';

/** The key a new caller's contact is made with: any later call from the number finds it by key. */
export function callerContactKey(e164: string): string {
	return `caller:${e164}`;
}

export function callerDealKey(e164: string): string {
	return `caller:${e164}:deal`;
}

export interface Customer {
	contact?: KnownRecord;
	openDeal?: KnownRecord;
}

const known = (record: HubSpotRecord): KnownRecord => ({
	id: record.id,
	...(record.properties[OWNER] ? { ownerId: String(record.properties[OWNER]) } : {}),
});

async function searchByPhone(
	transport: HubSpotTransport,
	e164: string,
	defaultCountry: string | undefined,
): Promise<HubSpotRecord | undefined> {
	const values = phoneSearchValues(e164);
	const pages = transport.searchPages(
		'contacts',
		{
			filterGroups: [
				{
					filters: [
						{ propertyName: 'hs_searchable_calculated_phone_number', operator: 'IN', values },
					],
				},
				{
					filters: [
						{ propertyName: 'hs_searchable_calculated_mobile_number', operator: 'IN', values },
					],
				},
			],
			properties: [OWNER, 'phone', 'mobilephone'],
		},
		{ pageSize: 10 },
	);
	// The search matches the national digits, which another country's number may share: the
	// oldest contact whose phone or mobile is this very number wins (sorted by id: the one people
	// work on), else the oldest the search found.
	for await (const page of pages) {
		const same = page.records.find((record) =>
			['phone', 'mobilephone'].some((property) => {
				const stored = record.properties[property];
				if (!stored) return false;
				const read = normalisePhoneNumber(String(stored), defaultCountry);
				return read.ok && read.e164 === e164;
			}),
		);
		return same ?? page.records[0];
	}
	return undefined;
}

/** Records read by key, per key; absent ones are left out. */
async function readKeys(
	transport: HubSpotTransport,
	objectType: string,
	keys: string[],
): Promise<Map<string, HubSpotRecord>> {
	const found = new Map<string, HubSpotRecord>();
	if (keys.length === 0) return found;
	const reads = await transport.batchRead(objectType, keys, {
		idProperty: DEFAULT_IDEMPOTENCY_PROPERTY,
		properties: [OWNER],
	});
	reads.forEach((read, index) => {
		if (read.ok) found.set(keys[index], read.value);
		else if (read.error.httpCode !== '404' && !/returned no result/.test(read.error.message)) {
			throw read.error;
		}
	});
	return found;
}

/**
 * Contacts this node made for numbers the search did not find, by their key. One whose deal (made
 * right after it, by key too) is missing was left half-made by a failed run: it is left out, so the
 * caller is new again and the retry makes the deal (the contact's create finds the contact).
 */
async function readByKey(
	transport: HubSpotTransport,
	numbers: string[],
): Promise<Map<string, HubSpotRecord>> {
	const contacts = await readKeys(transport, 'contacts', numbers.map(callerContactKey));
	const made = numbers.filter((number) => contacts.has(callerContactKey(number)));
	const deals = await readKeys(transport, 'deals', made.map(callerDealKey));
	const found = new Map<string, HubSpotRecord>();
	for (const number of made) {
		if (deals.has(callerDealKey(number)))
			found.set(number, contacts.get(callerContactKey(number))!);
	}
	return found;
}

async function openDeals(
	transport: HubSpotTransport,
	contactIds: string[],
	preferredPipelineId: string | undefined,
): Promise<Map<string, KnownRecord>> {
	const open = new Map<string, KnownRecord>();
	if (contactIds.length === 0) return open;
	const links = await transport.batchReadAssociations('contacts', 'deals', contactIds);
	const dealIds = [
		...new Set(links.flatMap((link) => (link.ok ? link.value.map((deal) => deal.toObjectId) : []))),
	];
	const failedLink = links.find((link) => !link.ok);
	if (failedLink && !failedLink.ok) throw failedLink.error;
	if (dealIds.length === 0) return open;
	const [deals, pipelines] = await Promise.all([
		transport.batchRead('deals', dealIds, { properties: [OWNER, 'dealstage', 'pipeline'] }),
		transport.pipelines('deals'),
	]);
	const closed = new Set(
		pipelines.flatMap((pipeline) =>
			pipeline.stages.filter((stage) => stage.closed).map((stage) => `${pipeline.id}:${stage.id}`),
		),
	);
	const dealById = new Map<string, HubSpotRecord>();
	for (const deal of deals) {
		if (!deal.ok) continue; // deleted since it was linked
		const { pipeline, dealstage } = deal.value.properties;
		if (!closed.has(`${pipeline}:${dealstage}`)) dealById.set(deal.value.id, deal.value);
	}
	links.forEach((link, index) => {
		if (!link.ok) return;
		// The newest open deal in the node's pipeline, else the newest in any (ids grow with creation).
		const inPipeline = (deal: HubSpotRecord) =>
			deal.properties.pipeline === preferredPipelineId ? 1 : 0;
		const newest = link.value
			.map((deal) => dealById.get(deal.toObjectId))
			.filter((deal): deal is HubSpotRecord => deal !== undefined)
			.sort(
				(first, second) =>
					inPipeline(second) - inPipeline(first) || Number(second.id) - Number(first.id),
			)[0];
		if (newest) open.set(contactIds[index], known(newest));
	});
	return open;
}

/** The customer behind each number (E.164), in one pass for all the items of an execution. */
export async function lookUpCustomers(
	transport: HubSpotTransport,
	numbers: string[],
	options: {
		defaultCountry?: string;
		pipelineId?: string;
		/** Whether a contact's open deal is wanted; default every contact's (one call fewer without). */
		dealsWanted?: (contact: HubSpotRecord) => boolean;
	} = {},
): Promise<Map<string, Customer>> {
	const distinct = [...new Set(numbers)];
	const contacts = new Map<string, HubSpotRecord>();
	for (const number of distinct) {
		const contact = await searchByPhone(transport, number, options.defaultCountry);
		if (contact) contacts.set(number, contact);
	}
	const byKey = await readByKey(
		transport,
		distinct.filter((number) => !contacts.has(number)),
	);
	for (const [number, contact] of byKey) contacts.set(number, contact);
	const wanted = [...contacts.values()].filter((c) => options.dealsWanted?.(c) ?? true);
	const deals = await openDeals(
		transport,
		[...new Set(wanted.map((c) => c.id))],
		options.pipelineId,
	);
	const customers = new Map<string, Customer>();
	for (const number of distinct) {
		const contact = contacts.get(number);
		customers.set(
			number,
			contact ? { contact: known(contact), openDeal: deals.get(contact.id) } : {},
		);
	}
	return customers;
}
