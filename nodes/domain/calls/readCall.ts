/**
 * A call event's raw fields -> a CallEvent, or an error naming the field. The fields come from
 * Ringostat's call data by default (`ringostatFields`: JSON, form-encoded, or nested under
 * `additional_call_data`) or from the node's own mapping for other providers.
 */
import { normalisePhoneNumber } from '../phone';
import { UTM_FIELDS, directionOf, isAnsweredDisposition, type CallEvent } from './event';

/** Every field a call event can give, as text; empty or absent means not given. */
export interface RawCallFields {
	callId?: string;
	/** in / out / callback, or incoming / outgoing */
	direction?: string;
	/** ANSWERED, NO ANSWER, BUSY, FAILED, ... */
	disposition?: string;
	/** The number that called (incoming: the customer; outgoing: the employee's line). */
	caller?: string;
	/** The number called (incoming: the tracking number; outgoing: the customer). */
	called?: string;
	employeeId?: string;
	employeeExtension?: string;
	employeeSipLogin?: string;
	employeePhone?: string;
	employeeName?: string;
	/** ISO 8601, epoch milliseconds, or "YYYY-MM-DD HH:mm:ss" in the provider's time zone. */
	startedAt?: string;
	durationSeconds?: string;
	talkSeconds?: string;
	recordingUrl?: string;
	utmSource?: string;
	utmMedium?: string;
	utmCampaign?: string;
	utmTerm?: string;
	utmContent?: string;
	googleClientId?: string;
	landingPage?: string;
}

export class CallFieldError extends Error {
	constructor(
		readonly field: keyof RawCallFields,
		message: string,
	) {
		super(message);
		this.name = 'CallFieldError';
	}
}

/** Reads a local "YYYY-MM-DD HH:mm:ss" in the provider's zone; given by the caller (luxon lives in the schedule layer). */
export type LocalTimeReader = (text: string) => number | undefined;

export interface ReadCallOptions {
	defaultCountry?: string;
	readLocalTime: LocalTimeReader;
}

const MAX_FIELD_LENGTH = 2_048;

function text(raw: RawCallFields, field: keyof RawCallFields): string | undefined {
	const value = raw[field];
	if (value === undefined || value === null) return undefined;
	const trimmed = String(value).trim();
	if (trimmed.length > MAX_FIELD_LENGTH) {
		throw new CallFieldError(field, `${field}: longer than ${MAX_FIELD_LENGTH} characters`);
	}
	return trimmed === '' ? undefined : trimmed;
}

function required(raw: RawCallFields, field: keyof RawCallFields): string {
	const value = text(raw, field);
	if (value === undefined) throw new CallFieldError(field, `${field}: missing`);
	return value;
}

function seconds(raw: RawCallFields, field: keyof RawCallFields): number | undefined {
	const value = text(raw, field);
	if (value === undefined) return undefined;
	const number = Number(value);
	// A call lasts less than a year; anything else is not a duration.
	if (!Number.isFinite(number) || number < 0 || number > 366 * 86_400) {
		throw new CallFieldError(field, `${field}: "${value}" is not a number of seconds`);
	}
	return number;
}

function instant(raw: RawCallFields, options: ReadCallOptions, nowMs: number): number {
	const value = text(raw, 'startedAt');
	if (value === undefined) return nowMs;
	if (/^\d{10,13}$/.test(value)) return value.length === 10 ? Number(value) * 1000 : Number(value);
	// A date with its zone (ISO 8601 with Z or an offset), or a local one read in the provider's zone.
	const local = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(value)
		? options.readLocalTime(value)
		: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
			? Date.parse(value)
			: undefined;
	if (local === undefined || Number.isNaN(local)) {
		throw new CallFieldError('startedAt', `startedAt: "${value}" is not a date`);
	}
	return local;
}

function phone(raw: RawCallFields, field: 'caller' | 'called', options: ReadCallOptions): string {
	const value = required(raw, field);
	const result = normalisePhoneNumber(value, options.defaultCountry);
	if (!result.ok) throw new CallFieldError(field, `${field}: ${result.reason}`);
	return result.e164;
}

function optionalPhone(raw: RawCallFields, field: 'caller' | 'called', options: ReadCallOptions) {
	const value = text(raw, field);
	if (value === undefined) return undefined;
	const result = normalisePhoneNumber(value, options.defaultCountry);
	return result.ok ? result.e164 : undefined;
}

/** The event, or a CallFieldError naming the first field that is missing or wrong. */
export function readCallEvent(
	raw: RawCallFields,
	options: ReadCallOptions,
	nowMs = Date.now(),
): CallEvent {
	const directionText = required(raw, 'direction');
	const direction = directionOf(directionText);
	if (!direction) {
		throw new CallFieldError(
			'direction',
			`direction: "${directionText}" is neither incoming (in, incoming, callback) nor outgoing (out, outgoing)`,
		);
	}
	const customerField = direction === 'incoming' ? 'caller' : 'called';
	const companyField = direction === 'incoming' ? 'called' : 'caller';
	const utm: CallEvent['utm'] = {};
	const utmFields = {
		source: 'utmSource',
		medium: 'utmMedium',
		campaign: 'utmCampaign',
		term: 'utmTerm',
		content: 'utmContent',
	} as const;
	for (const field of UTM_FIELDS) {
		const value = text(raw, utmFields[field]);
		if (value !== undefined) utm[field] = value;
	}
	const employee = {
		id: text(raw, 'employeeId'),
		extension: text(raw, 'employeeExtension'),
		sipLogin: text(raw, 'employeeSipLogin'),
		phone: text(raw, 'employeePhone'),
		name: text(raw, 'employeeName'),
	};
	const named = Object.values(employee).some((value) => value !== undefined);
	const recordingUrl = text(raw, 'recordingUrl');
	if (recordingUrl !== undefined && !/^https?:\/\//i.test(recordingUrl)) {
		throw new CallFieldError(
			'recordingUrl',
			`recordingUrl: "${recordingUrl}" is not an http(s) URL`,
		);
	}
	const event: CallEvent = {
		callId: required(raw, 'callId'),
		direction,
		answered: isAnsweredDisposition(required(raw, 'disposition')),
		customerNumber: phone(raw, customerField, options),
		startedAtMs: instant(raw, options, nowMs),
		utm,
	};
	const companyNumber = optionalPhone(raw, companyField, options);
	if (companyNumber) event.companyNumber = companyNumber;
	if (named) {
		event.employee = Object.fromEntries(
			Object.entries(employee).filter(([, value]) => value !== undefined),
		);
	}
	const duration = seconds(raw, 'durationSeconds');
	if (duration !== undefined) event.durationSeconds = duration;
	const talk = seconds(raw, 'talkSeconds');
	if (talk !== undefined) event.talkSeconds = talk;
	if (recordingUrl) event.recordingUrl = recordingUrl;
	const clientId = text(raw, 'googleClientId');
	if (clientId) event.googleClientId = clientId;
	const landing = text(raw, 'landingPage');
	if (landing) event.landingPage = landing;
	return event;
}

/** Ringostat's call-data names -> the raw fields; nested `additional_call_data` is read too. */
export function ringostatFields(body: Record<string, unknown>): RawCallFields {
	const nested = body.additional_call_data;
	const data: Record<string, unknown> =
		nested && typeof nested === 'object' && !Array.isArray(nested)
			? { ...body, ...(nested as Record<string, unknown>) }
			: body;
	const get = (...names: string[]): string | undefined => {
		for (const name of names) {
			const value = data[name];
			if (typeof value === 'string' || typeof value === 'number') return String(value);
		}
		return undefined;
	};
	const connectedWith = get('connected_with');
	return {
		callId: get('uniqueid', 'call_id', 'uuid'),
		direction: get('call_type'),
		disposition: get('disposition'),
		caller: get('caller'),
		called: get('dst'),
		employeeId: get('employee_id'),
		employeeExtension: get('employee_number', 'extension'),
		employeeSipLogin:
			connectedWith && !/^\+?\d[\d\s()-]*$/.test(connectedWith) ? connectedWith : undefined,
		employeePhone:
			connectedWith && /^\+?\d[\d\s()-]*$/.test(connectedWith) ? connectedWith : undefined,
		employeeName: get('employee_fio'),
		startedAt: get('calldate'),
		durationSeconds: get('duration'),
		talkSeconds: get('billsec'),
		recordingUrl: get('recording'),
		utmSource: get('utm_source'),
		utmMedium: get('utm_medium'),
		utmCampaign: get('utm_campaign'),
		utmTerm: get('utm_term'),
		utmContent: get('utm_content'),
		googleClientId: get('client_id'),
		landingPage: get('landing'),
	};
}
