/**
 * Regex rules come from whoever can edit the rules sheet, so they run in a linear-time engine:
 * a pattern that backtracks catastrophically in JavaScript's RegExp still answers at once, and a
 * pattern that needs backtracking (backreferences, lookaround) is refused with its row and column.
 */
import { runInNewContext } from 'node:vm';

import { compileRuleSet, RuleSetError } from '../../../nodes/domain/priority';
import type { RawRuleRow } from '../../../nodes/domain/priority';
import { LEVELS } from './support/rows';

const sheetRow = (
	row: number,
	keyword: unknown,
	priority: unknown,
	matchType?: unknown,
): RawRuleRow => ({
	keyword,
	priority,
	matchType,
	location: { kind: 'sheet', row },
	sheetColumns: { keyword: 'A', priority: 'B', matchType: 'C' },
});

function compileError(rows: RawRuleRow[]): RuleSetError {
	try {
		compileRuleSet(rows, LEVELS);
	} catch (error) {
		if (error instanceof RuleSetError) return error;
		throw error;
	}
	throw new Error('expected a RuleSetError');
}

/** Whether JavaScript's own RegExp is still running after `ms` (a catastrophic backtrack). */
function jsRegexStillRunningAfter(ms: number, pattern: string, text: string): boolean {
	try {
		runInNewContext('new RegExp(pattern, "iu").test(text)', { pattern, text }, { timeout: ms });
		return false;
	} catch (error) {
		if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return true;
		throw error;
	}
}

describe('catastrophic regex rules', () => {
	it.each([
		['(a+)+$', 'a'],
		['(x+x+)+y', 'x'],
		['(?:a|aa)+$', 'a'],
		['^(\\w+\\s?)+$', 'a'],
	])('%s answers a long title in linear time where RegExp hangs', (pattern, letter) => {
		const title = `${letter.repeat(40)}!`;
		// The pattern and title really are catastrophic for a backtracking engine.
		expect(jsRegexStillRunningAfter(200, pattern, title)).toBe(true);

		const { ruleSet } = compileRuleSet([sheetRow(2, pattern, 'P1', 'regex')], LEVELS);
		const longTitle = `${letter.repeat(20_000)}!`;
		const started = process.hrtime.bigint();
		ruleSet.match(title);
		ruleSet.match(longTitle);
		const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
		expect(elapsedMs).toBeLessThan(200);
	});
});

describe('regex rules the linear-time engine cannot run', () => {
	it.each([
		['(ab)\\1', 'a backreference (\\1)'],
		['(?<word>ab)\\k<word>', 'a backreference (\\k<word>)'],
		['ligar(?= hoje)', 'a lookahead (?=…)'],
		['ligar(?! amanhã)', 'a negative lookahead (?!…)'],
		['(?<=urgente )ligar', 'a lookbehind (?<=…)'],
		['(?<!não )ligar', 'a negative lookbehind (?<!…)'],
	])('refuses %s naming the row, the column and the construct', (pattern, construct) => {
		const error = compileError([sheetRow(2, 'ligar', 'P2'), sheetRow(7, pattern, 'P1', 'regex')]);
		expect(error.problems).toHaveLength(1);
		expect(error.message).toBe(
			`Bad priority rule: sheet row 7, column A (keyword): regex /${pattern}/ uses ${construct}, ` +
				'which the linear-time regex engine cannot run; rewrite the rule without it',
		);
	});

	it('does not mistake escaped or bracketed characters for those constructs', () => {
		const { ruleSet } = compileRuleSet(
			[
				sheetRow(2, '\\(\\?=x\\)', 'P1', 'regex'),
				sheetRow(3, '[(?<=]ok', 'P2', 'regex'),
				sheetRow(4, '\\\\1', 'P3', 'regex'),
			],
			LEVELS,
		);
		expect(ruleSet.match('a (?=x) b')?.priority).toBe('P1');
		expect(ruleSet.match('=ok')?.priority).toBe('P2');
		expect(ruleSet.match('path \\1')?.priority).toBe('P3');
	});

	it('still names a pattern JavaScript itself rejects as invalid', () => {
		const error = compileError([sheetRow(5, 'a{,3}', 'P1', 'regex')]);
		expect(error.message).toMatch(
			/^Bad priority rule: sheet row 5, column A \(keyword\): invalid regex \/a\{,3\}\/: .+/,
		);
	});

	it('names a Unicode property the engine does not know', () => {
		const error = compileError([sheetRow(3, '\\p{scx=Grek}', 'P1', 'regex')]);
		expect(error.message).toMatch(
			/^Bad priority rule: sheet row 3, column A \(keyword\): regex \/\\p\{scx=Grek\}\/ cannot run in the linear-time regex engine: .+/,
		);
	});
});

describe('regex rule semantics', () => {
	const titles = [
		'Ligar para cliente',
		'LIGAÇÃO perdida',
		'ligar\u00a0hoje',
		'ligar\u2003amanhã',
		'ligar\thoje',
		'linha1\rlinha2',
		'linha1\nlinha2',
		'Proposta #123 enviada',
		'Ωmega Grécia',
		'Straße 12',
		'emoji 😀 no título',
		'café com leite',
		'',
		'a/b c',
	];
	it.each([
		['ligar\\shoje'],
		['ligar\\Shoje'],
		['ligar[\\s-]hoje'],
		['ligar[^\\S]amanhã'],
		['linha1.linha2'],
		['linha1[\\s\\S]linha2'],
		['^proposta\\s+#?\\d+'],
		['\\bligar\\b'],
		['caf\\u00e9'],
		['caf\\u{E9}'],
		['\\p{Lu}\\p{Ll}+'],
		['\\p{Script=Greek}'],
		['\\p{sc=Latin}{4}'],
		['\\p{Letter}\\p{Nd}'],
		['\\P{L}'],
		['(?<verbo>ligar|liga)'],
		['^.{2}\\u{1F600}|😀'],
		['linha1\\cMlinha2'],
		['[^]linha2'],
		['straSSe'],
		['a\\/b'],
		['ligação|ligacao'],
	])('%s matches exactly the titles RegExp matches', (pattern) => {
		const { ruleSet } = compileRuleSet([sheetRow(2, pattern, 'P1', 'regex')], LEVELS);
		const reference = new RegExp(pattern, 'iu');
		const plain = (title: string) => title.normalize('NFD').replace(/\p{M}/gu, '');
		for (const title of titles) {
			const expected = reference.test(title) || reference.test(plain(title));
			expect([title, ruleSet.matchText(title) !== undefined]).toEqual([title, expected]);
		}
	});

	it('keeps case sensitivity when asked for it', () => {
		const { ruleSet } = compileRuleSet([sheetRow(2, 'Ligar', 'P1', 'regex')], LEVELS, {
			caseSensitive: true,
		});
		expect(ruleSet.matchText('Ligar já')?.priority).toBe('P1');
		expect(ruleSet.matchText('ligar já')).toBeUndefined();
	});
});
