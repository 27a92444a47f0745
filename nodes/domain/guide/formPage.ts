/**
 * One guide page as an n8n Form page defined "Using JSON" (the Form node's field list): the
 * instructions, what must be corrected, one field per question (its current value filled in, its
 * choices HubSpot's own) and the guide's state in a hidden field the next step reads back.
 */
import type { GuidePage } from './definition';
import { encodeState, type GuideState } from './state';
import { NO_VALUE, type AskedQuestion } from './questions';
import { escapeHtml } from './timeline';

/** A field as n8n's Form node accepts it in its JSON definition (n8n-workflow's allowed keys). */
export interface FormField {
	fieldLabel?: string;
	/** The key of the answer in the Form node's output (Form node version 2.4 and later). */
	fieldName?: string;
	fieldType:
		| 'text'
		| 'textarea'
		| 'number'
		| 'date'
		| 'dropdown'
		| 'checkbox'
		| 'radio'
		| 'html'
		| 'hiddenField';
	requiredField?: boolean;
	placeholder?: string;
	defaultValue?: string;
	fieldOptions?: { values: Array<{ option: string }> };
	html?: string;
	fieldValue?: string;
}

export interface FormPage {
	formTitle: string;
	formFields: FormField[];
	buttonLabel: string;
}

/** The hidden field that carries the guide's state from page to page. */
export const STATE_FIELD = 'guideState';

function fieldFor(asked: AskedQuestion, shown: string): FormField {
	const base = {
		fieldLabel: asked.label,
		fieldName: asked.property,
		requiredField: asked.required,
		...(asked.placeholder ? { placeholder: asked.placeholder } : {}),
	};
	const options = (labels: string[]) => ({ values: labels.map((option) => ({ option })) });
	switch (asked.kind) {
		case 'choice': {
			const labels = asked.choices.map((choice) => choice.label);
			return {
				...base,
				fieldType: 'dropdown',
				fieldOptions: options(asked.required ? labels : [NO_VALUE, ...labels]),
				...(shown ? { defaultValue: shown } : {}),
			};
		}
		case 'bool':
			return {
				...base,
				fieldType: 'radio',
				fieldOptions: options(asked.choices.map((c) => c.label)),
			};
		case 'choices':
			return {
				...base,
				fieldType: 'checkbox',
				fieldOptions: options(asked.choices.map((c) => c.label)),
			};
		case 'number':
			// An empty number field reaches the workflow as 0, so an optional number is asked as text.
			return { ...base, fieldType: asked.required ? 'number' : 'text', defaultValue: shown };
		case 'date':
			return { ...base, fieldType: 'date', defaultValue: shown };
		default:
			return { ...base, fieldType: asked.kind, defaultValue: shown };
	}
}

function problemsHtml(problems: string[]): string {
	const items = problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('');
	return `<p><strong>Please correct before anything is saved:</strong></p><ul>${items}</ul>`;
}

export interface PageToShow {
	guideTitle: string;
	page: Pick<GuidePage, 'title' | 'instructions'>;
	asked: AskedQuestion[];
	/** What each question's field shows: the answer given, the stored value, or what was typed. */
	shown: (asked: AskedQuestion) => string;
	state: GuideState;
	problems?: string[];
	/** The page after which the guide is saved says so on its button. */
	last: boolean;
}

export function formPage(toShow: PageToShow): FormPage {
	const fields: FormField[] = [];
	if (toShow.problems?.length)
		fields.push({ fieldType: 'html', html: problemsHtml(toShow.problems) });
	if (toShow.page.instructions) fields.push({ fieldType: 'html', html: toShow.page.instructions });
	for (const asked of toShow.asked) {
		fields.push(fieldFor(asked, toShow.shown(asked)));
	}
	fields.push({
		fieldType: 'hiddenField',
		fieldName: STATE_FIELD,
		fieldValue: encodeState(toShow.state),
	});
	return {
		formTitle: `${toShow.guideTitle}: ${toShow.page.title}`,
		formFields: fields,
		buttonLabel: toShow.last ? 'Save to HubSpot' : 'Next',
	};
}
