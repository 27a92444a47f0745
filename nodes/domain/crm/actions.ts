/**
 * The CRM writes a decision returns, as plain data: the domain says what to create, update,
 * archive or associate; nodes/shared/crm performs the list in batches and answers per action.
 */

/** HubSpot's association categories; HUBSPOT_DEFINED for its built-in types. */
export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';

export interface AssociationType {
	category: AssociationCategory;
	typeId: number;
}

/** One end of an association, seen from the record being created or associated. */
export interface AssociationTarget {
	toObjectType: string;
	toId: string;
	/** Undefined = HubSpot's default association for the two object types. */
	type?: AssociationType;
}

export interface CreateRecordAction {
	kind: 'create';
	objectType: string;
	properties: Record<string, string>;
	associations: AssociationTarget[];
	/**
	 * Identifies this create across runs (e.g. the webhook event it answers), so a retried
	 * execution can find the record it already made instead of making a second one.
	 */
	idempotencyKey?: string;
}

export interface UpdateRecordAction {
	kind: 'update';
	objectType: string;
	id: string;
	properties: Record<string, string>;
}

export interface ArchiveRecordAction {
	kind: 'archive';
	objectType: string;
	id: string;
}

export interface AssociateRecordsAction extends AssociationTarget {
	kind: 'associate';
	/** The object type of `fromId`; the action is grouped by it. */
	objectType: string;
	fromId: string;
}

export type CrmAction =
	| CreateRecordAction
	| UpdateRecordAction
	| ArchiveRecordAction
	| AssociateRecordsAction;

export function createRecord(
	objectType: string,
	properties: Record<string, string>,
	options: { associations?: AssociationTarget[]; idempotencyKey?: string } = {},
): CreateRecordAction {
	return {
		kind: 'create',
		objectType,
		properties,
		associations: options.associations ?? [],
		...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
	};
}

export function updateRecord(
	objectType: string,
	id: string,
	properties: Record<string, string>,
): UpdateRecordAction {
	return { kind: 'update', objectType, id, properties };
}

export function archiveRecord(objectType: string, id: string): ArchiveRecordAction {
	return { kind: 'archive', objectType, id };
}

/** `to` with `type` undefined uses HubSpot's default association for the two types. */
export function associateRecords(
	objectType: string,
	fromId: string,
	to: AssociationTarget,
): AssociateRecordsAction {
	return { kind: 'associate', objectType, fromId, ...to };
}

/** A HubSpot-defined association type, e.g. task -> contact 204. */
export function hubSpotDefined(typeId: number): AssociationType {
	return { category: 'HUBSPOT_DEFINED', typeId };
}

/**
 * HubSpot's default association type from an activity (task, note, call) to each CRM record type
 * (its association type reference). Known, the link goes inline with the create: one request
 * instead of two.
 */
const ACTIVITY_DEFAULT_ASSOCIATION_TYPE_IDS: Record<string, Record<string, number>> = {
	tasks: { contacts: 204, companies: 192, deals: 216, tickets: 230 },
	notes: { contacts: 202, companies: 190, deals: 214, tickets: 228 },
	calls: { contacts: 194, companies: 182, deals: 206, tickets: 220 },
};

export function defaultActivityAssociationType(
	activityType: 'tasks' | 'notes' | 'calls',
	toObjectType: string,
): AssociationType | undefined {
	const typeId = ACTIVITY_DEFAULT_ASSOCIATION_TYPE_IDS[activityType][toObjectType];
	return typeId === undefined ? undefined : hubSpotDefined(typeId);
}

export function defaultTaskAssociationType(toObjectType: string): AssociationType | undefined {
	return defaultActivityAssociationType('tasks', toObjectType);
}

/** Names an action in messages, e.g. "Update tasks 123", "Create contacts (key evt-9)". */
export function describeAction(action: CrmAction): string {
	switch (action.kind) {
		case 'create':
			return `Create ${action.objectType}${action.idempotencyKey ? ` (key ${action.idempotencyKey})` : ''}`;
		case 'update':
			return `Update ${action.objectType} ${action.id}`;
		case 'archive':
			return `Archive ${action.objectType} ${action.id}`;
		case 'associate':
			return `Associate ${action.objectType} ${action.fromId} with ${action.toObjectType} ${action.toId}`;
	}
}
