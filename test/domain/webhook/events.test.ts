import {
	WORKFLOW_WEBHOOK_EVENT_TYPE,
	eventTypeOf,
	matchesEventTypes,
	objectIdOf,
	occurredAtOf,
	parseEventTypeList,
	parseWebhookBody,
	publicRequestUri,
	toOutputJson,
} from '../../../nodes/domain/webhook';

function appEvent(index: number) {
	return {
		eventId: 1000 + index,
		subscriptionId: 12345,
		portalId: 62515,
		appId: 54321,
		occurredAt: 1_715_203_101_896 + index,
		subscriptionType: index % 2 === 0 ? 'contact.propertyChange' : 'deal.creation',
		attemptNumber: 0,
		objectId: 500 + index,
		changeSource: 'CRM',
	};
}

describe('parseWebhookBody', () => {
	it('splits a batch of 100 app events into 100 events, in order', () => {
		const batch = Array.from({ length: 100 }, (_unused, index) => appEvent(index));
		const result = parseWebhookBody(JSON.stringify(batch));
		if (!result.ok) throw new Error(result.message);
		expect(result.parsed.shape).toBe('eventBatch');
		expect(result.parsed.events).toHaveLength(100);
		expect(result.parsed.events.map((event) => event.eventId)).toEqual(
			batch.map((event) => event.eventId),
		);
	});

	it('turns a single workflow webhook object into one event', () => {
		const result = parseWebhookBody('{"hs_object_id":"901","email":"a@example.com"}');
		expect(result).toEqual({
			ok: true,
			parsed: { shape: 'singleObject', events: [{ hs_object_id: '901', email: 'a@example.com' }] },
		});
	});

	it('wraps non-object array elements instead of dropping them', () => {
		const result = parseWebhookBody('[1, {"a":2}]');
		expect(result).toEqual({
			ok: true,
			parsed: { shape: 'eventBatch', events: [{ value: 1 }, { a: 2 }] },
		});
	});

	it('treats an empty array as a batch of no events', () => {
		expect(parseWebhookBody('[]')).toEqual({
			ok: true,
			parsed: { shape: 'eventBatch', events: [] },
		});
	});

	it('refuses empty, non-JSON and scalar bodies with a reason', () => {
		expect(parseWebhookBody('  ')).toEqual({ ok: false, message: 'The request body is empty' });
		expect(parseWebhookBody('{oops')).toEqual({
			ok: false,
			message: 'The request body is not valid JSON',
		});
		expect(parseWebhookBody('"text"')).toMatchObject({ ok: false });
	});
});

describe('event fields', () => {
	it('reads the type from subscriptionType, else eventType', () => {
		expect(eventTypeOf({ subscriptionType: 'contact.creation', eventType: 'x' })).toBe(
			'contact.creation',
		);
		expect(eventTypeOf({ eventType: 'deal.deletion' })).toBe('deal.deletion');
		expect(eventTypeOf({ subscriptionType: '' })).toBeUndefined();
	});

	it('finds the object id in app events and in workflow webhook bodies', () => {
		expect(objectIdOf({ objectId: 123 })).toBe(123);
		expect(objectIdOf({ hs_object_id: '456' })).toBe('456');
		expect(objectIdOf({ vid: 789 })).toBe(789);
		expect(objectIdOf({ properties: { hs_object_id: { value: '321' } } })).toBe('321');
		expect(objectIdOf({ properties: { hs_object_id: '654' } })).toBe('654');
		expect(objectIdOf({ email: 'x' })).toBeUndefined();
	});

	it('reads occurredAt as epoch milliseconds', () => {
		expect(occurredAtOf({ occurredAt: 1700000000000 })).toBe(1700000000000);
		expect(occurredAtOf({ occurredAt: '1700000000000' })).toBe(1700000000000);
		expect(occurredAtOf({ occurredAt: 'yesterday' })).toBeUndefined();
	});
});

describe('toOutputJson', () => {
	it('keeps every field HubSpot sent and adds eventType', () => {
		const event = appEvent(1);
		expect(toOutputJson(event, 'eventBatch')).toEqual({ ...event, eventType: 'deal.creation' });
	});

	it('never overwrites a field that is present', () => {
		const event = { eventType: 'contact.creation', objectId: 'abc', occurredAt: 'odd but kept' };
		expect(toOutputJson(event, 'eventBatch')).toEqual(event);
	});

	it('gives a workflow webhook body the synthetic type and fills the rest from its fields', () => {
		expect(toOutputJson({ hs_object_id: '901' }, 'singleObject')).toEqual({
			hs_object_id: '901',
			eventType: WORKFLOW_WEBHOOK_EVENT_TYPE,
			objectId: '901',
			occurredAt: null,
		});
	});

	it('sets unknown normalised fields to null in a batch', () => {
		expect(toOutputJson({ foo: 1 }, 'eventBatch')).toEqual({
			foo: 1,
			eventType: null,
			objectId: null,
			occurredAt: null,
		});
	});
});

describe('event type filter', () => {
	it('parses comma and newline separated lists', () => {
		expect(parseEventTypeList(' contact.creation,\n deal.*, ,')).toEqual([
			'contact.creation',
			'deal.*',
		]);
		expect(parseEventTypeList('')).toEqual([]);
	});

	it('matches exact types ignoring case, and prefixes with a trailing *', () => {
		expect(matchesEventTypes('contact.creation', ['CONTACT.creation'])).toBe(true);
		expect(matchesEventTypes('contact.propertyChange', ['contact.*'])).toBe(true);
		expect(matchesEventTypes('deal.creation', ['contact.*'])).toBe(false);
		expect(matchesEventTypes('anything', ['*'])).toBe(true);
	});

	it('lets everything through an empty filter and nothing untyped through a non-empty one', () => {
		expect(matchesEventTypes(undefined, [])).toBe(true);
		expect(matchesEventTypes(null, ['contact.*'])).toBe(false);
	});
});

describe('publicRequestUri', () => {
	const base = 'https://n8n.example.com/webhook/5f0c/hubspot-taskflow';

	it('appends the query string exactly as received', () => {
		expect(publicRequestUri(base, '/webhook/5f0c/hubspot-taskflow?b=2&a=%3A1')).toBe(
			`${base}?b=2&a=%3A1`,
		);
	});

	it('uses the public base, not the path n8n saw behind a proxy', () => {
		expect(
			publicRequestUri('https://public.example.com/n8n/webhook/5f0c/x', '/webhook/5f0c/x'),
		).toBe('https://public.example.com/n8n/webhook/5f0c/x');
	});

	it('keeps a trailing slash HubSpot was configured with', () => {
		expect(publicRequestUri(base, '/webhook/5f0c/hubspot-taskflow/?x=1')).toBe(`${base}/?x=1`);
	});

	it('drops a query string from the base in favour of the one received', () => {
		expect(publicRequestUri(`${base}?old=1`, '/webhook/5f0c/hubspot-taskflow?new=2')).toBe(
			`${base}?new=2`,
		);
	});
});
