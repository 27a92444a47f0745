/** The ordered list of priority levels the user defines (first = highest). */

export const DEFAULT_PRIORITY_LEVELS: readonly string[] = ['P1', 'P2', 'P3', 'P4'];

/** Separators accepted between levels: "P1, P2, P3", "P1 > P2 > P3", one per line. */
const LEVEL_SEPARATOR = /[,;>\n]/;
/** A line break next to another separator is just spacing ("P1,\nP2"). */
const SPACE_AROUND_SEPARATOR = /\s*([,;>])\s*/g;

function splitLevels(text: string): string[] {
	const entries = text.replace(SPACE_AROUND_SEPARATOR, '$1').trim().split(LEVEL_SEPARATOR);
	// A trailing separator ("P1, P2,") is not a blank level.
	if (entries.length > 1 && entries[entries.length - 1].trim() === '') entries.pop();
	return entries;
}

/**
 * "P1, P2, P3, P4" -> ['P1', 'P2', 'P3', 'P4']; empty input gives the default list.
 * Levels are trimmed; blank entries between separators and duplicates (ignoring case) are refused.
 */
export function parsePriorityLevels(input: string | string[] | undefined | null): string[] {
	const entries = Array.isArray(input)
		? input.map((level) => String(level ?? ''))
		: splitLevels(String(input ?? ''));
	const trimmed = entries.map((level) => level.trim());
	if (trimmed.every((level) => level === '')) return [...DEFAULT_PRIORITY_LEVELS];

	const levels: string[] = [];
	const seen = new Map<string, number>();
	trimmed.forEach((level, index) => {
		if (level === '') {
			throw new Error(
				`Priority levels: entry ${index + 1} is blank (levels are e.g. "P1, P2, P3, P4")`,
			);
		}
		if (level.includes('{priority}')) {
			throw new Error(`Priority levels: "${level}" may not contain "{priority}"`);
		}
		const key = level.toLowerCase();
		const first = seen.get(key);
		if (first !== undefined) {
			throw new Error(
				`Priority levels: "${level}" (entry ${index + 1}) repeats "${levels[first]}" (entry ${first + 1})`,
			);
		}
		seen.set(key, levels.length);
		levels.push(level);
	});
	return levels;
}

/** Looks a level up ignoring case and surrounding spaces; returns its spelling in the list and 0-based rank. */
export function resolveLevel(
	levels: readonly string[],
	value: string,
): { level: string; rankIndex: number } | undefined {
	const wanted = value.trim().toLowerCase();
	if (wanted === '') return undefined;
	const rankIndex = levels.findIndex((level) => level.toLowerCase() === wanted);
	return rankIndex < 0 ? undefined : { level: levels[rankIndex], rankIndex };
}
