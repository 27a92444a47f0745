/**
 * Own automaton vs modern-ahocorasick vs the naive per-rule loop, on the same rules and titles.
 * Run: npx tsx test/domain/priority/matcherComparison.ts [keywords] [titles]
 * Prints titles/s for each and checks that all three pick the same rule for every title.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

import {
	compileRuleSet,
	createPrefixFormat,
	DEFAULT_PRIORITY_LEVELS,
	normaliseForMatching,
} from '../../../nodes/domain/priority';
import { naiveBest, naiveRules } from './support/naiveMatcher';
import type { NaiveRule } from './support/naiveMatcher';
import { makeRuleRows, makeTitles } from './support/titleCorpus';

/** The parts of modern-ahocorasick's API used here (its types need "exports"-aware resolution). */
interface LibraryHit {
	start: number;
	end: number;
	data: { order: number; rule: NaiveRule };
}
interface LibraryMatcher {
	iterate(text: string): IterableIterator<LibraryHit>;
	count(text: string): number;
}
type LibraryConstructor = new (
	patterns: Array<{ pattern: string; data: LibraryHit['data'] }>,
) => LibraryMatcher;

export interface MatcherFigures {
	keywords: number;
	titles: number;
	ownTitlesPerSecond: number;
	naiveTitlesPerSecond: number;
	libraryTitlesPerSecond: number;
	libraryCountOnlyTitlesPerSecond: number;
	ownVsNaive: number;
	ownVsLibrary: number;
	mismatches: { naive: number; library: number };
}

function timed(run: () => void): number {
	const started = performance.now();
	run();
	return (performance.now() - started) / 1000;
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

export function compareMatchers(keywordCount = 1000, titleCount = 100_000): MatcherFigures {
	const levels = [...DEFAULT_PRIORITY_LEVELS];
	const rows = makeRuleRows(keywordCount);
	const titles = makeTitles(titleCount);
	const { ruleSet } = compileRuleSet(rows, levels);
	const prefix = createPrefixFormat(undefined, levels);
	const normalised = titles.map((title) => normaliseForMatching(prefix.strip(title).rest));

	const rules = naiveRules(rows, levels);
	const ranked = [...rules].sort(
		(a, b) => a.rankIndex - b.rankIndex || b.length - a.length || a.row - b.row,
	);
	const orderOf = new Map(ranked.map((rule, order) => [rule, order]));

	const require = createRequire(__filename);
	const AhoCorasick = require('modern-ahocorasick') as LibraryConstructor;
	const library = new AhoCorasick(
		rules.map((rule) => ({
			pattern: rule.normalised,
			data: { order: orderOf.get(rule) as number, rule },
		})),
	);
	const libraryBest = (text: string): number => {
		let best = Number.MAX_SAFE_INTEGER;
		for (const hit of library.iterate(text)) {
			const { order, rule } = hit.data;
			if (order >= best) continue;
			if (rule.matchType === 'exact' && (hit.start !== 0 || hit.end !== text.length)) continue;
			if (
				rule.matchType === 'wholeWord' &&
				((WORD.test(rule.normalised[0]) && hit.start > 0 && WORD.test(text[hit.start - 1])) ||
					(WORD.test(rule.normalised[rule.normalised.length - 1]) &&
						hit.end < text.length &&
						WORD.test(text[hit.end])))
			) {
				continue;
			}
			best = order;
		}
		return best;
	};

	// Warm up each path so the JIT has compiled it before the timed runs.
	for (let i = 0; i < 2000; i++) {
		ruleSet.match(titles[i % titles.length]);
		libraryBest(normalised[i % titles.length]);
		naiveBest(rules, normalised[i % titles.length]);
	}

	const own: Array<string | undefined> = new Array(titles.length);
	const ownSeconds = timed(() => {
		for (let i = 0; i < titles.length; i++) own[i] = ruleSet.match(titles[i])?.matchedKeyword;
	});
	const naive: Array<string | undefined> = new Array(titles.length);
	const naiveSeconds = timed(() => {
		for (let i = 0; i < titles.length; i++) naive[i] = naiveBest(rules, normalised[i])?.keyword;
	});
	const viaLibrary: Array<string | undefined> = new Array(titles.length);
	const librarySeconds = timed(() => {
		for (let i = 0; i < titles.length; i++) {
			const order = libraryBest(normalised[i]);
			viaLibrary[i] = order === Number.MAX_SAFE_INTEGER ? undefined : ranked[order].keyword;
		}
	});
	let hits = 0;
	const libraryCountSeconds = timed(() => {
		for (let i = 0; i < titles.length; i++) hits += library.count(normalised[i]);
	});

	const mismatches = { naive: 0, library: 0 };
	for (let i = 0; i < titles.length; i++) {
		if (own[i] !== naive[i]) mismatches.naive++;
		if (own[i] !== viaLibrary[i]) mismatches.library++;
	}
	return {
		keywords: ruleSet.size,
		titles: titles.length,
		ownTitlesPerSecond: titles.length / ownSeconds,
		naiveTitlesPerSecond: titles.length / naiveSeconds,
		libraryTitlesPerSecond: titles.length / librarySeconds,
		libraryCountOnlyTitlesPerSecond: hits >= 0 ? titles.length / libraryCountSeconds : 0,
		ownVsNaive: naiveSeconds / ownSeconds,
		ownVsLibrary: librarySeconds / ownSeconds,
		mismatches,
	};
}

if (require.main === module) {
	const keywords = Number(process.argv[2] ?? 1000);
	const titles = Number(process.argv[3] ?? 100_000);
	const figures = compareMatchers(keywords, titles);
	const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} titles/s`;
	console.log(`${figures.keywords} keywords x ${figures.titles.toLocaleString('en-US')} titles`);
	console.log(`  own automaton (strip prefix + fold + scan): ${rate(figures.ownTitlesPerSecond)}`);
	console.log(
		`  modern-ahocorasick 3.3.0 (pre-folded titles, best rule): ${rate(figures.libraryTitlesPerSecond)}`,
	);
	console.log(
		`  modern-ahocorasick 3.3.0 count() only, no rule logic: ${rate(figures.libraryCountOnlyTitlesPerSecond)}`,
	);
	console.log(`  naive per-rule loop (pre-folded titles): ${rate(figures.naiveTitlesPerSecond)}`);
	console.log(
		`  own vs naive: ${figures.ownVsNaive.toFixed(1)}x; own vs modern-ahocorasick: ${figures.ownVsLibrary.toFixed(1)}x`,
	);
	console.log(
		`  disagreements with own: naive ${figures.mismatches.naive}, modern-ahocorasick ${figures.mismatches.library}`,
	);
}
