/**
 * A business calendar: opening hours per weekday in an IANA time zone, public holidays of a
 * country (and state or region) from date-holidays, extra closed dates and extra working dates
 * (some countries move holidays: Ukraine works its public holidays under martial law). Dates are
 * local to the calendar's zone.
 */
import { DateTime, Holidays, IANAZone } from './vendor';
import {
	openMinutesPerWeek,
	parseWeeklyHours,
	ScheduleError,
	type OpenRange,
	type WeeklyHours,
} from './weeklyHours';

export type HolidayType = 'public' | 'bank' | 'school' | 'optional' | 'observance';

export interface CalendarSettings {
	/** IANA zone, e.g. America/Sao_Paulo. */
	timeZone: string;
	/** e.g. `Mon-Fri 09:00-18:00`; see weeklyHours.ts. */
	weeklyHours: string;
	/** ISO 3166 country code, with an optional state and region (date-holidays' codes). */
	holidays?: { country: string; state?: string; region?: string; types?: HolidayType[] };
	/** YYYY-MM-DD dates closed all day. */
	closedDates?: string[];
	/** YYYY-MM-DD dates open even on a weekend or holiday, with `workingDateHours`. */
	workingDates?: string[];
	/** Hours of an extra working date, e.g. `09:00-18:00`; default: the first open weekday's. */
	workingDateHours?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CACHED_DATES = 4_000;

/** A date on the calendar's wall, without a time or zone. */
export interface CivilDate {
	year: number;
	month: number;
	day: number;
}

const DAY_MS = 86_400_000;

/** Date arithmetic on the proleptic Gregorian calendar: no zone, so no DST to trip on. */
export function addDays(date: CivilDate, days: number): CivilDate {
	const moved = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
	return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function isoWeekdayOf(date: CivilDate): number {
	return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
}

function isoDateOf(date: CivilDate): string {
	return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function checkedDates(dates: string[] | undefined, field: string): Set<string> {
	const set = new Set<string>();
	for (const date of dates ?? []) {
		const trimmed = date.trim();
		if (!ISO_DATE.test(trimmed) || !DateTime.fromISO(trimmed).isValid) {
			throw new ScheduleError(field, `"${date}" is not a date (YYYY-MM-DD)`);
		}
		set.add(trimmed);
	}
	return set;
}

/** date-holidays for the place, checked against its own lists: an unknown code is an error, not a calendar without holidays. */
function holidaysOf(
	place: NonNullable<CalendarSettings['holidays']>,
): InstanceType<typeof Holidays> {
	const country = place.country.trim().toUpperCase();
	const state = place.state?.trim().toUpperCase() || undefined;
	const region = place.region?.trim().toUpperCase() || undefined;
	const holidays = new Holidays();
	const named = [country, state, region].filter(Boolean).join(' / ');
	const known =
		country in holidays.getCountries() &&
		(state === undefined || state in (holidays.getStates(country) ?? {})) &&
		(region === undefined ||
			(state !== undefined && region in (holidays.getRegions(country, state) ?? {})));
	if (!known) {
		throw new ScheduleError(
			'holidays',
			`no public holidays known for "${named}" (an ISO country code, then date-holidays' state and region codes)`,
		);
	}
	holidays.init(country, state, region);
	return holidays;
}

export class BusinessCalendar {
	readonly timeZone: string;
	private readonly week: WeeklyHours;
	private readonly workingDateRanges: OpenRange[];
	private readonly closed: Set<string>;
	private readonly working: Set<string>;
	private readonly holidays?: InstanceType<typeof Holidays>;
	private readonly holidayTypes: Set<string>;
	private readonly holidaysByYear = new Map<number, Set<string>>();
	private readonly intervalsByDate = new Map<string, ReadonlyArray<readonly [number, number]>>();

	constructor(settings: CalendarSettings) {
		if (!IANAZone.isValidZone(settings.timeZone)) {
			throw new ScheduleError(
				'timeZone',
				`"${settings.timeZone}" is not an IANA time zone (e.g. Europe/Lisbon)`,
			);
		}
		this.timeZone = settings.timeZone;
		this.week = parseWeeklyHours(settings.weeklyHours);
		if (openMinutesPerWeek(this.week) === 0) {
			throw new ScheduleError('weeklyHours', 'the week has no open hours');
		}
		const firstOpenDay = this.week.find((ranges, day) => day > 0 && ranges.length > 0) ?? [];
		this.workingDateRanges = settings.workingDateHours
			? parseWeeklyHours(`Mon ${settings.workingDateHours}`)[1]
			: firstOpenDay;
		this.closed = checkedDates(settings.closedDates, 'closedDates');
		this.working = checkedDates(settings.workingDates, 'workingDates');
		this.holidayTypes = new Set(settings.holidays?.types ?? ['public']);
		if (settings.holidays?.country) this.holidays = holidaysOf(settings.holidays);
	}

	private holidayDates(year: number): Set<string> {
		let dates = this.holidaysByYear.get(year);
		if (!dates) {
			dates = new Set(
				(this.holidays?.getHolidays(year) ?? [])
					.filter((holiday) => this.holidayTypes.has(holiday.type))
					.map((holiday) => holiday.date.slice(0, 10)),
			);
			this.holidaysByYear.set(year, dates);
		}
		return dates;
	}

	/** The open ranges of a local date, in minutes from its midnight; [] when closed. */
	rangesOnDate(date: CivilDate): OpenRange[] {
		const iso = isoDateOf(date);
		if (this.working.has(iso)) return this.workingDateRanges;
		if (this.closed.has(iso) || this.holidayDates(date.year).has(iso)) return [];
		return this.week[isoWeekdayOf(date)];
	}

	/** The open ranges of the local date a luxon DateTime falls on. */
	rangesOn(day: DateTime): OpenRange[] {
		return this.rangesOnDate({ year: day.year, month: day.month, day: day.day });
	}

	/**
	 * The open ranges of a local date as instants [opens, closes), cached: a deadline walks the
	 * same few weeks again and again, and zone arithmetic is the costly part.
	 */
	openIntervals(date: CivilDate): ReadonlyArray<readonly [number, number]> {
		const iso = isoDateOf(date);
		let intervals = this.intervalsByDate.get(iso);
		if (!intervals) {
			intervals = this.rangesOnDate(date).map(
				(range) =>
					[this.instantOf(date, range.fromMinute), this.instantOf(date, range.toMinute)] as const,
			);
			if (this.intervalsByDate.size >= MAX_CACHED_DATES) this.intervalsByDate.clear();
			this.intervalsByDate.set(iso, intervals);
		}
		return intervals;
	}

	/** A local date and minute of day as an instant (a time skipped by DST moves forward, as clocks do). */
	instantOf(date: CivilDate, minute: number): number {
		if (minute >= 24 * 60) return this.instantOf(addDays(date, 1), minute - 24 * 60);
		return DateTime.fromObject(
			{ ...date, hour: Math.floor(minute / 60), minute: minute % 60 },
			{ zone: this.timeZone },
		).toMillis();
	}

	localDateOf(instantMs: number): CivilDate {
		const local = DateTime.fromMillis(instantMs, { zone: this.timeZone });
		return { year: local.year, month: local.month, day: local.day };
	}
}
