/**
 * Text folding for matching: NFD + combining marks removed (unless accent-sensitive), lower case
 * (unless case-sensitive), every whitespace run collapsed to one space, trimmed, invisible format
 * characters (soft hyphen, zero-width space) dropped.
 *
 * Folding is done one UTF-16 code unit at a time through a lazily filled table, so a title is
 * folded in a single pass into a reusable Uint16Array that the automaton scans without building
 * strings. Keywords go through exactly the same function, which keeps both sides consistent.
 * Accent-sensitive folding first composes the text (NFC) so "e\u0301" and "é" still agree.
 */
import type { MatchOptions } from './types';

const NOT_YET = -4;
const FOLD_DROP = -1;
const FOLD_SPACE = -2;
const FOLD_EXPANDS = -3;
const SPACE = 0x20;

const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE_CHAR = /^\s$/u;
const FORMAT_CHAR = /^\p{Cf}$/u;

interface FoldTable {
	readonly caseSensitive: boolean;
	readonly accentSensitive: boolean;
	/** Per code unit: the folded code unit, or one of the FOLD_* markers. */
	readonly codes: Int32Array;
	readonly expansions: Map<number, number[]>;
}

const foldTables = new Map<number, FoldTable>();

function foldTableFor(opts: MatchOptions | undefined): FoldTable {
	const caseSensitive = opts?.caseSensitive === true;
	const accentSensitive = opts?.accentSensitive === true;
	const key = (caseSensitive ? 1 : 0) | (accentSensitive ? 2 : 0);
	let table = foldTables.get(key);
	if (!table) {
		table = {
			caseSensitive,
			accentSensitive,
			codes: new Int32Array(0x10000).fill(NOT_YET),
			expansions: new Map(),
		};
		foldTables.set(key, table);
	}
	return table;
}

function stripMarks(text: string): string {
	return text.normalize('NFD').replace(COMBINING_MARKS, '');
}

function computeFold(table: FoldTable, code: number): number {
	// Lone surrogate halves pass through: astral characters are matched as they are.
	if (code >= 0xd800 && code <= 0xdfff) return code;
	const char = String.fromCharCode(code);
	if (WHITESPACE_CHAR.test(char)) return FOLD_SPACE;
	if (FORMAT_CHAR.test(char)) return FOLD_DROP;
	let folded = table.accentSensitive ? char : stripMarks(char);
	if (!table.caseSensitive) folded = folded.toLowerCase();
	// Lower-casing can bring a mark back (e.g. U+0130 -> "i\u0307").
	if (!table.accentSensitive) folded = stripMarks(folded);
	if (folded.length === 0) return FOLD_DROP;
	if (folded.length === 1) return folded.charCodeAt(0);
	table.expansions.set(code, codeUnits(folded));
	return FOLD_EXPANDS;
}

/** The UTF-16 code units of a string (Array.from would split by code points instead). */
export function codeUnits(text: string): number[] {
	const units = new Array<number>(text.length);
	for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
	return units;
}

/** Folded text in a shared buffer: valid until the next call of foldInto. */
export interface FoldedText {
	readonly codes: Uint16Array;
	readonly length: number;
}

/** Longest expansion of one code unit by lower-casing/decomposition is 3 code units. */
const MAX_EXPANSION = 3;
let sharedBuffer = new Uint16Array(1024);

/** The folding function bound to one set of options; the result buffer is reused between calls. */
export type Folder = (text: string) => FoldedText;

export function createFolder(opts?: MatchOptions): Folder {
	const table = foldTableFor(opts);
	const { codes: foldCodes, expansions } = table;
	const folded = { codes: sharedBuffer, length: 0 };
	return (input: string): FoldedText => {
		const text = table.accentSensitive ? input.normalize('NFC') : input;
		const length = text.length;
		if (sharedBuffer.length < length * MAX_EXPANSION) {
			sharedBuffer = new Uint16Array(length * MAX_EXPANSION * 2);
		}
		const out = sharedBuffer;
		let n = 0;
		let pendingSpace = false;
		for (let i = 0; i < length; i++) {
			const code = text.charCodeAt(i);
			let fold = foldCodes[code];
			if (fold === NOT_YET) {
				fold = computeFold(table, code);
				foldCodes[code] = fold;
			}
			if (fold >= 0) {
				if (pendingSpace) {
					out[n++] = SPACE;
					pendingSpace = false;
				}
				out[n++] = fold;
			} else if (fold === FOLD_SPACE) {
				pendingSpace = n > 0;
			} else if (fold === FOLD_EXPANDS) {
				if (pendingSpace) {
					out[n++] = SPACE;
					pendingSpace = false;
				}
				for (const unit of expansions.get(code) as number[]) out[n++] = unit;
			}
		}
		folded.codes = out;
		folded.length = n;
		return folded;
	};
}

export function foldedToString(folded: FoldedText): string {
	let result = '';
	const chunk = 4096;
	for (let start = 0; start < folded.length; start += chunk) {
		const end = Math.min(folded.length, start + chunk);
		result += String.fromCharCode(...folded.codes.subarray(start, end));
	}
	return result;
}

/** NFD + strip combining marks + case fold (per the options), whitespace collapsed and trimmed. */
export function normaliseForMatching(text: string, opts?: MatchOptions): string {
	return foldedToString(createFolder(opts)(text));
}

/** Accent-stripped text with case and spacing kept: what regex rules also get to see. */
export function withoutAccents(text: string): string {
	return stripMarks(text);
}

const WORD_UNKNOWN = 0;
const WORD_NO = 1;
const WORD_YES = 2;
const wordCodeUnits = new Uint8Array(0x10000);
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function isWordCodePoint(codePoint: number): boolean {
	if (codePoint <= 0xffff) {
		let known = wordCodeUnits[codePoint];
		if (known === WORD_UNKNOWN) {
			known = WORD_CHAR.test(String.fromCharCode(codePoint)) ? WORD_YES : WORD_NO;
			wordCodeUnits[codePoint] = known;
		}
		return known === WORD_YES;
	}
	return WORD_CHAR.test(String.fromCodePoint(codePoint));
}

/**
 * Whether the character ending just before `index` is a letter, digit or mark (\p{L}\p{N}\p{M}).
 * Marks count as part of the word they sit on; punctuation, spaces and emoji are boundaries.
 */
export function isWordCharBefore(codes: Uint16Array, index: number): boolean {
	if (index <= 0) return false;
	const unit = codes[index - 1];
	if (unit >= 0xdc00 && unit <= 0xdfff && index >= 2) {
		const high = codes[index - 2];
		if (high >= 0xd800 && high <= 0xdbff) {
			return isWordCodePoint(((high - 0xd800) << 10) + (unit - 0xdc00) + 0x10000);
		}
	}
	return isWordCodePoint(unit);
}

/** Whether the character starting at `index` (before `length`) is a letter, digit or mark. */
export function isWordCharAt(codes: Uint16Array, index: number, length: number): boolean {
	if (index >= length) return false;
	const unit = codes[index];
	if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < length) {
		const low = codes[index + 1];
		if (low >= 0xdc00 && low <= 0xdfff) {
			return isWordCodePoint(((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
		}
	}
	return isWordCodePoint(unit);
}
