/**
 * A guide question joined with HubSpot's definition of its property: which kind of form field
 * asks it, which choices it offers (exactly the options HubSpot accepts, or a subset of them), and
 * how an answer is checked and turned into the value HubSpot stores.
 */
import { RE2JS } from '../vendor';
import type { PropertyDefinition } from '../crm';
import type { GuideQuestion } from './definition';

export type { PropertyDefinition } from '../crm';

export type AnswerKind = 'text' | 'textarea' | 'number' | 'date' | 'choice' | 'choices' | 'bool';

export interface Choice {
	label: string;
	value: string;
}

export interface AskedQuestion extends GuideQuestion {
	label: string;
	kind: AnswerKind;
	/** HubSpot's type 'datetime' takes a date as midnight UTC; 'date' takes YYYY-MM-DD. */
	hubSpotType: string;
	choices: Choice[];
}

/** A dropdown's choice meaning "no value"; HubSpot's property is then cleared. */
export const NO_VALUE = '(none)';

export const YES = 'Yes';
export const NO = 'No';

function kindOf(definition: PropertyDefinition): AnswerKind {
	if (definition.type === 'bool') return 'bool';
	if (definition.type === 'enumeration')
		return definition.fieldType === 'checkbox' ? 'choices' : 'choice';
	if (definition.type === 'number') return 'number';
	if (definition.type === 'date' || definition.type === 'datetime') return 'date';
	return definition.fieldType === 'textarea' || definition.fieldType === 'html'
		? 'textarea'
		: 'text';
}

/** Labels shown in a dropdown must be unique: the form answers with the label. */
function uniqueLabels(choices: Choice[]): Choice[] {
	const counts = new Map<string, number>();
	for (const choice of choices) counts.set(choice.label, (counts.get(choice.label) ?? 0) + 1);
	return choices.map((choice) =>
		(counts.get(choice.label) ?? 0) > 1
			? { label: `${choice.label} (${choice.value})`, value: choice.value }
			: choice,
	);
}

/**
 * The question as the form asks it, or why it cannot be asked (naming the question). `owners`
 * are the choices of the owner property (HubSpot lists them apart from its definition).
 */
export function askQuestion(
	question: GuideQuestion,
	definition: PropertyDefinition | undefined,
	owners: Choice[] = [],
): { ok: true; asked: AskedQuestion } | { ok: false; problem: string } {
	const name = `"${question.label ?? question.property}" (${question.property})`;
	if (!definition) return { ok: false, problem: `${name}: HubSpot has no such property` };
	if (definition.readOnly)
		return { ok: false, problem: `${name}: HubSpot computes this property; it cannot be answered` };
	const kind = kindOf(definition);
	let choices: Choice[] = [];
	if (kind === 'bool') {
		choices = [
			{ label: YES, value: 'true' },
			{ label: NO, value: 'false' },
		];
	} else if (kind === 'choice' || kind === 'choices') {
		const offered = definition.owners
			? owners
			: definition.options
					.filter((option) => !option.hidden)
					.map((option) => ({ label: option.label || option.value, value: option.value }));
		if (question.options) {
			const unknown = question.options.filter((value) => !offered.some((o) => o.value === value));
			if (unknown.length > 0)
				return {
					ok: false,
					problem: `${name}: HubSpot offers no option ${unknown.map((v) => `"${v}"`).join(', ')}`,
				};
			choices = question.options.map((value) => offered.find((o) => o.value === value)!);
		} else {
			choices = offered;
		}
		if (choices.length === 0)
			return { ok: false, problem: `${name}: HubSpot lists no options for this property` };
		choices = uniqueLabels(choices);
	}
	if (question.pattern !== undefined) {
		try {
			RE2JS.compile(question.pattern);
		} catch (error) {
			return {
				ok: false,
				problem: `${name}: the pattern is not valid (${(error as Error).message})`,
			};
		}
	}
	return {
		ok: true,
		asked: {
			...question,
			label: question.label ?? definition.label ?? question.property,
			kind,
			hubSpotType: definition.type,
			choices,
		},
	};
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A stored date or datetime (ISO or epoch ms) as the form's date field shows it, YYYY-MM-DD. */
export function storedDateToForm(stored: string): string {
	if (ISO_DATE.test(stored)) return stored;
	const ms = /^-?\d+$/.test(stored) ? Number(stored) : Date.parse(stored);
	return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
}

/** The record's stored value as the form shows it (an option's label, a date, Yes/No). */
export function displayValue(asked: AskedQuestion, stored: string | undefined): string {
	if (stored === undefined || stored === '') return '';
	switch (asked.kind) {
		case 'date':
			return storedDateToForm(stored);
		case 'choice':
		case 'bool':
			return asked.choices.find((choice) => choice.value === stored)?.label ?? '';
		case 'choices':
			return stored
				.split(';')
				.map((value) => asked.choices.find((choice) => choice.value === value)?.label ?? value)
				.join(', ');
		default:
			return stored;
	}
}

export type AnswerReading = { ok: true; value: string } | { ok: false; problem: string };

function labelsOf(submitted: unknown): string[] {
	if (Array.isArray(submitted)) return submitted.map((entry) => String(entry));
	if (typeof submitted === 'string' && submitted.startsWith('[')) {
		try {
			const parsed = JSON.parse(submitted) as unknown;
			if (Array.isArray(parsed)) return parsed.map((entry) => String(entry));
		} catch {
			// not a JSON list: a single label
		}
	}
	return submitted === undefined || submitted === null || submitted === ''
		? []
		: [String(submitted)];
}

function valueOfLabel(asked: AskedQuestion, label: string): string | undefined {
	return asked.choices.find((choice) => choice.label === label)?.value;
}

/**
 * The answer as HubSpot stores it ('' clears the property), or what is wrong with it, in words a
 * rep understands and naming the question. `today` is YYYY-MM-DD in the guide's time zone.
 */
export function readAnswer(asked: AskedQuestion, submitted: unknown, today: string): AnswerReading {
	const fail = (problem: string): AnswerReading => ({
		ok: false,
		problem: `${asked.label}: ${problem}`,
	});
	const labels = labelsOf(submitted);
	const text = labels.join('').trim();
	if (text === '' && (asked.kind !== 'choices' || labels.length === 0)) {
		return asked.required ? fail('an answer is required') : { ok: true, value: '' };
	}
	switch (asked.kind) {
		case 'choice':
		case 'bool': {
			if (labels.length === 1 && labels[0] === NO_VALUE)
				return asked.required ? fail('an answer is required') : { ok: true, value: '' };
			const value = labels.length === 1 ? valueOfLabel(asked, labels[0]) : undefined;
			return value === undefined
				? fail(`"${text}" is not one of the options`)
				: { ok: true, value };
		}
		case 'choices': {
			const values = labels.map((label) => valueOfLabel(asked, label));
			const unknown = labels.filter((_label, index) => values[index] === undefined);
			if (unknown.length > 0) return fail(`"${unknown.join('", "')}" is not one of the options`);
			return { ok: true, value: values.join(';') };
		}
		case 'number': {
			const number = Number(text.replace(',', '.'));
			if (!Number.isFinite(number)) return fail(`"${text}" is not a number`);
			if (asked.min !== undefined && number < asked.min)
				return fail(`must be at least ${asked.min}`);
			if (asked.max !== undefined && number > asked.max)
				return fail(`must be at most ${asked.max}`);
			return { ok: true, value: String(number) };
		}
		case 'date': {
			const match = ISO_DATE.exec(text);
			const valid = match && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
			if (!valid) return fail(`"${text}" is not a date (YYYY-MM-DD)`);
			if (asked.future === true && text < today) return fail(`must be today or later, not ${text}`);
			if (asked.future === false && text > today)
				return fail(`must be today or earlier, not ${text}`);
			return { ok: true, value: asked.hubSpotType === 'date' ? text : `${text}T00:00:00.000Z` };
		}
		default: {
			if (asked.minLength !== undefined && text.length < asked.minLength)
				return fail(`needs at least ${asked.minLength} characters`);
			if (asked.maxLength !== undefined && text.length > asked.maxLength)
				return fail(`takes at most ${asked.maxLength} characters`);
			if (asked.pattern !== undefined && !RE2JS.compile(asked.pattern).matches(text))
				return fail(
					asked.patternHint ? `must be ${asked.patternHint}` : 'is not in the expected form',
				);
			return { ok: true, value: text };
		}
	}
}

/** Whether an answer changes what the record holds (dates compared as days, numbers as numbers). */
export function changesStored(
	asked: AskedQuestion,
	value: string,
	stored: string | undefined,
): boolean {
	const before = stored ?? '';
	if (asked.kind === 'date') return storedDateToForm(value) !== storedDateToForm(before);
	if (asked.kind === 'number' && value !== '' && before !== '')
		return Number(value) !== Number(before);
	return value !== before;
}
