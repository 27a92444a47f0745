import { KeywordAutomaton, LiteralKind, NO_MATCH } from '../../../nodes/domain/priority/automaton';
import type { LiteralPattern } from '../../../nodes/domain/priority/automaton';
import { codeUnits } from '../../../nodes/domain/priority/normalise';
import { seededRandom } from './support/titleCorpus';

function randomWord(random: () => number, letters: string, max: number): string {
	let word = '';
	const length = 1 + Math.floor(random() * max);
	for (let i = 0; i < length; i++) word += letters[Math.floor(random() * letters.length)];
	return word;
}

describe('KeywordAutomaton', () => {
	it('gives the same answers with the dense table and with the sparse fallback', () => {
		const random = seededRandom(3);
		const letters = 'abcde 😀.';
		const kinds = [LiteralKind.Contains, LiteralKind.WholeWord, LiteralKind.Exact];
		const patterns: LiteralPattern[] = Array.from({ length: 200 }, (_v, order) => ({
			codes: codeUnits(randomWord(random, letters, 5)),
			kind: kinds[order % 3],
			order,
		}));
		const dense = new KeywordAutomaton(patterns);
		const sparse = new KeywordAutomaton(patterns, { maxDenseCells: 0 });
		expect(dense.usesDenseTable).toBe(true);
		expect(sparse.usesDenseTable).toBe(false);
		const scanDense = dense.createScanner();
		const scanSparse = sparse.createScanner();
		let found = 0;
		for (let i = 0; i < 5000; i++) {
			const text = Uint16Array.from(codeUnits(randomWord(random, letters, 30)));
			const best = scanDense(text, text.length);
			if (best !== NO_MATCH) found++;
			expect(scanSparse(text, text.length)).toBe(best);
		}
		expect(found).toBeGreaterThan(1000);
	});

	it('matches nothing with no patterns', () => {
		const scan = new KeywordAutomaton([]).createScanner();
		expect(scan(Uint16Array.of(97), 1)).toBe(NO_MATCH);
	});
});
