/**
 * Regex rules, run by RE2 (linear time in the title's length) instead of JavaScript's backtracking
 * RegExp: a rule comes from a sheet anyone with edit access can change, and one catastrophic
 * pattern such as `(a+)+$` would otherwise block the whole n8n process on a long title.
 *
 * Rules keep JavaScript's syntax and meaning: the pattern must first be a valid JavaScript regex
 * (compiled, never run), then it is rewritten token by token into RE2's syntax. Where the two
 * engines read the same text differently (`\s`, `.`, `\u` escapes, long Unicode property names,
 * named groups) the rewrite spells out JavaScript's meaning; what RE2 cannot do at all
 * (backreferences, lookaround) is refused by name.
 */
import { RE2JS } from '../vendor';

/** A compiled regex rule: tests text in time linear in its length. */
export interface RegexTester {
	test(text: string): boolean;
}

export type RegexRuleResult = { ok: true; tester: RegexTester } | { ok: false; message: string };

class Unsupported extends Error {}

/** JavaScript's `\s`: WhiteSpace and LineTerminator, as [from, to] code point ranges. */
const JS_WHITESPACE: ReadonlyArray<readonly [number, number]> = [
	[0x09, 0x0d],
	[0x20, 0x20],
	[0xa0, 0xa0],
	[0x1680, 0x1680],
	[0x2000, 0x200a],
	[0x2028, 0x2029],
	[0x202f, 0x202f],
	[0x205f, 0x205f],
	[0x3000, 0x3000],
	[0xfeff, 0xfeff],
];

const hex = (code: number) => `\\x{${code.toString(16).toUpperCase()}}`;
const range = ([from, to]: readonly [number, number]) =>
	from === to ? hex(from) : `${hex(from)}-${hex(to)}`;

function complement(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
	const gaps: Array<[number, number]> = [];
	let next = 0;
	for (const [from, to] of ranges) {
		if (from > next) gaps.push([next, from - 1]);
		next = to + 1;
	}
	if (next <= 0x10ffff) gaps.push([next, 0x10ffff]);
	return gaps;
}

/** Class bodies (no brackets) for `\s` and `\S`, usable inside another class too. */
const SPACE_BODY = JS_WHITESPACE.map(range).join('');
const NON_SPACE_BODY = complement(JS_WHITESPACE).map(range).join('');
/** JavaScript's `.` without the s flag: anything but a line terminator. */
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const ANY = '[\\x{0}-\\x{10FFFF}]';
const NOTHING = '[^\\x{0}-\\x{10FFFF}]';

/** Long General_Category names JavaScript accepts in `\p{…}`; RE2 knows only the short ones. */
const CATEGORY_ALIASES: Readonly<Record<string, string>> = {
	Letter: 'L',
	Uppercase_Letter: 'Lu',
	Lowercase_Letter: 'Ll',
	Titlecase_Letter: 'Lt',
	Modifier_Letter: 'Lm',
	Other_Letter: 'Lo',
	Mark: 'M',
	Combining_Mark: 'M',
	Nonspacing_Mark: 'Mn',
	Spacing_Mark: 'Mc',
	Enclosing_Mark: 'Me',
	Number: 'N',
	Decimal_Number: 'Nd',
	digit: 'Nd',
	Letter_Number: 'Nl',
	Other_Number: 'No',
	Punctuation: 'P',
	punct: 'P',
	Connector_Punctuation: 'Pc',
	Dash_Punctuation: 'Pd',
	Open_Punctuation: 'Ps',
	Close_Punctuation: 'Pe',
	Initial_Punctuation: 'Pi',
	Final_Punctuation: 'Pf',
	Other_Punctuation: 'Po',
	Symbol: 'S',
	Math_Symbol: 'Sm',
	Currency_Symbol: 'Sc',
	Modifier_Symbol: 'Sk',
	Other_Symbol: 'So',
	Separator: 'Z',
	Space_Separator: 'Zs',
	Line_Separator: 'Zl',
	Paragraph_Separator: 'Zp',
	Other: 'C',
	Control: 'Cc',
	cntrl: 'Cc',
	Format: 'Cf',
	Surrogate: 'Cs',
	Private_Use: 'Co',
	Unassigned: 'Cn',
};

function propertyName(name: string): string {
	const [key, value] = name.includes('=') ? name.split('=', 2) : [undefined, name];
	if (key !== undefined && !['General_Category', 'gc', 'Script', 'sc'].includes(key)) return name;
	return CATEGORY_ALIASES[value] ?? value;
}

/**
 * RE2 source with the meaning of a valid JavaScript `u`-mode pattern; throws Unsupported naming
 * the first construct RE2 cannot run.
 */
function toRe2Source(source: string): string {
	let out = '';
	let inClass = false;
	let i = 0;
	const at = (text: string) => source.startsWith(text, i);
	while (i < source.length) {
		const char = source[i];
		if (char === '\\') {
			const next = source[i + 1];
			if (!inClass && next >= '1' && next <= '9') {
				const digits = /^\d+/.exec(source.slice(i + 1))?.[0] ?? next;
				throw new Unsupported(`a backreference (\\${digits})`);
			}
			if (!inClass && next === 'k') {
				const end = source.indexOf('>', i);
				throw new Unsupported(`a backreference (${source.slice(i, end + 1)})`);
			}
			if (next === 's' || next === 'S') {
				const body = next === 's' ? SPACE_BODY : NON_SPACE_BODY;
				out += inClass ? body : `[${body}]`;
				i += 2;
			} else if (next === 'p' || next === 'P') {
				const end = source.indexOf('}', i);
				out += `\\${next}{${propertyName(source.slice(i + 3, end))}}`;
				i = end + 1;
			} else if (next === 'u') {
				const escape = /^\\u(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/.exec(
					source.slice(i),
				) as RegExpExecArray;
				let code = parseInt(escape[1] ?? escape[2], 16);
				i += escape[0].length;
				const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(source.slice(i));
				if (code >= 0xd800 && code <= 0xdbff && low) {
					code = 0x10000 + ((code - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
					i += low[0].length;
				}
				out += hex(code);
			} else if (next === 'c') {
				out += hex(source.charCodeAt(i + 2) % 32);
				i += 3;
			} else if (next === '0') {
				out += hex(0);
				i += 2;
			} else if (next === 'b' && inClass) {
				out += hex(8); // backspace inside a class
				i += 2;
			} else {
				out += char + next;
				i += 2;
			}
		} else if (inClass) {
			if (char === ']') inClass = false;
			// RE2 reads "[:" inside a class as a POSIX class; JavaScript reads a plain "[".
			out += char === '[' ? '\\[' : char;
			i++;
		} else if (char === '[') {
			if (at('[]')) {
				out += NOTHING;
				i += 2;
			} else if (at('[^]')) {
				out += ANY;
				i += 3;
			} else {
				inClass = true;
				const negated = at('[^');
				out += negated ? '[^' : '[';
				i += negated ? 2 : 1;
			}
		} else if (char === '(' && at('(?=')) {
			throw new Unsupported('a lookahead (?=…)');
		} else if (char === '(' && at('(?!')) {
			throw new Unsupported('a negative lookahead (?!…)');
		} else if (char === '(' && at('(?<=')) {
			throw new Unsupported('a lookbehind (?<=…)');
		} else if (char === '(' && at('(?<!')) {
			throw new Unsupported('a negative lookbehind (?<!…)');
		} else if (char === '(' && at('(?<')) {
			out += '(?P<';
			i += 3;
		} else if (char === '.') {
			out += DOT;
			i++;
		} else {
			out += char;
			i++;
		}
	}
	return out;
}

/** Compiles a regex rule, or says (for the rule's keyword cell) why it cannot be used. */
export function compileRegexRule(source: string, caseSensitive: boolean): RegexRuleResult {
	try {
		// Only compiled, never run: validates the JavaScript syntax the rules are written in.
		new RegExp(source, caseSensitive ? 'u' : 'iu');
	} catch (error) {
		return { ok: false, message: `invalid regex /${source}/: ${(error as Error).message}` };
	}
	let tester: RegexTester;
	try {
		tester = RE2JS.compile(toRe2Source(source), caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
	} catch (error) {
		if (error instanceof Unsupported) {
			return {
				ok: false,
				message: `regex /${source}/ uses ${error.message}, which the linear-time regex engine cannot run; rewrite the rule without it`,
			};
		}
		return {
			ok: false,
			message: `regex /${source}/ cannot run in the linear-time regex engine: ${(error as Error).message}`,
		};
	}
	if (tester.test('')) {
		return {
			ok: false,
			message: `regex /${source}/ matches an empty title, so it would match every task`,
		};
	}
	return { ok: true, tester };
}
