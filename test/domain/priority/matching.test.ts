import { compileRuleSet, normaliseForMatching } from '../../../nodes/domain/priority';
import type { MatchOptions } from '../../../nodes/domain/priority';
import { LEVELS, tableRows } from './support/rows';

function matcher(rules: Array<[unknown, unknown, unknown?]>, opts?: MatchOptions) {
	return compileRuleSet(tableRows(...rules), LEVELS, opts).ruleSet;
}

describe('normaliseForMatching', () => {
	it('strips accents, folds case, collapses and trims whitespace', () => {
		expect(normaliseForMatching('  Ligação\u00a0\t URGENTE  ')).toBe('ligacao urgente');
		expect(normaliseForMatching('e\u0301 É İ')).toBe('e e i');
		expect(normaliseForMatching('lig\u00adar')).toBe('ligar');
	});

	it('keeps accents or case when asked, composing decomposed text', () => {
		expect(normaliseForMatching('Ligac\u0327a\u0303o', { accentSensitive: true })).toBe('ligação');
		expect(normaliseForMatching('Ligação', { caseSensitive: true })).toBe('Ligacao');
	});
});

describe('matching', () => {
	it('ignores accents and case by default', () => {
		const rules = matcher([['Ligação', 'P2']]);
		expect(rules.match('ligacao para Maria')?.priority).toBe('P2');
		expect(rules.match('LIGAÇÃO urgente')?.matchedKeyword).toBe('Ligação');
		expect(rules.match('Ligac\u0327a\u0303o decomposed')?.priority).toBe('P2');
		const ascii = matcher([['ligacao', 'P3']]);
		expect(ascii.match('Retornar Ligação')?.priority).toBe('P3');
	});

	it('respects case and accents when asked', () => {
		const caseSensitive = matcher([['Ligar', 'P1']], { caseSensitive: true });
		expect(caseSensitive.match('ligar hoje')).toBeUndefined();
		expect(caseSensitive.match('Ligar hoje')?.priority).toBe('P1');
		const accentSensitive = matcher([['ligação', 'P1']], { accentSensitive: true });
		expect(accentSensitive.match('Ligacao')).toBeUndefined();
		expect(accentSensitive.match('LIGAÇÃO')?.priority).toBe('P1');
		expect(accentSensitive.match('Ligac\u0327a\u0303o')?.priority).toBe('P1');
	});

	it('picks the highest priority among overlapping keywords', () => {
		const rules = matcher([
			['proposta', 'P3'],
			['proposta atrasada', 'P1'],
			['atrasada', 'P2'],
		]);
		const match = rules.match('Cobrar proposta atrasada do Onix');
		expect(match).toMatchObject({
			priority: 'P1',
			priorityRank: 1,
			matchedKeyword: 'proposta atrasada',
		});
		expect(match?.matchedRule).toEqual({ kind: 'table', index: 1 });
		expect(rules.match('proposta nova')?.priority).toBe('P3');
	});

	it('finds keywords that are suffixes of other keywords (output links)', () => {
		const rules = matcher([
			['she', 'P3'],
			['he', 'P1'],
			['hers', 'P2'],
		]);
		expect(rules.match('ushers')?.matchedKeyword).toBe('he');
	});

	it('breaks ties by the longer keyword, then the earlier row', () => {
		const longer = matcher([
			['ligar', 'P2'],
			['ligar cliente', 'P2'],
		]);
		expect(longer.match('ligar cliente VIP')?.matchedKeyword).toBe('ligar cliente');
		const earlier = matcher([
			['boleto', 'P2'],
			['vendas', 'P2'],
		]);
		expect(earlier.match('vendas: boleto')?.matchedKeyword).toBe('boleto');
		expect(earlier.match('vendas: boleto')?.matchedRule).toEqual({ kind: 'table', index: 0 });
	});

	it('matches whole words at spaces, punctuation and the ends of the title', () => {
		const rules = matcher([['ligar', 'P1', 'wholeWord']]);
		expect(rules.match('ligar.')?.priority).toBe('P1');
		expect(rules.match('(ligar) cliente')?.priority).toBe('P1');
		expect(rules.match('Re: ligar, amanhã')?.priority).toBe('P1');
		expect(rules.match('ligar😀')?.priority).toBe('P1');
		expect(rules.match('religar cliente')).toBeUndefined();
		expect(rules.match('ligarei amanhã')).toBeUndefined();
		expect(rules.match('ligar2')).toBeUndefined();
		expect(rules.match('ligação')).toBeUndefined();
	});

	it('finds a whole word after an earlier non-word occurrence of the same text', () => {
		const rules = matcher([['ligar', 'P1', 'whole word']]);
		expect(rules.match('religar depois ligar')?.priority).toBe('P1');
	});

	it('does not need a boundary where the keyword itself starts or ends with punctuation', () => {
		const rules = matcher([['c++', 'P2', 'wholeWord']]);
		expect(rules.match('vaga c++dev')?.priority).toBe('P2');
		expect(rules.match('abc++')).toBeUndefined();
	});

	it('treats non-Latin letters as word characters', () => {
		const rules = matcher([['звонок', 'P2', 'wholeWord']]);
		expect(rules.match('звонок клиенту')?.priority).toBe('P2');
		expect(rules.match('перезвонок')).toBeUndefined();
	});

	it('matches exact rules against the whole title (trimmed, spacing collapsed)', () => {
		const rules = matcher([
			['Retornar cliente', 'P2', 'exact'],
			['cliente', 'P4'],
		]);
		expect(rules.match('  retornar   CLIENTE ')?.priority).toBe('P2');
		expect(rules.match('[P4] Retornar cliente')?.priority).toBe('P2');
		expect(rules.match('Retornar cliente hoje')?.priority).toBe('P4');
	});

	it('tests regex rules on the title and on its accent-free form', () => {
		const rules = matcher([
			['^proposta\\s+#?\\d+', 'P2', 'regex'],
			['liga(ção|cao)', 'P3', 'regex'],
			['ligacao', 'P4', 'regex'],
		]);
		expect(rules.match('Proposta #123 enviada')?.priority).toBe('P2');
		expect(rules.match('Enviar proposta 123')).toBeUndefined();
		expect(rules.match('LIGAÇÃO perdida')?.priority).toBe('P3');
		expect(rules.match('Ligação perdida')?.matchedKeyword).toBe('liga(ção|cao)');
		const accentOnly = matcher([['ligacao', 'P4', 'regex']]);
		expect(accentOnly.match('Ligação perdida')?.priority).toBe('P4');
	});

	it('lets a literal rule of higher priority beat a regex rule', () => {
		const rules = matcher([
			['.*cliente.*', 'P3', 'regex'],
			['vip', 'P1'],
		]);
		expect(rules.match('cliente VIP')?.priority).toBe('P1');
		expect(rules.match('cliente comum')?.priority).toBe('P3');
	});

	it('matches a title without the priority prefix it already carries', () => {
		const rules = matcher([
			['p1', 'P4'],
			['ligar', 'P2'],
		]);
		expect(rules.match('[P1] Ligar cliente')?.priority).toBe('P2');
		expect(rules.match('[P1] [P3] Ligar')?.matchedKeyword).toBe('ligar');
		const custom = compileRuleSet(tableRows(['p1', 'P4']), LEVELS, {
			prefixTemplate: '{priority} - ',
		}).ruleSet;
		expect(custom.match('P1 - cliente')).toBeUndefined();
		expect(custom.matchText('P1 - cliente')?.priority).toBe('P4');
	});

	it('uses the default match type for rows that name none', () => {
		const rules = matcher([['ligar', 'P1']], { defaultMatchType: 'wholeWord' });
		expect(rules.match('religar')).toBeUndefined();
		expect(rules.match('ligar')?.priority).toBe('P1');
	});

	it('returns nothing for an empty rule set or an empty title', () => {
		expect(matcher([]).match('anything')).toBeUndefined();
		expect(matcher([['x', 'P1']]).match('')).toBeUndefined();
	});

	it('returns results callers may change without affecting the rule set', () => {
		const rules = matcher([['ligar', 'P1']]);
		const first = rules.match('ligar') as { priority: string; matchedRule: { kind: string } };
		first.priority = 'changed';
		first.matchedRule.kind = 'changed';
		expect(rules.match('ligar')).toMatchObject({
			priority: 'P1',
			matchedRule: { kind: 'table', index: 0 },
		});
	});
});
