/**
 * A guide's steps: pages shown with the record's values, a wrong answer sent back with what was
 * typed, pages shown only when an answer calls for them, the state carried through the form, and
 * at the end only what changed, with the lines for the timeline.
 */
import {
	askGuide,
	encodeState,
	guideStep,
	readGuide,
	readRefusal,
	readState,
	retryStep,
	startState,
	STATE_FIELD,
	timelineAction,
	timelineBody,
	type FormField,
	type GuideDefinition,
	type GuideStep,
	type PropertyDefinition,
	type StoredValues,
} from '../../../nodes/domain/guide';

const DEFINITIONS = new Map<string, PropertyDefinition>(
	[
		{ name: 'description', label: 'Description', type: 'string', fieldType: 'textarea' },
		{
			name: 'dealtype',
			label: 'Deal Type',
			type: 'enumeration',
			fieldType: 'select',
			options: [
				{ label: 'New', value: 'newbusiness' },
				{ label: 'Existing', value: 'existingbusiness' },
			],
		},
		{ name: 'amount', label: 'Amount', type: 'number', fieldType: 'number' },
		{ name: 'hs_next_step', label: 'Next step', type: 'string', fieldType: 'text' },
	].map((partial) => [
		partial.name,
		{ options: [], readOnly: false, ...partial } as PropertyDefinition,
	]),
);

const GUIDE_JSON = {
	title: 'Discovery',
	pages: [
		{
			title: 'Need',
			instructions: '<p>Ask <strong>why now</strong>.</p>',
			questions: [
				{ property: 'description', required: true, minLength: 10 },
				{ property: 'dealtype', required: true },
			],
		},
		{ title: 'Budget', questions: [{ property: 'amount', required: true, min: 1 }] },
		{
			title: 'Who decides',
			showIf: { property: 'dealtype', equals: 'newbusiness' },
			questions: [{ property: 'hs_next_step', required: true }],
		},
	],
};

function guide(): GuideDefinition {
	const reading = readGuide(JSON.stringify(GUIDE_JSON));
	if (!reading.ok) throw new Error(reading.problems.join('; '));
	return reading.guide;
}

function asked() {
	const result = askGuide(guide(), DEFINITIONS, []);
	if (!result.ok) throw new Error(result.problems.join('; '));
	return result.pages;
}

const STORED: StoredValues = {
	description: 'Old notes here',
	dealtype: 'existingbusiness',
	amount: '1000',
	hs_next_step: null,
};
const TODAY = '2026-12-08';

function step(
	state = startState('run-1', 'deals', '3000001', 'note'),
	submitted?: Record<string, unknown>,
	stored = STORED,
): GuideStep {
	return guideStep({ guide: guide(), asked: asked(), state, stored, submitted, today: TODAY });
}

function shown(result: GuideStep) {
	if (result.kind !== 'show') throw new Error(`expected a page, got ${result.kind}`);
	return result;
}

const field = (fields: FormField[], name: string) => fields.find((f) => f.fieldName === name);

describe('readGuide', () => {
	it('names every problem with its page and question', () => {
		const reading = readGuide({
			pages: [
				{ title: '', questions: [] },
				{
					title: 'B',
					showIf: { property: 'x' },
					questions: [{ property: 'a b' }, 'amount', 'amount'],
				},
			],
		});
		expect(reading).toEqual({
			ok: false,
			problems: [
				'The guide needs a "title"',
				'Page 1: needs a "title"',
				'Page 1: needs at least one question',
				'Page 2: "showIf" needs "equals" (a value or a list) or "filled" (true or false)',
				'Page 2, question 1: a question needs a "property" (a HubSpot property name)',
				'Page 2: the property "amount" is asked twice',
			],
		});
		expect(readGuide('{ not json')).toMatchObject({
			ok: false,
			problems: [expect.stringContaining('not valid JSON')],
		});
	});

	it('a question HubSpot cannot ask is named with its page by askGuide', () => {
		const reading = readGuide({ title: 'T', pages: [{ title: 'P', questions: ['nope'] }] });
		if (!reading.ok) throw new Error('valid');
		expect(askGuide(reading.guide, DEFINITIONS, [])).toEqual({
			ok: false,
			problems: ['Page "P", question "nope" (nope): HubSpot has no such property'],
		});
	});
});

describe('guideStep', () => {
	it("the first page: instructions, the record's values filled in, choices by label, the state hidden", () => {
		const first = shown(step());
		expect(first.page.formTitle).toBe('Discovery: Need');
		expect(first.page.buttonLabel).toBe('Next');
		const [instructions] = first.page.formFields;
		expect(instructions).toEqual({
			fieldType: 'html',
			html: '<p>Ask <strong>why now</strong>.</p>',
		});
		expect(field(first.page.formFields, 'description')).toMatchObject({
			fieldType: 'textarea',
			defaultValue: 'Old notes here',
			requiredField: true,
		});
		expect(field(first.page.formFields, 'dealtype')).toMatchObject({
			fieldType: 'dropdown',
			fieldOptions: { values: [{ option: 'New' }, { option: 'Existing' }] },
			defaultValue: 'Existing',
		});
		const hidden = field(first.page.formFields, STATE_FIELD)!;
		expect(readState(hidden.fieldValue)).toEqual({ ...first.state, showing: 'page1' });
	});

	it('a wrong answer sends the page back with what was typed and the problem; nothing moves on', () => {
		const first = shown(step());
		const again = shown(step(first.state, { description: 'short', dealtype: 'New' }));
		expect(again.state).toEqual(first.state);
		expect(again.page.formFields[0].html).toContain('Description: needs at least 10 characters');
		expect(field(again.page.formFields, 'description')?.defaultValue).toBe('short');
		expect(field(again.page.formFields, 'dealtype')?.defaultValue).toBe('New');
	});

	it('new business: three pages; only what changed is written, every answer is on the timeline', () => {
		let current = shown(step());
		current = shown(step(current.state, { description: 'Quotes take days', dealtype: 'New' }));
		expect(current.page.formTitle).toBe('Discovery: Budget');
		// the number the record holds is shown, as text of its own
		expect(field(current.page.formFields, 'amount')).toMatchObject({
			fieldType: 'number',
			defaultValue: '1000',
		});
		current = shown(step(current.state, { amount: 1000 }));
		expect(current.page.formTitle).toBe('Discovery: Who decides');
		expect(current.page.buttonLabel).toBe('Save to HubSpot');
		const done = step(current.state, { hs_next_step: 'Demo on Thursday' });
		expect(done).toMatchObject({
			kind: 'answered',
			changes: {
				description: 'Quotes take days',
				dealtype: 'newbusiness',
				hs_next_step: 'Demo on Thursday',
			},
			answered: [
				{ label: 'Description', answer: 'Quotes take days', before: 'Old notes here' },
				{ label: 'Deal Type', answer: 'New', before: 'Existing' },
				{ label: 'Amount', answer: '1000' },
				{ label: 'Next step', answer: 'Demo on Thursday', before: '' },
			],
		});
	});

	it('existing business: the "Who decides" page is passed over', () => {
		let current = shown(step());
		current = shown(step(current.state, { description: 'Wants more seats', dealtype: 'Existing' }));
		const done = step(current.state, { amount: '1500' });
		expect(done).toMatchObject({
			kind: 'answered',
			changes: { description: 'Wants more seats', amount: '1500' },
		});
	});

	it('the state survives the form with < and > in answers, and a tampered state is not read', () => {
		const state = {
			...startState('r', 'deals', '1', 'call'),
			answers: { description: '<b>x</b> & "y"' },
		};
		expect(readState(encodeState(state))).toEqual(state);
		expect(readState('not-a-state')).toBeUndefined();
		expect(
			readState(Buffer.from(JSON.stringify({ ...state, logAs: 'email' })).toString('base64url')),
		).toBeUndefined();
	});

	it('what HubSpot refused is asked again on one page, with its reason', () => {
		let current = shown(step());
		current = shown(step(current.state, { description: 'Quotes take days', dealtype: 'New' }));
		current = shown(step(current.state, { amount: 1000 }));
		const done = step(current.state, { hs_next_step: 'Demo' });
		if (done.kind !== 'answered') throw new Error('answered');
		const retry = shown(
			retryStep(
				{ guide: guide(), asked: asked(), state: done.state, stored: STORED, today: TODAY },
				{ properties: ['dealtype'], problems: ['Deal Type: HubSpot refused it'] },
			),
		);
		expect(retry.page.formTitle).toBe('Discovery: Correct what HubSpot refused');
		expect(
			retry.page.formFields
				.filter((f) => f.fieldName && f.fieldName !== STATE_FIELD)
				.map((f) => f.fieldName),
		).toEqual(['dealtype']);
		const fixed = step(retry.state, { dealtype: 'Existing' });
		// Existing, as the deal holds: no change; and "Who decides" no longer applies, so its answer goes
		expect(fixed).toMatchObject({ kind: 'answered', changes: { description: 'Quotes take days' } });
		if (fixed.kind === 'answered') expect(Object.keys(fixed.changes)).toEqual(['description']);
		if (fixed.kind === 'answered') expect(fixed.state.retry).toBeUndefined();
	});
});

describe('the timeline and HubSpot refusals', () => {
	it('the note escapes what reps typed and is keyed by the run; a call carries the same body', () => {
		const answered = [{ label: 'Need <1>', answer: '<script>x</script>', before: '' }];
		expect(timelineBody('Guide & co', answered)).toBe(
			'<p><strong>Guide &amp; co</strong></p><ul><li><strong>Need &lt;1&gt;</strong>: &lt;script&gt;x&lt;/script&gt; <em>(was empty)</em></li></ul>',
		);
		const note = timelineAction(
			startState('run-9', 'tickets', '4000001', 'note'),
			'T',
			answered,
			'2026-12-08T10:00:00.000Z',
		);
		expect(note).toMatchObject({
			objectType: 'notes',
			idempotencyKey: 'guide:run-9:notes',
			associations: [
				{
					toObjectType: 'tickets',
					toId: '4000001',
					type: { category: 'HUBSPOT_DEFINED', typeId: 228 },
				},
			],
		});
		const call = timelineAction(
			startState('run-9', 'deals', '3000001', 'call'),
			'T',
			answered,
			'2026-12-08T10:00:00.000Z',
		);
		expect(call).toMatchObject({
			objectType: 'calls',
			properties: { hs_call_status: 'COMPLETED', hs_call_title: 'T' },
			associations: [{ type: { typeId: 206 } }],
		});
	});

	it("reads the refused properties from HubSpot's message, whatever follows it", () => {
		const message = `Property values were not valid: [{"isValid":false,"message":"X was not one of the allowed options: [label: \\"A\\"]","error":"INVALID_OPTION","name":"dealtype"}] category: VALIDATION_ERROR`;
		const labels = new Map([['dealtype', 'Deal Type']]);
		expect(readRefusal(message, (p) => labels.get(p), ['dealtype', 'amount'])).toEqual({
			properties: ['dealtype'],
			problems: ['Deal Type: HubSpot refused it (X was not one of the allowed options)'],
		});
		expect(readRefusal('Something else', (p) => labels.get(p), ['amount'])).toEqual({
			properties: ['amount'],
			problems: ['HubSpot refused the answers: Something else'],
		});
	});
});
