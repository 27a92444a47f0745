/**
 * Find Owner, while the phone rings: the caller's responsible owner (contact's or open deal's, in
 * the order chosen) and where to forward the call, from the cache when the caller was seen in the
 * last minutes, else from HubSpot (one search). An answer that would come after the deadline is
 * "not found", so the call goes on to the scheme's next step instead of timing out.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	EmployeeTable,
	forwardingBody,
	responsibleOwner,
	type AnswerFormat,
	type OwnerOrder,
	type Responsible,
} from '../domain/calls';
import { normalisePhoneNumber } from '../domain/phone';
import { mapItems } from '../shared/itemLoop';
import type { CacheValue } from '../shared/state';
import { hubSpotTransportFor, type HubSpotTransport } from '../shared/transport';
import { employeeTable, defaultCountryOf } from './callSettings';
import { callerOwnerCache, type CallerOwners } from './callerOwnerCache';
import { lookUpCustomers, OWNER } from './customerLookup';

/**
 * What HubSpot said of the caller; the order is applied when answering. The open deal is read
 * only when the answer may depend on it (deal first, or a contact without owner), so the usual
 * cold ring costs one search; an entry without it (`dealRead: false`) does not serve deal first.
 */
type Lookup = { contactOwnerId: string | null; dealOwnerId: string | null; dealRead: boolean };

function fail(ctx: IExecuteFunctions, itemIndex: number, message: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

async function fromHubSpot(
	transport: HubSpotTransport,
	e164: string,
	defaultCountry: string | undefined,
	order: OwnerOrder,
): Promise<Lookup> {
	let dealRead = false;
	const customers = await lookUpCustomers(transport, [e164], {
		defaultCountry,
		dealsWanted: (contact) => {
			dealRead = order === 'dealFirst' || !contact.properties[OWNER];
			return dealRead;
		},
	});
	const customer = customers.get(e164) ?? {};
	return {
		contactOwnerId: customer.contact?.ownerId ?? null,
		dealOwnerId: customer.openDeal?.ownerId ?? null,
		// no contact: there is no deal of its to read
		dealRead: dealRead || customer.contact === undefined,
	};
}

/** The cached answer, unless the order needs the deal and the entry has none; and the generation. */
async function cached(
	cache: CallerOwners,
	e164: string,
	order: OwnerOrder,
): Promise<{ lookup?: Lookup; generation?: string }> {
	const read = await cache.read(e164).catch(() => undefined);
	const value = read?.value;
	if (!value || typeof value !== 'object' || Array.isArray(value) || !('contactOwnerId' in value)) {
		return { generation: read?.generation };
	}
	const lookup = value as unknown as Lookup;
	const dealNeeded = order === 'dealFirst' || !lookup.contactOwnerId;
	return dealNeeded && lookup.dealRead === false
		? { generation: read?.generation }
		: { lookup, generation: read?.generation };
}

/** Ringostat's forwarding parameter, wherever n8n's Webhook node put it. */
function callerOf(json: IDataObject): string {
	for (const place of [json.query, json.body, json]) {
		if (place && typeof place === 'object' && !Array.isArray(place)) {
			const value = (place as IDataObject).caller;
			if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
		}
	}
	return '';
}

function answerFormatOf(ctx: IExecuteFunctions, itemIndex: number): AnswerFormat {
	if (ctx.getNodeParameter('answerFormat', itemIndex, 'text') === 'text') return { kind: 'text' };
	const key = String(ctx.getNodeParameter('answerKey', itemIndex, 'destination') ?? '').trim();
	if (key === '') fail(ctx, itemIndex, 'Answer Key: give the JSON key the destination goes in');
	return { kind: 'json', key };
}

export async function executeFindOwner(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const cache = await callerOwnerCache(this);
	let transport: HubSpotTransport | undefined;
	const output = await mapItems(this, async (item, itemIndex) => {
		const country = defaultCountryOf(this, itemIndex);
		const raw =
			String(this.getNodeParameter('callerNumber', itemIndex, '') ?? '').trim() ||
			callerOf(item.json);
		const number = normalisePhoneNumber(raw, country);
		if (!number.ok) fail(this, itemIndex, `Caller Number: ${number.reason}`);
		const order = this.getNodeParameter('ownerOrder', itemIndex, 'contactFirst') as OwnerOrder;
		const started = Date.now();
		const deadlineMs = Number(this.getNodeParameter('answerWithinMs', itemIndex, 2000));
		if (!Number.isFinite(deadlineMs) || deadlineMs < 0) {
			fail(this, itemIndex, `Answer Within (Ms): "${deadlineMs}" is not a number of milliseconds`);
		}
		const cacheSeconds = Number(this.getNodeParameter('cacheSeconds', itemIndex, 300));
		if (!Number.isFinite(cacheSeconds) || cacheSeconds < 0) {
			fail(
				this,
				itemIndex,
				`Remember Owners For (Seconds): "${cacheSeconds}" is not a number of seconds`,
			);
		}
		const cacheMs = cacheSeconds * 1000;
		const format = answerFormatOf(this, itemIndex);
		const employees: EmployeeTable = employeeTable(this, itemIndex, country);

		let source: 'cache' | 'hubspot' | 'deadline' | 'failed' = 'cache';
		let failure: string | undefined;
		const fromCache = await cached(cache, number.e164, order);
		let lookup = fromCache.lookup;
		if (!lookup) {
			transport ??= await hubSpotTransportFor(this);
			// Read before HubSpot is asked: a forget meanwhile makes this answer unreadable.
			const { generation } = fromCache;
			const pending = fromHubSpot(transport, number.e164, country, order);
			// The answer fills the cache whenever it comes, also after the deadline: the next ring
			// of the same caller is then answered at once. A failure is only reported below.
			pending.then(
				async (found) =>
					cacheMs > 0 && generation !== undefined
						? await cache
								.remember(number.e164, found as unknown as CacheValue, generation, cacheMs)
								.catch(() => undefined)
						: undefined,
				() => undefined,
			);
			let timer: NodeJS.Timeout | undefined;
			const late = new Promise<'late'>((resolve) => {
				// The deadline counts from the item's start, the cache read included.
				timer = setTimeout(() => resolve('late'), Math.max(0, deadlineMs - (Date.now() - started)));
			});
			try {
				const outcome = await Promise.race([
					pending.then(
						(found) => ({ found }),
						(error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
					),
					late,
				]);
				if (outcome === 'late') source = 'deadline';
				else if ('error' in outcome) {
					source = 'failed';
					failure = outcome.error;
				} else {
					source = 'hubspot';
					lookup = outcome.found;
				}
			} finally {
				clearTimeout(timer);
			}
		}
		const owner: Responsible | undefined = lookup
			? responsibleOwner(order, lookup.contactOwnerId ?? undefined, lookup.dealOwnerId ?? undefined)
			: undefined;
		const destinations = owner ? employees.destinationsOf(owner.ownerId) : [];
		const json: IDataObject = {
			callerNumber: number.e164,
			found: destinations.length > 0,
			ownerId: owner?.ownerId ?? null,
			ownerFrom: owner?.from ?? null,
			destination: destinations[0] ?? null,
			destinations,
			answer: forwardingBody(destinations[0], format),
			contentType: format.kind === 'text' ? 'text/plain' : 'application/json',
			source,
		};
		if (source === 'deadline') json.reason = `HubSpot did not answer within ${deadlineMs} ms`;
		else if (source === 'failed') json.reason = `HubSpot failed: ${failure}`;
		else if (!owner) json.reason = 'no contact or open deal with an owner has this number';
		else if (destinations.length === 0) {
			json.reason = `owner ${owner.ownerId} has no destination in the employee table`;
		}
		return json;
	});
	return [output];
}
