/**
 * The CRM object types the sandbox serves, the names and type ids HubSpot accepts for each in URLs,
 * and HubSpot's default (HUBSPOT_DEFINED) association type ids between them.
 */

export const OBJECT_TYPES = [
	'contacts',
	'companies',
	'deals',
	'tickets',
	'tasks',
	'calls',
	'meetings',
	'notes',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

interface ObjectTypeInfo {
	typeId: string;
	/** Singular, upper case: how HubSpot names the type in error messages ("Could not get some TASK objects"). */
	label: string;
	/** Singular lower case, used in v3 association type names ("task_to_contact"). */
	singular: string;
	/** First id handed out; types get distinct ranges so an id in a test names its type at a glance. */
	firstId: number;
}

export const OBJECT_TYPE_INFO: Record<ObjectType, ObjectTypeInfo> = {
	contacts: { typeId: '0-1', label: 'CONTACT', singular: 'contact', firstId: 1_000_001 },
	companies: { typeId: '0-2', label: 'COMPANY', singular: 'company', firstId: 2_000_001 },
	deals: { typeId: '0-3', label: 'DEAL', singular: 'deal', firstId: 3_000_001 },
	tickets: { typeId: '0-5', label: 'TICKET', singular: 'ticket', firstId: 4_000_001 },
	tasks: { typeId: '0-27', label: 'TASK', singular: 'task', firstId: 5_000_001 },
	calls: { typeId: '0-48', label: 'CALL', singular: 'call', firstId: 6_000_001 },
	meetings: { typeId: '0-47', label: 'MEETING', singular: 'meeting', firstId: 7_000_001 },
	notes: { typeId: '0-46', label: 'NOTE', singular: 'note', firstId: 8_000_001 },
};

const ALIASES = new Map<string, ObjectType>();
for (const type of OBJECT_TYPES) {
	const info = OBJECT_TYPE_INFO[type];
	ALIASES.set(type, type);
	ALIASES.set(info.typeId, type);
	ALIASES.set(info.singular, type);
}
ALIASES.set('companys', 'companies');

/** Resolves a URL object type ("tasks", "task", "0-27") to the canonical plural name, or undefined. */
export function resolveObjectType(raw: string): ObjectType | undefined {
	return ALIASES.get(raw.toLowerCase());
}

interface AssociationDefinition {
	from: ObjectType;
	to: ObjectType;
	typeId: number;
}

/**
 * HubSpot's default association type ids, both directions of each pair. Numbers as listed in
 * HubSpot's association type reference (e.g. task -> contact 204, contact -> task 203).
 */
const DEFAULT_PAIRS: Array<[ObjectType, ObjectType, number, number]> = [
	['contacts', 'companies', 279, 280],
	['deals', 'contacts', 3, 4],
	['deals', 'companies', 341, 342],
	['tickets', 'contacts', 16, 15],
	['tickets', 'companies', 339, 340],
	['deals', 'tickets', 27, 28],
	['tasks', 'contacts', 204, 203],
	['tasks', 'companies', 192, 191],
	['tasks', 'deals', 216, 215],
	['tasks', 'tickets', 230, 229],
	['calls', 'contacts', 194, 193],
	['calls', 'companies', 182, 181],
	['calls', 'deals', 206, 205],
	['calls', 'tickets', 220, 219],
	['meetings', 'contacts', 200, 199],
	['meetings', 'companies', 188, 187],
	['meetings', 'deals', 212, 211],
	['meetings', 'tickets', 226, 225],
	['notes', 'contacts', 202, 201],
	['notes', 'companies', 190, 189],
	['notes', 'deals', 214, 213],
	['notes', 'tickets', 228, 227],
];

const DEFINITIONS: AssociationDefinition[] = DEFAULT_PAIRS.flatMap(
	([from, to, forward, backward]) => [
		{ from, to, typeId: forward },
		{ from: to, to: from, typeId: backward },
	],
);

/** The default association type id from one type to another, or undefined when HubSpot has none. */
export function defaultAssociationTypeId(from: ObjectType, to: ObjectType): number | undefined {
	return DEFINITIONS.find((d) => d.from === from && d.to === to)?.typeId;
}

/** Which pair a HUBSPOT_DEFINED association type id links, or undefined for an unknown id. */
export function associationDefinition(typeId: number): AssociationDefinition | undefined {
	return DEFINITIONS.find((d) => d.typeId === typeId);
}

/** The v3 association type name ("task_to_contact") used by the objects API's `associations` field. */
export function associationTypeName(from: ObjectType, to: ObjectType): string {
	return `${OBJECT_TYPE_INFO[from].singular}_to_${OBJECT_TYPE_INFO[to].singular}`;
}
