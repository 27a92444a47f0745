/**
 * Where a rep is in a guide: the record, the answers given so far (as HubSpot values) and the
 * pages done. The state travels with the form (a hidden field), so a guide needs no store; it is
 * checked again on every page, and every answer is validated again before anything is written.
 */
import type { GuideCondition, GuideDefinition, GuidePage } from './definition';

export type TimelineEntry = 'note' | 'call';

export interface GuideState {
	v: 1;
	/** Names this run of the guide (one rep, one record, one time): the key of what it creates. */
	run: string;
	/** HubSpot's plural object type, e.g. 'deals'. */
	objectType: string;
	recordId: string;
	logAs: TimelineEntry;
	answers: Record<string, string>;
	/** Keys of the pages answered (or passed over), in order. */
	done: string[];
	/** The page on the form now. */
	showing?: string;
	/** Properties HubSpot refused when saving; asked again on one page. */
	retry?: string[];
}

/** The key of the page that asks again what HubSpot refused. */
export const RETRY_PAGE_KEY = '__retry';

export function startState(
	run: string,
	objectType: string,
	recordId: string,
	logAs: TimelineEntry,
): GuideState {
	return { v: 1, run, objectType, recordId, logAs, answers: {}, done: [] };
}

/**
 * The state as the hidden field holds it: base64url JSON, because n8n escapes < and > in a JSON
 * form field's values, which would change an answer that contains them.
 */
export function encodeState(state: GuideState): string {
	return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Reads the state back from the form's hidden field; undefined when it is not a guide state. */
export function readState(raw: unknown): GuideState | undefined {
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
		} catch {
			return undefined;
		}
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const state = value as Partial<GuideState>;
	const textRecord = (record: unknown) =>
		typeof record === 'object' &&
		record !== null &&
		Object.values(record).every((entry) => typeof entry === 'string');
	if (
		state.v !== 1 ||
		typeof state.run !== 'string' ||
		typeof state.objectType !== 'string' ||
		typeof state.recordId !== 'string' ||
		(state.logAs !== 'note' && state.logAs !== 'call') ||
		!textRecord(state.answers) ||
		!Array.isArray(state.done)
	)
		return undefined;
	return state as GuideState;
}

/** The value a condition sees: the answer given in this guide, else the record's stored value. */
export function currentValue(
	state: GuideState,
	stored: Record<string, string | null | undefined>,
	property: string,
): string {
	return state.answers[property] ?? stored[property] ?? '';
}

export function conditionHolds(
	condition: GuideCondition | undefined,
	value: (property: string) => string,
): boolean {
	if (!condition) return true;
	const actual = value(condition.property);
	if (condition.filled !== undefined && (actual !== '') !== condition.filled) return false;
	if (condition.equals) {
		// A multiple checkbox holds several values separated by semicolons; any of them may match.
		const held = actual.split(';');
		return condition.equals.some((wanted) => held.includes(wanted));
	}
	return true;
}

/** The next page to show, or undefined when every page that applies is done. */
export function nextPage(
	guide: GuideDefinition,
	state: GuideState,
	stored: Record<string, string | null | undefined>,
): GuidePage | undefined {
	const value = (property: string) => currentValue(state, stored, property);
	return guide.pages.find(
		(page) => !state.done.includes(page.key) && conditionHolds(page.showIf, value),
	);
}

/** The pages whose questions count: done and (still) applying, so an answer on a page later
 * passed over by a changed answer is not written. */
export function answeredPages(
	guide: GuideDefinition,
	state: GuideState,
	stored: Record<string, string | null | undefined>,
): GuidePage[] {
	const value = (property: string) => currentValue(state, stored, property);
	return guide.pages.filter(
		(page) => state.done.includes(page.key) && conditionHolds(page.showIf, value),
	);
}
