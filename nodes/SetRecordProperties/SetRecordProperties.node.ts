import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { propertyDefinitionsOf } from '../shared/crm';
import { HUBSPOT_RECORD_TYPES, type HubSpotRecordType } from '../shared/descriptions';
import {
	HUBSPOT_CREDENTIAL_TYPE,
	hubSpotTransportFor,
	testHubSpotTaskflowApi,
} from '../shared/transport';
import { nodeProperties, PROPERTIES_LOAD_OPTIONS_METHOD } from './properties';
import { executeSetProperties } from './setProperties';

/** loadOptions: the record type's properties a workflow can write, by label. */
async function getRecordProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const type = String(this.getCurrentNodeParameter('objectType') ?? 'contact') as HubSpotRecordType;
	const apiName = HUBSPOT_RECORD_TYPES[type]?.apiName ?? 'contacts';
	const definitions = await propertyDefinitionsOf(await hubSpotTransportFor(this), apiName);
	return [...definitions.values()]
		.filter((definition) => !definition.readOnly)
		.map((definition) => ({
			name: `${definition.label} (${definition.name})`,
			value: definition.name,
		}))
		.sort((first, second) => first.name.localeCompare(second.name));
}

/**
 * Sets properties of HubSpot records, several in one write per record (seed 003's lead
 * disqualification: owner removed, lifecycle stage and lead status set together), each value
 * checked against HubSpot's definition before anything is sent.
 */
export class SetRecordProperties implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Set Record Properties',
		name: 'setRecordProperties',
		icon: { light: 'file:setRecordProperties.svg', dark: 'file:setRecordProperties.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Update a " + $parameter["objectType"] }}',
		description:
			"Sets properties of HubSpot contacts, companies, deals or tickets in one write per record, each value checked against HubSpot's property definition first",
		defaults: { name: 'Set Record Properties' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: HUBSPOT_CREDENTIAL_TYPE, required: true, testedBy: 'testHubSpotTaskflowApi' },
		],
		properties: nodeProperties,
	};

	methods = {
		credentialTest: { testHubSpotTaskflowApi },
		loadOptions: { [PROPERTIES_LOAD_OPTIONS_METHOD]: getRecordProperties },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeSetProperties.call(this);
	}
}
