/** Shared types of the priority domain: rules as read, problems found in them, match results. */

export type MatchType = 'contains' | 'wholeWord' | 'exact' | 'regex';

export const MATCH_TYPES: readonly MatchType[] = ['contains', 'wholeWord', 'exact', 'regex'];

/** Where a rule came from, for error messages and the `matchedRule` output. */
export type RuleLocation =
	| { kind: 'sheet'; row: number /* 1-based sheet row number as the user sees it */ }
	| { kind: 'table'; index: number /* 0-based row of the inline table */ }
	| { kind: 'field'; index: number /* 0-based entry of the items' rules field */ };

export type RuleColumn = 'keyword' | 'priority' | 'matchType';

/** Sheet column letters of a row's cells, so problems can say "column B". */
export type SheetColumns = Partial<Record<RuleColumn, string>>;

export interface RawRuleRow {
	keyword: unknown;
	priority: unknown;
	matchType?: unknown;
	location: RuleLocation;
	/** Only for rows read from a sheet. */
	sheetColumns?: SheetColumns;
}

export interface RuleProblem {
	location: RuleLocation;
	column: RuleColumn;
	message: string;
	/** Sheet column letter, when the rule came from a sheet. */
	sheetColumn?: string;
}

export function describeRuleLocation(location: RuleLocation): string {
	switch (location.kind) {
		case 'sheet':
			return `sheet row ${location.row}`;
		case 'table':
			return `rules table index ${location.index}`;
		case 'field':
			return `rules field index ${location.index}`;
	}
}

export function describeProblem(problem: RuleProblem): string {
	const column = problem.sheetColumn
		? `column ${problem.sheetColumn} (${problem.column})`
		: `column ${problem.column}`;
	return `${describeRuleLocation(problem.location)}, ${column}: ${problem.message}`;
}

const PROBLEMS_IN_MESSAGE = 5;

/** Thrown when rules cannot be compiled; the message names the row and column of the first few problems. */
export class RuleSetError extends Error {
	readonly problems: RuleProblem[];

	constructor(problems: RuleProblem[]) {
		const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).map(describeProblem);
		const more =
			problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
		const head =
			problems.length === 1 ? 'Bad priority rule' : `${problems.length} bad priority rules`;
		super(`${head}: ${shown.join('; ')}${more}`);
		this.name = 'RuleSetError';
		this.problems = problems;
	}
}

export interface MatchOptions {
	/** Default false: "LIGAR" matches "ligar". */
	caseSensitive?: boolean;
	/** Default false: "Ligação" matches "ligacao". */
	accentSensitive?: boolean;
	/** Match type of rules that do not name one; default 'contains'. */
	defaultMatchType?: MatchType;
}

export interface PriorityMatch {
	priority: string;
	/** 1 = highest. */
	priorityRank: number;
	/** The keyword (or regex) as written in the rule. */
	matchedKeyword: string;
	matchedRule: RuleLocation;
	matchType: MatchType;
}

export interface CompiledRuleSet {
	readonly levels: readonly string[];
	/** Number of rules compiled (bad rows left out). */
	readonly size: number;
	/** Best match for a task title; a priority prefix already on the title is ignored. */
	match(title: string): PriorityMatch | undefined;
	/** Best match for text that is known to carry no priority prefix. */
	matchText(text: string): PriorityMatch | undefined;
}
