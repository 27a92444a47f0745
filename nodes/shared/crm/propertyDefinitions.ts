/**
 * HubSpot's property definitions of an object type, read through the transport and kept a few
 * minutes per account in the n8n process: definitions change rarely, and the nodes that check
 * values against them (Process Guide, Set Record Properties) read them on every run.
 */
import type { PropertyDefinition } from '../../domain/crm';
import { TimedCache } from '../timedCache';
import type { HubSpotTransport } from '../transport';

export const PROPERTY_DEFINITIONS_TTL_MS = 5 * 60_000;

const definitions = new TimedCache<PropertyDefinition[]>(128);

/** The object type's definitions by property name. */
export async function propertyDefinitionsOf(
	transport: HubSpotTransport,
	objectType: string,
): Promise<Map<string, PropertyDefinition>> {
	const list = await definitions.get(
		`${transport.account}:${objectType}`,
		PROPERTY_DEFINITIONS_TTL_MS,
		async () => await transport.propertyDefinitions(objectType),
	);
	return new Map(list.map((definition) => [definition.name, definition]));
}
