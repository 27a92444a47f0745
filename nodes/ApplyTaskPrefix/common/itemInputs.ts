/**
 * What Update Tasks and Update Record's Tasks take from each item and from the node, checked
 * before anything is sent: ids HubSpot could not hold and a missing credential are named here,
 * with the item and the field, instead of coming back from HubSpot as a vague "not found".
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	HUBSPOT_CREDENTIAL_TYPE,
	hubSpotTransportFor,
	type HubSpotTransport,
} from '../../shared/transport';

/** HubSpot record ids are positive whole numbers (64-bit). */
const HUBSPOT_ID = /^[1-9][0-9]{0,18}$/;

/** The trimmed id in `parameter` at the item, or an error naming the item and the field. */
export function hubSpotIdParameter(
	ctx: Pick<IExecuteFunctions, 'getNodeParameter' | 'getNode'>,
	parameter: string,
	fieldName: string,
	itemIndex: number,
): string {
	const id = String(ctx.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(ctx.getNode(), `${fieldName} (item ${itemIndex}) is empty`, {
			itemIndex,
			description: `Set "${fieldName}" to the HubSpot ID, usually an expression reading it from the item`,
		});
	}
	if (!HUBSPOT_ID.test(id)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${fieldName} (item ${itemIndex}): "${id}" is not a HubSpot ID (a positive whole number such as 51234567)`,
			{ itemIndex },
		);
	}
	return id;
}

/**
 * The HubSpot transport, or an error naming the credential field when none is selected (n8n's own
 * "Node does not have any credentials set" names neither). Called inside the batch, so under
 * Continue On Fail every item gets the error.
 */
export async function transportForItems(ctx: IExecuteFunctions): Promise<HubSpotTransport> {
	if (ctx.getNode().credentials?.[HUBSPOT_CREDENTIAL_TYPE] === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'No HubSpot Taskflow API credential is selected', {
			description: 'Choose one under "Credential to connect with" in the node',
		});
	}
	return await hubSpotTransportFor(ctx);
}
