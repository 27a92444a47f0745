/**
 * Titles per second of the domain matcher (compileRuleSet(...).ruleSet.match, raw titles in: it
 * folds them itself) against a naive per-rule loop handed titles already folded by the same
 * normaliseForMatching (folding not timed for it): for each title, for each rule, includes() or a
 * whole-word indexOf scan, keeping the best (highest priority, then longer keyword, then first row).
 * Both must agree on every title, or the comparison would mean nothing.
 */
import { compileRuleSet, normaliseForMatching, type RawRuleRow } from '../../nodes/domain/priority';
import { buildMatcherWorkload } from './matcherCorpus';

interface NaiveRule {
	keyword: string;
	wholeWord: boolean;
	rank: number;
	length: number;
	row: number;
	priority: string;
	original: string;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordAt(text: string, index: number): boolean {
	return index >= 0 && index < text.length && WORD_CHAR.test(text[index]);
}

function naiveRules(rows: RawRuleRow[], levels: string[]): NaiveRule[] {
	return rows.map((row, index) => ({
		keyword: normaliseForMatching(String(row.keyword)),
		wholeWord: row.matchType === 'wholeWord',
		rank: levels.indexOf(String(row.priority)),
		length: [...String(row.keyword).normalize('NFC')].length,
		row: index,
		priority: String(row.priority),
		original: String(row.keyword),
	}));
}

function naiveBest(title: string, rules: NaiveRule[]): NaiveRule | undefined {
	let best: NaiveRule | undefined;
	for (const rule of rules) {
		let at = title.indexOf(rule.keyword);
		if (at < 0) continue;
		if (rule.wholeWord) {
			const end = rule.keyword.length;
			while (at >= 0 && (isWordAt(title, at - 1) || isWordAt(title, at + end))) {
				at = title.indexOf(rule.keyword, at + 1);
			}
			if (at < 0) continue;
		}
		if (
			best === undefined ||
			rule.rank < best.rank ||
			(rule.rank === best.rank && rule.length > best.length)
		) {
			best = rule;
		}
	}
	return best;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function secondsOf(work: () => void): number {
	const startedAt = process.hrtime.bigint();
	work();
	return Number(process.hrtime.bigint() - startedAt) / 1e9;
}

export interface MatcherBenchResult {
	rules: number;
	titles: number;
	matchedTitles: number;
	disagreements: number;
	compileSeconds: number;
	matcherRounds: number[];
	naiveRounds: number[];
	matcherTitlesPerSecond: number;
	naiveTitlesPerSecond: number;
	speedup: number;
}

export function runMatcherBench(
	options: { matcherRounds?: number; naiveRounds?: number } = {},
): MatcherBenchResult {
	const { levels, rules, titles } = buildMatcherWorkload();
	let compiled: ReturnType<typeof compileRuleSet> | undefined;
	const compileSeconds = secondsOf(() => {
		compiled = compileRuleSet(rules, levels);
	});
	const ruleSet = (compiled as ReturnType<typeof compileRuleSet>).ruleSet;
	const folded = titles.map((title) => normaliseForMatching(title));
	const naive = naiveRules(rules, levels);

	// Same answer for every title (priority and keyword) before anything is timed.
	let disagreements = 0;
	let matchedTitles = 0;
	for (let i = 0; i < titles.length; i++) {
		const fast = ruleSet.match(titles[i]);
		const slow = naiveBest(folded[i], naive);
		if (fast) matchedTitles++;
		if (fast?.priority !== slow?.priority || fast?.matchedKeyword !== slow?.original)
			disagreements++;
	}

	let sink = 0; // keeps the work observable so it is not optimised away
	const matchAll = () => {
		for (const title of titles) if (ruleSet.match(title)) sink++;
	};
	const naiveAll = () => {
		for (const title of folded) if (naiveBest(title, naive)) sink++;
	};
	for (let warm = 0; warm < 3; warm++) matchAll();
	const matcherRounds = Array.from({ length: options.matcherRounds ?? 9 }, () =>
		secondsOf(matchAll),
	);
	const naiveRounds = Array.from({ length: options.naiveRounds ?? 3 }, () => secondsOf(naiveAll));
	if (sink < 0) throw new Error('unreachable');

	const matcherTitlesPerSecond = titles.length / median(matcherRounds);
	const naiveTitlesPerSecond = titles.length / median(naiveRounds);
	return {
		rules: ruleSet.size,
		titles: titles.length,
		matchedTitles,
		disagreements,
		compileSeconds,
		matcherRounds,
		naiveRounds,
		matcherTitlesPerSecond,
		naiveTitlesPerSecond,
		speedup: matcherTitlesPerSecond / naiveTitlesPerSecond,
	};
}
