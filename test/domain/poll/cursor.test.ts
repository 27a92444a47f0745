import {
	advancedCursor,
	cursorFor,
	searchFromMs,
	type PollScope,
} from '../../../nodes/domain/poll';

const scope: PollScope = {
	objectType: 'tasks',
	triggerOn: 'createdOrUpdated',
	startFrom: { kind: 'now' },
};
const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);

describe('the poll cursor', () => {
	test('starts at the first poll with "now", at the date with "date"', () => {
		expect(cursorFor(undefined, scope, NOW)).toEqual({
			cursor: { scope: 'tasks|createdOrUpdated|now', startedFromMs: NOW, watermarkMs: NOW },
			fresh: true,
		});
		const since = { ...scope, startFrom: { kind: 'date' as const, fromMs: NOW - 86_400_000 } };
		expect(cursorFor(undefined, since, NOW).cursor.watermarkMs).toBe(NOW - 86_400_000);
	});

	test('is kept for the same scope and starts over when the object type, event or start change', () => {
		const { cursor } = cursorFor(undefined, scope, NOW);
		const later = { ...cursor, watermarkMs: NOW + 5_000 };
		expect(cursorFor(later, scope, NOW + 60_000)).toEqual({ cursor: later, fresh: false });
		expect(cursorFor(later, { ...scope, objectType: 'deals' }, NOW + 60_000).fresh).toBe(true);
		expect(cursorFor(later, { ...scope, triggerOn: 'created' }, NOW + 60_000).fresh).toBe(true);
		expect(cursorFor({ scope: later.scope, watermarkMs: 'x' }, scope, NOW).fresh).toBe(true);
	});

	test('searches the overlap before the watermark, never before the start', () => {
		const { cursor } = cursorFor(undefined, scope, NOW);
		expect(searchFromMs(cursor, 120_000)).toBe(NOW);
		const moved = { ...cursor, watermarkMs: NOW + 600_000 };
		expect(searchFromMs(moved, 120_000)).toBe(NOW + 480_000);
		expect(searchFromMs(moved, -5)).toBe(NOW + 600_000);
	});

	test('moves to the poll start after a complete read, to the last change read after a cut-short one, never back', () => {
		const { cursor } = cursorFor(undefined, scope, NOW);
		expect(
			advancedCursor(cursor, {
				readThroughMs: NOW + 10,
				complete: true,
				pollStartedMs: NOW + 60_000,
			}).watermarkMs,
		).toBe(NOW + 60_000);
		expect(
			advancedCursor(cursor, {
				readThroughMs: NOW + 10,
				complete: false,
				pollStartedMs: NOW + 60_000,
			}).watermarkMs,
		).toBe(NOW + 10);
		const ahead = { ...cursor, watermarkMs: NOW + 90_000 };
		expect(
			advancedCursor(ahead, {
				readThroughMs: undefined,
				complete: true,
				pollStartedMs: NOW + 60_000,
			}).watermarkMs,
		).toBe(NOW + 90_000);
	});
});
