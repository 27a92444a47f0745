/**
 * The priority prefix written into task titles, e.g. "[P1] Ligar para cliente".
 *
 * A template holds `{priority}` once, e.g. '[{priority}] ', '{priority} - ', '({priority}) '.
 * Stripping removes every prefix of that format at the start of the title (stacked ones left by
 * older runs included) and keeps the rest of the title byte for byte. Whitespace in the template
 * is matched when present and tolerated when missing ("[P1]Ligar"), never more than written, so a
 * title's own leading spaces survive.
 */
import { resolveLevel } from './levels';

export const DEFAULT_PREFIX_FORMAT = '[{priority}] ';
const PLACEHOLDER = '{priority}';

export interface PrefixFormat {
	readonly template: string;
	readonly levels: readonly string[];
	/** The prefix for a level (matched ignoring case, rendered as spelled in the levels). */
	render(priority: string): string;
	/** Removes all leading prefixes of this format; `priority` is the outermost one's level. */
	strip(title: string): { rest: string; priority?: string };
	/**
	 * The title with exactly one prefix for `priority`. Without a priority the title is returned
	 * as it is, or with its prefixes removed when `removeWhenNone`.
	 */
	apply(title: string, priority: string | undefined, opts?: { removeWhenNone?: boolean }): string;
}

function escapeRegExp(text: string): string {
	return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Literal template text as a pattern: each whitespace run may be missing but never longer. */
function literalPattern(text: string): string {
	return text
		.split(/(\s+)/)
		.map((part, index) => (index % 2 === 1 ? `(?:${escapeRegExp(part)})?` : escapeRegExp(part)))
		.join('');
}

export function createPrefixFormat(
	template: string | undefined,
	levels: readonly string[],
): PrefixFormat {
	const effective = template === undefined || template === '' ? DEFAULT_PREFIX_FORMAT : template;
	const parts = effective.split(PLACEHOLDER);
	if (parts.length !== 2) {
		throw new Error(
			`Prefix template "${effective}" must contain ${PLACEHOLDER} exactly once, e.g. "${DEFAULT_PREFIX_FORMAT}"`,
		);
	}
	const [head, tail] = parts;
	if (tail === '' && head.trim() === '') {
		throw new Error(
			`Prefix template "${effective}" needs a separator after ${PLACEHOLDER}, e.g. "${PLACEHOLDER} - "`,
		);
	}
	if (levels.length === 0) throw new Error('Prefix format: no priority levels given');

	// Longest first, so "P10" is not read as "P1" followed by "0".
	const alternatives = [...levels]
		.sort((a, b) => b.length - a.length)
		.map(escapeRegExp)
		.join('|');
	const unit = new RegExp(`${literalPattern(head)}(${alternatives})${literalPattern(tail)}`, 'y');
	// Characters a prefix can start with: a cheap test before running the pattern.
	const firstChars = new Set<string>();
	const headAfterSpace = head.replace(/^\s+/, '');
	if (headAfterSpace !== head) firstChars.add(head[0]);
	if (headAfterSpace !== '') firstChars.add(headAfterSpace[0]);
	else for (const level of levels) firstChars.add(level[0]);

	const render = (priority: string): string => {
		const resolved = resolveLevel(levels, priority);
		if (!resolved) {
			throw new Error(`Priority "${priority}" is not one of the levels ${levels.join(', ')}`);
		}
		return head + resolved.level + tail;
	};

	const strip = (title: string): { rest: string; priority?: string } => {
		if (title.length === 0 || !firstChars.has(title[0])) return { rest: title };
		let position = 0;
		let priority: string | undefined;
		for (;;) {
			unit.lastIndex = position;
			const found = unit.exec(title);
			if (!found || found[0].length === 0) break;
			priority ??= found[1];
			position += found[0].length;
		}
		return priority === undefined ? { rest: title } : { rest: title.slice(position), priority };
	};

	return {
		template: effective,
		levels: [...levels],
		render,
		strip,
		apply(title, priority, opts) {
			const { rest } = strip(title);
			if (priority === undefined || priority.trim() === '') {
				return opts?.removeWhenNone === true ? rest : title;
			}
			return render(priority) + rest;
		},
	};
}
