/** Turns raw rule rows into validated rules and problems naming each bad row's location and column. */
import { resolveLevel } from './levels';
import { MATCH_TYPE_HINT, parseMatchType } from './matchType';
import { normaliseForMatching } from './normalise';
import { describeRuleLocation } from './types';
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
	regex?: RegExp;
}

function cellText(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
		return String(value);
	return undefined;
}

export function validateRules(
	rows: readonly RawRuleRow[],
	levels: readonly string[],
	opts: MatchOptions,
): { rules: ValidRule[]; problems: RuleProblem[] } {
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
		let regex: RegExp | undefined;
		if (keyword !== '' && matchType === 'regex') {
			try {
				regex = new RegExp(keyword, opts.caseSensitive === true ? 'u' : 'iu');
				if (regex.test(''))
					report(
						'keyword',
						`regex /${keyword}/ matches an empty title, so it would match every task`,
					);
			} catch (error) {
				report('keyword', `invalid regex /${keyword}/: ${(error as Error).message}`);
			}
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
