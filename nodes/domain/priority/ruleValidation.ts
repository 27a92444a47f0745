/** Turns raw rule rows into validated rules and problems naming each bad row's location and column. */
import { resolveLevel } from './levels';
import { RULE_LIMITS } from './limits';
import { MATCH_TYPE_HINT, parseMatchType } from './matchType';
import { normaliseForMatching } from './normalise';
import { compileRegexRule, type RegexTester } from './regexRule';
import { describeRuleLocation, RuleSetError } from './types';
import type {
	MatchOptions,
	MatchType,
	RawRuleRow,
	RuleColumn,
	RuleLocation,
	RuleProblem,
} from './types';

export interface ValidRule {
	/** Trimmed keyword (or regex source) as written. */
	keyword: string;
	/** Folded keyword for literal rules; the source for regex rules. */
	normalisedKeyword: string;
	priority: string;
	rankIndex: number;
	matchType: MatchType;
	location: RuleLocation;
	/** Position among the input rows: the last tie-breaker. */
	rowIndex: number;
	regex?: RegexTester;
}

function cellText(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
		return String(value);
	return undefined;
}

/** A source over the rule limit is refused whole (not skipped row by row): it is not a rule table. */
function refuseTooManyRules(rows: readonly RawRuleRow[]): void {
	if (rows.length <= RULE_LIMITS.maxRules) return;
	const first = rows[RULE_LIMITS.maxRules];
	const sheetColumn = first.sheetColumns?.keyword;
	throw new RuleSetError([
		{
			location: first.location,
			column: 'keyword',
			message: `${rows.length} rules, over the limit of ${RULE_LIMITS.maxRules}; this row is the first past it (split the rules or remove unused ones)`,
			...(sheetColumn ? { sheetColumn } : {}),
		},
	]);
}

export function validateRules(
	rows: readonly RawRuleRow[],
	levels: readonly string[],
	opts: MatchOptions,
): { rules: ValidRule[]; problems: RuleProblem[] } {
	refuseTooManyRules(rows);
	const defaultMatchType = opts.defaultMatchType ?? 'contains';
	const rules: ValidRule[] = [];
	const problems: RuleProblem[] = [];
	const firstByKey = new Map<string, ValidRule>();

	rows.forEach((row, rowIndex) => {
		const rowProblems: RuleProblem[] = [];
		const report = (column: RuleColumn, message: string) => {
			const sheetColumn = row.sheetColumns?.[column];
			rowProblems.push({
				location: row.location,
				column,
				message,
				...(sheetColumn ? { sheetColumn } : {}),
			});
		};

		const keywordText = cellText(row.keyword);
		const keyword = keywordText?.trim() ?? '';
		if (keywordText === undefined) report('keyword', 'keyword must be text');
		else if (keyword === '') report('keyword', 'keyword is blank');

		const priorityText = cellText(row.priority)?.trim() ?? '';
		const level = resolveLevel(levels, priorityText);
		if (priorityText === '') {
			report('priority', `priority is blank (expected one of ${levels.join(', ')})`);
		} else if (!level) {
			report(
				'priority',
				`"${priorityText}" is not one of the priority levels ${levels.join(', ')}`,
			);
		}

		const matchType = parseMatchType(cellText(row.matchType), defaultMatchType);
		if (!matchType) {
			report(
				'matchType',
				`unknown match type "${cellText(row.matchType) ?? ''}" (expected ${MATCH_TYPE_HINT})`,
			);
		}

		let normalisedKeyword = keyword;
		let regex: RegexTester | undefined;
		const length = [...keyword].length;
		if (length > RULE_LIMITS.maxKeywordLength) {
			report(
				'keyword',
				`keyword is ${length} characters long, over the limit of ${RULE_LIMITS.maxKeywordLength}`,
			);
		} else if (keyword !== '' && matchType === 'regex') {
			const compiled = compileRegexRule(keyword, opts.caseSensitive === true);
			if (compiled.ok) regex = compiled.tester;
			else report('keyword', compiled.message);
		} else if (keyword !== '' && matchType) {
			normalisedKeyword = normaliseForMatching(keyword, opts);
			if (normalisedKeyword === '')
				report('keyword', `keyword "${keyword}" has no characters that can be matched`);
		}

		if (rowProblems.length === 0 && level && matchType) {
			const rule: ValidRule = {
				keyword,
				normalisedKeyword,
				priority: level.level,
				rankIndex: level.rankIndex,
				matchType,
				location: row.location,
				rowIndex,
				...(regex ? { regex } : {}),
			};
			const key = `${matchType}\u0000${normalisedKeyword}`;
			const first = firstByKey.get(key);
			if (first && first.priority !== rule.priority) {
				report(
					'priority',
					`keyword "${keyword}" (${matchType}) has priority ${rule.priority} here but ${first.priority} at ${describeRuleLocation(first.location)}`,
				);
			} else if (!first) {
				firstByKey.set(key, rule);
			}
			if (rowProblems.length === 0) rules.push(rule);
		}
		problems.push(...rowProblems);
	});
	return { rules, problems };
}
