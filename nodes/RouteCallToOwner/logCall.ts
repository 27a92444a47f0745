/**
 * Log Call: each item's call event is read, its customer looked up (all items at once), the
 * matrix decides the steps, and the steps are written in three rounds across items: new contacts,
 * then new deals (linked to their contact), then calls and tasks (linked to both). Every create is
 * keyed: a new caller's contact and deal by the number, so two calls from one new number make one
 * of each, and the call and tasks by the call's id, so a redelivered event changes nothing.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	callProperties,
	callTaskText,
	decideCall,
	type CallDecision,
	type CallStep,
	type RecordRef,
	type TaskReason,
} from '../domain/calls';
import { createRecord, hubSpotDefined, type CrmAction } from '../domain/crm';
import { performCrmActions } from '../shared/crm';
import { continueOnFailItem, itemError } from '../shared/itemLoop';
import { hubSpotTransportFor, type HubSpotTransport } from '../shared/transport';
import { readCallSettings, type CallSettings } from './callSettings';
import { callerContactKey, callerDealKey, lookUpCustomers, OWNER } from './customerLookup';
import { callerOwnerCache } from './callerOwnerCache';
import { ensureSourceProperties } from './sourceProperties';

/** HubSpot's default association type ids used here. */
const DEAL_TO_CONTACT = hubSpotDefined(3);
const CALL_TO = { contacts: hubSpotDefined(194), deals: hubSpotDefined(206) };
const TASK_TO = { contacts: hubSpotDefined(204), deals: hubSpotDefined(216) };

/** What each task is for, whichever matrix cell asked for it. */
const TASK_ROLE: Record<TaskReason, string> = {
	callBackNewCaller: 'callBack',
	callBackCustomer: 'callBack',
	colleagueAnswered: 'colleagueAnswered',
	unknownEmployee: 'unknownEmployee',
	recording: 'recording',
};

/** Due soon after the call: a call back within the half hour, a check within the day. */
const TASK_DUE_AFTER_MS: Record<string, number> = {
	callBack: 30 * 60_000,
	colleagueAnswered: 24 * 3_600_000,
	unknownEmployee: 24 * 3_600_000,
	recording: 0,
};

interface ItemRun {
	settings: CallSettings;
	decision: CallDecision;
	/** The decision makes a contact or a deal (which carry the call's source). */
	createsRecords: boolean;
	contactId?: string;
	dealId?: string;
	written: IDataObject[];
	failure?: Error;
}

function refId(ref: RecordRef | undefined, created: string | undefined): string | undefined {
	if (!ref) return undefined;
	return ref.kind === 'existing' ? ref.id : created;
}

function associationsFor(
	run: ItemRun,
	step: Extract<CallStep, { kind: 'logCall' | 'createTask' }>,
	types: typeof CALL_TO,
) {
	const contactId = refId(step.contact, run.contactId);
	const dealId = refId(step.deal, run.dealId);
	return [
		...(contactId ? [{ toObjectType: 'contacts', toId: contactId, type: types.contacts }] : []),
		...(dealId ? [{ toObjectType: 'deals', toId: dealId, type: types.deals }] : []),
	];
}

function actionFor(run: ItemRun, step: CallStep): CrmAction {
	const { event } = run.settings;
	switch (step.kind) {
		case 'createContact':
			return createRecord(
				'contacts',
				{
					...run.settings.source.values,
					phone: event.customerNumber,
					[OWNER]: step.ownerId,
					lifecyclestage: 'lead',
				},
				{ idempotencyKey: callerContactKey(event.customerNumber) },
			);
		case 'createDeal':
			return createRecord(
				'deals',
				{
					...run.settings.source.values,
					dealname: `Call from ${event.customerNumber}`,
					pipeline: run.settings.pipelineId,
					dealstage: run.settings.dealStageId,
					[OWNER]: step.ownerId,
				},
				{
					associations: run.contactId
						? [{ toObjectType: 'contacts', toId: run.contactId, type: DEAL_TO_CONTACT }]
						: [],
					idempotencyKey: callerDealKey(event.customerNumber),
				},
			);
		case 'logCall':
			return createRecord('calls', callProperties(event, step.ownerId), {
				associations: associationsFor(run, step, CALL_TO),
				idempotencyKey: `call:${event.callId}:call`,
			});
		case 'createTask': {
			const { title, notes } = callTaskText(step.reason, event);
			const role = TASK_ROLE[step.reason];
			return createRecord(
				'tasks',
				{
					hs_task_subject: title,
					hs_task_body: notes,
					hs_task_type: step.reason === 'recording' ? 'CALL' : 'TODO',
					hs_task_status: step.completed ? 'COMPLETED' : 'NOT_STARTED',
					hs_task_priority: step.reason.startsWith('callBack') ? 'HIGH' : 'MEDIUM',
					hs_timestamp: new Date(event.startedAtMs + TASK_DUE_AFTER_MS[role]).toISOString(),
					[OWNER]: step.ownerId,
				},
				{
					associations: associationsFor(run, step, TASK_TO),
					// By role, not by cell: a redelivery that finds the caller's contact made by the
					// first run (a missed new caller is then "existing") makes no second call-back task.
					idempotencyKey: `call:${event.callId}:task:${role}`,
				},
			);
		}
	}
}

/** One round: the steps of `kinds` of every item still going, written together. */
async function writeRound(
	transport: HubSpotTransport,
	runs: Array<ItemRun | undefined>,
	kinds: Array<CallStep['kind']>,
	after: (run: ItemRun, step: CallStep, id: string) => void,
): Promise<void> {
	const planned: Array<{ run: ItemRun; step: CallStep; action: CrmAction }> = [];
	for (const run of runs) {
		if (!run || run.failure) continue;
		for (const step of run.decision.steps) {
			if (kinds.includes(step.kind)) planned.push({ run, step, action: actionFor(run, step) });
		}
	}
	if (planned.length === 0) return;
	const results = await performCrmActions(
		transport,
		planned.map((entry) => entry.action),
	);
	results.forEach((result, index) => {
		const { run, step } = planned[index];
		if (!result.ok) {
			run.failure ??= new NodeOperationError(
				transport.node,
				`${describeStep(step)}: ${result.error.message}`,
				{ description: result.error.description ?? undefined },
			);
			return;
		}
		run.written.push({
			step: describeStep(step),
			objectType: result.value.objectType,
			id: result.value.id,
			...(result.value.existing ? { existing: true } : {}),
		});
		after(run, step, result.value.id);
	});
}

function describeStep(step: CallStep): string {
	switch (step.kind) {
		case 'createContact':
			return 'Create contact';
		case 'createDeal':
			return 'Create deal';
		case 'logCall':
			return 'Log call';
		case 'createTask':
			return `Create task (${step.reason})`;
	}
}

function outputJson(run: ItemRun): IDataObject {
	const { event } = run.settings;
	return {
		callId: event.callId,
		cell: run.decision.cell,
		customerNumber: event.customerNumber,
		contactId: run.contactId ?? null,
		dealId: run.dealId ?? null,
		written: run.written,
		...(run.decision.notLogged ? { notLogged: run.decision.notLogged } : {}),
	};
}

/**
 * Find Owner must not answer with an owner these calls may have changed (a new caller's contact
 * and deal): each caller's cached owner is forgotten. Best effort: the entry lapses anyway.
 */
async function forgetOwners(ctx: IExecuteFunctions, runs: Array<ItemRun | undefined>) {
	const numbers = new Set(runs.flatMap((run) => (run ? [run.settings.event.customerNumber] : [])));
	if (numbers.size === 0) return;
	const cache = await callerOwnerCache(ctx);
	await Promise.all(
		[...numbers].map(async (number) => await cache.forget(number).catch(() => undefined)),
	);
}

export async function executeLogCall(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const nowMs = Date.now();
	const continueOnFail = this.continueOnFail();
	const failures: Array<Error | undefined> = [];
	const settings = items.map((item, itemIndex) => {
		try {
			return readCallSettings(this, item, itemIndex, nowMs);
		} catch (error) {
			failures[itemIndex] = itemError(this, error, itemIndex);
			return undefined;
		}
	});
	const firstFailure = failures.find(Boolean);
	if (firstFailure && !continueOnFail) throw firstFailure;

	const transport = await hubSpotTransportFor(this);
	const first = settings.find((item) => item !== undefined);
	const customers = await lookUpCustomers(
		transport,
		settings.flatMap((item) => (item ? [item.event.customerNumber] : [])),
		{ defaultCountry: first?.defaultCountry, pipelineId: first?.pipelineId },
	);
	const runs: Array<ItemRun | undefined> = settings.map((item) => {
		if (!item) return undefined;
		const customer = customers.get(item.event.customerNumber) ?? {};
		const decision = decideCall(
			item.event,
			{
				...customer,
				employeeOwnerId: item.employees.ownerOf(item.event.employee),
			},
			item.rules,
		);
		return {
			settings: item,
			decision,
			createsRecords: decision.steps.some(
				(step) => step.kind === 'createContact' || step.kind === 'createDeal',
			),
			contactId: customer.contact?.id,
			dealId: customer.openDeal?.id,
			written: [],
		};
	});

	await ensureSourceProperties(transport, runs);
	await writeRound(transport, runs, ['createContact'], (run, _step, id) => (run.contactId = id));
	await writeRound(transport, runs, ['createDeal'], (run, _step, id) => (run.dealId = id));
	await writeRound(transport, runs, ['logCall', 'createTask'], () => undefined);

	await forgetOwners(this, runs);

	const output: INodeExecutionData[] = [];
	const itemFailures: Array<{ itemIndex: number; error: Error }> = [];
	runs.forEach((run, itemIndex) => {
		const failure = failures[itemIndex] ?? run?.failure;
		if (failure) {
			const error = itemError(this, failure, itemIndex);
			if (run && run.written.length > 0) {
				error.description = [
					`Item ${itemIndex} had done, and keeps: ${run.written.map((w) => `${w.objectType} ${w.id}`).join('; ')}; run it again to finish (nothing is made twice)`,
					error.description ?? '',
				]
					.join('\n')
					.trim();
			}
			itemFailures.push({ itemIndex, error });
			if (continueOnFail) output.push(continueOnFailItem(this, items[itemIndex], itemIndex, error));
			return;
		}
		if (run) output.push({ json: outputJson(run), pairedItem: { item: itemIndex } });
	});
	if (itemFailures.length > 0 && !continueOnFail) throw itemFailures[0].error;
	return [output];
}
