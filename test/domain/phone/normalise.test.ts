import {
	isPhoneCountry,
	MAX_PHONE_INPUT_LENGTH,
	normalisePhoneNumber,
	phoneSearchValues,
} from '../../../nodes/domain/phone';

function e164(raw: string, country?: string): string {
	const result = normalisePhoneNumber(raw, country);
	if (!result.ok) throw new Error(`${raw}: ${result.reason}`);
	return result.e164;
}

describe('normalisePhoneNumber', () => {
	it("reads the seed's three Kyiv forms as one number", () => {
		for (const raw of ['+380 44 123 45 67', '044 123 4567', '380441234567', '+380441234567']) {
			expect(e164(raw, 'UA')).toBe('+380441234567');
		}
	});

	it('reads international prefixes, punctuation and other countries', () => {
		const cases: Array<[string, string | undefined, string]> = [
			['00380441234567', 'UA', '+380441234567'],
			['(044) 123-45-67', 'UA', '+380441234567'],
			['067 000 00 01', 'UA', '+380670000001'],
			['8 (916) 123-45-67', 'RU', '+79161234567'],
			['+7 916 123 45 67', 'UA', '+79161234567'],
			['(11) 99999-9999', 'BR', '+5511999999999'],
			['+55 11 99999 9999', undefined, '+5511999999999'],
			['5511999999999', 'UA', '+5511999999999'],
			['0721 234 567', 'RO', '+40721234567'],
			['512 345 678', 'PL', '+48512345678'],
			['0048 512 345 678', 'PL', '+48512345678'],
			['912 345 678', 'PT', '+351912345678'],
			['(201) 555-0123', 'US', '+12015550123'],
			['+1 201-555-0123 ext. 12', 'US', '+12015550123'],
		];
		for (const [raw, country, expected] of cases)
			expect([raw, e164(raw, country)]).toEqual([raw, expected]);
	});

	it('gives the national significant number and the country', () => {
		expect(normalisePhoneNumber('044 123 4567', 'ua')).toEqual({
			ok: true,
			e164: '+380441234567',
			countryCallingCode: '380',
			nationalNumber: '441234567',
			country: 'UA',
		});
	});

	it('refuses what is not a phone number, saying why', () => {
		const refused: Array<[string, string | undefined, RegExp]> = [
			['', 'UA', /empty/],
			['   ', 'UA', /empty/],
			['12', 'UA', /not a valid phone number \(read with default country UA\)/],
			['044 123', 'UA', /not a valid/],
			['anonymous', 'UA', /characters a phone number does not/],
			['sip:manager@example.com', 'UA', /characters/],
			['044 123 4567', undefined, /no default country set/],
			['1'.repeat(MAX_PHONE_INPUT_LENGTH + 1), 'UA', /longer than 64/],
		];
		for (const [raw, country, reason] of refused) {
			const result = normalisePhoneNumber(raw, country);
			expect(result.ok).toBe(false);
			if (!result.ok) expect([raw, result.reason]).toEqual([raw, expect.stringMatching(reason)]);
		}
	});

	it('an unknown default country is ignored, not trusted', () => {
		expect(isPhoneCountry('UA')).toBe(true);
		expect(isPhoneCountry('XX')).toBe(false);
		expect(normalisePhoneNumber('+380441234567', 'XX')).toMatchObject({ ok: true });
		expect(normalisePhoneNumber('044 123 4567', 'XX')).toMatchObject({ ok: false });
	});

	it('stays fast on long hostile input', () => {
		const started = performance.now();
		for (let index = 0; index < 2_000; index++) {
			normalisePhoneNumber(`+${'9'.repeat(60)}`, 'UA');
			normalisePhoneNumber(`${'('.repeat(30)}1${')'.repeat(30)}`, 'UA');
		}
		expect(performance.now() - started).toBeLessThan(2_000);
	});
});

describe('phoneSearchValues', () => {
	it('covers how HubSpot indexes the number stored internationally, without its plus, and nationally', () => {
		expect(phoneSearchValues('+380441234567').sort()).toEqual(['380441234567', '441234567']);
		// A Russian number typed nationally keeps its trunk 8 in HubSpot's index.
		expect(phoneSearchValues('+79161234567').sort()).toEqual([
			'79161234567',
			'89161234567',
			'9161234567',
		]);
	});
});
