/**
 * The owner picker, as n8n's own HubSpot node offers owners: an options field filled by the
 * `getOwners` loadOptions method (HubSpot's active owners, through the transport), where an
 * expression can give an owner ID instead. A resource locator would add a search box and an ID
 * mode, but owners are few enough to list whole, and an options field keeps saved values plain IDs.
 */
import type {
	IDisplayOptions,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { hubSpotTransportFor } from '../transport';
import type { HubSpotOwner } from '../transport';

/** The key of `getOwners` in a node's `methods.loadOptions`. */
export const OWNERS_LOAD_OPTIONS_METHOD = 'getOwners';

export interface OwnerPickerOptions {
	/** Parameter name, 'ownerId' unless given. */
	name?: string;
	/** Shown before " Name or ID", 'Owner' unless given. */
	label?: string;
	required?: boolean;
	displayOptions?: IDisplayOptions;
}

/** Register `getOwners` (below) in the node's `methods.loadOptions`. */
export function ownerPicker(options: OwnerPickerOptions = {}): INodeProperties {
	return {
		displayName: `${options.label ?? 'Owner'} Name or ID`,
		name: options.name ?? 'ownerId',
		type: 'options',
		typeOptions: { loadOptionsMethod: OWNERS_LOAD_OPTIONS_METHOD },
		default: '',
		...(options.required ? { required: true } : {}),
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		...(options.displayOptions ? { displayOptions: options.displayOptions } : {}),
	};
}

export function ownerName(owner: HubSpotOwner): string {
	const fullName = [owner.firstName, owner.lastName].filter(Boolean).join(' ');
	if (fullName && owner.email) return `${fullName} (${owner.email})`;
	return fullName || owner.email || `Owner ${owner.id}`;
}

/** loadOptions: HubSpot's active owners by name, their IDs as values. */
export async function getOwners(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const transport = await hubSpotTransportFor(this);
	const owners = await transport.listOwners();
	return owners
		.map((owner) => ({ name: ownerName(owner), value: owner.id }))
		.sort((first, second) => first.name.localeCompare(second.name));
}

/** The owner ID an item picks, undefined when the field is empty. */
export function pickedOwnerId(
	ctx: Pick<IExecuteFunctions, 'getNodeParameter' | 'getNode'>,
	itemIndex: number,
	options: Pick<OwnerPickerOptions, 'name'> = {},
): string | undefined {
	const value = ctx.getNodeParameter(options.name ?? 'ownerId', itemIndex, '') as unknown;
	const ownerId = String(value ?? '').trim();
	if (ownerId === '') return undefined;
	if (!/^\d+$/.test(ownerId)) {
		throw new NodeOperationError(ctx.getNode(), `Owner ID "${ownerId}" is not a number`, {
			itemIndex,
		});
	}
	return ownerId;
}
