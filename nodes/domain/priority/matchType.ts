/** Match type names as users write them in a sheet or table (English and Portuguese). */
import type { MatchType } from './types';

/** Lower case, accents and everything but letters/digits removed: "Palavra-inteira" -> "palavrainteira". */
export function simplifyName(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]/gu, '');
}

const MATCH_TYPE_NAMES: Readonly<Record<string, MatchType>> = {
	contains: 'contains',
	contain: 'contains',
	substring: 'contains',
	partial: 'contains',
	contem: 'contains',
	contendo: 'contains',
	parcial: 'contains',
	wholeword: 'wholeWord',
	word: 'wholeWord',
	wholewords: 'wholeWord',
	palavra: 'wholeWord',
	palavrainteira: 'wholeWord',
	palavracompleta: 'wholeWord',
	exact: 'exact',
	exactly: 'exact',
	equals: 'exact',
	exato: 'exact',
	exata: 'exact',
	igual: 'exact',
	regex: 'regex',
	regexp: 'regex',
	regularexpression: 'regex',
	expressaoregular: 'regex',
};

/** The match type a cell names; `fallback` for a blank cell; undefined when the name is unknown. */
export function parseMatchType(value: unknown, fallback: MatchType): MatchType | undefined {
	if (value === undefined || value === null) return fallback;
	const text = String(value).trim();
	if (text === '') return fallback;
	return MATCH_TYPE_NAMES[simplifyName(text)];
}

export const MATCH_TYPE_HINT = 'contains, whole word, exact or regex';
