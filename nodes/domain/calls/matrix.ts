/**
 * The call matrix: a call event and what HubSpot knows of its customer -> the CRM steps to take.
 * The cells follow Ringostat's HubSpot integration ("logic of the integration"):
 *
 *   incoming answered, new caller        contact + deal owned by the employee who answered, call logged on both
 *   incoming answered, existing caller   call logged on the contact and its open deal; answered by someone
 *                                        other than the responsible owner -> a task for the responsible owner
 *   incoming missed, new caller          contact + deal owned by the senior manager, a task for the senior
 *                                        manager to call back and hand the deal out
 *   incoming missed, existing caller     a task for the responsible owner to call back soon
 *   outgoing, existing customer          call logged on the contact and its open deal
 *   outgoing, number not in HubSpot      logged nowhere, reported ("create the deal before calling")
 *   employee not in the table            a task for the senior manager with the call's details
 *
 * plus, when chosen, an already-completed task carrying the recording of each answered call. Every
 * rule can be switched off. "Responsible" is the open deal's owner, else the contact's.
 */
import type { CallEvent } from './event';

export interface KnownRecord {
	id: string;
	ownerId?: string;
}

/** What HubSpot knows, looked up by the node before deciding. */
export interface CallContext {
	/** The contact found by the customer's number. */
	contact?: KnownRecord;
	/** That contact's open deal (in a stage that is not closed), the newest when several. */
	openDeal?: KnownRecord;
	/**
	 * The HubSpot owner of the employee who answered or made the call; undefined when the event
	 * names none or one not in the employee table (an "unknown employee").
	 */
	employeeOwnerId?: string;
}

export interface CallRules {
	seniorOwnerId: string;
	/** A new caller gets a contact and a deal. */
	createRecordsForNewCallers: boolean;
	/** Calls are logged as HubSpot calls on the contact and deal. */
	logCalls: boolean;
	/** A call answered by someone other than the responsible owner makes a task for that owner. */
	colleagueAnsweredTask: boolean;
	/** A missed call makes a call-back task. */
	missedCallTask: boolean;
	/** A call answered or made by an employee not in the table makes a task for the senior manager. */
	unknownEmployeeTask: boolean;
	/** Each answered call also makes an already-completed task carrying its recording. */
	recordingTask: boolean;
}

/** A record the steps act on: one HubSpot has, or the one an earlier step of the same decision creates. */
export type RecordRef = { kind: 'existing'; id: string } | { kind: 'new' };

export type TaskReason =
	| 'callBackNewCaller'
	| 'callBackCustomer'
	| 'colleagueAnswered'
	| 'unknownEmployee'
	| 'recording';

export type CallStep =
	| { kind: 'createContact'; ownerId: string }
	| { kind: 'createDeal'; ownerId: string }
	| { kind: 'logCall'; ownerId?: string; contact: RecordRef; deal?: RecordRef }
	| {
			kind: 'createTask';
			reason: TaskReason;
			ownerId: string;
			completed: boolean;
			/** None for a task that stands alone (a call to a number not in HubSpot). */
			contact?: RecordRef;
			deal?: RecordRef;
	  };

export interface CallDecision {
	/** The matrix cell, e.g. "incoming answered, existing caller, answered by a colleague". */
	cell: string;
	steps: CallStep[];
	/** Why the call was written nowhere, when it was not. */
	notLogged?: string;
}

const NEW: RecordRef = { kind: 'new' };

function outcomeOf(event: CallEvent): string {
	if (event.direction === 'incoming') return event.answered ? 'answered' : 'missed';
	return event.answered ? 'connected' : 'not connected';
}
const existing = (record: KnownRecord): RecordRef => ({ kind: 'existing', id: record.id });

function incomingNewCaller(event: CallEvent, context: CallContext, rules: CallRules): CallDecision {
	const unknownEmployee = event.answered && context.employeeOwnerId === undefined;
	const cell = `incoming ${outcomeOf(event)}, new caller`;
	if (!rules.createRecordsForNewCallers) {
		// No record to attach them to: the tasks the other rules ask for stand alone.
		const alone: CallStep[] = [];
		if (!event.answered && rules.missedCallTask) {
			alone.push(task('callBackNewCaller', rules.seniorOwnerId, undefined, undefined));
		}
		if (unknownEmployee && rules.unknownEmployeeTask) {
			alone.push(task('unknownEmployee', rules.seniorOwnerId, undefined, undefined));
		}
		return { cell, steps: alone, notLogged: 'new callers get no contact (rule switched off)' };
	}
	// Missed, or answered by someone the table does not know: the senior manager owns it and hands it out.
	const ownerId = (event.answered && context.employeeOwnerId) || rules.seniorOwnerId;
	const steps: CallStep[] = [
		{ kind: 'createContact', ownerId },
		{ kind: 'createDeal', ownerId },
	];
	if (rules.logCalls) steps.push({ kind: 'logCall', ownerId, contact: NEW, deal: NEW });
	if (!event.answered && rules.missedCallTask) {
		steps.push(task('callBackNewCaller', rules.seniorOwnerId, NEW, NEW));
	}
	if (unknownEmployee && rules.unknownEmployeeTask) {
		steps.push(task('unknownEmployee', rules.seniorOwnerId, NEW, NEW));
	}
	if (event.answered && rules.recordingTask && event.recordingUrl) {
		steps.push(task('recording', ownerId, NEW, NEW, true));
	}
	return { cell: unknownEmployee ? `${cell}, employee not in the table` : cell, steps };
}

function task(
	reason: TaskReason,
	ownerId: string,
	contact: RecordRef | undefined,
	deal: RecordRef | undefined,
	completed = false,
): CallStep {
	return {
		kind: 'createTask',
		reason,
		ownerId,
		completed,
		...(contact ? { contact } : {}),
		...(deal ? { deal } : {}),
	};
}

function knownCustomer(
	event: CallEvent,
	context: CallContext & { contact: KnownRecord },
	rules: CallRules,
): CallDecision {
	const contact = existing(context.contact);
	const deal = context.openDeal ? existing(context.openDeal) : undefined;
	const responsible = context.openDeal?.ownerId ?? context.contact.ownerId;
	const handledBy = context.employeeOwnerId;
	// Someone answered or made the call: the table must know who.
	const unknownEmployee =
		(event.answered || event.direction === 'outgoing') && handledBy === undefined;
	const steps: CallStep[] = [];
	const parts = [
		`${event.direction} ${outcomeOf(event)}`,
		event.direction === 'incoming' ? 'existing caller' : 'existing customer',
	];
	if (rules.logCalls)
		steps.push({ kind: 'logCall', ownerId: handledBy ?? responsible, contact, deal });
	if (event.direction === 'incoming' && !event.answered && rules.missedCallTask) {
		steps.push(task('callBackCustomer', responsible ?? rules.seniorOwnerId, contact, deal));
	}
	if (
		event.direction === 'incoming' &&
		event.answered &&
		handledBy !== undefined &&
		responsible !== undefined &&
		handledBy !== responsible
	) {
		parts.push('answered by a colleague');
		if (rules.colleagueAnsweredTask) {
			steps.push(task('colleagueAnswered', responsible, contact, deal));
		}
	}
	if (unknownEmployee) {
		parts.push('employee not in the table');
		if (rules.unknownEmployeeTask) {
			steps.push(task('unknownEmployee', rules.seniorOwnerId, contact, deal));
		}
	}
	if (event.answered && rules.recordingTask && event.recordingUrl) {
		// Seed item 6: the responsible manager gets the recording, whoever took the call.
		const owner = responsible ?? handledBy ?? rules.seniorOwnerId;
		steps.push(task('recording', owner, contact, deal, true));
	}
	return { cell: parts.join(', '), steps };
}

/** The steps for one call; pure, so every cell is tested without HubSpot. */
export function decideCall(event: CallEvent, context: CallContext, rules: CallRules): CallDecision {
	if (context.contact) return knownCustomer(event, { ...context, contact: context.contact }, rules);
	if (event.direction === 'incoming') return incomingNewCaller(event, context, rules);
	const cell = `outgoing ${outcomeOf(event)}, number not in HubSpot`;
	const steps: CallStep[] = [];
	const unknownEmployee = context.employeeOwnerId === undefined;
	if (unknownEmployee && rules.unknownEmployeeTask) {
		// No record to attach it to: the task stands alone for the senior manager.
		steps.push(task('unknownEmployee', rules.seniorOwnerId, undefined, undefined));
	}
	return {
		cell: unknownEmployee ? `${cell}, employee not in the table` : cell,
		steps,
		notLogged: `${event.customerNumber} is not in HubSpot: an outgoing call is logged only on an existing contact (create the contact and deal before calling)`,
	};
}
