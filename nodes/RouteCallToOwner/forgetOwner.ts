/**
 * Forget Cached Owner: on an owner change in HubSpot (a contact's or a deal's hubspot_owner_id,
 * e.g. from the HubSpot Taskflow Trigger), Find Owner's cached answer for the numbers of that
 * contact, or of the deal's contacts, is forgotten, so the next ring asks HubSpot again.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalisePhoneNumber } from '../domain/phone';
import { pickedRecord, type RecordPickerOptions } from '../shared/descriptions';
import { mapItems } from '../shared/itemLoop';
import { hubSpotTransportFor, type HubSpotTransport } from '../shared/transport';
import { defaultCountryOf } from './callSettings';
import { callerOwnerCache } from './callerOwnerCache';

export const CHANGED_RECORD: RecordPickerOptions = {
	objectTypes: ['contact', 'deal'],
	typeParameter: 'changedRecordType',
	idParameter: 'changedRecordId',
	idDescription: 'The contact or deal whose owner changed, e.g. {{ $json.objectId }}',
};

const PHONE_PROPERTIES = ['phone', 'mobilephone'];

async function contactIdsOf(
	transport: HubSpotTransport,
	apiName: string,
	id: string,
): Promise<string[]> {
	if (apiName === 'contacts') return [id];
	const [links] = await transport.batchReadAssociations(apiName, 'contacts', [id]);
	if (!links.ok) throw links.error;
	return links.value.map((link) => link.toObjectId);
}

export async function executeForgetOwner(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const cache = await callerOwnerCache(this);
	const transport = await hubSpotTransportFor(this);
	const output = await mapItems(this, async (_item, itemIndex) => {
		const record = pickedRecord(this, itemIndex, CHANGED_RECORD);
		if (!/^\d+$/.test(record.id)) {
			throw new NodeOperationError(
				this.getNode(),
				`Record ID: "${record.id}" is not a HubSpot ID`,
				{
					itemIndex,
				},
			);
		}
		const country = defaultCountryOf(this, itemIndex);
		const contactIds = await contactIdsOf(transport, record.apiName, record.id);
		const contacts = contactIds.length
			? await transport.batchRead('contacts', contactIds, { properties: PHONE_PROPERTIES })
			: [];
		const numbers = new Set<string>();
		for (const contact of contacts) {
			if (!contact.ok) continue; // deleted meanwhile: nothing of it is cached under a number it lost
			for (const property of PHONE_PROPERTIES) {
				const stored = contact.value.properties[property];
				const read = stored ? normalisePhoneNumber(String(stored), country) : undefined;
				if (read?.ok) numbers.add(read.e164);
			}
		}
		await Promise.all([...numbers].map(async (number) => await cache.forget(number)));
		return {
			recordType: record.objectType,
			recordId: record.id,
			forgotten: [...numbers],
		};
	});
	return [output];
}
