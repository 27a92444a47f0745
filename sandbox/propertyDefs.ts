/**
 * Property definitions per object type: what /crm/v3/properties serves, what writes are validated
 * against, and how search compares values (numbers and dates numerically, the rest as text).
 */
import type { ObjectType } from './objectTypes';
import { OBJECT_TYPES } from './objectTypes';

export type PropertyType = 'string' | 'number' | 'datetime' | 'enumeration' | 'bool';

export interface PropertyDefinition {
	name: string;
	label: string;
	type: PropertyType;
	fieldType: string;
	groupName: string;
	description: string;
	options: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
	/** Values are computed by HubSpot; writes are rejected with READ_ONLY_VALUE. */
	readOnly?: boolean;
	hasUniqueValue?: boolean;
	/** Enumeration whose options are the account's owners rather than a fixed list. */
	ownerReference?: boolean;
	hubspotDefined?: boolean;
}

const FIELD_TYPE: Record<PropertyType, string> = {
	string: 'text',
	number: 'number',
	datetime: 'date',
	enumeration: 'select',
	bool: 'booleancheckbox',
};

interface Spec {
	type?: PropertyType;
	label?: string;
	/** Option values, or [value, label] where HubSpot shows a label of its own. */
	options?: Array<string | [string, string]>;
	readOnly?: boolean;
	unique?: boolean;
	owner?: boolean;
	fieldType?: string;
}

function define(name: string, spec: Spec = {}): PropertyDefinition {
	const type = spec.type ?? (spec.options ? 'enumeration' : 'string');
	const options: Array<string | [string, string]> =
		type === 'bool' ? ['true', 'false'] : (spec.options ?? []);
	return {
		name,
		label: spec.label ?? name.replace(/^hs_/, '').replace(/_/g, ' '),
		type,
		fieldType: spec.fieldType ?? FIELD_TYPE[type],
		groupName: 'sandbox',
		description: '',
		options: options.map((option, index) => ({
			label: typeof option === 'string' ? option : option[1],
			value: typeof option === 'string' ? option : option[0],
			displayOrder: index,
			hidden: false,
		})),
		readOnly: spec.readOnly,
		hasUniqueValue: spec.unique,
		ownerReference: spec.owner,
		hubspotDefined: true,
	};
}

const COMMON: PropertyDefinition[] = [
	define('hs_object_id', { type: 'number', readOnly: true, unique: true, label: 'Record ID' }),
	define('hs_createdate', { type: 'datetime', readOnly: true, label: 'Create date' }),
	define('createdate', { type: 'datetime', readOnly: true, label: 'Create date' }),
	define('hs_lastmodifieddate', { type: 'datetime', readOnly: true, label: 'Last modified date' }),
	define('hubspot_owner_id', { type: 'enumeration', owner: true, label: 'Owner' }),
];

const ENGAGEMENT_COMMON: PropertyDefinition[] = [
	define('hs_timestamp', { type: 'datetime', label: 'Activity date' }),
];

const BY_TYPE: Record<ObjectType, PropertyDefinition[]> = {
	contacts: [
		define('email', { unique: true, label: 'Email' }),
		define('firstname', { label: 'First name' }),
		define('lastname', { label: 'Last name' }),
		define('phone', { label: 'Phone number', fieldType: 'phonenumber' }),
		define('mobilephone', { label: 'Mobile phone number', fieldType: 'phonenumber' }),
		define('company'),
		define('jobtitle'),
		define('city'),
		define('state'),
		define('country'),
		define('website'),
		define('hs_language'),
		// HubSpot's score: its scoring rules compute it; the API cannot write it.
		define('hubspotscore', { type: 'number', readOnly: true, label: 'HubSpot Score' }),
		define('hs_lead_status', {
			options: [
				'NEW',
				'OPEN',
				'IN_PROGRESS',
				'OPEN_DEAL',
				'UNQUALIFIED',
				'ATTEMPTED_TO_CONTACT',
				'CONNECTED',
				'BAD_TIMING',
			],
		}),
		define('lifecyclestage', {
			options: [
				'subscriber',
				'lead',
				'marketingqualifiedlead',
				'salesqualifiedlead',
				'opportunity',
				'customer',
				'evangelist',
				'other',
			],
		}),
		define('lastmodifieddate', { type: 'datetime', readOnly: true }),
		// Set by HubSpot's email tracking (sales emails) and marketing emails.
		define('hs_sales_email_last_opened', {
			type: 'datetime',
			readOnly: true,
			label: 'Recent Sales Email Opened Date',
		}),
		define('hs_email_last_open_date', {
			type: 'datetime',
			readOnly: true,
			label: 'Last marketing email open date',
		}),
		define('hs_calculated_phone_number', { readOnly: true }),
		define('hs_searchable_calculated_phone_number', { readOnly: true }),
		define('hs_searchable_calculated_mobile_number', { readOnly: true }),
	],
	companies: [
		define('name'),
		define('domain'),
		define('phone', { fieldType: 'phonenumber' }),
		define('city'),
		define('country'),
		define('industry'),
		define('numberofemployees', { type: 'number', label: 'Number of Employees' }),
		define('hs_ideal_customer_profile', {
			label: 'Ideal Customer Profile Tier',
			options: [
				['tier_1', 'Tier 1'],
				['tier_2', 'Tier 2'],
				['tier_3', 'Tier 3'],
			],
		}),
	],
	deals: [
		define('dealname'),
		define('amount', { type: 'number' }),
		// pipeline and stage options come from the pipelines (pipelines.ts)
		define('dealstage', { type: 'enumeration' }),
		define('pipeline', { type: 'enumeration' }),
		define('closedate', { type: 'datetime' }),
		define('dealtype', {
			label: 'Deal Type',
			options: [
				['newbusiness', 'New Business'],
				['existingbusiness', 'Existing Business'],
			],
		}),
		define('description'),
		define('hs_next_step', { label: 'Next step', fieldType: 'textarea' }),
		define('hs_priority', {
			label: 'Priority',
			options: [
				['low', 'Low'],
				['medium', 'Medium'],
				['high', 'High'],
			],
		}),
		define('hs_is_closed', { type: 'bool', readOnly: true }),
		define('hs_is_closed_won', { type: 'bool', readOnly: true }),
	],
	tickets: [
		define('subject'),
		define('content'),
		define('hs_pipeline', { type: 'enumeration' }),
		define('hs_pipeline_stage', { type: 'enumeration' }),
		define('hs_ticket_priority', {
			label: 'Priority',
			options: [
				['LOW', 'Low'],
				['MEDIUM', 'Medium'],
				['HIGH', 'High'],
				['URGENT', 'Urgent'],
			],
		}),
		define('hs_ticket_category', {
			label: 'Category',
			fieldType: 'checkbox',
			options: [
				['PRODUCT_ISSUE', 'Product issue'],
				['BILLING_ISSUE', 'Billing issue'],
				['FEATURE_REQUEST', 'Feature request'],
				['GENERAL_INQUIRY', 'General inquiry'],
			],
		}),
	],
	tasks: [
		...ENGAGEMENT_COMMON,
		define('hs_task_subject', { label: 'Task Title' }),
		define('hs_task_body', { label: 'Notes', fieldType: 'textarea' }),
		define('hs_task_status', {
			options: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
		}),
		define('hs_task_priority', { options: ['HIGH', 'MEDIUM', 'LOW', 'NONE'] }),
		define('hs_task_type', {
			options: [
				'TODO',
				'CALL',
				'EMAIL',
				'LINKED_IN',
				'MEETING',
				'LINKED_IN_CONNECT',
				'LINKED_IN_MESSAGE',
			],
		}),
		define('hs_task_reminders'),
		// The portal's task queues: an id HubSpot does not know is refused (INVALID_OPTION).
		define('hs_queue_membership_ids', {
			label: 'Queue',
			options: ['4501', '4502', '4503'],
			fieldType: 'checkbox',
		}),
		define('hs_task_completion_date', { type: 'datetime', readOnly: true }),
		define('hs_task_is_completed', { type: 'number', readOnly: true }),
	],
	calls: [
		...ENGAGEMENT_COMMON,
		define('hs_call_title'),
		define('hs_call_body', { fieldType: 'textarea' }),
		define('hs_call_direction', { options: ['INBOUND', 'OUTBOUND'] }),
		define('hs_call_status', {
			options: [
				'BUSY',
				'CALLING_CRM_USER',
				'CANCELED',
				'COMPLETED',
				'CONNECTING',
				'FAILED',
				'IN_PROGRESS',
				'MISSED',
				'NO_ANSWER',
				'QUEUED',
				'RINGING',
			],
		}),
		define('hs_call_disposition'),
		define('hs_call_duration', { type: 'number' }),
		define('hs_call_from_number'),
		define('hs_call_to_number'),
		define('hs_call_recording_url'),
	],
	meetings: [
		...ENGAGEMENT_COMMON,
		define('hs_meeting_title'),
		define('hs_meeting_body', { fieldType: 'textarea' }),
		define('hs_internal_meeting_notes', { fieldType: 'textarea' }),
		define('hs_meeting_start_time', { type: 'datetime' }),
		define('hs_meeting_end_time', { type: 'datetime' }),
		define('hs_meeting_outcome', {
			options: ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED'],
		}),
		define('hs_meeting_location'),
		define('hs_meeting_external_url'),
	],
	notes: [
		...ENGAGEMENT_COMMON,
		define('hs_note_body', { label: 'Note body', fieldType: 'html' }),
		define('hs_attachment_ids', { label: 'Attached file IDs' }),
	],
};

export type PropertyRegistry = Record<ObjectType, Map<string, PropertyDefinition>>;

/** A fresh registry with HubSpot's standard definitions; custom properties are added per sandbox. */
export function standardProperties(): PropertyRegistry {
	const registry = {} as PropertyRegistry;
	for (const type of OBJECT_TYPES) {
		registry[type] = new Map([...COMMON, ...BY_TYPE[type]].map((def) => [def.name, { ...def }]));
	}
	return registry;
}

/** Builds a definition for a custom property created through the API or a seed. */
export function customProperty(input: {
	name: string;
	label?: string;
	type?: string;
	fieldType?: string;
	groupName?: string;
	description?: string;
	options?: Array<{ label: string; value: string; hidden?: boolean; displayOrder?: number }>;
	hasUniqueValue?: boolean;
}): PropertyDefinition {
	const type: PropertyType =
		(['string', 'number', 'datetime', 'enumeration', 'bool'] as const).find(
			(t) => t === input.type,
		) ?? 'string';
	return {
		name: input.name,
		label: input.label ?? input.name,
		type,
		fieldType: input.fieldType ?? FIELD_TYPE[type],
		groupName: input.groupName ?? 'sandbox',
		description: input.description ?? '',
		options: (input.options ?? []).map((o, i) => ({
			label: o.label,
			value: o.value,
			hidden: o.hidden ?? false,
			displayOrder: o.displayOrder ?? i,
		})),
		hasUniqueValue: input.hasUniqueValue ?? false,
		hubspotDefined: false,
	};
}

/** The Property shape of properties.json. */
export function toPublicProperty(
	def: PropertyDefinition,
	createdAt: string,
): Record<string, unknown> {
	return {
		name: def.name,
		label: def.label,
		type: def.type,
		fieldType: def.fieldType,
		groupName: def.groupName,
		description: def.description,
		options: def.options,
		hasUniqueValue: def.hasUniqueValue ?? false,
		hidden: false,
		hubspotDefined: def.hubspotDefined ?? false,
		calculated: def.readOnly ?? false,
		externalOptions: def.ownerReference ?? false,
		formField: !def.readOnly,
		archived: false,
		createdAt,
		updatedAt: createdAt,
		modificationMetadata: {
			archivable: !def.hubspotDefined,
			readOnlyDefinition: def.hubspotDefined ?? false,
			readOnlyValue: def.readOnly ?? false,
		},
	};
}
