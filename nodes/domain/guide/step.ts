/**
 * One step of a guide: the answers of the page just submitted are checked (and the page shown
 * again, answers kept, when one is wrong), then the next page that applies is shown, or, when none
 * is left, the guide is answered: the changes to write and the lines for the timeline.
 */
import type { GuideDefinition, GuidePage } from './definition';
import { formPage, type FormPage } from './formPage';
import {
	askQuestion,
	changesStored,
	displayValue,
	readAnswer,
	type AskedQuestion,
	type Choice,
	type PropertyDefinition,
} from './questions';
import { answeredPages, nextPage, RETRY_PAGE_KEY, type GuideState } from './state';
import type { AnsweredQuestion } from './timeline';

export type StoredValues = Record<string, string | null | undefined>;

/** Every page's questions as asked, or every question that cannot be asked. */
export type AskedGuide =
	| { ok: true; pages: Map<string, AskedQuestion[]> }
	| { ok: false; problems: string[] };

export function askGuide(
	guide: GuideDefinition,
	definitions: Map<string, PropertyDefinition>,
	owners: Choice[],
): AskedGuide {
	const pages = new Map<string, AskedQuestion[]>();
	const problems: string[] = [];
	for (const page of guide.pages) {
		const asked: AskedQuestion[] = [];
		for (const question of page.questions) {
			const result = askQuestion(question, definitions.get(question.property), owners);
			if (result.ok) asked.push(result.asked);
			else problems.push(`Page "${page.title}", question ${result.problem}`);
		}
		if (page.showIf && !definitions.has(page.showIf.property))
			problems.push(
				`Page "${page.title}": "showIf" names ${page.showIf.property}, which HubSpot does not have`,
			);
		pages.set(page.key, asked);
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, pages };
}

export interface ShowPage {
	kind: 'show';
	page: FormPage;
	state: GuideState;
}

export type GuideStep =
	| ShowPage
	| {
			kind: 'answered';
			state: GuideState;
			/** Only what differs from the record, as HubSpot stores it. */
			changes: Record<string, string>;
			answered: AnsweredQuestion[];
	  };

export interface StepInput {
	guide: GuideDefinition;
	asked: Map<string, AskedQuestion[]>;
	state: GuideState;
	stored: StoredValues;
	/** The submitted page's answers by property (the Form node's output); none on the first step. */
	submitted?: Record<string, unknown>;
	/** YYYY-MM-DD in the guide's time zone, for date rules. */
	today: string;
}

function questionsShowing(input: StepInput): {
	page?: Pick<GuidePage, 'title' | 'instructions'>;
	asked: AskedQuestion[];
} {
	const { state, guide, asked } = input;
	if (state.showing === RETRY_PAGE_KEY) {
		const all = [...asked.values()].flat();
		const retried = (state.retry ?? []).map((property) => all.find((q) => q.property === property));
		return {
			page: { title: 'Correct what HubSpot refused' },
			asked: retried.filter((question): question is AskedQuestion => question !== undefined),
		};
	}
	const page = guide.pages.find((candidate) => candidate.key === state.showing);
	return { page, asked: page ? (asked.get(page.key) ?? []) : [] };
}

function show(
	input: StepInput,
	state: GuideState,
	page: Pick<GuidePage, 'title' | 'instructions'>,
	asked: AskedQuestion[],
	shown: (question: AskedQuestion) => string,
	problems?: string[],
): ShowPage {
	// The button of the guide's last page, and of the page HubSpot sent back, saves.
	const last = input.guide.pages.at(-1)?.key === state.showing || state.showing === RETRY_PAGE_KEY;
	return {
		kind: 'show',
		state,
		page: formPage({ guideTitle: input.guide.title, page, asked, shown, state, problems, last }),
	};
}

/** What the rep typed, shown again on a page sent back for correction. */
function submittedText(value: unknown): string {
	if (value === undefined || value === null || Array.isArray(value)) return '';
	return String(value);
}

export function guideStep(input: StepInput): GuideStep {
	let state: GuideState = {
		...input.state,
		answers: { ...input.state.answers },
		done: [...input.state.done],
	};
	const storedOrAnswered = (question: AskedQuestion) =>
		displayValue(
			question,
			state.answers[question.property] ?? input.stored[question.property] ?? undefined,
		);

	if (state.showing !== undefined && input.submitted) {
		const { page, asked } = questionsShowing(input);
		const problems: string[] = [];
		const answers: Record<string, string> = {};
		for (const question of asked) {
			const reading = readAnswer(question, input.submitted[question.property], input.today);
			if (reading.ok) answers[question.property] = reading.value;
			else problems.push(reading.problem);
		}
		if (page && problems.length > 0) {
			const typed = (question: AskedQuestion) =>
				submittedText(input.submitted?.[question.property]);
			return show(input, state, page, asked, typed, problems);
		}
		Object.assign(state.answers, answers);
		if (state.showing === RETRY_PAGE_KEY) delete state.retry;
		else state.done.push(state.showing);
		state = { ...state, showing: undefined };
	}

	const page = nextPage(input.guide, state, input.stored);
	if (page) {
		state = { ...state, showing: page.key };
		return show(input, state, page, input.asked.get(page.key) ?? [], storedOrAnswered);
	}

	const changes: Record<string, string> = {};
	const answered: AnsweredQuestion[] = [];
	for (const donePage of answeredPages(input.guide, state, input.stored)) {
		for (const question of input.asked.get(donePage.key) ?? []) {
			const value = state.answers[question.property];
			if (value === undefined) continue;
			const stored = input.stored[question.property] ?? undefined;
			const changed = changesStored(question, value, stored);
			if (changed) changes[question.property] = value;
			answered.push({
				label: question.label,
				answer: displayValue(question, value),
				...(changed ? { before: displayValue(question, stored) } : {}),
			});
		}
	}
	return { kind: 'answered', state, changes, answered };
}

/** The page that asks again what HubSpot refused when the answers were saved. */
export function retryStep(
	input: Omit<StepInput, 'submitted'>,
	refused: { properties: string[]; problems: string[] },
): ShowPage {
	const state: GuideState = { ...input.state, showing: RETRY_PAGE_KEY, retry: refused.properties };
	const { page, asked } = questionsShowing({ ...input, state });
	const shown = (question: AskedQuestion) =>
		displayValue(
			question,
			state.answers[question.property] ?? input.stored[question.property] ?? undefined,
		);
	return show(
		{ ...input, state },
		state,
		page ?? { title: 'Correct what HubSpot refused' },
		asked,
		shown,
		refused.problems,
	);
}
