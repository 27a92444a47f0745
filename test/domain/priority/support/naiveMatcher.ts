/**
 * The obvious per-rule loop over a normalised title: the correctness oracle for the automaton and
 * the baseline it is measured against. Same semantics as compileRuleSet (ranking, whole word at
 * \p{L}\p{N}\p{M} boundaries, exact on the trimmed title), none of the speed.
 */
import type { MatchOptions, MatchType, RawRuleRow } from '../../../../nodes/domain/priority';
import { normaliseForMatching, parseMatchType } from '../../../../nodes/domain/priority';

export interface NaiveRule {
	keyword: string;
	normalised: string;
	matchType: MatchType;
	rankIndex: number;
	length: number;
	row: number;
	regex?: RegExp;
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(char: string | undefined): boolean {
	return char !== undefined && WORD.test(char);
}

/** The character (code point) ending just before `index`, or undefined at the start. */
function charBefore(text: string, index: number): string | undefined {
	if (index <= 0) return undefined;
	const pairStart =
		index >= 2 &&
		/[\udc00-\udfff]/.test(text[index - 1]) &&
		/[\ud800-\udbff]/.test(text[index - 2]);
	return pairStart ? text.slice(index - 2, index) : text[index - 1];
}

function charAt(text: string, index: number): string | undefined {
	return index < text.length ? String.fromCodePoint(text.codePointAt(index) as number) : undefined;
}

function wholeWordAt(text: string, keyword: string, start: number): boolean {
	const end = start + keyword.length;
	const needLeft = isWordChar(charAt(keyword, 0));
	const needRight = isWordChar(charBefore(keyword, keyword.length));
	return (
		(!needLeft || !isWordChar(charBefore(text, start))) &&
		(!needRight || !isWordChar(charAt(text, end)))
	);
}

export function naiveRules(
	rows: readonly RawRuleRow[],
	levels: readonly string[],
	opts: MatchOptions = {},
): NaiveRule[] {
	return rows.map((row, index) => {
		const keyword = String(row.keyword).trim();
		const matchType = parseMatchType(
			row.matchType,
			opts.defaultMatchType ?? 'contains',
		) as MatchType;
		return {
			keyword,
			normalised: matchType === 'regex' ? keyword : normaliseForMatching(keyword, opts),
			matchType,
			rankIndex: levels.indexOf(String(row.priority).trim()),
			length: [...keyword.normalize('NFC')].length,
			row: index,
			...(matchType === 'regex'
				? { regex: new RegExp(keyword, opts.caseSensitive ? 'u' : 'iu') }
				: {}),
		};
	});
}

/** Whether one rule matches a normalised title (regex rules get the raw title instead). */
export function naiveRuleMatches(
	rule: NaiveRule,
	normalisedTitle: string,
	rawTitle?: string,
): boolean {
	switch (rule.matchType) {
		case 'contains':
			return normalisedTitle.includes(rule.normalised);
		case 'exact':
			return normalisedTitle === rule.normalised;
		case 'wholeWord':
			for (
				let at = normalisedTitle.indexOf(rule.normalised);
				at >= 0;
				at = normalisedTitle.indexOf(rule.normalised, at + 1)
			) {
				if (wholeWordAt(normalisedTitle, rule.normalised, at)) return true;
			}
			return false;
		case 'regex': {
			const raw = rawTitle ?? normalisedTitle;
			const regex = rule.regex as RegExp;
			return regex.test(raw) || regex.test(raw.normalize('NFD').replace(/\p{M}/gu, ''));
		}
	}
}

function better(a: NaiveRule, b: NaiveRule | undefined): boolean {
	if (!b) return true;
	if (a.rankIndex !== b.rankIndex) return a.rankIndex < b.rankIndex;
	if (a.length !== b.length) return a.length > b.length;
	return a.row < b.row;
}

/** Best rule for one normalised title: every rule is tried. */
export function naiveBest(
	rules: readonly NaiveRule[],
	normalisedTitle: string,
	rawTitle?: string,
): NaiveRule | undefined {
	let best: NaiveRule | undefined;
	for (const rule of rules) {
		if (naiveRuleMatches(rule, normalisedTitle, rawTitle) && better(rule, best)) best = rule;
	}
	return best;
}
