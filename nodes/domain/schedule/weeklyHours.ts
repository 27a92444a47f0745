/**
 * Opening hours per weekday, written as people write them: `Mon-Fri 09:00-18:00; Sat 09:00-13:00`
 * (several ranges a day are comma-separated: `Mon-Fri 09:00-12:00, 13:00-18:00`). Weekdays are
 * ISO: 1 = Monday ... 7 = Sunday. Minutes count from local midnight; `24:00` closes at midnight.
 */

export interface OpenRange {
	fromMinute: number;
	toMinute: number;
}

/** Index 1..7 (ISO weekday) -> the day's ranges, sorted and not overlapping; index 0 unused. */
export type WeeklyHours = OpenRange[][];

export const DEFAULT_WEEKLY_HOURS_TEXT = 'Mon-Fri 09:00-18:00';

const DAY_NAMES: Record<string, number> = {
	mon: 1,
	tue: 2,
	wed: 3,
	thu: 4,
	fri: 5,
	sat: 6,
	sun: 7,
};

export class ScheduleError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'ScheduleError';
	}
}

function dayOf(name: string, text: string): number {
	const day = DAY_NAMES[name.trim().slice(0, 3).toLowerCase()];
	if (day === undefined) {
		throw new ScheduleError(
			'weeklyHours',
			`"${name.trim()}" is not a weekday (Mon..Sun) in "${text}"`,
		);
	}
	return day;
}

function minuteOf(clock: string, text: string): number {
	const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
	const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
	if (!match || Number(match[2]) > 59 || minute > 24 * 60) {
		throw new ScheduleError('weeklyHours', `"${clock.trim()}" is not a time (HH:MM) in "${text}"`);
	}
	return minute;
}

function daysOf(spec: string, text: string): number[] {
	return spec.split(',').flatMap((part) => {
		const [first, last] = part.split('-');
		const from = dayOf(first, text);
		if (last === undefined) return [from];
		const to = dayOf(last, text);
		const days: number[] = [];
		for (let day = from; ; day = (day % 7) + 1) {
			days.push(day);
			if (day === to) return days;
		}
	});
}

/** Parses opening hours; an error names what it could not read. Empty text: closed every day. */
export function parseWeeklyHours(text: string): WeeklyHours {
	const week: WeeklyHours = Array.from({ length: 8 }, () => []);
	for (const clause of text
		.split(';')
		.map((part) => part.trim())
		.filter(Boolean)) {
		const match = /^([A-Za-z,\s-]+?)\s+(\d.*)$/.exec(clause);
		if (!match) {
			throw new ScheduleError(
				'weeklyHours',
				`"${clause}" is not "<days> <HH:MM-HH:MM>" in "${text}"`,
			);
		}
		const days = daysOf(match[1], text);
		const ranges = match[2].split(',').map((range) => {
			const [from, to] = range.split('-');
			if (to === undefined) {
				throw new ScheduleError(
					'weeklyHours',
					`"${range.trim()}" is not a range HH:MM-HH:MM in "${text}"`,
				);
			}
			const open = { fromMinute: minuteOf(from, text), toMinute: minuteOf(to, text) };
			if (open.toMinute <= open.fromMinute) {
				throw new ScheduleError(
					'weeklyHours',
					`"${range.trim()}" ends before it starts in "${text}"`,
				);
			}
			return open;
		});
		for (const day of days) week[day].push(...ranges);
	}
	for (let day = 1; day <= 7; day++) {
		const sorted = week[day].sort((a, b) => a.fromMinute - b.fromMinute);
		for (let i = 1; i < sorted.length; i++) {
			if (sorted[i].fromMinute < sorted[i - 1].toMinute) {
				throw new ScheduleError('weeklyHours', `ranges overlap on weekday ${day} in "${text}"`);
			}
		}
	}
	return week;
}

export function openMinutesPerWeek(week: WeeklyHours): number {
	return week.flat().reduce((sum, range) => sum + range.toMinute - range.fromMinute, 0);
}
