/**
 * The schedule arithmetic against an independent oracle that walks time minute by minute and asks
 * the wall clock whether each minute is open: random zones (with and without DST, both
 * hemispheres, half-hour offsets), opening hours, holidays and starts across 2026.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import {
	BusinessCalendar,
	deadlineFrom,
	type CalendarSettings,
} from '../../../nodes/domain/schedule';

const PLACES: Array<Pick<CalendarSettings, 'timeZone' | 'holidays'>> = [
	{ timeZone: 'Europe/Lisbon', holidays: { country: 'PT' } },
	{ timeZone: 'America/Sao_Paulo', holidays: { country: 'BR', state: 'SP' } },
	{ timeZone: 'Pacific/Auckland', holidays: { country: 'NZ' } },
	{ timeZone: 'America/New_York', holidays: { country: 'US', state: 'NY' } },
	{ timeZone: 'Asia/Kolkata' },
	{ timeZone: 'Europe/Kyiv', holidays: { country: 'UA' } },
];
const HOURS = [
	'Mon-Fri 09:00-18:00',
	'Mon-Fri 09:00-12:00, 13:00-18:00; Sat 10:00-14:00',
	'Mon-Sun 00:00-24:00',
	'Tue,Thu 01:00-03:30; Sun 22:00-24:00',
];
const YEAR_START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

const calendars = new Map<string, BusinessCalendar>();
function calendarOf(place: number, hours: number): BusinessCalendar {
	const key = `${place}/${hours}`;
	let calendar = calendars.get(key);
	if (!calendar) {
		calendar = new BusinessCalendar({ ...PLACES[place], weeklyHours: HOURS[hours] });
		calendars.set(key, calendar);
	}
	return calendar;
}

/** The wall clock's answer for one minute, independent of how deadlineFrom walks. */
function isOpen(calendar: BusinessCalendar, instantMs: number): boolean {
	const clock = DateTime.fromMillis(instantMs, { zone: calendar.timeZone });
	const minute = clock.hour * 60 + clock.minute;
	return calendar
		.rangesOn(clock.startOf('day'))
		.some((range) => range.fromMinute <= minute && minute < range.toMinute);
}

function oracleDue(calendar: BusinessCalendar, startMs: number, minutes: number): number {
	let t = startMs;
	if (minutes === 0) {
		while (!isOpen(calendar, t)) t += MINUTE;
		return t;
	}
	for (let counted = 0; ; t += MINUTE) {
		if (isOpen(calendar, t) && ++counted === minutes) return t + MINUTE;
	}
}

const scenario = fc.record({
	place: fc.integer({ min: 0, max: PLACES.length - 1 }),
	hours: fc.integer({ min: 0, max: HOURS.length - 1 }),
	startMinute: fc.integer({ min: 0, max: 364 * 24 * 60 }),
	minutes: fc.integer({ min: 0, max: 480 }),
});

describe('deadlineFrom against a minute-by-minute oracle', () => {
	test('business minutes forward equal the oracle', () => {
		fc.assert(
			fc.property(scenario, ({ place, hours, startMinute, minutes }) => {
				const calendar = calendarOf(place, hours);
				const fromMs = YEAR_START + startMinute * MINUTE;
				const due = deadlineFrom({
					fromMs,
					amount: minutes,
					unit: 'minutes',
					calendar,
					businessTimeOnly: true,
				});
				expect(due).toBe(oracleDue(calendar, fromMs, minutes));
			}),
			{ numRuns: 40, seed: 20261207 },
		);
	});

	test('more business time never gives an earlier due; back from the due is the start', () => {
		fc.assert(
			fc.property(
				scenario,
				fc.integer({ min: 1, max: 600 }),
				({ place, hours, startMinute, minutes }, extra) => {
					const calendar = calendarOf(place, hours);
					const fromMs = YEAR_START + startMinute * MINUTE;
					const due = (amount: number) =>
						deadlineFrom({ fromMs, amount, unit: 'minutes', calendar, businessTimeOnly: true });
					expect(due(minutes + extra)).toBeGreaterThanOrEqual(due(minutes));
					if (isOpen(calendar, fromMs)) {
						const back = deadlineFrom({
							fromMs: due(minutes + extra),
							amount: minutes + extra,
							unit: 'minutes',
							calendar,
							businessTimeOnly: true,
							direction: 'before',
						});
						expect(back).toBe(fromMs);
					}
				},
			),
			{ numRuns: 150, seed: 7 },
		);
	});

	test('working days land on an open minute at or after the same clock time', () => {
		fc.assert(
			fc.property(
				scenario,
				fc.integer({ min: 1, max: 30 }),
				({ place, hours, startMinute }, days) => {
					const calendar = calendarOf(place, hours);
					const fromMs = YEAR_START + startMinute * MINUTE;
					const due = deadlineFrom({
						fromMs,
						amount: days,
						unit: 'days',
						calendar,
						businessTimeOnly: true,
					});
					expect(due).toBeGreaterThan(fromMs);
					expect(isOpen(calendar, due)).toBe(true);
				},
			),
			{ numRuns: 150, seed: 11 },
		);
	});
});
