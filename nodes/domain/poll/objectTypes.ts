/**
 * The records the poll trigger watches, and the date properties HubSpot keeps on each: the
 * creation date and the last-modified date it is searched and sorted by. HubSpot names them
 * differently per object type (contacts keep the older `lastmodifieddate`).
 */
import { epochMsOf } from './dates';

export const WATCHED_OBJECT_TYPES = [
	'tasks',
	'contacts',
	'companies',
	'deals',
	'tickets',
	'meetings',
] as const;

export type WatchedObjectType = (typeof WATCHED_OBJECT_TYPES)[number];

export interface ChangeDateProperties {
	created: string;
	modified: string;
}

const CHANGE_DATES: Record<WatchedObjectType, ChangeDateProperties> = {
	tasks: { created: 'hs_createdate', modified: 'hs_lastmodifieddate' },
	meetings: { created: 'hs_createdate', modified: 'hs_lastmodifieddate' },
	contacts: { created: 'createdate', modified: 'lastmodifieddate' },
	companies: { created: 'createdate', modified: 'hs_lastmodifieddate' },
	deals: { created: 'createdate', modified: 'hs_lastmodifieddate' },
	tickets: { created: 'createdate', modified: 'hs_lastmodifieddate' },
};

/** The properties an item carries when the user names none: enough to act on the record. */
const DEFAULT_PROPERTIES: Record<WatchedObjectType, string[]> = {
	tasks: [
		'hs_task_subject',
		'hs_task_status',
		'hs_task_priority',
		'hs_task_type',
		'hs_timestamp',
		'hubspot_owner_id',
	],
	meetings: [
		'hs_meeting_title',
		'hs_meeting_start_time',
		'hs_meeting_end_time',
		'hs_meeting_outcome',
		'hubspot_owner_id',
	],
	contacts: [
		'email',
		'firstname',
		'lastname',
		'phone',
		'lifecyclestage',
		'hs_lead_status',
		'hubspot_owner_id',
	],
	companies: ['name', 'domain', 'lifecyclestage', 'hubspot_owner_id'],
	deals: ['dealname', 'dealstage', 'pipeline', 'amount', 'closedate', 'hubspot_owner_id'],
	tickets: [
		'subject',
		'hs_pipeline',
		'hs_pipeline_stage',
		'hs_ticket_priority',
		'hubspot_owner_id',
	],
};

export function isWatchedObjectType(value: unknown): value is WatchedObjectType {
	return typeof value === 'string' && (WATCHED_OBJECT_TYPES as readonly string[]).includes(value);
}

export function changeDatesOf(objectType: WatchedObjectType): ChangeDateProperties {
	return CHANGE_DATES[objectType];
}

export function defaultPropertiesOf(objectType: WatchedObjectType): string[] {
	return [...DEFAULT_PROPERTIES[objectType]];
}

/** Record types an item can list the associated ids of (all but the record's own type). */
export const ASSOCIATED_RECORD_TYPES = ['contacts', 'companies', 'deals', 'tickets'] as const;

/**
 * A record version's modification time as the poll trigger reads it: the type's modification
 * property, else the API's `updatedAt` (object types the trigger does not watch).
 */
export function modifiedMsOf(
	objectType: string,
	record: { properties: Record<string, string | null>; updatedAt: string },
): number | undefined {
	const property = isWatchedObjectType(objectType) ? changeDatesOf(objectType).modified : undefined;
	const fromProperty = property ? epochMsOf(record.properties[property]) : undefined;
	return fromProperty ?? epochMsOf(record.updatedAt);
}
