import {
	CallFieldError,
	readCallEvent,
	ringostatFields,
	type RawCallFields,
} from '../../../nodes/domain/calls';

// Kyiv in winter is UTC+2; the node reads local times with luxon in the zone it is set to.
const readLocalTime = (text: string) => Date.parse(`${text.replace(' ', 'T')}+02:00`);
const OPTIONS = { defaultCountry: 'UA', readLocalTime };

/** Ringostat's post-call webhook for an answered incoming call, as it posts it (form fields are text). */
const ANSWERED_INCOMING = {
	uniqueid: '1733565600.1234',
	call_type: 'in',
	disposition: 'ANSWERED',
	caller: '380441234567',
	dst: '0443334455',
	calldate: '2026-12-07 12:00:00',
	duration: '95',
	billsec: '80',
	recording: 'https://records.example.com/1733565600.1234.mp3',
	employee_fio: 'Олена Коваль',
	connected_with: 'olena_sip',
	utm_source: 'google',
	utm_medium: 'cpc',
	utm_campaign: 'winter',
	client_id: '1234567890.1733565000',
	landing: 'https://shop.example.com/sale',
};

describe('ringostatFields + readCallEvent', () => {
	it("reads Ringostat's answered incoming call: the customer normalised, the employee, times, source", () => {
		expect(readCallEvent(ringostatFields(ANSWERED_INCOMING), OPTIONS)).toEqual({
			callId: '1733565600.1234',
			direction: 'incoming',
			answered: true,
			customerNumber: '+380441234567',
			companyNumber: '+380443334455',
			employee: { sipLogin: 'olena_sip', name: 'Олена Коваль' },
			startedAtMs: Date.parse('2026-12-07T10:00:00Z'),
			durationSeconds: 95,
			talkSeconds: 80,
			recordingUrl: 'https://records.example.com/1733565600.1234.mp3',
			utm: { source: 'google', medium: 'cpc', campaign: 'winter' },
			googleClientId: '1234567890.1733565000',
			landingPage: 'https://shop.example.com/sale',
		});
	});

	it('an outgoing call: the customer is the number dialled; a phone in connected_with is the employee phone', () => {
		const event = readCallEvent(
			ringostatFields({
				uniqueid: 'out-1',
				call_type: 'out',
				disposition: 'NO ANSWER',
				caller: '+380 67 000 0001',
				dst: '044 123 4567',
				connected_with: '+380670000001',
			}),
			OPTIONS,
			Date.parse('2026-12-07T10:00:00Z'),
		);
		expect(event).toMatchObject({
			direction: 'outgoing',
			answered: false,
			customerNumber: '+380441234567',
			companyNumber: '+380670000001',
			employee: { phone: '+380670000001' },
			startedAtMs: Date.parse('2026-12-07T10:00:00Z'),
		});
	});

	it('reads fields nested under additional_call_data, and epoch or ISO start times', () => {
		const nested = ringostatFields({
			call_type: 'callback',
			additional_call_data: { uniqueid: 'n-1', disposition: 'BUSY', caller: '+380441234567' },
			calldate: '1733565600',
		});
		expect(readCallEvent(nested, OPTIONS)).toMatchObject({
			callId: 'n-1',
			direction: 'incoming',
			answered: false,
			startedAtMs: 1733565600000,
		});
		const iso = readCallEvent(
			{ ...ringostatFields(ANSWERED_INCOMING), startedAt: '2026-12-07T10:00:00Z' },
			OPTIONS,
		);
		expect(iso.startedAtMs).toBe(Date.parse('2026-12-07T10:00:00Z'));
	});

	it('names the field of every bad input', () => {
		const bad: Array<[RawCallFields, string, RegExp]> = [
			[{ ...ringostatFields(ANSWERED_INCOMING), callId: ' ' }, 'callId', /callId: missing/],
			[
				{ ...ringostatFields(ANSWERED_INCOMING), direction: 'sideways' },
				'direction',
				/"sideways" is neither incoming/,
			],
			[{ ...ringostatFields(ANSWERED_INCOMING), caller: 'anonymous' }, 'caller', /characters/],
			[{ ...ringostatFields(ANSWERED_INCOMING), caller: '12' }, 'caller', /not a valid phone/],
			[
				{ ...ringostatFields(ANSWERED_INCOMING), startedAt: 'yesterday' },
				'startedAt',
				/not a date/,
			],
			[{ ...ringostatFields(ANSWERED_INCOMING), talkSeconds: '-4' }, 'talkSeconds', /seconds/],
			[{ ...ringostatFields(ANSWERED_INCOMING), talkSeconds: '1e308' }, 'talkSeconds', /seconds/],
			[{ ...ringostatFields(ANSWERED_INCOMING), startedAt: '1' }, 'startedAt', /not a date/],
			[
				{ ...ringostatFields(ANSWERED_INCOMING), recordingUrl: 'javascript:alert(1)' },
				'recordingUrl',
				/not an http\(s\) URL/,
			],
			[
				{ ...ringostatFields(ANSWERED_INCOMING), landingPage: 'x'.repeat(5_000) },
				'landingPage',
				/longer than 2048/,
			],
		];
		for (const [raw, field, message] of bad) {
			let thrown: unknown;
			try {
				readCallEvent(raw, OPTIONS);
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(CallFieldError);
			expect([(thrown as CallFieldError).field, (thrown as Error).message]).toEqual([
				field,
				expect.stringMatching(message),
			]);
		}
	});

	it('an unreadable company line is left out, not refused: only the customer number must be right', () => {
		const event = readCallEvent({ ...ringostatFields(ANSWERED_INCOMING), called: '101' }, OPTIONS);
		expect(event.companyNumber).toBeUndefined();
	});
});
