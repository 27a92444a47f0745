/** HubSpot's calculated searchable phone numbers: the calculation and its effect through the API. */
import { calculatedPhoneNumber, searchablePhoneNumber } from '../../sandbox/phone';
import { call, createBody, searchBody } from './testHttp';
import { useContractSandbox } from './testSandbox';

describe('searchablePhoneNumber', () => {
	it.each([
		// Values seen on real HubSpot contacts.
		['+5511999999999', '11999999999'],
		['+33655555555', '655555555'],
		['513-227-1572', '5132271572'],
		['(877) 829-06966777', '87782906966777'],
		['08180854296', '8180854296'],
		['00004', '4'],
		['123456', '123456'],
		// The sandbox's model applied to the project's markets.
		['+55 (11) 98765-4321', '11987654321'],
		['(11) 98765-4321', '11987654321'],
		['+40 721 234 567', '721234567'],
		['0721 234 567', '721234567'],
		['0040 721 234 567', '721234567'],
		['+48 512 345 678', '512345678'],
		['+48 (22) 123 45 67', '221234567'],
		['+7 916 123-45-67', '9161234567'],
		['8 (916) 123-45-67', '89161234567'],
		['+351 912 345 678', '912345678'],
		['+1 212 555 0188 ext. 12', '2125550188'],
	])('%s -> %s', (phone, expected) => {
		expect(searchablePhoneNumber(phone)).toBe(expected);
	});

	it('has no value without digits', () => {
		expect(searchablePhoneNumber('n/a')).toBeUndefined();
		expect(searchablePhoneNumber(undefined)).toBeUndefined();
	});

	it('knows E.164 only when the value carries a country code', () => {
		expect(calculatedPhoneNumber('513-227-1572')).toBeUndefined();
		expect(calculatedPhoneNumber('+1 513-227-1572')).toBe('+15132271572');
		expect(calculatedPhoneNumber('0040 (0)21 312 3456')).toBe('+40213123456');
	});
});

describe('calculated phone properties through the API', () => {
	const sandbox = useContractSandbox({ rateLimits: { enabled: false } });

	it('computes them on create and update, rejects writing them, and finds contacts by them', async () => {
		const created = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/contacts',
			createBody({
				email: 'p@example.com',
				phone: '+55 11 98765-4321',
				mobilephone: '+40 721 234 567',
			}),
		);
		expect(created.body.properties).toMatchObject({
			hs_searchable_calculated_phone_number: '11987654321',
			hs_searchable_calculated_mobile_number: '721234567',
			hs_calculated_phone_number: '+5511987654321',
		});
		const updated = await call(sandbox, 'PATCH', `/crm/v3/objects/contacts/${created.body.id}`, {
			properties: { phone: '8 (916) 123-45-67', mobilephone: '' },
		});
		expect(updated.body.properties.hs_searchable_calculated_phone_number).toBe('89161234567');
		expect(updated.body.properties.hs_searchable_calculated_mobile_number).toBeUndefined();

		const writeCalculated = await call(
			sandbox,
			'PATCH',
			`/crm/v3/objects/contacts/${created.body.id}`,
			{ properties: { hs_searchable_calculated_phone_number: '1' } },
		);
		expect(writeCalculated.body.errors[0].code).toBe('READ_ONLY_VALUE');

		const searchContacts = (...groups: Array<[string, string, string]>) =>
			call(
				sandbox,
				'POST',
				'/crm/v3/objects/contacts/search',
				searchBody({
					filterGroups: groups.map(([propertyName, operator, value]) => ({
						filters: [{ propertyName, operator, value }],
					})),
					properties: ['email'],
				}),
			);
		const found = await searchContacts(
			['hs_searchable_calculated_phone_number', 'EQ', '89161234567'],
			['hs_searchable_calculated_mobile_number', 'EQ', '89161234567'],
		);
		expect(found.body.results.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
		const suffix = await searchContacts([
			'hs_searchable_calculated_phone_number',
			'CONTAINS_TOKEN',
			'*1234567',
		]);
		expect(suffix.body.total).toBe(1);
	});

	it('gives every demo contact with a phone a searchable number', async () => {
		sandbox.reset('demo');
		const contacts = sandbox.store.all('contacts');
		expect(contacts).toHaveLength(40);
		for (const contact of contacts) {
			if (contact.properties.phone)
				expect(contact.properties.hs_searchable_calculated_phone_number).toMatch(/^[1-9]\d{5,}$/);
		}
		const countries = new Set(contacts.map((c) => c.properties.country));
		expect([...countries]).toEqual(
			expect.arrayContaining(['Brazil', 'Romania', 'Poland', 'Russia']),
		);
	});
});
