/**
 * Compiled rule set: one automaton for all contains / whole-word / exact rules, regex rules kept
 * apart because a regex can only be tested on its own. Rules are ranked once at compile time
 * (priority, then longer keyword, then earlier row) so a title scan just keeps the lowest rank seen;
 * regex rules are tried in rank order and only while they could still beat the literal match.
 */
import { KeywordAutomaton, LiteralKind, NO_MATCH } from './automaton';
import type { LiteralPattern } from './automaton';
import { codeUnits, createFolder, withoutAccents } from './normalise';
import { createPrefixFormat, DEFAULT_PREFIX_FORMAT } from './prefix';
import type { RegexTester } from './regexRule';
import { validateRules } from './ruleValidation';
import type { ValidRule } from './ruleValidation';
import { RuleSetError } from './types';
import type {
	CompiledRuleSet,
	MatchOptions,
	MatchType,
	PriorityMatch,
	RawRuleRow,
	RuleProblem,
} from './types';

export interface CompileOptions extends MatchOptions {
	/** Leave bad rows out and return them as warnings instead of throwing RuleSetError. */
	skipBadRows?: boolean;
	/** Prefix format whose prefixes `match()` ignores; default DEFAULT_PREFIX_FORMAT. */
	prefixTemplate?: string;
}

export interface RuleSetStats {
	contains: number;
	wholeWord: number;
	exact: number;
	regex: number;
	automatonStates: number;
}

export interface CompiledRuleSetDetails extends CompiledRuleSet {
	readonly stats: RuleSetStats;
}

const LITERAL_KIND: Readonly<Record<Exclude<MatchType, 'regex'>, LiteralKind>> = {
	contains: LiteralKind.Contains,
	wholeWord: LiteralKind.WholeWord,
	exact: LiteralKind.Exact,
};

/** Keyword length for the "longer keyword wins" tie-break, in characters as written. */
function keywordLength(rule: ValidRule): number {
	return [...rule.keyword.normalize('NFC')].length;
}

export function compileRuleSet(
	rows: RawRuleRow[],
	levels: string[],
	opts: CompileOptions = {},
): { ruleSet: CompiledRuleSetDetails; warnings: RuleProblem[] } {
	if (levels.length === 0) throw new Error('No priority levels given');
	const { rules, problems } = validateRules(rows, levels, opts);
	if (problems.length > 0 && opts.skipBadRows !== true) throw new RuleSetError(problems);

	const lengths = new Map(rules.map((rule) => [rule, keywordLength(rule)]));
	const ranked = [...rules].sort(
		(a, b) =>
			a.rankIndex - b.rankIndex ||
			(lengths.get(b) as number) - (lengths.get(a) as number) ||
			a.rowIndex - b.rowIndex,
	);

	const patterns: LiteralPattern[] = [];
	const regexRules: Array<{ order: number; regex: RegexTester }> = [];
	ranked.forEach((rule, order) => {
		if (rule.matchType === 'regex') {
			regexRules.push({ order, regex: rule.regex as RegexTester });
		} else {
			const codes = codeUnits(rule.normalisedKeyword);
			patterns.push({ codes, kind: LITERAL_KIND[rule.matchType], order });
		}
	});
	const automaton = new KeywordAutomaton(patterns);
	const fold = createFolder(opts);
	const scan = automaton.createScanner();
	const accentInsensitive = opts.accentSensitive !== true;
	const prefix = createPrefixFormat(opts.prefixTemplate ?? DEFAULT_PREFIX_FORMAT, levels);

	// One result object per rule, shared between calls; handed out as copies.
	const results: PriorityMatch[] = ranked.map((rule) => ({
		priority: rule.priority,
		priorityRank: rule.rankIndex + 1,
		matchedKeyword: rule.keyword,
		matchedRule: rule.location,
		matchType: rule.matchType,
	}));

	const bestOrder = (text: string): number => {
		const folded = fold(text);
		const best = scan(folded.codes, folded.length);
		if (regexRules.length > 0) {
			let plain: string | undefined;
			for (const rule of regexRules) {
				if (rule.order >= best) break;
				if (rule.regex.test(text)) return rule.order;
				if (accentInsensitive) {
					plain ??= withoutAccents(text);
					if (plain !== text && rule.regex.test(plain)) return rule.order;
				}
			}
		}
		return best;
	};

	const resultFor = (order: number): PriorityMatch | undefined =>
		order === NO_MATCH
			? undefined
			: { ...results[order], matchedRule: { ...results[order].matchedRule } };

	const counts = { contains: 0, wholeWord: 0, exact: 0, regex: 0 };
	for (const rule of rules) counts[rule.matchType]++;

	const ruleSet: CompiledRuleSetDetails = {
		levels: [...levels],
		size: rules.length,
		stats: { ...counts, automatonStates: automaton.states },
		match: (title: string) => resultFor(bestOrder(prefix.strip(title).rest)),
		matchText: (text: string) => resultFor(bestOrder(text)),
	};
	return { ruleSet, warnings: problems };
}
