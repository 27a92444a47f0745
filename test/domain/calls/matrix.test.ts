/**
 * The call matrix cell by cell: new / existing customer x answered / missed x responsible /
 * colleague / unknown employee x incoming / outgoing, and each rule switched off.
 */
import {
	decideCall,
	type CallContext,
	type CallEvent,
	type CallRules,
	type CallStep,
} from '../../../nodes/domain/calls';

const SENIOR = '900';
const OLENA = '101';
const PETRO = '102';

const RULES: CallRules = {
	seniorOwnerId: SENIOR,
	createRecordsForNewCallers: true,
	logCalls: true,
	colleagueAnsweredTask: true,
	missedCallTask: true,
	unknownEmployeeTask: true,
	recordingTask: false,
};

function call(direction: CallEvent['direction'], answered: boolean): CallEvent {
	return {
		callId: 'c-1',
		direction,
		answered,
		customerNumber: '+380441234567',
		startedAtMs: Date.parse('2026-12-07T10:00:00Z'),
		recordingUrl: answered ? 'https://example.com/rec/c-1.mp3' : undefined,
		utm: {},
	};
}

const CONTACT = { id: '501', ownerId: OLENA };
const DEAL = { id: '701', ownerId: OLENA };

function decide(event: CallEvent, context: CallContext, rules: Partial<CallRules> = {}) {
	return decideCall(event, context, { ...RULES, ...rules });
}

/** Steps in a compact form: kind, owner, reason, what they attach to. */
function brief(steps: CallStep[]): string[] {
	return steps.map((step) => {
		const on = (ref?: { kind: string; id?: string }) =>
			ref ? (ref.kind === 'new' ? 'new' : ref.id) : '-';
		switch (step.kind) {
			case 'createContact':
			case 'createDeal':
				return `${step.kind} owner ${step.ownerId}`;
			case 'logCall':
				return `logCall owner ${step.ownerId ?? '-'} on ${on(step.contact)}/${on(step.deal)}`;
			case 'createTask':
				return `task ${step.reason}${step.completed ? ' (done)' : ''} owner ${step.ownerId} on ${on(step.contact)}/${on(step.deal)}`;
		}
	});
}

describe('incoming answered', () => {
	it('new caller: contact and deal owned by the employee who answered, the call logged on both', () => {
		const decision = decide(call('incoming', true), { employeeOwnerId: PETRO });
		expect(decision.cell).toBe('incoming answered, new caller');
		expect(brief(decision.steps)).toEqual([
			`createContact owner ${PETRO}`,
			`createDeal owner ${PETRO}`,
			`logCall owner ${PETRO} on new/new`,
		]);
	});

	it('new caller answered by an employee not in the table: the senior manager owns it and gets a task to check', () => {
		const decision = decide(call('incoming', true), {});
		expect(decision.cell).toBe('incoming answered, new caller, employee not in the table');
		expect(brief(decision.steps)).toEqual([
			`createContact owner ${SENIOR}`,
			`createDeal owner ${SENIOR}`,
			`logCall owner ${SENIOR} on new/new`,
			`task unknownEmployee owner ${SENIOR} on new/new`,
		]);
	});

	it('existing caller answered by the responsible owner: the call on the contact and its open deal, no task', () => {
		const decision = decide(call('incoming', true), {
			contact: CONTACT,
			openDeal: DEAL,
			employeeOwnerId: OLENA,
		});
		expect(decision.cell).toBe('incoming answered, existing caller');
		expect(brief(decision.steps)).toEqual([`logCall owner ${OLENA} on 501/701`]);
	});

	it('existing caller answered by a colleague: the call logged, and a task for the responsible owner', () => {
		const decision = decide(call('incoming', true), {
			contact: CONTACT,
			openDeal: DEAL,
			employeeOwnerId: PETRO,
		});
		expect(decision.cell).toBe('incoming answered, existing caller, answered by a colleague');
		expect(brief(decision.steps)).toEqual([
			`logCall owner ${PETRO} on 501/701`,
			`task colleagueAnswered owner ${OLENA} on 501/701`,
		]);
	});

	it("responsible is the open deal's owner before the contact's", () => {
		const decision = decide(call('incoming', true), {
			contact: { id: '501', ownerId: PETRO },
			openDeal: DEAL,
			employeeOwnerId: PETRO,
		});
		expect(brief(decision.steps)).toContain(`task colleagueAnswered owner ${OLENA} on 501/701`);
	});

	it('existing caller without an open deal: the call on the contact alone', () => {
		const decision = decide(call('incoming', true), { contact: CONTACT, employeeOwnerId: OLENA });
		expect(brief(decision.steps)).toEqual([`logCall owner ${OLENA} on 501/-`]);
	});

	it('existing caller, employee not in the table: the call logged for the responsible owner, a task for the senior manager', () => {
		const decision = decide(call('incoming', true), { contact: CONTACT, openDeal: DEAL });
		expect(decision.cell).toBe('incoming answered, existing caller, employee not in the table');
		expect(brief(decision.steps)).toEqual([
			`logCall owner ${OLENA} on 501/701`,
			`task unknownEmployee owner ${SENIOR} on 501/701`,
		]);
	});

	it('with the recording rule: an already-completed task carrying the recording, for the responsible owner', () => {
		const decision = decide(
			call('incoming', true),
			{ contact: CONTACT, openDeal: DEAL, employeeOwnerId: PETRO },
			{ recordingTask: true },
		);
		expect(brief(decision.steps)).toEqual([
			`logCall owner ${PETRO} on 501/701`,
			`task colleagueAnswered owner ${OLENA} on 501/701`,
			`task recording (done) owner ${OLENA} on 501/701`,
		]);
		const noRecording = decide(
			{ ...call('incoming', true), recordingUrl: undefined },
			{ contact: CONTACT, employeeOwnerId: OLENA },
			{ recordingTask: true },
		);
		expect(brief(noRecording.steps)).toEqual([`logCall owner ${OLENA} on 501/-`]);
	});
});

describe('incoming missed', () => {
	it('new caller: contact and deal for the senior manager, and a task for them to call back and hand it out', () => {
		const decision = decide(call('incoming', false), {});
		expect(decision.cell).toBe('incoming missed, new caller');
		expect(brief(decision.steps)).toEqual([
			`createContact owner ${SENIOR}`,
			`createDeal owner ${SENIOR}`,
			`logCall owner ${SENIOR} on new/new`,
			`task callBackNewCaller owner ${SENIOR} on new/new`,
		]);
	});

	it('existing caller: a call-back task on the open deal for its owner', () => {
		const decision = decide(call('incoming', false), { contact: CONTACT, openDeal: DEAL });
		expect(decision.cell).toBe('incoming missed, existing caller');
		expect(brief(decision.steps)).toEqual([
			`logCall owner ${OLENA} on 501/701`,
			`task callBackCustomer owner ${OLENA} on 501/701`,
		]);
	});

	it('existing caller nobody owns: the call-back task goes to the senior manager', () => {
		const decision = decide(call('incoming', false), { contact: { id: '501' } });
		expect(brief(decision.steps)).toEqual([
			'logCall owner - on 501/-',
			`task callBackCustomer owner ${SENIOR} on 501/-`,
		]);
	});
});

describe('outgoing', () => {
	it('connected to an existing customer: the call on the contact and its open deal', () => {
		const decision = decide(call('outgoing', true), {
			contact: CONTACT,
			openDeal: DEAL,
			employeeOwnerId: OLENA,
		});
		expect(decision.cell).toBe('outgoing connected, existing customer');
		expect(brief(decision.steps)).toEqual([`logCall owner ${OLENA} on 501/701`]);
	});

	it('not connected to an existing customer: logged as such, no task', () => {
		const decision = decide(call('outgoing', false), { contact: CONTACT, employeeOwnerId: OLENA });
		expect(decision.cell).toBe('outgoing not connected, existing customer');
		expect(brief(decision.steps)).toEqual([`logCall owner ${OLENA} on 501/-`]);
	});

	it('to a number not in HubSpot: logged nowhere and reported', () => {
		const decision = decide(call('outgoing', true), { employeeOwnerId: OLENA });
		expect(decision.cell).toBe('outgoing connected, number not in HubSpot');
		expect(decision.steps).toEqual([]);
		expect(decision.notLogged).toMatch(/^\+380441234567 is not in HubSpot/);
	});

	it('made by an employee not in the table: a task for the senior manager, on the contact or alone', () => {
		const known = decide(call('outgoing', false), { contact: CONTACT, openDeal: DEAL });
		expect(known.cell).toBe('outgoing not connected, existing customer, employee not in the table');
		expect(brief(known.steps)).toEqual([
			`logCall owner ${OLENA} on 501/701`,
			`task unknownEmployee owner ${SENIOR} on 501/701`,
		]);
		const unknownNumber = decide(call('outgoing', true), {});
		expect(brief(unknownNumber.steps)).toEqual([`task unknownEmployee owner ${SENIOR} on -/-`]);
		expect(unknownNumber.notLogged).toBeDefined();
	});
});

describe('rules switched off', () => {
	it('each rule removes its own steps and nothing else', () => {
		const colleague = { contact: CONTACT, openDeal: DEAL, employeeOwnerId: PETRO };
		expect(
			brief(decide(call('incoming', true), colleague, { colleagueAnsweredTask: false }).steps),
		).toEqual([`logCall owner ${PETRO} on 501/701`]);
		expect(brief(decide(call('incoming', true), colleague, { logCalls: false }).steps)).toEqual([
			`task colleagueAnswered owner ${OLENA} on 501/701`,
		]);
		expect(brief(decide(call('incoming', false), {}, { missedCallTask: false }).steps)).toEqual([
			`createContact owner ${SENIOR}`,
			`createDeal owner ${SENIOR}`,
			`logCall owner ${SENIOR} on new/new`,
		]);
		expect(brief(decide(call('incoming', true), {}, { unknownEmployeeTask: false }).steps)).toEqual(
			[
				`createContact owner ${SENIOR}`,
				`createDeal owner ${SENIOR}`,
				`logCall owner ${SENIOR} on new/new`,
			],
		);
		const noRecords = decide(call('incoming', false), {}, { createRecordsForNewCallers: false });
		expect(brief(noRecords.steps)).toEqual([`task callBackNewCaller owner ${SENIOR} on -/-`]);
		expect(noRecords.notLogged).toMatch(/switched off/);
		const noRecordsNoTask = decide(
			call('incoming', false),
			{},
			{ createRecordsForNewCallers: false, missedCallTask: false },
		);
		expect(noRecordsNoTask.steps).toEqual([]);
	});
});
