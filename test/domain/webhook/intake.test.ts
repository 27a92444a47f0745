import {
	claimKeys,
	emptySeenSet,
	freshFromClaims,
	keepFresh,
	parseWebhookBody,
	planClaims,
	selectEvents,
	signHubSpotRequest,
	verifyIncomingRequest,
} from '../../../nodes/domain/webhook';
import type {
	IntakeCounts,
	ParsedBody,
	SeenSetLimits,
	SeenSetState,
	SelectionOptions,
} from '../../../nodes/domain/webhook';

type IntakeOptions = SelectionOptions & { limits: SeenSetLimits; nowMs: number };

/** What the trigger does with static data: select, claim against the seen-set, keep the fresh. */
function takeInEvents(
	parsed: ParsedBody,
	state: SeenSetState,
	settings: IntakeOptions,
): IntakeCounts & { state: SeenSetState } {
	const selected = selectEvents(parsed, settings);
	if (!settings.dedupe)
		return {
			...keepFresh(
				selected,
				selected.items.map(() => true),
			),
			state,
		};
	const claim = claimKeys(state, selected.keys, settings.nowMs, settings.limits);
	return { ...keepFresh(selected, claim.fresh), state: claim.state };
}

const t0 = 1_790_000_000_000;
const options: IntakeOptions = {
	eventTypes: [],
	dedupe: true,
	dedupeField: '',
	limits: { windowMs: 24 * 60 * 60 * 1000, maxEntries: 5000 },
	nowMs: t0,
};

function parse(body: unknown): ParsedBody {
	const result = parseWebhookBody(JSON.stringify(body));
	if (!result.ok) throw new Error(result.message);
	return result.parsed;
}

function batch(count: number, type = 'contact.creation') {
	return Array.from({ length: count }, (_unused, index) => ({
		eventId: index + 1,
		subscriptionId: 9,
		objectId: 100 + index,
		occurredAt: t0 - 1000,
		subscriptionType: type,
		attemptNumber: 0,
	}));
}

describe('takeInEvents', () => {
	it('emits one item per event of a 100-event batch and remembers them', () => {
		const result = takeInEvents(parse(batch(100)), emptySeenSet(), options);
		expect(result.items).toHaveLength(100);
		expect(result.items[0]).toMatchObject({
			eventId: 1,
			objectId: 100,
			eventType: 'contact.creation',
		});
		expect(result).toMatchObject({ received: 100, duplicates: 0, filteredOut: 0 });
		expect(result.state.entries).toHaveLength(100);
	});

	it('drops a redelivered batch entirely, and only the repeats of a mixed one', () => {
		const first = takeInEvents(parse(batch(3)), emptySeenSet(), options);
		const retried = batch(3).map((event) => ({ ...event, attemptNumber: 1 }));
		const second = takeInEvents(parse(retried), first.state, { ...options, nowMs: t0 + 60_000 });
		expect(second.items).toEqual([]);
		expect(second.duplicates).toBe(3);

		const mixed = [...retried.slice(0, 1), { ...batch(1)[0], eventId: 77 }];
		const third = takeInEvents(parse(mixed), second.state, { ...options, nowMs: t0 + 120_000 });
		expect(third.items.map((item) => item.eventId)).toEqual([77]);
		expect(third.duplicates).toBe(1);
	});

	it('filters by event type before dedupe, so a filtered event is not remembered', () => {
		const events = [
			...batch(2, 'contact.creation'),
			{ ...batch(1, 'deal.creation')[0], eventId: 50 },
		];
		const result = takeInEvents(parse(events), emptySeenSet(), {
			...options,
			eventTypes: ['deal.*'],
		});
		expect(result.items.map((item) => item.eventId)).toEqual([50]);
		expect(result.filteredOut).toBe(2);
		expect(result.state.entries).toHaveLength(1);
	});

	it('passes everything and leaves the state alone with dedupe off', () => {
		const state = takeInEvents(parse(batch(2)), emptySeenSet(), options).state;
		const result = takeInEvents(parse(batch(2)), state, { ...options, dedupe: false });
		expect(result.items).toHaveLength(2);
		expect(result.state).toBe(state);
	});

	it('does not dedupe workflow webhook bodies unless a field is configured', () => {
		const body = parse({ hs_object_id: '901', email: 'a@example.com' });
		const first = takeInEvents(body, emptySeenSet(), options);
		const second = takeInEvents(body, first.state, options);
		expect(second.items).toHaveLength(1);

		const byField = { ...options, dedupeField: 'hs_object_id' };
		const keyed = takeInEvents(body, emptySeenSet(), byField);
		expect(keyed.items[0]).toMatchObject({ eventType: 'workflow.webhook', objectId: '901' });
		expect(takeInEvents(body, keyed.state, byField).items).toEqual([]);
	});
});

describe('selectEvents and keepFresh (the two steps, for a seen-set kept elsewhere)', () => {
	it('gives the wanted items with their keys, filtered by type before any key is taken', () => {
		const events = [...batch(2), { ...batch(1, 'deal.creation')[0], eventId: 50 }];
		const selected = selectEvents(parse(events), { ...options, eventTypes: ['contact.*'] });
		expect(selected.items.map((item) => item.eventId)).toEqual([1, 2]);
		expect(selected.keys).toEqual([`e:1:9:100:${t0 - 1000}`, `e:2:9:101:${t0 - 1000}`]);
		expect(selected).toMatchObject({ received: 3, filteredOut: 1 });
	});

	it('gives no keys with dedupe off, so nothing is claimed anywhere', () => {
		const selected = selectEvents(parse(batch(2)), { ...options, dedupe: false });
		expect(selected.keys).toEqual([undefined, undefined]);
	});

	it('keeps the items a store found fresh and counts the rest as duplicates', () => {
		const selected = selectEvents(parse(batch(3)), options);
		const kept = keepFresh(selected, [true, false, true]);
		expect(kept.items.map((item) => item.eventId)).toEqual([1, 3]);
		expect(kept).toMatchObject({ received: 3, filteredOut: 0, duplicates: 1 });
	});

	it('refuses a verdict list that does not match the items', () => {
		const selected = selectEvents(parse(batch(2)), options);
		expect(() => keepFresh(selected, [true])).toThrow('Expected 2 dedupe verdicts, got 1');
	});

	it('with an external store, a key repeated within one delivery is still a duplicate', () => {
		const events = [batch(1)[0], { ...batch(1)[0], attemptNumber: 1 }, batch(2)[1]];
		const selected = selectEvents(parse(events), options);
		const plan = planClaims(selected.keys);
		expect(plan.keys).toHaveLength(2);
		// The store has never seen either key: both claims succeed.
		const kept = keepFresh(selected, freshFromClaims(plan, [true, true]));
		expect(kept.items.map((item) => [item.eventId, item.attemptNumber])).toEqual([
			[1, 0],
			[2, 0],
		]);
		expect(kept.duplicates).toBe(1);
	});

	it('makes the same decisions as takeInEvents over static data', () => {
		const events = [...batch(3), batch(3)[1], { hs_object_id: 'no-event-id' }];
		const first = takeInEvents(parse(batch(1)), emptySeenSet(), options);
		const viaStaticData = takeInEvents(parse(events), first.state, options);

		const selected = selectEvents(parse(events), options);
		const plan = planClaims(selected.keys);
		const claimedByStore = plan.keys.map((key) => !first.state.entries.some(([k]) => k === key));
		const viaStore = keepFresh(selected, freshFromClaims(plan, claimedByStore));

		expect(viaStore.items).toEqual(viaStaticData.items);
		expect(viaStore.duplicates).toBe(viaStaticData.duplicates);
		expect(viaStore.duplicates).toBe(2);
	});
});

describe('verifyIncomingRequest', () => {
	const uri = 'https://n8n.example.com/webhook/5f0c/hubspot-taskflow';
	const body = '{"hs_object_id":"1"}';

	it('accepts a signed request in signature mode and names the version', () => {
		const headers = signHubSpotRequest({
			version: 'v3',
			clientSecret: 'cs',
			method: 'POST',
			uri,
			body,
			timestamp: t0,
		});
		const verdict = verifyIncomingRequest(
			{ method: 'POST', uri, body, headers, query: {} },
			{ mode: 'hubSpotSignature', clientSecret: 'cs', nowMs: t0 },
		);
		expect(verdict).toEqual({ ok: true, method: 'hubSpotSignature', signatureVersion: 'v3' });
	});

	it('refuses a request when the secret the mode needs is missing', () => {
		expect(
			verifyIncomingRequest(
				{ method: 'POST', uri, body, headers: {}, query: {} },
				{ mode: 'hubSpotSignature', clientSecret: '', nowMs: t0 },
			),
		).toEqual({ ok: false, reason: 'missingSecret' });
	});

	it('checks a shared secret in a header (any case) or a query parameter', () => {
		const settings = { mode: 'sharedSecret' as const, webhookSecret: 'wh-secret', nowMs: t0 };
		const inHeader = {
			...settings,
			secretLocation: 'header' as const,
			secretName: 'X-Taskflow-Secret',
		};
		const inQuery = { ...settings, secretLocation: 'query' as const, secretName: 'key' };
		const request = { method: 'POST', uri, body, headers: {}, query: {} };

		expect(
			verifyIncomingRequest(
				{ ...request, headers: { 'x-taskflow-secret': 'wh-secret' } },
				inHeader,
			),
		).toEqual({
			ok: true,
			method: 'sharedSecret',
		});
		expect(
			verifyIncomingRequest({ ...request, headers: { 'x-taskflow-secret': 'nope' } }, inHeader),
		).toEqual({
			ok: false,
			reason: 'secretMismatch',
		});
		expect(
			verifyIncomingRequest({ ...request, query: { key: 'wh-secret' } }, inQuery),
		).toMatchObject({ ok: true });
		expect(
			verifyIncomingRequest({ ...request, query: { key: ['wh-secret', 'x'] } }, inQuery),
		).toMatchObject({
			ok: true,
		});
		expect(
			verifyIncomingRequest({ ...request, headers: { key: 'wh-secret' } }, inQuery),
		).toMatchObject({
			ok: false,
		});
	});

	it('accepts anything with verification off', () => {
		expect(
			verifyIncomingRequest(
				{ method: 'POST', uri, body, headers: {}, query: {} },
				{ mode: 'none', nowMs: t0 },
			),
		).toEqual({ ok: true, method: 'none' });
	});
});
