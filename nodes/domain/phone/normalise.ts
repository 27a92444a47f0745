/**
 * Phone numbers as one canonical form (E.164), whatever way a person, a form or a call tracker
 * wrote them: "+380 44 123 45 67", "044 123 4567" (national, with the default country) and
 * "380441234567" (international without its plus, as call trackers send it) are one number.
 * Parsing and validity come from libphonenumber-js's metadata, never from hand-written rules.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from './vendor';

/** Longer input is not a phone number; the cap keeps hostile input cheap. */
export const MAX_PHONE_INPUT_LENGTH = 64;

export type PhoneNumberResult =
	| {
			ok: true;
			/** e.g. +380441234567 */
			e164: string;
			/** The country calling code, e.g. 380 */
			countryCallingCode: string;
			/** The national significant number, e.g. 441234567 (no trunk prefix, no country code) */
			nationalNumber: string;
			/** ISO country when the number says which, e.g. UA */
			country?: string;
	  }
	| { ok: false; reason: string };

function parsed(
	text: string,
	defaultCountry: CountryCode | undefined,
): PhoneNumberResult | undefined {
	const number = parsePhoneNumberFromString(text, defaultCountry);
	if (!number?.isValid()) return undefined;
	return {
		ok: true,
		e164: number.number,
		countryCallingCode: number.countryCallingCode,
		nationalNumber: number.nationalNumber,
		...(number.country ? { country: number.country } : {}),
	};
}

/** An ISO 3166-1 alpha-2 country libphonenumber has numbering metadata for, e.g. UA. */
export function isPhoneCountry(country: string): country is CountryCode {
	return isSupportedCountry(country);
}

/**
 * The number in E.164, or why it is not one. Tried in order: as written (a leading + or the
 * country's international prefix says the country; otherwise `defaultCountry`), then, for bare
 * digits, as international digits without their plus.
 */
export function normalisePhoneNumber(raw: string, defaultCountry?: string): PhoneNumberResult {
	const text = raw.trim();
	if (text === '') return { ok: false, reason: 'the number is empty' };
	if (text.length > MAX_PHONE_INPUT_LENGTH) {
		return { ok: false, reason: `longer than ${MAX_PHONE_INPUT_LENGTH} characters` };
	}
	if (!/^[+\d\s().\-/]+$/.test(text.replace(/\s*(ext\.?|x|#)\s*\d+$/i, ''))) {
		return { ok: false, reason: `"${text}" holds characters a phone number does not` };
	}
	const upper = defaultCountry?.trim().toUpperCase();
	const country = upper && isPhoneCountry(upper) ? upper : undefined;
	const asWritten = parsed(text, country);
	if (asWritten) return asWritten;
	const digits = text.replace(/\D/g, '');
	if (!text.startsWith('+') && digits.length >= 8) {
		const international = parsed(`+${digits.replace(/^00/, '')}`, undefined);
		if (international) return international;
	}
	return {
		ok: false,
		reason: country
			? `"${text}" is not a valid phone number (read with default country ${country})`
			: `"${text}" is not a valid international phone number (no default country set)`,
	};
}

/**
 * The values HubSpot's searchable calculated phone numbers (hs_searchable_calculated_phone_number,
 * hs_searchable_calculated_mobile_number) hold for this number, however it was stored: written
 * internationally they hold the national significant number; written without a country code they
 * keep the digits as typed, less leading zeros (so "380441234567" stays whole and a national
 * "8 916 123-45-67" keeps its trunk 8). One search with IN on both properties finds every form.
 */
export function phoneSearchValues(e164: string): string[] {
	const number = parsePhoneNumberFromString(e164);
	if (!number) return [];
	const withoutLeadingZeros = (digits: string) => digits.replace(/^0+/, '');
	const values = [
		number.nationalNumber,
		`${number.countryCallingCode}${number.nationalNumber}`,
		withoutLeadingZeros(number.formatNational().replace(/\D/g, '')),
	];
	return [...new Set(values.map(withoutLeadingZeros).filter((value) => value !== ''))];
}
