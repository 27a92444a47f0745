/**
 * The schedule arithmetic's one entry point: from an instant, a duration in a unit, a calendar and
 * whether only business time counts -> the due instant (or, backwards, the instant before).
 * - Calendar time: minutes and hours are elapsed time; days, weeks and months keep the wall-clock
 *   time in the calendar's zone (across DST and month ends, as luxon does: Jan 31 + 1 month is
 *   Feb 28).
 * - Business time: minutes and hours count open time only (4 hours from Friday 16:00 with
 *   Mon-Fri 09:00-18:00 is Monday 11:00); days count working days at the same clock time; weeks
 *   and months are calendar spans moved to the next business moment.
 */
import { DateTime } from './vendor';
import { addDays, type BusinessCalendar, type CivilDate } from './calendar';
import { ScheduleError } from './weeklyHours';

export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** How far a search for open time goes before the calendar is called closed. */
const MAX_SCAN_DAYS = 3 * 366;

export interface DeadlineRequest {
	fromMs: number;
	amount: number;
	unit: DurationUnit;
	calendar: BusinessCalendar;
	businessTimeOnly: boolean;
	/** 'after' (a deadline) or 'before' (e.g. 120 minutes before a meeting). Default 'after'. */
	direction?: 'after' | 'before';
}

function checkRequest({ fromMs, amount, unit }: DeadlineRequest): void {
	if (!Number.isFinite(fromMs))
		throw new ScheduleError('start', `the start is not a point in time: ${fromMs}`);
	if (!(DURATION_UNITS as readonly string[]).includes(unit)) {
		throw new ScheduleError('unit', `"${String(unit)}" is not one of ${DURATION_UNITS.join(', ')}`);
	}
	if (!(Number.isFinite(amount) && amount >= 0)) {
		throw new ScheduleError(
			'amount',
			`the duration must be a number of ${unit} of 0 or more, got ${amount}`,
		);
	}
	if (unit !== 'minutes' && unit !== 'hours' && !Number.isInteger(amount)) {
		throw new ScheduleError('amount', `a number of ${unit} must be whole, got ${amount}`);
	}
}

function noOpenTime(): never {
	throw new ScheduleError('calendar', `the calendar has no open time within ${MAX_SCAN_DAYS} days`);
}

/** Moves `fromMs` by `ms` of open time (0: to the nearest open instant) in `sign`'s direction. */
function shiftOpenTime(
	calendar: BusinessCalendar,
	fromMs: number,
	ms: number,
	sign: 1 | -1,
): number {
	let remaining = ms;
	let date = calendar.localDateOf(fromMs);
	for (let scanned = 0; scanned < MAX_SCAN_DAYS; scanned++, date = addDays(date, sign)) {
		const intervals = calendar.openIntervals(date);
		for (const [opens, closes] of sign === 1 ? intervals : [...intervals].reverse()) {
			const start = sign === 1 ? Math.max(opens, fromMs) : opens;
			const end = sign === 1 ? closes : Math.min(closes, fromMs);
			if (end <= start && !(end === start && remaining === 0)) continue;
			if (end - start >= remaining) return sign === 1 ? start + remaining : end - remaining;
			remaining -= end - start;
		}
	}
	return noOpenTime();
}

/** `days` working days away at the same clock time, then the nearest open instant. */
function shiftWorkingDays(
	calendar: BusinessCalendar,
	fromMs: number,
	days: number,
	sign: 1 | -1,
): number {
	const open = shiftOpenTime(calendar, fromMs, 0, sign);
	const at = DateTime.fromMillis(open, { zone: calendar.timeZone });
	let date: CivilDate = { year: at.year, month: at.month, day: at.day };
	for (let counted = 0, scanned = 0; counted < days; ) {
		date = addDays(date, sign);
		if (calendar.rangesOnDate(date).length > 0) counted++;
		if (++scanned > MAX_SCAN_DAYS) noOpenTime();
	}
	const sameClock =
		calendar.instantOf(date, at.hour * 60 + at.minute) + at.second * 1000 + at.millisecond;
	return shiftOpenTime(calendar, sameClock, 0, sign);
}

export function deadlineFrom(request: DeadlineRequest): number {
	checkRequest(request);
	const { fromMs, amount, unit, calendar, businessTimeOnly } = request;
	const sign = request.direction === 'before' ? -1 : 1;
	if (businessTimeOnly && (unit === 'minutes' || unit === 'hours')) {
		return shiftOpenTime(calendar, fromMs, amount * (unit === 'hours' ? 3_600_000 : 60_000), sign);
	}
	if (businessTimeOnly && unit === 'days') return shiftWorkingDays(calendar, fromMs, amount, sign);
	const start = DateTime.fromMillis(fromMs, { zone: calendar.timeZone });
	const span = { [unit]: amount };
	const moved = (sign === 1 ? start.plus(span) : start.minus(span)).toMillis();
	return businessTimeOnly ? shiftOpenTime(calendar, moved, 0, sign) : moved;
}
