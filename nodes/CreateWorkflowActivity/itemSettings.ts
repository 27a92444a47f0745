/**
 * What one item asks of Create Workflow Activity, read at its index: the record, the event's time
 * and key, the actions (with their deadlines resolved to instants) and the calendar. Every bad
 * value is a NodeOperationError naming the item's field.
 */
import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { epochMsOf } from '../domain/poll';
import {
	ActivityError,
	TASK_PRIORITIES,
	TASK_TYPES,
	type ActivityAction,
	type TaskPriority,
	type TaskType,
} from '../domain/activity';
import {
	BusinessCalendar,
	DEFAULT_WEEKLY_HOURS_TEXT,
	DURATION_UNITS,
	ScheduleError,
	type CalendarSettings,
	type DurationUnit,
} from '../domain/schedule';
import { pickedRecord, type PickedRecord } from '../shared/descriptions';
import { RECORD_PICKER } from './properties';
import { teamCalendarsOf, type TeamCalendar } from './teamCalendars';

export interface ItemSettings {
	record: PickedRecord;
	eventMs: number;
	eventKey: string;
	actions: ActivityAction[];
	calendar: BusinessCalendar;
	/** Teams with hours of their own: an owner in one gets deadlines in them. */
	teamCalendars: TeamCalendar[];
	businessTimeOnly: boolean;
}

interface ActionParameters {
	title?: string;
	taskType?: string;
	deadlineKind?: string;
	amount?: number | string;
	unit?: string;
	beforeDate?: string;
	ifPast?: string;
	notifyAmount?: number | string;
	notifyUnit?: string;
	notes?: string;
	priority?: string;
	titlePrefix?: string;
	queueId?: string;
}

const CALENDAR_FIELDS: Record<string, string> = {
	timeZone: 'Business Calendar > Time Zone',
	weeklyHours: 'Business Calendar > Opening Hours',
	holidays: 'Business Calendar > Holidays Country',
	closedDates: 'Business Calendar > Closed Dates',
	workingDates: 'Business Calendar > Extra Working Dates',
};

/** Calendars are costly to build (holidays) and items usually share one. */
const calendars = new Map<string, BusinessCalendar>();

function fail(ctx: IExecuteFunctions, itemIndex: number, message: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

function dateList(text: unknown): string[] {
	return String(text ?? '')
		.split(/[,;\s]+/)
		.map((date) => date.trim())
		.filter(Boolean);
}

function calendarOrError(settings: CalendarSettings): BusinessCalendar | Error {
	try {
		return new BusinessCalendar(settings);
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

/** A Business Calendar collection as the domain's settings; empty fields from `base`. */
export function calendarSettingsOf(
	raw: IDataObject,
	base: CalendarSettings | undefined,
	defaultTimeZone: string,
): CalendarSettings {
	const text = (name: string) => String(raw[name] ?? '').trim();
	const country = text('holidayCountry');
	const holidays = country
		? { country, state: text('holidayState'), region: text('holidayRegion') }
		: base?.holidays;
	return {
		timeZone: text('timeZone') || base?.timeZone || defaultTimeZone,
		weeklyHours: text('weeklyHours') || base?.weeklyHours || DEFAULT_WEEKLY_HOURS_TEXT,
		...(holidays ? { holidays } : {}),
		closedDates:
			raw.closedDates !== undefined ? dateList(raw.closedDates) : (base?.closedDates ?? []),
		workingDates:
			raw.workingDates !== undefined ? dateList(raw.workingDates) : (base?.workingDates ?? []),
	};
}

/** The calendar for `settings`, built once per process; a bad setting names `fieldOf` its field. */
export function cachedCalendar(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: CalendarSettings,
	fieldOf: (field: string) => string,
): BusinessCalendar {
	const key = JSON.stringify(settings);
	let calendar = calendars.get(key);
	if (!calendar) {
		const built = calendarOrError(settings);
		if (built instanceof ScheduleError)
			fail(ctx, itemIndex, `${fieldOf(built.field)}: ${built.message}`);
		if (built instanceof Error) throw built;
		calendar = built;
		if (calendars.size > 50) calendars.clear();
		calendars.set(key, calendar);
	}
	return calendar;
}

function calendarOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { calendar: BusinessCalendar; settings: CalendarSettings } {
	const raw = ctx.getNodeParameter('calendar', itemIndex, {}) as IDataObject;
	const settings = calendarSettingsOf(raw, undefined, ctx.getTimezone());
	const calendar = cachedCalendar(
		ctx,
		itemIndex,
		settings,
		(field) => CALENDAR_FIELDS[field] ?? field,
	);
	return { calendar, settings };
}

function numberOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): number {
	const number = typeof value === 'number' ? value : Number(String(value ?? '').trim());
	if (!Number.isFinite(number) || number < 0 || String(value ?? '').trim() === '') {
		fail(ctx, itemIndex, `${field}: must be a number of 0 or more, got "${String(value ?? '')}"`);
	}
	return number;
}

function unitOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): DurationUnit {
	const unit = String(value ?? '')
		.trim()
		.toLowerCase();
	if (!(DURATION_UNITS as readonly string[]).includes(unit)) {
		fail(
			ctx,
			itemIndex,
			`${field}: "${String(value ?? '')}" is not one of ${DURATION_UNITS.join(', ')}`,
		);
	}
	return unit as DurationUnit;
}

function actionOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	position: number,
	raw: ActionParameters,
	eventMs: number,
): ActivityAction {
	const title = String(raw.title ?? '').trim();
	const label = `Action ${position + 1}${title ? ` ("${title}")` : ''}`;
	const field = (name: string) => `${label} > ${name}`;
	const taskType = String(raw.taskType ?? 'TODO').toUpperCase();
	if (!(TASK_TYPES as readonly string[]).includes(taskType)) {
		fail(
			ctx,
			itemIndex,
			`${field('Task Type')}: "${taskType}" is not one of ${TASK_TYPES.join(', ')}`,
		);
	}
	const priority = String(raw.priority ?? 'NONE').toUpperCase();
	if (!(TASK_PRIORITIES as readonly string[]).includes(priority)) {
		fail(
			ctx,
			itemIndex,
			`${field('Priority')}: "${priority}" is not one of ${TASK_PRIORITIES.join(', ')}`,
		);
	}
	const span = {
		amount: numberOf(ctx, itemIndex, field('Amount'), raw.amount ?? 1),
		unit: unitOf(ctx, itemIndex, field('Unit'), raw.unit ?? 'hours'),
	};
	let deadline: ActivityAction['deadline'];
	if ((raw.deadlineKind ?? 'after') === 'before') {
		const anchorMs = epochMsOf(String(raw.beforeDate ?? ''));
		if (anchorMs === undefined) {
			fail(
				ctx,
				itemIndex,
				`${field('Before Date')}: "${String(raw.beforeDate ?? '')}" is not a date`,
			);
		}
		deadline = {
			kind: 'before',
			before: span,
			anchorMs,
			ifPast: raw.ifPast === 'error' ? 'error' : 'skip',
		};
	} else {
		deadline = { kind: 'after', within: span, eventMs };
	}
	const notifyAmount = numberOf(
		ctx,
		itemIndex,
		field('Notify Before (Amount)'),
		raw.notifyAmount ?? 0,
	);
	return {
		label,
		taskType: taskType as TaskType,
		title,
		...(raw.notes ? { notes: String(raw.notes) } : {}),
		...(priority !== 'NONE' ? { priority: priority as TaskPriority } : {}),
		...(raw.titlePrefix ? { titlePrefix: String(raw.titlePrefix) } : {}),
		...(String(raw.queueId ?? '').trim() ? { queueId: String(raw.queueId).trim() } : {}),
		deadline,
		...(notifyAmount > 0
			? {
					notifyBefore: {
						amount: notifyAmount,
						unit: unitOf(
							ctx,
							itemIndex,
							field('Notify Before (Unit)'),
							raw.notifyUnit ?? 'minutes',
						),
					},
				}
			: {}),
	};
}

/** The same item delivered again gives the same key. */
function itemDigest(item: INodeExecutionData): string {
	const canonical = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(canonical);
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.keys(value)
					.sort()
					.map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
			);
		}
		return value;
	};
	return createHash('sha256')
		.update(JSON.stringify(canonical(item.json)))
		.digest('hex')
		.slice(0, 24);
}

export function readItemSettings(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	nowMs: number,
	/** A record found by search, and the event key that stands for "already enrolled". */
	given: { record?: PickedRecord; eventKey?: string } = {},
): ItemSettings {
	const record = given.record ?? pickedRecord(ctx, itemIndex, RECORD_PICKER);
	if (!/^\d+$/.test(record.id))
		fail(ctx, itemIndex, `Record ID: "${record.id}" is not a HubSpot ID`);
	const eventText = String(ctx.getNodeParameter('eventTime', itemIndex, '') ?? '').trim();
	const eventMs = eventText === '' ? nowMs : epochMsOf(eventText);
	if (eventMs === undefined) fail(ctx, itemIndex, `Event Time: "${eventText}" is not a date`);
	const eventKey =
		given.eventKey ??
		(String(ctx.getNodeParameter('eventKey', itemIndex, '') ?? '').trim() || itemDigest(item));
	const rawActions = ((ctx.getNodeParameter('actions', itemIndex, {}) as IDataObject).action ??
		[]) as ActionParameters[];
	if (rawActions.length === 0) fail(ctx, itemIndex, 'Actions: add at least one action');
	const actions = rawActions.map((raw, position) =>
		actionOf(ctx, itemIndex, position, raw, eventMs),
	);
	const { calendar, settings: calendarSettings } = calendarOf(ctx, itemIndex);
	return {
		record,
		eventMs,
		eventKey,
		actions,
		calendar,
		teamCalendars: teamCalendarsOf(ctx, itemIndex, calendarSettings),
		businessTimeOnly: ctx.getNodeParameter('businessTimeOnly', itemIndex, false) as boolean,
	};
}

/** A domain refusal as the item's error, naming the field. */
export function activityFailure(
	ctx: IExecuteFunctions,
	itemIndex: number,
	error: ActivityError,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${error.message}`, {
		itemIndex,
		description: `Field: ${error.field}`,
	});
}
