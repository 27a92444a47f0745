import {
	CALL_OUTCOME,
	callProperties,
	callTaskText,
	EmployeeTable,
	type CallEvent,
} from '../../../nodes/domain/calls';
import { normalisePhoneNumber } from '../../../nodes/domain/phone';

const toE164 = (raw: string) => {
	const result = normalisePhoneNumber(raw, 'UA');
	return result.ok ? result.e164 : undefined;
};

const INCOMING: CallEvent = {
	callId: 'c-7',
	direction: 'incoming',
	answered: true,
	customerNumber: '+380441234567',
	companyNumber: '+380443334455',
	employee: { extension: '102', name: 'Петро' },
	startedAtMs: Date.parse('2026-12-07T10:00:00Z'),
	durationSeconds: 95,
	talkSeconds: 80,
	recordingUrl: 'https://records.example.com/c-7.mp3',
	utm: { source: 'google', medium: 'cpc' },
};

describe('callProperties', () => {
	it('an answered incoming call: from the customer to the company line, talk time in ms, connected', () => {
		const properties = callProperties(INCOMING, '102');
		expect(properties).toMatchObject({
			hs_timestamp: '2026-12-07T10:00:00.000Z',
			hs_call_title: 'Incoming call from +380441234567',
			hs_call_direction: 'INBOUND',
			hs_call_status: 'COMPLETED',
			hs_call_disposition: CALL_OUTCOME.connected,
			hs_call_duration: '80000',
			hs_call_from_number: '+380441234567',
			hs_call_to_number: '+380443334455',
			hs_call_recording_url: 'https://records.example.com/c-7.mp3',
			hubspot_owner_id: '102',
		});
		expect(properties.hs_call_body).toContain('Employee: Петро (ext. 102)');
		expect(properties.hs_call_body).toContain('Source: utm_source=google, utm_medium=cpc');
	});

	it('a missed outgoing call: to the customer, no answer, no duration, no owner when none', () => {
		const properties = callProperties(
			{
				...INCOMING,
				direction: 'outgoing',
				answered: false,
				talkSeconds: undefined,
				recordingUrl: undefined,
			},
			undefined,
		);
		expect(properties).toMatchObject({
			hs_call_title: 'Outgoing call to +380441234567',
			hs_call_direction: 'OUTBOUND',
			hs_call_status: 'NO_ANSWER',
			hs_call_disposition: CALL_OUTCOME.noAnswer,
			hs_call_duration: '0',
			hs_call_from_number: '+380443334455',
			hs_call_to_number: '+380441234567',
		});
		expect(properties).not.toHaveProperty('hubspot_owner_id');
		expect(properties).not.toHaveProperty('hs_call_recording_url');
	});
});

describe('callTaskText', () => {
	it('names the number, who answered and the reason', () => {
		expect(callTaskText('colleagueAnswered', INCOMING).title).toBe(
			'+380441234567 called and Петро (ext. 102) answered: check what was said',
		);
		expect(callTaskText('callBackNewCaller', INCOMING).title).toMatch(
			/^Call back \+380441234567: missed call from a new caller/,
		);
		expect(callTaskText('unknownEmployee', { ...INCOMING, employee: undefined }).title).toBe(
			'Check the employee table: a call with +380441234567 was answered by no employee named in the event, who is not in it',
		);
		expect(callTaskText('recording', INCOMING).notes).toContain(
			'Recording: https://records.example.com/c-7.mp3',
		);
	});
});

describe('EmployeeTable', () => {
	const table = new EmployeeTable(
		[
			{ ownerId: '101', ids: ['101', 'olena_sip'], destinations: ['+380670000001'] },
			{ ownerId: '102', ids: ['102', '+380 67 000 0002'], destinations: ['petro_sip'] },
		],
		toE164,
	);

	it('finds an owner by extension, SIP login (any case) or phone in any format', () => {
		expect(table.ownerOf({ extension: '101' })).toBe('101');
		expect(table.ownerOf({ sipLogin: 'Olena_SIP' })).toBe('101');
		expect(table.ownerOf({ phone: '380670000002' })).toBe('102');
		expect(table.ownerOf({ phone: '067 000 0002' })).toBe('102');
		expect(table.ownerOf({ extension: '999', sipLogin: 'olena_sip' })).toBe('101');
	});

	it('an employee it does not know, or none, has no owner', () => {
		expect(table.ownerOf({ extension: '999' })).toBeUndefined();
		expect(table.ownerOf(undefined)).toBeUndefined();
		expect(table.ownerOf({ name: 'Olena' })).toBeUndefined();
	});

	it("gives an owner's destinations", () => {
		expect(table.destinationsOf('102')).toEqual(['petro_sip']);
		expect(table.destinationsOf('555')).toEqual([]);
	});
});
