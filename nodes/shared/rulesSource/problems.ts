/**
 * Bad rules as users read them, and how skipped ones are reported. n8n 2.x has no warnings API for
 * execute beyond execution hints, so a node that skipped bad rules adds one hint per rule to its
 * output pane (the editor shows them above the output) and logs them once with n8n's logger (which
 * reaches production logs); the rows stay out of the items, which belong to the user's data.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { describeProblem, type RuleProblem } from '../../domain/priority';

/** Hints shown per execution; the rest are summed up in one more hint. */
export const MAX_WARNING_HINTS = 10;

export function describeRuleProblem(problem: RuleProblem): string {
	return describeProblem(problem);
}

export interface RuleWarningsReport {
	warnings: RuleProblem[];
	source: string;
}

/** Messages for skipped rules, one per rule, capped with a summary line. */
export function ruleWarningMessages({ warnings, source }: RuleWarningsReport): string[] {
	const messages = warnings
		.slice(0, MAX_WARNING_HINTS)
		.map((problem) => `Skipped a bad rule in ${source}: ${describeRuleProblem(problem)}`);
	const more = warnings.length - messages.length;
	if (more > 0) messages.push(`Skipped ${more} more bad rules in ${source}`);
	return messages;
}

/** Shows skipped rules in the editor's output pane and logs them; nothing when there are none. */
export function reportRuleWarnings(
	ctx: Pick<IExecuteFunctions, 'addExecutionHints' | 'logger' | 'getNode'>,
	report: RuleWarningsReport,
): void {
	if (report.warnings.length === 0) return;
	const messages = ruleWarningMessages(report);
	ctx.addExecutionHints(
		...messages.map((message) => ({
			message,
			type: 'warning' as const,
			location: 'outputPane' as const,
		})),
	);
	ctx.logger.warn(`${ctx.getNode().name}: ${report.warnings.length} bad rules skipped`, {
		node: ctx.getNode().name,
		problems: report.warnings.map(describeRuleProblem),
	});
}

/** 1-based rank of a priority in the levels (1 = highest); undefined when not a level. */
export function priorityRank(levels: readonly string[], priority: string): number | undefined {
	const index = levels.indexOf(priority);
	return index < 0 ? undefined : index + 1;
}
