/**
 * The record picker: a record type (options, stable lowercase values) and a record ID (text,
 * usually an expression reading the ID from the item). The type also accepts, from expressions,
 * HubSpot's plural names and object type ids, so `{{ $json.objectType }}` of a webhook works.
 */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type HubSpotRecordType = 'contact' | 'company' | 'deal' | 'ticket';

export interface HubSpotRecordTypeInfo {
	label: string;
	/** The plural HubSpot's URLs use, e.g. `/crm/v3/objects/contacts`. */
	apiName: string;
	/** HubSpot's object type id, e.g. '0-1'. */
	typeId: string;
}

export const HUBSPOT_RECORD_TYPES: Record<HubSpotRecordType, HubSpotRecordTypeInfo> = {
	contact: { label: 'Contact', apiName: 'contacts', typeId: '0-1' },
	company: { label: 'Company', apiName: 'companies', typeId: '0-2' },
	deal: { label: 'Deal', apiName: 'deals', typeId: '0-3' },
	ticket: { label: 'Ticket', apiName: 'tickets', typeId: '0-5' },
};

export interface RecordPickerOptions {
	/** The types offered; an expression naming another type fails the item. */
	objectTypes: HubSpotRecordType[];
	/** Parameter names, 'objectType' and 'recordId' unless given. */
	typeParameter?: string;
	idParameter?: string;
	/** The type preselected; the first of `objectTypes` unless given. */
	defaultType?: HubSpotRecordType;
	typeDescription?: string;
	idDescription?: string;
	displayOptions?: IDisplayOptions;
}

export interface PickedRecord {
	objectType: HubSpotRecordType;
	/** The plural name the transport takes, e.g. 'deals'. */
	apiName: string;
	id: string;
}

const parameterNames = (options: RecordPickerOptions) => ({
	type: options.typeParameter ?? 'objectType',
	id: options.idParameter ?? 'recordId',
});

const defaultTypeOf = (options: RecordPickerOptions): HubSpotRecordType =>
	options.defaultType ?? options.objectTypes[0];

/** The type field and the ID field, in that order. */
export function recordPicker(options: RecordPickerOptions): INodeProperties[] {
	const names = parameterNames(options);
	const shown = options.displayOptions ? { displayOptions: options.displayOptions } : {};
	return [
		{
			displayName: 'Record Type',
			name: names.type,
			type: 'options',
			default: defaultTypeOf(options),
			options: options.objectTypes
				.map((value) => ({ name: HUBSPOT_RECORD_TYPES[value].label, value }))
				.sort((first, second) => first.name.localeCompare(second.name)),
			description: options.typeDescription ?? 'Type of the HubSpot record',
			...shown,
		},
		{
			displayName: 'Record ID',
			name: names.id,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. {{ $json.objectId }}',
			description:
				options.idDescription ?? 'ID of the record; usually an expression reading it from the item',
			...shown,
		},
	];
}

/** The record type an item picks, from an option value, a plural name or a type id. */
export function pickedRecordType(
	ctx: Pick<IExecuteFunctions, 'getNodeParameter' | 'getNode'>,
	itemIndex: number,
	options: RecordPickerOptions,
): HubSpotRecordType {
	const fallback = defaultTypeOf(options);
	const raw = String(ctx.getNodeParameter(parameterNames(options).type, itemIndex, fallback) ?? '')
		.trim()
		.toLowerCase();
	const found = options.objectTypes.find((objectType) => {
		const info = HUBSPOT_RECORD_TYPES[objectType];
		return raw === objectType || raw === info.apiName || raw === info.typeId;
	});
	if (found === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Record type "${raw}" is not one of ${options.objectTypes.join(', ')}`,
			{ itemIndex },
		);
	}
	return found;
}

/** The record an item picks; an empty ID or an unknown type is the item's error. */
export function pickedRecord(
	ctx: Pick<IExecuteFunctions, 'getNodeParameter' | 'getNode'>,
	itemIndex: number,
	options: RecordPickerOptions,
): PickedRecord {
	const id = String(ctx.getNodeParameter(parameterNames(options).id, itemIndex, '') ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(ctx.getNode(), 'Record ID is empty', { itemIndex });
	}
	const objectType = pickedRecordType(ctx, itemIndex, options);
	return { objectType, apiName: HUBSPOT_RECORD_TYPES[objectType].apiName, id };
}
