/**
 * The poll trigger's settings checked before anything is read, each problem naming its field as
 * the editor shows it.
 */
import { epochMsOf } from './dates';

export const DEFAULT_OVERLAP_SECONDS = 120;
export const MAX_OVERLAP_SECONDS = 3_600;
export const DEFAULT_MAX_CHANGES_PER_POLL = 1_000;
export const MAX_CHANGES_PER_POLL = 10_000;
/** A start date this far ahead of this machine's clock is a mistake, not clock skew. */
const FUTURE_TOLERANCE_MS = 60_000;
const PROPERTY_NAME = /^[a-z0-9_]{1,100}$/;

export interface PollSettingsInput {
	overlapSeconds: unknown;
	maxChangesPerPoll: unknown;
	startFrom: unknown;
	startDate: unknown;
	/** Field name -> property names given in it. */
	propertyLists: Record<string, string[]>;
}

export interface SettingsProblem {
	field: string;
	message: string;
}

export function propertyListOf(value: unknown): string[] {
	const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return [...new Set(raw.map((name) => name.trim()).filter((name) => name !== ''))];
}

export function checkPollSettings(input: PollSettingsInput, nowMs: number): SettingsProblem[] {
	const problems: SettingsProblem[] = [];
	const overlap = Number(input.overlapSeconds);
	if (!(Number.isFinite(overlap) && overlap >= 0 && overlap <= MAX_OVERLAP_SECONDS)) {
		problems.push({
			field: 'Overlap (Seconds)',
			message: `must be a number from 0 to ${MAX_OVERLAP_SECONDS}, got ${String(input.overlapSeconds)}`,
		});
	}
	const max = Number(input.maxChangesPerPoll);
	if (!(Number.isInteger(max) && max >= 1 && max <= MAX_CHANGES_PER_POLL)) {
		problems.push({
			field: 'Max Changes per Poll',
			message: `must be a whole number from 1 to ${MAX_CHANGES_PER_POLL}, got ${String(input.maxChangesPerPoll)}`,
		});
	}
	if (input.startFrom === 'date') {
		const startMs = typeof input.startDate === 'string' ? epochMsOf(input.startDate) : undefined;
		if (startMs === undefined) {
			problems.push({
				field: 'Start Date',
				message: `is not a date: "${String(input.startDate ?? '')}"`,
			});
		} else if (startMs > nowMs + FUTURE_TOLERANCE_MS) {
			problems.push({
				field: 'Start Date',
				message: `is in the future (${new Date(startMs).toISOString()}): choose a past date, or start from now on`,
			});
		}
	} else if (input.startFrom !== 'now') {
		problems.push({
			field: 'Start From',
			message: `is not one of now, date: ${String(input.startFrom)}`,
		});
	}
	for (const [field, names] of Object.entries(input.propertyLists)) {
		const bad = names.filter((name) => !PROPERTY_NAME.test(name));
		if (bad.length > 0) {
			problems.push({
				field,
				message: `${bad.map((name) => `"${name}"`).join(', ')} ${bad.length === 1 ? 'is not a HubSpot property name' : 'are not HubSpot property names'} (internal names: lower case, digits and _)`,
			});
		}
	}
	return problems;
}

/** The names HubSpot does not know, for an error naming the field. */
export function unknownProperties(names: readonly string[], known: ReadonlySet<string>): string[] {
	return names.filter((name) => !known.has(name));
}
