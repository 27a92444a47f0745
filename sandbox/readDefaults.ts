/**
 * Which properties HubSpot returns when a read names none, which search always adds, and which
 * text properties a search `query` looks in, per object type.
 */
import type { ObjectType } from './objectTypes';

/** Properties HubSpot returns when a read names none (its per-type defaults). */
export const DEFAULT_READ_PROPERTIES: Record<ObjectType, string[]> = {
	contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
	companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
	deals: [
		'amount',
		'closedate',
		'createdate',
		'dealname',
		'dealstage',
		'hs_lastmodifieddate',
		'hs_object_id',
		'pipeline',
	],
	tickets: [
		'content',
		'createdate',
		'hs_lastmodifieddate',
		'hs_object_id',
		'hs_pipeline',
		'hs_pipeline_stage',
		'hs_ticket_category',
		'hs_ticket_priority',
		'subject',
	],
	tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	calls: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	meetings: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** Properties search always returns besides the requested ones. */
export const ALWAYS_IN_SEARCH: Record<ObjectType, string[]> = {
	contacts: ['createdate', 'hs_object_id', 'lastmodifieddate'],
	companies: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	deals: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	tickets: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	calls: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	meetings: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
	notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** Text properties the search `query` looks in, per type (HubSpot's default searchable properties). */
export const QUERY_PROPERTIES: Record<ObjectType, string[]> = {
	contacts: [
		'firstname',
		'lastname',
		'email',
		'phone',
		'mobilephone',
		'company',
		'hs_searchable_calculated_phone_number',
	],
	companies: ['name', 'domain', 'phone', 'website'],
	deals: ['dealname', 'description'],
	tickets: ['subject', 'content'],
	tasks: ['hs_task_subject', 'hs_task_body'],
	calls: ['hs_call_title', 'hs_call_body'],
	meetings: ['hs_meeting_title', 'hs_meeting_body'],
	notes: ['hs_note_body'],
};
