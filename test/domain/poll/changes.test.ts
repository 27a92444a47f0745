import {
	changeKey,
	checkPollSettings,
	createdInWindow,
	creationKey,
	epochMsOf,
	FingerprintMemory,
	fingerprintOf,
	modifiedMsOf,
	propertyListOf,
	SeenChanges,
} from '../../../nodes/domain/poll';

describe('changes read by the poll trigger', () => {
	test('a change is keyed by record and modification time; a creation by record alone', () => {
		const read = { id: '42', createdMs: 1_000, modifiedMs: 5_000 };
		expect(changeKey(read, 'createdOrUpdated')).toBe('42@5000');
		expect(changeKey({ ...read, modifiedMs: 6_000 }, 'createdOrUpdated')).toBe('42@6000');
		expect(changeKey(read, 'created')).toBe('42@created');
		expect(creationKey(read)).toBe('42@created');
		expect(createdInWindow(read, 1_000)).toBe(true);
		expect(createdInWindow(read, 1_001)).toBe(false);
		expect(createdInWindow({ ...read, createdMs: undefined }, 0)).toBe(false);
	});

	test('seen changes are forgotten once no window can read them again, and survive a save', () => {
		const seen = new SeenChanges(undefined, 10);
		seen.add('1@100', 100);
		seen.add('2@200', 200);
		const saved = JSON.parse(JSON.stringify(seen.toJSON())) as unknown;
		const loaded = new SeenChanges(saved, 10);
		expect(loaded.has('1@100')).toBe(true);
		loaded.forgetBefore(150);
		expect(loaded.has('1@100')).toBe(false);
		expect(loaded.has('2@200')).toBe(true);
		expect(new SeenChanges('garbage', 10).size).toBe(0);
	});

	test('past their bound the oldest seen changes go first', () => {
		const seen = new SeenChanges(undefined, 2);
		seen.add('a', 1);
		seen.add('b', 2);
		seen.add('c', 3);
		expect([seen.has('a'), seen.has('b'), seen.has('c')]).toEqual([false, true, true]);
	});

	test('fingerprints change with the watched values only, and keep their order through JSON', () => {
		const before = fingerprintOf({ hs_task_subject: 'Call', hs_timestamp: '1' }, [
			'hs_task_subject',
		]);
		expect(fingerprintOf({ hs_task_subject: 'Call', hs_timestamp: '2' }, ['hs_task_subject'])).toBe(
			before,
		);
		expect(fingerprintOf({ hs_task_subject: 'Call!' }, ['hs_task_subject'])).not.toBe(before);
		expect(fingerprintOf({}, ['a'])).toBe(fingerprintOf({ a: null }, ['a']));

		const memory = new FingerprintMemory(undefined, 2);
		expect(memory.changed('10', before)).toBe(true);
		memory.remember('10', before);
		memory.remember('2', 'x');
		expect(memory.changed('10', before)).toBe(false);
		const reloaded = new FingerprintMemory(JSON.parse(JSON.stringify(memory.toJSON())), 2);
		reloaded.remember('3', 'y');
		// '10' was remembered first, so it is the one pushed out, numeric ids notwithstanding.
		expect(reloaded.changed('10', before)).toBe(true);
		expect(reloaded.changed('2', 'x')).toBe(false);
	});

	test('dates: ISO and epoch milliseconds; the modification property per object type', () => {
		expect(epochMsOf('2026-12-07T09:00:00.123Z')).toBe(Date.UTC(2026, 11, 7, 9, 0, 0, 123));
		expect(epochMsOf('1796634000123')).toBe(1796634000123);
		expect(epochMsOf('')).toBeUndefined();
		expect(epochMsOf('soon')).toBeUndefined();
		const record = {
			properties: { lastmodifieddate: '2026-12-07T09:00:00.000Z', hs_lastmodifieddate: null },
			updatedAt: '2026-12-07T09:00:01.000Z',
		};
		expect(modifiedMsOf('contacts', record)).toBe(Date.UTC(2026, 11, 7, 9, 0, 0));
		expect(modifiedMsOf('tasks', record)).toBe(Date.UTC(2026, 11, 7, 9, 0, 1));
	});
});

describe('poll settings', () => {
	const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
	const valid = {
		overlapSeconds: 120,
		maxChangesPerPoll: 1000,
		startFrom: 'now',
		startDate: undefined,
		propertyLists: { Properties: ['hs_task_subject'] },
	};

	test('valid settings have no problems', () => {
		expect(checkPollSettings(valid, NOW)).toEqual([]);
		expect(
			checkPollSettings({ ...valid, startFrom: 'date', startDate: '2026-12-01T00:00:00Z' }, NOW),
		).toEqual([]);
	});

	test('each problem names its field', () => {
		const problems = checkPollSettings(
			{
				overlapSeconds: -1,
				maxChangesPerPoll: 0,
				startFrom: 'date',
				startDate: '2027-01-01T00:00:00Z',
				propertyLists: { 'Only When These Properties Change': ['Deal Stage', 'ok_name'] },
			},
			NOW,
		);
		expect(problems.map((problem) => problem.field)).toEqual([
			'Overlap (Seconds)',
			'Max Changes per Poll',
			'Start Date',
			'Only When These Properties Change',
		]);
		expect(problems[2].message).toMatch(/in the future/);
		expect(problems[3].message).toMatch(/"Deal Stage" is not a HubSpot property name/);
		expect(
			checkPollSettings({ ...valid, startFrom: 'date', startDate: 'last week' }, NOW)[0],
		).toEqual({
			field: 'Start Date',
			message: 'is not a date: "last week"',
		});
	});

	test('property lists: comma-separated or arrays, trimmed, without repeats', () => {
		expect(propertyListOf(' a, b ,,a ')).toEqual(['a', 'b']);
		expect(propertyListOf(['x', 'y', 'x'])).toEqual(['x', 'y']);
		expect(propertyListOf(undefined)).toEqual([]);
	});
});
