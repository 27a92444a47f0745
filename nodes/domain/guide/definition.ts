/**
 * A process guide as an admin writes it (HubSpot's process guides have no public API, so the
 * guide lives in the workflow): pages of questions bound to record properties, instructions
 * between them, pages shown only when an earlier answer calls for them, and rules an answer must
 * meet before anything is written. `readGuide` checks a definition and names every problem.
 */

/** Shows a page when the record's value (answered or already stored) matches. */
export interface GuideCondition {
	property: string;
	/** Internal HubSpot values, any of which matches. */
	equals?: string[];
	/** True: shown when the property has a value; false: when it has none. */
	filled?: boolean;
}

export interface GuideQuestion {
	property: string;
	/** Shown instead of HubSpot's label. */
	label?: string;
	required: boolean;
	placeholder?: string;
	/** Numbers: the smallest and largest value accepted. */
	min?: number;
	max?: number;
	/** Text: the fewest and most characters accepted. */
	minLength?: number;
	maxLength?: number;
	/** Text: a pattern the whole answer must match (RE2 syntax: linear time, no backreferences). */
	pattern?: string;
	/** Shown when the pattern does not match, e.g. "an order number such as A-1234". */
	patternHint?: string;
	/** Dates: today or later (true) or today or earlier (false), in the guide's time zone. */
	future?: boolean;
	/** Enumerations: offer only these internal values, a subset of HubSpot's options. */
	options?: string[];
}

export interface GuidePage {
	key: string;
	title: string;
	/** Rich text (a small, safe subset of HTML) shown above the questions. */
	instructions?: string;
	showIf?: GuideCondition;
	questions: GuideQuestion[];
}

export interface GuideDefinition {
	title: string;
	pages: GuidePage[];
}

export type GuideReading = { ok: true; guide: GuideDefinition } | { ok: false; problems: string[] };

const PROPERTY_NAME = /^[a-z0-9_]+$/i;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(
	source: Record<string, unknown>,
	field: string,
	where: string,
	problems: string[],
) {
	const value = source[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') {
		problems.push(`${where}: "${field}" must be text`);
		return undefined;
	}
	return value;
}

function optionalNumber(
	source: Record<string, unknown>,
	field: string,
	where: string,
	problems: string[],
) {
	const value = source[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		problems.push(`${where}: "${field}" must be a number`);
		return undefined;
	}
	return value;
}

function readCondition(
	raw: unknown,
	where: string,
	problems: string[],
): GuideCondition | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (!isObject(raw) || typeof raw.property !== 'string' || !PROPERTY_NAME.test(raw.property)) {
		problems.push(`${where}: "showIf" needs a "property" (a HubSpot property name)`);
		return undefined;
	}
	const equalsRaw = raw.equals;
	const equals =
		equalsRaw === undefined
			? undefined
			: (Array.isArray(equalsRaw) ? equalsRaw : [equalsRaw]).map((value) => String(value));
	const filled = typeof raw.filled === 'boolean' ? raw.filled : undefined;
	if (equals === undefined && filled === undefined) {
		problems.push(
			`${where}: "showIf" needs "equals" (a value or a list) or "filled" (true or false)`,
		);
		return undefined;
	}
	return {
		property: raw.property,
		...(equals ? { equals } : {}),
		...(filled !== undefined ? { filled } : {}),
	};
}

function readQuestion(raw: unknown, where: string, problems: string[]): GuideQuestion | undefined {
	if (typeof raw === 'string') raw = { property: raw };
	if (!isObject(raw) || typeof raw.property !== 'string' || !PROPERTY_NAME.test(raw.property)) {
		problems.push(`${where}: a question needs a "property" (a HubSpot property name)`);
		return undefined;
	}
	const question: GuideQuestion = { property: raw.property, required: raw.required === true };
	for (const field of ['label', 'placeholder', 'pattern', 'patternHint'] as const) {
		const value = optionalText(raw, field, where, problems);
		if (value !== undefined) question[field] = value;
	}
	for (const field of ['min', 'max', 'minLength', 'maxLength'] as const) {
		const value = optionalNumber(raw, field, where, problems);
		if (value !== undefined) question[field] = value;
	}
	if (typeof raw.future === 'boolean') question.future = raw.future;
	if (raw.options !== undefined) {
		if (!Array.isArray(raw.options) || raw.options.length === 0) {
			problems.push(`${where}: "options" must be a list of HubSpot option values`);
		} else {
			question.options = raw.options.map((value) => String(value));
		}
	}
	return question;
}

function readPage(raw: unknown, index: number, problems: string[]): GuidePage | undefined {
	const where = `Page ${index + 1}`;
	if (!isObject(raw)) {
		problems.push(`${where}: must be an object with "title" and "questions"`);
		return undefined;
	}
	const title = optionalText(raw, 'title', where, problems) ?? '';
	if (!title.trim()) problems.push(`${where}: needs a "title"`);
	const key = optionalText(raw, 'key', where, problems) ?? `page${index + 1}`;
	const instructions = optionalText(raw, 'instructions', where, problems);
	const showIf = readCondition(raw.showIf, where, problems);
	const questionsRaw = Array.isArray(raw.questions) ? raw.questions : [];
	if (questionsRaw.length === 0) problems.push(`${where}: needs at least one question`);
	const questions = questionsRaw
		.map((question, number) => readQuestion(question, `${where}, question ${number + 1}`, problems))
		.filter((question): question is GuideQuestion => question !== undefined);
	const seen = new Set<string>();
	for (const question of questions) {
		if (seen.has(question.property))
			problems.push(`${where}: the property "${question.property}" is asked twice`);
		seen.add(question.property);
	}
	return {
		key,
		title,
		questions,
		...(instructions ? { instructions } : {}),
		...(showIf ? { showIf } : {}),
	};
}

/** The guide, or every problem found in it (each naming its page and question). */
export function readGuide(raw: unknown): GuideReading {
	let source = raw;
	if (typeof raw === 'string') {
		try {
			source = JSON.parse(raw) as unknown;
		} catch (error) {
			return { ok: false, problems: [`The guide is not valid JSON: ${(error as Error).message}`] };
		}
	}
	if (!isObject(source)) return { ok: false, problems: ['The guide must be a JSON object'] };
	const problems: string[] = [];
	const title = typeof source.title === 'string' ? source.title.trim() : '';
	if (!title) problems.push('The guide needs a "title"');
	const pagesRaw = Array.isArray(source.pages) ? source.pages : [];
	if (pagesRaw.length === 0) problems.push('The guide needs "pages", a list of at least one page');
	const pages = pagesRaw
		.map((page, index) => readPage(page, index, problems))
		.filter((page): page is GuidePage => page !== undefined);
	const keys = new Set<string>();
	for (const page of pages) {
		if (keys.has(page.key)) problems.push(`Two pages have the key "${page.key}"`);
		keys.add(page.key);
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, guide: { title, pages } };
}

/** Every property the guide asks about or decides on, for one read of the record. */
export function guideProperties(guide: GuideDefinition): string[] {
	const names = new Set<string>();
	for (const page of guide.pages) {
		if (page.showIf) names.add(page.showIf.property);
		for (const question of page.questions) names.add(question.property);
	}
	return [...names];
}
