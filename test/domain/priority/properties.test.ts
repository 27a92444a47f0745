/** Property-style tests: many random titles and rule sets from a seeded generator. */
import {
	compileRuleSet,
	createPrefixFormat,
	normaliseForMatching,
} from '../../../nodes/domain/priority';
import type { MatchType } from '../../../nodes/domain/priority';
import { naiveBest, naiveRules } from './support/naiveMatcher';
import { LEVELS, tableRows } from './support/rows';
import { makeRuleRows, makeTitles, seededRandom } from './support/titleCorpus';

const ALPHABET = [
	...'abcçdeéêfgãiíoóõuúAÉÇÃ ',
	' ',
	'  ',
	'.',
	',',
	'-',
	'[',
	']',
	'(',
	')',
	'{',
	'}',
	'|',
	'*',
	'$',
	'\\',
	'\u00a0',
	'\t',
	'e\u0301',
	'😀',
	'P1',
	'P2',
	'[P1]',
	'[P1] ',
	'ß',
	'İ',
	'Σ',
	'\u00ad',
	'ligar',
	'ligação',
];

function randomText(random: () => number, maxPieces: number): string {
	let text = '';
	const pieces = Math.floor(random() * maxPieces);
	for (let i = 0; i < pieces; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
	return text;
}

const TEMPLATES = [
	'[{priority}] ',
	'{priority} - ',
	'({priority}) ',
	'*{priority}.$ ',
	'{priority}: ',
	'<{priority}>',
];

describe('prefix properties', () => {
	const random = seededRandom(2024);

	it.each(TEMPLATES)('apply is idempotent and strip undoes render for template %j', (template) => {
		const format = createPrefixFormat(template, LEVELS);
		for (let i = 0; i < 3000; i++) {
			const title = randomText(random, 12);
			const priority = LEVELS[Math.floor(random() * LEVELS.length)];
			const once = format.apply(title, priority);
			expect(format.apply(once, priority)).toBe(once);
			expect(format.apply(once, undefined, { removeWhenNone: true })).toBe(
				format.strip(title).rest,
			);
			// A title that carries no prefix comes back byte for byte.
			const bare = format.strip(title).rest;
			expect(format.strip(format.render(priority) + bare)).toEqual({ rest: bare, priority });
			expect(format.strip(bare).rest).toBe(bare);
		}
	});
});

describe('matcher properties', () => {
	it('agrees with the naive per-rule loop on random rules and titles', () => {
		const random = seededRandom(99);
		const types: MatchType[] = ['contains', 'contains', 'wholeWord', 'exact'];
		for (let round = 0; round < 60; round++) {
			const seen = new Set<string>();
			const rules: Array<[string, string, MatchType]> = [];
			for (let i = 0; i < 25; i++) {
				const keyword = randomText(random, 3).trim();
				const matchType = types[Math.floor(random() * types.length)];
				const key = `${matchType}:${normaliseForMatching(keyword)}`;
				if (normaliseForMatching(keyword) === '' || seen.has(key)) continue;
				seen.add(key);
				rules.push([keyword, LEVELS[Math.floor(random() * 4)], matchType]);
			}
			const rows = tableRows(...rules);
			const { ruleSet } = compileRuleSet(rows, LEVELS);
			const oracle = naiveRules(rows, LEVELS);
			const format = createPrefixFormat(undefined, LEVELS);
			for (let i = 0; i < 200; i++) {
				const title =
					random() < 0.2
						? (rules[Math.floor(random() * rules.length)]?.[0] ?? '')
						: randomText(random, 14);
				const rest = format.strip(title).rest;
				const expected = naiveBest(oracle, normaliseForMatching(rest), rest);
				const actual = ruleSet.match(title);
				expect([title, actual?.matchedKeyword]).toEqual([title, expected?.keyword]);
			}
		}
	});

	it('agrees with the naive loop on the realistic corpus, regex rules included', () => {
		const rows = makeRuleRows(400, 5, { regexRules: 20 });
		const { ruleSet } = compileRuleSet(rows, LEVELS);
		const oracle = naiveRules(rows, LEVELS);
		const format = createPrefixFormat(undefined, LEVELS);
		let matched = 0;
		for (const title of makeTitles(3000, 11)) {
			const rest = format.strip(title).rest;
			const expected = naiveBest(oracle, normaliseForMatching(rest), rest);
			const actual = ruleSet.match(title);
			if (actual) matched++;
			expect([title, actual?.matchedKeyword]).toEqual([title, expected?.keyword]);
		}
		expect(matched).toBeGreaterThan(1000);
	});
});
