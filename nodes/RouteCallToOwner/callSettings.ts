/**
 * Log Call's parameters for one item, read and checked: the call event (Ringostat's names or the
 * mapped fields), the employee table, the senior manager, where new deals go and the rules. A bad
 * value fails the item naming its field, before anything is written.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CallFieldError,
	EmployeeTable,
	readCallEvent,
	ringostatFields,
	type CallEvent,
	type CallRules,
	type RawCallFields,
} from '../domain/calls';
import { isPhoneCountry, normalisePhoneNumber } from '../domain/phone';
import { DateTime, IANAZone } from '../domain/schedule/vendor';
import { pickedOwnerId } from '../shared/descriptions';
import { CALL_FIELD_PARAMETERS, SOURCE_FIELDS } from './properties';

/** Property name -> value for a new caller's contact and deal, and which field named each. */
export interface SourceWrites {
	values: Record<string, string>;
	fieldOf: Record<string, string>;
	createMissing: boolean;
}

export interface CallSettings {
	event: CallEvent;
	source: SourceWrites;
	employees: EmployeeTable;
	rules: CallRules;
	pipelineId: string;
	dealStageId: string;
	defaultCountry?: string;
}

function fail(ctx: IExecuteFunctions, itemIndex: number, message: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

const FIELD_LABELS = Object.fromEntries(
	CALL_FIELD_PARAMETERS.map(({ name, displayName }) => [name, displayName]),
) as Record<keyof RawCallFields, string>;

/** Ringostat posts form fields or JSON; n8n's Webhook node puts them under `body`. */
function ringostatBody(json: IDataObject): Record<string, unknown> {
	const body = json.body;
	if (body && typeof body === 'object' && !Array.isArray(body) && !('uniqueid' in json)) {
		return body as Record<string, unknown>;
	}
	return json;
}

function rawFields(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number) {
	if (ctx.getNodeParameter('eventFormat', itemIndex, 'ringostat') === 'ringostat') {
		return ringostatFields(ringostatBody(item.json));
	}
	const mapped = ctx.getNodeParameter('callFields', itemIndex, {}) as IDataObject;
	return Object.fromEntries(
		Object.entries(mapped).map(([name, value]) => [
			name,
			value === null ? undefined : String(value),
		]),
	) as RawCallFields;
}

export function defaultCountryOf(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const country = String(ctx.getNodeParameter('defaultCountry', itemIndex, '') ?? '')
		.trim()
		.toUpperCase();
	if (country === '') return undefined;
	if (!isPhoneCountry(country)) {
		fail(
			ctx,
			itemIndex,
			`Default Country: "${country}" is not an ISO country code with phone numbers, e.g. UA`,
		);
	}
	return country;
}

function zoneOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const zone =
		String(ctx.getNodeParameter('callTimeZone', itemIndex, '') ?? '').trim() || ctx.getTimezone();
	if (!IANAZone.isValidZone(zone)) {
		fail(
			ctx,
			itemIndex,
			`Time Zone of Call Times: "${zone}" is not an IANA time zone, e.g. Europe/Kyiv`,
		);
	}
	return zone;
}

const split = (text: unknown) =>
	String(text ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);

export function employeeTable(
	ctx: IExecuteFunctions,
	itemIndex: number,
	country?: string,
): EmployeeTable {
	const rows = ((ctx.getNodeParameter('employees', itemIndex, {}) as IDataObject).employee ??
		[]) as IDataObject[];
	const entries = rows.map((row, position) => {
		const ownerId = String(row.ownerId ?? '').trim();
		if (!/^\d+$/.test(ownerId)) {
			fail(ctx, itemIndex, `Employees > Employee ${position + 1} > HubSpot Owner: choose an owner`);
		}
		const ids = split(row.identifiers);
		if (ids.length === 0) {
			fail(ctx, itemIndex, `Employees > Employee ${position + 1} > Identifiers: give at least one`);
		}
		return { ownerId, ids, destinations: split(row.destinations) };
	});
	return new EmployeeTable(entries, (raw) => {
		const result = normalisePhoneNumber(raw, country);
		return result.ok ? result.e164 : undefined;
	});
}

function rulesOf(ctx: IExecuteFunctions, itemIndex: number, seniorOwnerId: string): CallRules {
	const rules = ctx.getNodeParameter('rules', itemIndex, {}) as IDataObject;
	const on = (name: string, byDefault: boolean) =>
		rules[name] === undefined ? byDefault : Boolean(rules[name]);
	return {
		seniorOwnerId,
		createRecordsForNewCallers: on('createRecordsForNewCallers', true),
		logCalls: on('logCalls', true),
		colleagueAnsweredTask: on('colleagueAnsweredTask', true),
		missedCallTask: on('missedCallTask', true),
		unknownEmployeeTask: on('unknownEmployeeTask', true),
		recordingTask: on('recordingTask', false),
	};
}

/** The call event, or the item's error naming the field (Call event > Caller Number: ...). */
function readEvent(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	{ defaultCountry, zone }: { defaultCountry?: string; zone: string },
	nowMs: number,
): CallEvent {
	const read = (): CallEvent | Error => {
		try {
			return readCallEvent(
				rawFields(ctx, item, itemIndex),
				{
					defaultCountry,
					readLocalTime: (text) => {
						const local = DateTime.fromSQL(text, { zone });
						return local.isValid ? local.toMillis() : undefined;
					},
				},
				nowMs,
			);
		} catch (error) {
			return error instanceof Error ? error : new Error(String(error));
		}
	};
	const event = read();
	if (!(event instanceof Error)) return event;
	if (!(event instanceof CallFieldError)) {
		throw new NodeOperationError(ctx.getNode(), event, { itemIndex });
	}
	const label = FIELD_LABELS[event.field] ?? event.field;
	const message = event.message.replace(new RegExp(`^${event.field}: `), '');
	return fail(ctx, itemIndex, `Call event > ${label}: ${message}`);
}

/** The event's source values under the property names the user chose. */
function sourceWrites(ctx: IExecuteFunctions, itemIndex: number, event: CallEvent): SourceWrites {
	const names = ctx.getNodeParameter('sourceProperties', itemIndex, {}) as IDataObject;
	const valueOf: Record<(typeof SOURCE_FIELDS)[number]['name'], string | undefined> = {
		utmSource: event.utm.source,
		utmMedium: event.utm.medium,
		utmCampaign: event.utm.campaign,
		utmTerm: event.utm.term,
		utmContent: event.utm.content,
		googleClientId: event.googleClientId,
		landingPage: event.landingPage,
	};
	const source: SourceWrites = {
		values: {},
		fieldOf: {},
		createMissing: ctx.getNodeParameter('createMissingProperties', itemIndex, false) as boolean,
	};
	for (const { name, displayName } of SOURCE_FIELDS) {
		const property = String(names[name] ?? '').trim();
		if (property === '') continue;
		if (!/^[a-z][a-z0-9_]*$/.test(property)) {
			fail(
				ctx,
				itemIndex,
				`Write Call Source To > ${displayName}: "${property}" is not a HubSpot property name (lower case letters, digits and _)`,
			);
		}
		source.fieldOf[property] = displayName;
		const value = valueOf[name];
		if (value !== undefined) source.values[property] = value;
	}
	return source;
}

export function readCallSettings(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	nowMs: number,
): CallSettings {
	const defaultCountry = defaultCountryOf(ctx, itemIndex);
	const zone = zoneOf(ctx, itemIndex);
	const event = readEvent(ctx, item, itemIndex, { defaultCountry, zone }, nowMs);
	const seniorOwnerId = pickedOwnerId(ctx, itemIndex, { name: 'seniorOwnerId' });
	if (!seniorOwnerId) fail(ctx, itemIndex, 'Senior Manager: choose an owner');
	// HubSpot's default sales pipeline unless another is chosen.
	const pipelineId =
		String(ctx.getNodeParameter('pipelineId', itemIndex, '') ?? '').trim() || 'default';
	const dealStageId = String(ctx.getNodeParameter('dealStageId', itemIndex, '') ?? '').trim();
	const rules = rulesOf(ctx, itemIndex, seniorOwnerId);
	if (!dealStageId && rules.createRecordsForNewCallers) {
		fail(ctx, itemIndex, "Deal Stage: choose the stage new callers' deals start in");
	}
	return {
		event,
		source: sourceWrites(ctx, itemIndex, event),
		employees: employeeTable(ctx, itemIndex, defaultCountry),
		rules,
		pipelineId,
		dealStageId,
		defaultCountry,
	};
}
