/**
 * Aho-Corasick automaton over folded UTF-16 code units, built for "best rule wins" scans.
 *
 * Every literal rule has an `order` (0 = the rule that beats all others). Each state knows the
 * best contains-rule ending there (its own or via suffix links), so the scan only keeps a running
 * minimum. Whole-word rules need a boundary check where they end; they sit on a separate output
 * chain that is only walked while it can still beat the best order found so far. Exact rules are
 * settled once, by the state the scan ends in.
 *
 * Transitions are a dense table over a compact alphabet (only code units that occur in some
 * keyword get a symbol; everything else is symbol 0, which always leads back to the root): one
 * array read per character. Very large dictionaries fall back to sparse goto maps + failure links.
 */
import { isWordCharAt, isWordCharBefore } from './normalise';

export const NO_MATCH = 0x7fffffff;

export const LiteralKind = { Contains: 0, WholeWord: 1, Exact: 2 } as const;
export type LiteralKind = (typeof LiteralKind)[keyof typeof LiteralKind];

export interface LiteralPattern {
	/** Folded keyword code units (non-empty). */
	readonly codes: ArrayLike<number>;
	readonly kind: LiteralKind;
	readonly order: number;
}

/** Above this many table cells (4 bytes each) the dense transition table is not built. */
const MAX_DENSE_CELLS = 1 << 23;

export class KeywordAutomaton {
	private readonly symbolOf = new Int32Array(0x10000);
	private readonly alphabetSize: number;
	private readonly stateCount: number;
	private readonly dense: Int32Array | undefined;
	private readonly sparse: Array<Map<number, number>> | undefined;
	private readonly fail: Int32Array;
	private readonly depth: Int32Array;
	private readonly bestContains: Int32Array;
	private readonly wordOwn: Int32Array;
	private readonly exactOwn: Int32Array;
	/** Nearest state on the suffix chain (itself included) with a whole-word rule; -1 = none. */
	private readonly wordLink: Int32Array;
	/** Best whole-word order anywhere on that chain, for pruning. */
	private readonly wordChainBest: Int32Array;
	/** min(bestContains, wordChainBest): one read tells the scan whether a state can matter. */
	private readonly outputBest: Int32Array;
	/** Whether the state's keyword starts / ends with a word character (else no boundary check there). */
	private readonly startsWithWordChar: Uint8Array;
	private readonly endsWithWordChar: Uint8Array;

	constructor(patterns: readonly LiteralPattern[], opts: { maxDenseCells?: number } = {}) {
		let symbols = 1;
		for (const pattern of patterns) {
			for (let i = 0; i < pattern.codes.length; i++) {
				const code = pattern.codes[i];
				if (this.symbolOf[code] === 0) this.symbolOf[code] = symbols++;
			}
		}
		this.alphabetSize = symbols;

		// Trie with sparse children first.
		const children: Array<Map<number, number>> = [new Map()];
		const depth: number[] = [0];
		const containsOwn: number[] = [NO_MATCH];
		const wordOwn: number[] = [NO_MATCH];
		const exactOwn: number[] = [NO_MATCH];
		const startsWord: number[] = [0];
		const endsWord: number[] = [0];
		for (const pattern of patterns) {
			let state = 0;
			for (let i = 0; i < pattern.codes.length; i++) {
				const symbol = this.symbolOf[pattern.codes[i]];
				let next = children[state].get(symbol);
				if (next === undefined) {
					next = children.length;
					children.push(new Map());
					depth.push(depth[state] + 1);
					containsOwn.push(NO_MATCH);
					wordOwn.push(NO_MATCH);
					exactOwn.push(NO_MATCH);
					startsWord.push(0);
					endsWord.push(0);
					children[state].set(symbol, next);
				}
				state = next;
			}
			const own =
				pattern.kind === LiteralKind.Contains
					? containsOwn
					: pattern.kind === LiteralKind.WholeWord
						? wordOwn
						: exactOwn;
			own[state] = Math.min(own[state], pattern.order);
			const codes = Uint16Array.from(pattern.codes as ArrayLike<number>);
			startsWord[state] = isWordCharAt(codes, 0, codes.length) ? 1 : 0;
			endsWord[state] = isWordCharBefore(codes, codes.length) ? 1 : 0;
		}

		const count = children.length;
		this.stateCount = count;
		this.fail = new Int32Array(count);
		this.depth = Int32Array.from(depth);
		this.bestContains = Int32Array.from(containsOwn);
		this.wordOwn = Int32Array.from(wordOwn);
		this.exactOwn = Int32Array.from(exactOwn);
		this.wordLink = new Int32Array(count).fill(-1);
		this.wordChainBest = new Int32Array(count).fill(NO_MATCH);
		this.startsWithWordChar = Uint8Array.from(startsWord);
		this.endsWithWordChar = Uint8Array.from(endsWord);

		const useDense = count * this.alphabetSize <= (opts.maxDenseCells ?? MAX_DENSE_CELLS);
		const dense = useDense ? new Int32Array(count * this.alphabetSize) : undefined;
		const A = this.alphabetSize;

		// Breadth-first: a state's failure target is always finished before the state itself.
		const queue = new Int32Array(count);
		let head = 0;
		let tail = 0;
		queue[tail++] = 0;
		while (head < tail) {
			const state = queue[head++];
			const failState = this.fail[state];
			if (state !== 0) {
				this.bestContains[state] = Math.min(this.bestContains[state], this.bestContains[failState]);
				this.wordLink[state] = this.wordOwn[state] !== NO_MATCH ? state : this.wordLink[failState];
				this.wordChainBest[state] = Math.min(this.wordOwn[state], this.wordChainBest[failState]);
			}
			if (dense && state !== 0) {
				dense.set(dense.subarray(failState * A, failState * A + A), state * A);
			}
			for (const [symbol, child] of children[state]) {
				if (state === 0) {
					this.fail[child] = 0;
				} else if (dense) {
					this.fail[child] = dense[failState * A + symbol];
				} else {
					let f = failState;
					while (f !== 0 && !children[f].has(symbol)) f = this.fail[f];
					this.fail[child] = children[f].get(symbol) ?? 0;
				}
				if (dense) dense[state * A + symbol] = child;
				queue[tail++] = child;
			}
			if (dense) dense[state * A] = 0;
		}
		this.outputBest = new Int32Array(count);
		for (let state = 0; state < count; state++) {
			this.outputBest[state] = Math.min(this.bestContains[state], this.wordChainBest[state]);
		}
		this.dense = dense;
		this.sparse = dense ? undefined : children;
	}

	get states(): number {
		return this.stateCount;
	}

	get usesDenseTable(): boolean {
		return this.dense !== undefined;
	}

	/**
	 * The scan function: best (lowest) rule order matching `codes[0..length)`, NO_MATCH if none.
	 * A closure over the tables as constants, which V8 optimises better than property reads.
	 */
	createScanner(): (codes: Uint16Array, length: number) => number {
		const { symbolOf, bestContains, wordChainBest, outputBest, depth, exactOwn } = this;
		const A = this.alphabetSize;
		const dense = this.dense;
		const step = dense
			? (state: number, symbol: number) => dense[state * A + symbol]
			: (state: number, symbol: number) => this.sparseStep(state, symbol);
		const checkWholeWords = (
			codes: Uint16Array,
			length: number,
			state: number,
			end: number,
			best: number,
		) => this.checkWholeWords(codes, length, state, end, best);
		if (this.stateCount === 1) return () => NO_MATCH;
		const finish = (state: number, length: number, best: number): number =>
			// The final state is the longest suffix of the text that is a keyword prefix: when it
			// spans the whole text, the text is that keyword exactly.
			depth[state] === length && exactOwn[state] < best ? exactOwn[state] : best;
		if (dense) {
			return (codes, length) => {
				let best = NO_MATCH;
				let state = 0;
				for (let i = 0; i < length; i++) {
					state = dense[state * A + symbolOf[codes[i]]];
					if (outputBest[state] < best) {
						if (bestContains[state] < best) best = bestContains[state];
						if (wordChainBest[state] < best)
							best = checkWholeWords(codes, length, state, i + 1, best);
					}
				}
				return finish(state, length, best);
			};
		}
		return (codes, length) => {
			let best = NO_MATCH;
			let state = 0;
			for (let i = 0; i < length; i++) {
				state = step(state, symbolOf[codes[i]]);
				if (outputBest[state] < best) {
					if (bestContains[state] < best) best = bestContains[state];
					if (wordChainBest[state] < best)
						best = checkWholeWords(codes, length, state, i + 1, best);
				}
			}
			return finish(state, length, best);
		};
	}

	private sparseStep(state: number, symbol: number): number {
		const children = this.sparse as Array<Map<number, number>>;
		if (symbol === 0) return 0;
		let s = state;
		for (;;) {
			const next = children[s].get(symbol);
			if (next !== undefined) return next;
			if (s === 0) return 0;
			s = this.fail[s];
		}
	}

	/** Walks the whole-word chain of a state that ends at `end`, while it can still win. */
	private checkWholeWords(
		codes: Uint16Array,
		length: number,
		state: number,
		end: number,
		best: number,
	): number {
		let t = this.wordLink[state];
		while (t >= 0 && this.wordChainBest[t] < best) {
			const start = end - this.depth[t];
			if (
				this.wordOwn[t] < best &&
				(this.startsWithWordChar[t] === 0 || !isWordCharBefore(codes, start)) &&
				(this.endsWithWordChar[t] === 0 || !isWordCharAt(codes, end, length))
			) {
				best = this.wordOwn[t];
			}
			t = this.wordLink[this.fail[t]];
		}
		return best;
	}
}
