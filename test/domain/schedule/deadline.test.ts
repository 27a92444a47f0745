/**
 * The schedule arithmetic by example: business hours, weekends, holidays, extra closed and working
 * dates, DST both ways, month ends, zones far apart, and every bad setting named.
 */
import { DateTime } from 'luxon';

import {
	BusinessCalendar,
	deadlineFrom,
	ScheduleError,
	type CalendarSettings,
	type DurationUnit,
} from '../../../nodes/domain/schedule';

const LISBON: CalendarSettings = {
	timeZone: 'Europe/Lisbon',
	weeklyHours: 'Mon-Fri 09:00-18:00',
	holidays: { country: 'PT' },
};

function at(iso: string, zone: string): number {
	return DateTime.fromISO(iso, { zone }).toMillis();
}

function local(ms: number, zone: string): string {
	return DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');
}

function due(
	settings: CalendarSettings,
	from: string,
	amount: number,
	unit: DurationUnit,
	businessTimeOnly = true,
	direction: 'after' | 'before' = 'after',
): string {
	const calendar = new BusinessCalendar(settings);
	return local(
		deadlineFrom({
			fromMs: at(from, settings.timeZone),
			amount,
			unit,
			calendar,
			businessTimeOnly,
			direction,
		}),
		settings.timeZone,
	);
}

describe('deadlineFrom, business time', () => {
	test('4 hours from Friday 16:00 is Monday 11:00', () => {
		expect(due(LISBON, '2026-12-04T16:00', 4, 'hours')).toBe('Mon 2026-12-07 11:00');
	});

	test('a start outside the hours counts from the next opening', () => {
		expect(due(LISBON, '2026-12-05T10:00', 30, 'minutes')).toBe('Mon 2026-12-07 09:30');
		expect(due(LISBON, '2026-12-07T07:00', 30, 'minutes')).toBe('Mon 2026-12-07 09:30');
		// Tuesday 8 December is a public holiday in Portugal (Imaculada Conceição).
		expect(due(LISBON, '2026-12-07T19:00', 30, 'minutes')).toBe('Wed 2026-12-09 09:30');
	});

	test("public holidays are closed: Portugal's Christmas (Friday 25 December 2026)", () => {
		expect(due(LISBON, '2026-12-24T17:00', 2, 'hours')).toBe('Mon 2026-12-28 10:00');
		// And a calendar without holidays works through it.
		expect(due({ ...LISBON, holidays: undefined }, '2026-12-24T17:00', 2, 'hours')).toBe(
			'Fri 2026-12-25 10:00',
		);
	});

	test('extra closed dates close; extra working dates open, holidays included (Ukraine under martial law)', () => {
		// Monday closed, Tuesday a holiday: Wednesday.
		expect(due({ ...LISBON, closedDates: ['2026-12-07'] }, '2026-12-04T16:00', 4, 'hours')).toBe(
			'Wed 2026-12-09 11:00',
		);
		const kyiv: CalendarSettings = {
			timeZone: 'Europe/Kyiv',
			weeklyHours: 'Mon-Fri 09:00-18:00',
			holidays: { country: 'UA' },
		};
		// date-holidays lists 1 and 2 January 2026 (Thursday, Friday) as Ukraine's public holidays.
		expect(due(kyiv, '2025-12-31T17:00', 2, 'hours')).toBe('Mon 2026-01-05 10:00');
		expect(
			due({ ...kyiv, workingDates: ['2026-01-01', '2026-01-02'] }, '2025-12-31T17:00', 2, 'hours'),
		).toBe('Thu 2026-01-01 10:00');
		// A working Saturday with its own hours.
		expect(
			due(
				{ ...LISBON, workingDates: ['2026-12-05'], workingDateHours: '10:00-12:00' },
				'2026-12-04T17:00',
				2,
				'hours',
			),
		).toBe('Sat 2026-12-05 11:00');
	});

	test('split days and several ranges', () => {
		const lunch = { ...LISBON, weeklyHours: 'Mon-Fri 09:00-12:00, 13:00-18:00; Sat 09:00-13:00' };
		expect(due(lunch, '2026-12-07T11:00', 2, 'hours')).toBe('Mon 2026-12-07 14:00');
		expect(due(lunch, '2026-12-04T17:00', 3, 'hours')).toBe('Sat 2026-12-05 11:00');
	});

	test('working days keep the clock time', () => {
		expect(due(LISBON, '2026-12-04T16:00', 1, 'days')).toBe('Mon 2026-12-07 16:00');
		// Tuesday 8 December does not count.
		expect(due(LISBON, '2026-12-04T16:00', 5, 'days')).toBe('Mon 2026-12-14 16:00');
		// From Saturday: the count starts at Monday's opening, and skips Tuesday's holiday.
		expect(due(LISBON, '2026-12-05T16:00', 1, 'days')).toBe('Wed 2026-12-09 09:00');
	});

	test('weeks and months are calendar spans moved to the next opening', () => {
		expect(due(LISBON, '2026-12-04T16:00', 1, 'weeks')).toBe('Fri 2026-12-11 16:00');
		// 3 months from 3 September 2026 is Thursday 3 December; a Sunday lands on Monday 09:00.
		expect(due(LISBON, '2026-09-03T10:00', 3, 'months')).toBe('Thu 2026-12-03 10:00');
		expect(due(LISBON, '2026-09-06T10:00', 3, 'months')).toBe('Mon 2026-12-07 09:00');
	});

	test('DST both ways: open time is elapsed time', () => {
		const always = { timeZone: 'Europe/Lisbon', weeklyHours: 'Mon-Sun 00:00-24:00' };
		// Spring forward, 29 March 2026 01:00 -> 02:00: three hours from 23:00 is 03:00.
		expect(due(always, '2026-03-28T23:00', 3, 'hours')).toBe('Sun 2026-03-29 03:00');
		// Fall back, 25 October 2026 02:00 -> 01:00: three hours from 23:00 is 01:00 (the second).
		const from = at('2026-10-24T23:00', 'Europe/Lisbon');
		const calendar = new BusinessCalendar(always);
		const result = deadlineFrom({
			fromMs: from,
			amount: 3,
			unit: 'hours',
			calendar,
			businessTimeOnly: true,
		});
		expect(result - from).toBe(3 * 3_600_000);
		expect(local(result, 'Europe/Lisbon')).toBe('Sun 2026-10-25 01:00');
		// Office hours on the changeover days are the clock's hours.
		expect(due(LISBON, '2026-03-27T17:00', 2, 'hours')).toBe('Mon 2026-03-30 10:00');
	});

	test('before: 120 minutes before a Monday 10:00 meeting is Friday 17:00 in business time', () => {
		expect(due(LISBON, '2026-12-07T10:00', 120, 'minutes', true, 'before')).toBe(
			'Fri 2026-12-04 17:00',
		);
		expect(due(LISBON, '2026-12-07T10:00', 120, 'minutes', false, 'before')).toBe(
			'Mon 2026-12-07 08:00',
		);
	});
});

describe('deadlineFrom, calendar time', () => {
	test('minutes and hours elapse; days keep the clock across DST; months clamp at month ends', () => {
		expect(due(LISBON, '2026-12-04T16:00', 4, 'hours', false)).toBe('Fri 2026-12-04 20:00');
		expect(due(LISBON, '2026-03-28T09:00', 1, 'days', false)).toBe('Sun 2026-03-29 09:00');
		expect(due(LISBON, '2026-01-31T09:00', 1, 'months', false)).toBe('Sat 2026-02-28 09:00');
		expect(due(LISBON, '2028-01-31T09:00', 1, 'months', false)).toBe('Tue 2028-02-29 09:00');
	});

	test('zones far apart: the same instant gets each place its own due time', () => {
		const fromMs = at('2026-12-04T20:00Z', 'UTC');
		const saoPaulo = new BusinessCalendar({
			timeZone: 'America/Sao_Paulo',
			weeklyHours: 'Mon-Fri 09:00-18:00',
		});
		const auckland = new BusinessCalendar({
			timeZone: 'Pacific/Auckland',
			weeklyHours: 'Mon-Fri 09:00-18:00',
		});
		const inSaoPaulo = deadlineFrom({
			fromMs,
			amount: 2,
			unit: 'hours',
			calendar: saoPaulo,
			businessTimeOnly: true,
		});
		const inAuckland = deadlineFrom({
			fromMs,
			amount: 2,
			unit: 'hours',
			calendar: auckland,
			businessTimeOnly: true,
		});
		// 17:00 Friday in São Paulo; 09:00 Saturday in Auckland, so Monday.
		expect(local(inSaoPaulo, 'America/Sao_Paulo')).toBe('Mon 2026-12-07 10:00');
		expect(local(inAuckland, 'Pacific/Auckland')).toBe('Mon 2026-12-07 11:00');
	});
});

describe('bad settings name their field', () => {
	const cases: Array<[string, () => unknown, string, RegExp]> = [
		[
			'zone',
			() => new BusinessCalendar({ ...LISBON, timeZone: 'Lisbon' }),
			'timeZone',
			/not an IANA time zone/,
		],
		[
			'hours',
			() => new BusinessCalendar({ ...LISBON, weeklyHours: 'Mon-Fri 9h-18h' }),
			'weeklyHours',
			/not a/,
		],
		[
			'day',
			() => new BusinessCalendar({ ...LISBON, weeklyHours: 'Funday 09:00-18:00' }),
			'weeklyHours',
			/not a weekday/,
		],
		[
			'backwards',
			() => new BusinessCalendar({ ...LISBON, weeklyHours: 'Mon 18:00-09:00' }),
			'weeklyHours',
			/ends before it starts/,
		],
		[
			'closed week',
			() => new BusinessCalendar({ ...LISBON, weeklyHours: '' }),
			'weeklyHours',
			/no open hours/,
		],
		[
			'country',
			() => new BusinessCalendar({ ...LISBON, holidays: { country: 'XX' } }),
			'holidays',
			/no public holidays known for "XX"/,
		],
		[
			'state',
			() => new BusinessCalendar({ ...LISBON, holidays: { country: 'BR', state: 'ZZ' } }),
			'holidays',
			/"BR \/ ZZ"/,
		],
		[
			'date',
			() => new BusinessCalendar({ ...LISBON, closedDates: ['2026-02-30'] }),
			'closedDates',
			/not a date/,
		],
		[
			'negative',
			() =>
				deadlineFrom({
					fromMs: 0,
					amount: -1,
					unit: 'hours',
					calendar: new BusinessCalendar(LISBON),
					businessTimeOnly: true,
				}),
			'amount',
			/0 or more/,
		],
		[
			'fraction of a day',
			() =>
				deadlineFrom({
					fromMs: 0,
					amount: 1.5,
					unit: 'days',
					calendar: new BusinessCalendar(LISBON),
					businessTimeOnly: false,
				}),
			'amount',
			/must be whole/,
		],
		[
			'unit',
			() =>
				deadlineFrom({
					fromMs: 0,
					amount: 1,
					unit: 'fortnights' as DurationUnit,
					calendar: new BusinessCalendar(LISBON),
					businessTimeOnly: false,
				}),
			'unit',
			/not one of/,
		],
		[
			'start',
			() =>
				deadlineFrom({
					fromMs: NaN,
					amount: 1,
					unit: 'hours',
					calendar: new BusinessCalendar(LISBON),
					businessTimeOnly: false,
				}),
			'start',
			/not a point in time/,
		],
	];
	test.each(cases)('%s', (_name, make, field, message) => {
		let thrown: unknown;
		try {
			make();
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ScheduleError);
		expect((thrown as ScheduleError).field).toBe(field);
		expect((thrown as ScheduleError).message).toMatch(message);
	});
});
