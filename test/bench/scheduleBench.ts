/**
 * Deadline computations per second of the business-time module: 4 business hours from starts
 * spread over a year, São Paulo's hours and holidays (a pure figure, no I/O).
 */
import { BusinessCalendar, deadlineFrom } from '../../nodes/domain/schedule';

const COMPUTATIONS = 100_000;
const YEAR_START = Date.UTC(2026, 0, 1);
const MINUTES_A_YEAR = 365 * 24 * 60;

export function runScheduleBench(): { perSecond: number } {
	const calendar = new BusinessCalendar({
		timeZone: 'America/Sao_Paulo',
		weeklyHours: 'Mon-Fri 09:00-12:00, 13:00-18:00',
		holidays: { country: 'BR', state: 'SP' },
	});
	let checksum = 0;
	const started = performance.now();
	for (let i = 0; i < COMPUTATIONS; i++) {
		// A stride coprime with the year's minutes visits starts all over it.
		const fromMs = YEAR_START + ((i * 7_919) % MINUTES_A_YEAR) * 60_000;
		checksum += deadlineFrom({
			fromMs,
			amount: 4,
			unit: 'hours',
			calendar,
			businessTimeOnly: true,
		});
	}
	const seconds = (performance.now() - started) / 1000;
	if (!(checksum > 0)) throw new Error('no deadline was computed');
	return { perSecond: COMPUTATIONS / seconds };
}
