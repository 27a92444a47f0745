/**
 * Guide questions joined with HubSpot's property definitions: which field asks them, the choices
 * they offer (HubSpot's, or a subset), and how each answer is checked and stored.
 */
import {
	askQuestion,
	changesStored,
	displayValue,
	NO_VALUE,
	readAnswer,
	type AskedQuestion,
	type GuideQuestion,
	type PropertyDefinition,
} from '../../../nodes/domain/guide';

function definition(partial: Partial<PropertyDefinition> & { name: string }): PropertyDefinition {
	return {
		label: partial.name,
		type: 'string',
		fieldType: 'text',
		options: [],
		readOnly: false,
		...partial,
	};
}

const DEALTYPE = definition({
	name: 'dealtype',
	label: 'Deal Type',
	type: 'enumeration',
	fieldType: 'radio',
	options: [
		{ label: 'New Business', value: 'newbusiness' },
		{ label: 'Existing Business', value: 'existingbusiness' },
		{ label: 'Old', value: 'legacy', hidden: true },
	],
});
const CATEGORY = definition({
	name: 'hs_ticket_category',
	type: 'enumeration',
	fieldType: 'checkbox',
	options: [
		{ label: 'Product issue', value: 'PRODUCT_ISSUE' },
		{ label: 'Billing issue', value: 'BILLING_ISSUE' },
	],
});
const AMOUNT = definition({ name: 'amount', label: 'Amount', type: 'number', fieldType: 'number' });
const CLOSE = definition({ name: 'closedate', type: 'datetime', fieldType: 'date' });
const START = definition({ name: 'start_day', type: 'date', fieldType: 'date' });
const TODAY = '2026-12-08';

function ask(
	question: Partial<GuideQuestion> & { property: string },
	def: PropertyDefinition,
	owners = [],
): AskedQuestion {
	const result = askQuestion({ required: false, ...question }, def, owners);
	if (!result.ok) throw new Error(result.problem);
	return result.asked;
}

describe('askQuestion', () => {
	it("offers HubSpot's visible options, by their labels, and HubSpot's label unless the guide names one", () => {
		const asked = ask({ property: 'dealtype' }, DEALTYPE);
		expect(asked).toMatchObject({ kind: 'choice', label: 'Deal Type' });
		expect(asked.choices.map((choice) => choice.label)).toEqual([
			'New Business',
			'Existing Business',
		]);
		expect(ask({ property: 'dealtype', label: 'New or existing?' }, DEALTYPE).label).toBe(
			'New or existing?',
		);
	});

	it('a subset of options in the guide order; an option HubSpot does not have is refused, naming it', () => {
		const asked = ask({ property: 'dealtype', options: ['existingbusiness'] }, DEALTYPE);
		expect(asked.choices).toEqual([{ label: 'Existing Business', value: 'existingbusiness' }]);
		expect(
			askQuestion({ property: 'dealtype', required: false, options: ['upsell'] }, DEALTYPE),
		).toEqual({
			ok: false,
			problem: '"dealtype" (dealtype): HubSpot offers no option "upsell"',
		});
	});

	it('refuses what cannot be asked: an unknown or computed property, an enumeration without options, a bad pattern', () => {
		const problems = [
			askQuestion({ property: 'nope', required: true }, undefined),
			askQuestion(
				{ property: 'hs_object_id', required: true },
				definition({ name: 'hs_object_id', readOnly: true }),
			),
			askQuestion(
				{ property: 'dealstage', required: true },
				definition({ name: 'dealstage', type: 'enumeration' }),
			),
			askQuestion(
				{ property: 'code', required: true, pattern: '(a' },
				definition({ name: 'code' }),
			),
		].map((result) => (result.ok ? 'ok' : result.problem));
		expect(problems[0]).toBe('"nope" (nope): HubSpot has no such property');
		expect(problems[1]).toContain('HubSpot computes this property');
		expect(problems[2]).toContain('HubSpot lists no options');
		expect(problems[3]).toContain('the pattern is not valid');
	});

	it("the owner property offers the account's owners; labels that repeat get their value", () => {
		const owner = definition({
			name: 'hubspot_owner_id',
			type: 'enumeration',
			fieldType: 'select',
			owners: true,
		});
		const asked = ask({ property: 'hubspot_owner_id' }, owner, [
			{ label: 'Ana', value: '1' },
			{ label: 'Ana', value: '2' },
		] as never);
		expect(asked.choices).toEqual([
			{ label: 'Ana (1)', value: '1' },
			{ label: 'Ana (2)', value: '2' },
		]);
	});

	it('booleans are Yes and No; textareas and html are long text', () => {
		expect(
			ask({ property: 'b' }, definition({ name: 'b', type: 'bool', fieldType: 'booleancheckbox' }))
				.choices,
		).toEqual([
			{ label: 'Yes', value: 'true' },
			{ label: 'No', value: 'false' },
		]);
		expect(ask({ property: 't' }, definition({ name: 't', fieldType: 'textarea' })).kind).toBe(
			'textarea',
		);
	});
});

describe('readAnswer', () => {
	const dealtype = ask({ property: 'dealtype', required: true }, DEALTYPE);

	it('a choice by its label becomes its value; another label is refused, naming the question', () => {
		expect(readAnswer(dealtype, 'New Business', TODAY)).toEqual({ ok: true, value: 'newbusiness' });
		expect(readAnswer(dealtype, 'Old', TODAY)).toEqual({
			ok: false,
			problem: 'Deal Type: "Old" is not one of the options',
		});
		expect(readAnswer(dealtype, '', TODAY)).toEqual({
			ok: false,
			problem: 'Deal Type: an answer is required',
		});
	});

	it('an optional choice may be cleared with the empty option', () => {
		const optional = ask({ property: 'dealtype' }, DEALTYPE);
		expect(readAnswer(optional, NO_VALUE, TODAY)).toEqual({ ok: true, value: '' });
		expect(readAnswer(dealtype, NO_VALUE, TODAY).ok).toBe(false);
	});

	it("several choices, as a list or the form's JSON text, are joined with semicolons", () => {
		const category = ask({ property: 'hs_ticket_category', required: true }, CATEGORY);
		expect(readAnswer(category, ['Product issue', 'Billing issue'], TODAY)).toEqual({
			ok: true,
			value: 'PRODUCT_ISSUE;BILLING_ISSUE',
		});
		expect(readAnswer(category, '["Billing issue"]', TODAY)).toEqual({
			ok: true,
			value: 'BILLING_ISSUE',
		});
		expect(readAnswer(category, [], TODAY).ok).toBe(false);
	});

	it('numbers: a decimal comma is read, min and max are checked', () => {
		const amount = ask({ property: 'amount', min: 1, max: 1_000_000 }, AMOUNT);
		expect(readAnswer(amount, '2500,5', TODAY)).toEqual({ ok: true, value: '2500.5' });
		expect(readAnswer(amount, 0, TODAY)).toEqual({
			ok: false,
			problem: 'Amount: must be at least 1',
		});
		expect(readAnswer(amount, '2e6', TODAY)).toEqual({
			ok: false,
			problem: 'Amount: must be at most 1000000',
		});
		expect(readAnswer(amount, 'lots', TODAY)).toEqual({
			ok: false,
			problem: 'Amount: "lots" is not a number',
		});
		expect(readAnswer(amount, '', TODAY)).toEqual({ ok: true, value: '' });
	});

	it('dates: today counts as the future; a datetime property gets midnight UTC, a date property the day', () => {
		const close = ask({ property: 'closedate', future: true }, CLOSE);
		expect(readAnswer(close, TODAY, TODAY)).toEqual({
			ok: true,
			value: '2026-12-08T00:00:00.000Z',
		});
		expect(readAnswer(close, '2026-12-07', TODAY)).toEqual({
			ok: false,
			problem: 'closedate: must be today or later, not 2026-12-07',
		});
		expect(readAnswer(close, '2026-02-30', TODAY).ok).toBe(false);
		expect(
			readAnswer(ask({ property: 'start_day', future: false }, START), '2026-01-02', TODAY),
		).toEqual({
			ok: true,
			value: '2026-01-02',
		});
	});

	it('text: trimmed, length and an RE2 pattern checked; a pattern cannot hang on hostile input', () => {
		const order = ask(
			{
				property: 'order',
				minLength: 3,
				maxLength: 10,
				pattern: 'A-\\d+',
				patternHint: 'an order number such as A-1234',
			},
			definition({ name: 'order', label: 'Order' }),
		);
		expect(readAnswer(order, '  A-1234 ', TODAY)).toEqual({ ok: true, value: 'A-1234' });
		expect(readAnswer(order, 'A1', TODAY)).toEqual({
			ok: false,
			problem: 'Order: needs at least 3 characters',
		});
		expect(readAnswer(order, 'B-1234', TODAY)).toEqual({
			ok: false,
			problem: 'Order: must be an order number such as A-1234',
		});
		const nested = ask({ property: 'x', pattern: '(a+)+$' }, definition({ name: 'x' }));
		const started = performance.now();
		expect(readAnswer(nested, `${'a'.repeat(50_000)}!`, TODAY).ok).toBe(false);
		expect(performance.now() - started).toBeLessThan(2_000);
	});
});

describe('displayValue and changesStored', () => {
	it('a stored value as the form shows it: labels, days, joined labels', () => {
		const category = ask({ property: 'hs_ticket_category' }, CATEGORY);
		expect(displayValue(ask({ property: 'dealtype' }, DEALTYPE), 'existingbusiness')).toBe(
			'Existing Business',
		);
		expect(displayValue(ask({ property: 'closedate' }, CLOSE), '2027-03-16T00:00:00.000Z')).toBe(
			'2027-03-16',
		);
		expect(
			displayValue(ask({ property: 'closedate' }, CLOSE), String(Date.UTC(2027, 2, 15, 22, 30))),
		).toBe('2027-03-15');
		expect(displayValue(category, 'PRODUCT_ISSUE;BILLING_ISSUE')).toBe(
			'Product issue, Billing issue',
		);
	});

	it('a date on the same day or the same number is no change', () => {
		expect(
			changesStored(
				ask({ property: 'closedate' }, CLOSE),
				'2027-03-16T00:00:00.000Z',
				'2027-03-16T00:00:00Z',
			),
		).toBe(false);
		expect(changesStored(ask({ property: 'amount' }, AMOUNT), '25000', '25000.0')).toBe(false);
		expect(changesStored(ask({ property: 'amount' }, AMOUNT), '25000', undefined)).toBe(true);
	});
});
