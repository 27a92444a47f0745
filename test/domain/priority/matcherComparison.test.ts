/** Runs the matcher comparison at a reduced size: all three must agree; the speeds are printed, not asserted. */
import { compareMatchers } from './matcherComparison';

describe('matcher comparison (report)', () => {
	it('own automaton, modern-ahocorasick and the naive loop pick the same rule for every title', () => {
		const figures = compareMatchers(1000, 20_000);
		expect(figures.mismatches).toEqual({ naive: 0, library: 0 });
		expect(figures.keywords).toBe(1000);
		const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
		console.log(
			`1000 keywords x 20,000 titles: own ${rate(figures.ownTitlesPerSecond)}, ` +
				`modern-ahocorasick ${rate(figures.libraryTitlesPerSecond)}, naive ${rate(figures.naiveTitlesPerSecond)} ` +
				`(own/naive ${figures.ownVsNaive.toFixed(1)}x, own/library ${figures.ownVsLibrary.toFixed(1)}x)`,
		);
	});
});
