/**
 * HubSpot's calculated, searchable phone numbers (hs_searchable_calculated_phone_number from
 * `phone`, hs_searchable_calculated_mobile_number from `mobilephone`).
 *
 * HubSpot does not document the calculation. What real contact records show (public fixtures and
 * API responses quoted in open-source HubSpot integrations):
 *   "+5511999999999"     -> "11999999999"    (country code 55 dropped)
 *   "+33655555555"       -> "655555555"      (country code 33 dropped)
 *   "513-227-1572"       -> "5132271572"     (punctuation dropped; hs_calculated_phone_number +15132271572)
 *   "(877) 829-06966777" -> "87782906966777" (digits kept as typed when there is no country code)
 *   "08180854296"        -> "8180854296"     (leading zero dropped)
 *   "00004"              -> "4"              (all leading zeros dropped)
 * and integrations that search by phone note that HubSpot indexes the number "as dialled locally —
 * area code and local number, no country code".
 * So: drop an extension ("ext. 12": an assumption, no sample shows one), keep digits only; when the number is written internationally ("+CC…", or "00CC…" with a
 * valid country code) drop the country calling code; then drop leading zeros. A number typed
 * without a country code keeps its digits (HubSpot cannot know its country: a Russian "8 916 …"
 * keeps its trunk 8). This is the sandbox's model of that behaviour, not HubSpot's code.
 */

/** ITU country calling codes of one and two digits; every other code has three digits. */
const SHORT_CODES = new Set([
	'1',
	'7',
	'20',
	'27',
	'30',
	'31',
	'32',
	'33',
	'34',
	'36',
	'39',
	'40',
	'41',
	'43',
	'44',
	'45',
	'46',
	'47',
	'48',
	'49',
	'51',
	'52',
	'53',
	'54',
	'55',
	'56',
	'57',
	'58',
	'60',
	'61',
	'62',
	'63',
	'64',
	'65',
	'66',
	'81',
	'82',
	'84',
	'86',
	'90',
	'91',
	'92',
	'93',
	'94',
	'95',
	'98',
]);

/** Length of the country calling code at the start of `digits` (no leading zero), or 0. */
export function countryCodeLength(digits: string): number {
	if (!/^[1-9]/.test(digits)) return 0;
	if (SHORT_CODES.has(digits.slice(0, 1))) return 1;
	if (SHORT_CODES.has(digits.slice(0, 2))) return 2;
	return digits.length > 3 ? 3 : 0;
}

interface ParsedPhone {
	countryCode?: string;
	national: string;
}

/** An extension ("ext. 12", "x12", "#12") is not part of the dialled number. */
const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i;

function parse(raw: string): ParsedPhone | undefined {
	const trimmed = raw.trim().replace(EXTENSION, '');
	const digits = trimmed.replace(/\D/g, '');
	if (digits === '') return undefined;
	let international: string | undefined;
	if (trimmed.startsWith('+')) international = digits;
	else if (digits.startsWith('00') && countryCodeLength(digits.slice(2)) > 0 && digits.length >= 10)
		international = digits.slice(2);
	if (international !== undefined) {
		const length = countryCodeLength(international);
		if (length > 0 && international.length > length) {
			return { countryCode: international.slice(0, length), national: international.slice(length) };
		}
	}
	return { national: digits };
}

/** hs_searchable_calculated_*_number for a phone value; undefined when it has no digits. */
export function searchablePhoneNumber(raw: string | undefined): string | undefined {
	if (raw === undefined) return undefined;
	const parsed = parse(raw);
	if (!parsed) return undefined;
	const stripped = parsed.national.replace(/^0+/, '');
	return stripped === '' ? undefined : stripped;
}

/** hs_calculated_phone_number: E.164 when the country is known from the value, else undefined. */
export function calculatedPhoneNumber(raw: string | undefined): string | undefined {
	if (raw === undefined) return undefined;
	const parsed = parse(raw);
	if (!parsed?.countryCode) return undefined;
	return `+${parsed.countryCode}${parsed.national.replace(/^0+/, '')}`;
}

/** Recomputes a contact's calculated phone properties in place from phone / mobilephone. */
export function applyCalculatedPhones(properties: Record<string, string>): void {
	const derived: Array<[string, string | undefined]> = [
		['hs_searchable_calculated_phone_number', searchablePhoneNumber(properties.phone)],
		['hs_calculated_phone_number', calculatedPhoneNumber(properties.phone)],
		['hs_searchable_calculated_mobile_number', searchablePhoneNumber(properties.mobilephone)],
	];
	for (const [name, value] of derived) {
		if (value === undefined) delete properties[name];
		else properties[name] = value;
	}
}
