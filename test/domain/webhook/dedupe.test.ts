import {
	claimKeys,
	dedupeKeyOf,
	emptySeenSet,
	fieldKey,
	freshFromClaims,
	hubSpotEventKey,
	parseSeenSet,
	planClaims,
	pruneSeenSet,
	valueAtPath,
} from '../../../nodes/domain/webhook';
import type { SeenSetState } from '../../../nodes/domain/webhook';

const HOUR = 60 * 60 * 1000;
const limits = { windowMs: 24 * HOUR, maxEntries: 1000 };
const t0 = 1_790_000_000_000;

const event = {
	eventId: 3029365631,
	subscriptionId: 686627,
	objectId: 847297356,
	occurredAt: 1715203101896,
	attemptNumber: 0,
	subscriptionType: 'contact.propertyChange',
};

describe('dedupe keys', () => {
	it('combines eventId, subscriptionId, objectId and occurredAt', () => {
		expect(hubSpotEventKey(event)).toBe('e:3029365631:686627:847297356:1715203101896');
	});

	it('gives a retry (higher attemptNumber) the same key', () => {
		expect(hubSpotEventKey({ ...event, attemptNumber: 3 })).toBe(hubSpotEventKey(event));
	});

	it('tells apart events that share an eventId', () => {
		const keys = [
			event,
			{ ...event, subscriptionId: 1 },
			{ ...event, objectId: 2 },
			{ ...event, occurredAt: 3 },
		].map(hubSpotEventKey);
		expect(new Set(keys).size).toBe(4);
	});

	it('has no HubSpot key without an eventId; a configured field takes over', () => {
		const body = { hs_object_id: '901', properties: { deal: { value: 'D-1' } } };
		expect(hubSpotEventKey(body)).toBeUndefined();
		expect(dedupeKeyOf(body)).toBeUndefined();
		expect(dedupeKeyOf(body, 'hs_object_id')).toBe('f:hs_object_id=901');
		expect(dedupeKeyOf(body, 'properties.deal.value')).toBe('f:properties.deal.value=D-1');
		expect(dedupeKeyOf(body, 'missing.path')).toBeUndefined();
	});

	it('prefers the HubSpot key over the field when both exist', () => {
		expect(dedupeKeyOf({ ...event, hs_object_id: 'x' }, 'hs_object_id')).toBe(
			hubSpotEventKey(event),
		);
	});

	it('hashes long keys so one large value cannot bloat the stored set', () => {
		const key = fieldKey({ note: 'x'.repeat(5000) }, 'note');
		expect(key).toMatch(/^h:[A-Za-z0-9_-]{43}$/);
		expect(fieldKey({ note: 'x'.repeat(5000) }, 'note')).toBe(key);
		expect(fieldKey({ note: `${'x'.repeat(4999)}y` }, 'note')).not.toBe(key);
	});

	it('reads dot paths and stops at missing steps', () => {
		expect(valueAtPath({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
		expect(valueAtPath({ a: 1 }, 'a.b')).toBeUndefined();
	});
});

describe('claimKeys', () => {
	it('lets a new key through once and refuses it within the window', () => {
		const first = claimKeys(emptySeenSet(), ['a'], t0, limits);
		expect(first.fresh).toEqual([true]);
		const again = claimKeys(first.state, ['a'], t0 + 23 * HOUR, limits);
		expect(again.fresh).toEqual([false]);
	});

	it('lets the key through again once the window has passed', () => {
		const first = claimKeys(emptySeenSet(), ['a'], t0, limits);
		const later = claimKeys(first.state, ['a'], t0 + 24 * HOUR, limits);
		expect(later.fresh).toEqual([true]);
	});

	it('treats a repeat inside one batch as a duplicate', () => {
		expect(claimKeys(emptySeenSet(), ['a', 'b', 'a'], t0, limits).fresh).toEqual([
			true,
			true,
			false,
		]);
	});

	it('always passes events without a key and does not store them', () => {
		const result = claimKeys(emptySeenSet(), [undefined, undefined], t0, limits);
		expect(result.fresh).toEqual([true, true]);
		expect(result.state.entries).toEqual([]);
	});

	it('handles a batch of 100 events, then the same 100 redelivered', () => {
		const keys = Array.from({ length: 100 }, (_unused, index) =>
			hubSpotEventKey({ ...event, eventId: index }),
		);
		const first = claimKeys(emptySeenSet(), keys, t0, limits);
		expect(first.fresh.every(Boolean)).toBe(true);
		expect(first.state.entries).toHaveLength(100);
		const redelivery = claimKeys(first.state, keys, t0 + 60_000, limits);
		expect(redelivery.fresh.some(Boolean)).toBe(false);
		expect(redelivery.state.entries).toHaveLength(100);
	});

	it('stays within the size bound, forgetting the oldest keys first', () => {
		let state: SeenSetState = emptySeenSet();
		const small = { windowMs: limits.windowMs, maxEntries: 3 };
		['a', 'b', 'c', 'd'].forEach((key, index) => {
			state = claimKeys(state, [key], t0 + index, small).state;
		});
		expect(state.entries.map(([key]) => key)).toEqual(['b', 'c', 'd']);
		expect(claimKeys(state, ['a'], t0 + 10, small).fresh).toEqual([true]);
		expect(claimKeys(state, ['d'], t0 + 10, small).fresh).toEqual([false]);
	});

	it('does not change the state it was given', () => {
		const state = claimKeys(emptySeenSet(), ['a'], t0, limits).state;
		const copy = structuredClone(state);
		claimKeys(state, ['b'], t0 + 1, limits);
		expect(state).toEqual(copy);
	});
});

describe('planClaims and freshFromClaims', () => {
	it('asks the store for each distinct key once, in order of first appearance', () => {
		const plan = planClaims(['a', undefined, 'b', 'a', 'c', 'b']);
		expect(plan.keys).toEqual(['a', 'b', 'c']);
		expect(plan.claims).toEqual([0, 'unkeyed', 1, 'repeat', 2, 'repeat']);
	});

	it('passes unkeyed events, drops repeats, and follows the store for the rest', () => {
		const plan = planClaims(['a', undefined, 'b', 'a', 'c']);
		expect(freshFromClaims(plan, [true, false, true])).toEqual([true, true, false, false, true]);
		expect(freshFromClaims(plan, [false, true, false])).toEqual([false, true, true, false, false]);
	});

	it('asks nothing for a delivery without keys', () => {
		const plan = planClaims([undefined, undefined]);
		expect(plan.keys).toEqual([]);
		expect(freshFromClaims(plan, [])).toEqual([true, true]);
	});

	it('refuses an answer that does not match the planned keys', () => {
		expect(() => freshFromClaims(planClaims(['a', 'b']), [true])).toThrow(
			'Expected 2 claim answers, got 1',
		);
	});
});

describe('seen-set storage', () => {
	it('round-trips through JSON, as n8n stores static data', () => {
		const { state } = claimKeys(emptySeenSet(), ['a', 'b'], t0, limits);
		const restored = parseSeenSet(JSON.parse(JSON.stringify(state)));
		expect(claimKeys(restored, ['a', 'c'], t0 + 1, limits).fresh).toEqual([false, true]);
	});

	it('starts empty from missing or malformed data and drops malformed entries', () => {
		expect(parseSeenSet(undefined)).toEqual(emptySeenSet());
		expect(parseSeenSet('junk')).toEqual(emptySeenSet());
		expect(parseSeenSet({ entries: 'junk' })).toEqual(emptySeenSet());
		expect(
			parseSeenSet({ entries: [['a', t0], ['b'], [1, 2], ['c', 'x'], ['d', t0 + 1]] }),
		).toEqual({
			version: 1,
			entries: [
				['a', t0],
				['d', t0 + 1],
			],
		});
	});

	it('prunes expired entries', () => {
		const state: SeenSetState = {
			version: 1,
			entries: [
				['old', t0 - 25 * HOUR],
				['new', t0 - HOUR],
			],
		};
		expect(pruneSeenSet(state, t0, limits).entries).toEqual([['new', t0 - HOUR]]);
	});
});

describe('fieldKey with several fields', () => {
	it('identifies one record at one change: a retry matches, a new enrollment does not', () => {
		const call = { hs_object_id: '18734522910', hs_lastmodifieddate: '1790000000000' };
		const fields = 'hs_object_id, hs_lastmodifieddate';
		expect(fieldKey({ ...call }, fields)).toBe(fieldKey(call, fields));
		expect(fieldKey({ ...call, hs_lastmodifieddate: '1790000060000' }, fields)).not.toBe(
			fieldKey(call, fields),
		);
		expect(fieldKey({ hs_object_id: '18734522910' }, fields)).toBeUndefined();
		// one field keeps the key it always had, so remembered events survive an upgrade
		expect(fieldKey(call, 'hs_object_id')).toBe('f:hs_object_id=18734522910');
	});
});
