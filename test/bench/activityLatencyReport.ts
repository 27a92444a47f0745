/**
 * Figures of one phase of the "event -> task created" measurement: latency from the POST to the
 * sandbox answering the task's create, the stages in between, n8n's own execution times, the
 * HubSpot calls per event by kind, and what the sandbox holds afterwards (each contact's task
 * created once, associated with it). Each goal is printed beside its figure with PASS or FAIL.
 */
import type { Sandbox } from '../../sandbox/server';
import * as out from './report';
import type { ActivityEvent, ActivityTraffic } from './activityLatencyEvents';
import type { CpuUse } from './webhookLatencyCpu';
import type { SendingSummary } from './webhookLatencyEvents';
import {
	distribution,
	distributionRow,
	ms,
	printCpuUse,
	type Distribution,
} from './webhookLatencyReport';

export const GOAL_P99_MS = 250;
export const GOAL_CALLS_PER_EVENT = 2;

const KEY_PROPERTY = 'taskflow_idempotency_key';
/** the pack's keys name the record: `cwa:<workflow>:<action>:contacts:<id>:<event>` */
const CONTACT_IN_KEY = /:contacts:(\d+):/;

const between = (from: number | undefined, to: number | undefined): number | undefined =>
	from === undefined || to === undefined ? undefined : to - from;

/** What the sandbox holds for the phase's contacts once the run is over. */
export interface TaskCheck {
	/** tasks carrying a key for one of the phase's contacts */
	keyedTasks: number;
	/** contacts with exactly one task, associated with it, with the template's title and its owner */
	right: number;
	missing: number;
	twice: number;
	notAssociated: number;
	wrongTitleOrOwner: number;
}

async function associatedTasks(
	sandbox: Sandbox,
	contactIds: string[],
): Promise<Map<string, string[]>> {
	const linked = new Map<string, string[]>();
	for (let start = 0; start < contactIds.length; start += 100) {
		const response = await fetch(`${sandbox.url}/crm/v4/associations/contacts/tasks/batch/read`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				inputs: contactIds.slice(start, start + 100).map((id) => ({ id })),
			}),
		});
		if (response.status !== 200 && response.status !== 207) {
			throw new Error(`association read: ${response.status} ${await response.text()}`);
		}
		const body = (await response.json()) as {
			results: Array<{ from: { id: string }; to: Array<{ toObjectId: string | number }> }>;
		};
		for (const result of body.results) {
			linked.set(
				String(result.from.id),
				result.to.map((to) => String(to.toObjectId)),
			);
		}
	}
	return linked;
}

/** Reads the tasks (store) and their associations (the sandbox's API) of the phase's contacts. */
export async function checkTasks(
	sandbox: Sandbox,
	events: ActivityEvent[],
	expectedTitle: string,
): Promise<TaskCheck> {
	const byContact = new Map(events.map((event) => [event.contactId, [] as string[]]));
	const tasks = new Map(sandbox.store.all('tasks').map((task) => [task.id, task]));
	for (const task of tasks.values()) {
		const contactId = CONTACT_IN_KEY.exec(task.properties[KEY_PROPERTY] ?? '')?.[1];
		if (contactId !== undefined) byContact.get(contactId)?.push(task.id);
	}
	const linked = await associatedTasks(
		sandbox,
		events.map((event) => event.contactId),
	);
	const check: TaskCheck = {
		keyedTasks: 0,
		right: 0,
		missing: 0,
		twice: 0,
		notAssociated: 0,
		wrongTitleOrOwner: 0,
	};
	for (const event of events) {
		const keyed = byContact.get(event.contactId) ?? [];
		check.keyedTasks += keyed.length;
		if (keyed.length === 0) check.missing++;
		if (keyed.length > 1) check.twice++;
		if (keyed.length !== 1) continue;
		const onContact = linked.get(event.contactId) ?? [];
		if (onContact.length !== 1 || onContact[0] !== keyed[0]) {
			check.notAssociated++;
			continue;
		}
		const task = tasks.get(keyed[0]);
		if (
			task?.properties.hs_task_subject !== expectedTitle ||
			task.properties.hubspot_owner_id !== event.ownerId
		) {
			check.wrongTitleOrOwner++;
			continue;
		}
		check.right++;
	}
	return check;
}

export interface ActivityPhase {
	label: string;
	events: ActivityEvent[];
	sending: SendingSummary;
	traffic: ActivityTraffic;
	/** n8n's executions of the phase: saved, failed, and each one's start to stop */
	executions: { saved: number; failed: number; durationsMs: number[] };
	tasks: TaskCheck;
	cpu: CpuUse;
}

export interface PhaseVerdicts {
	latency: boolean;
	calls: boolean;
	tasks: boolean;
}

function stages(events: ActivityEvent[]): Array<[string, Distribution]> {
	const stage = (pick: (event: ActivityEvent) => number | undefined) =>
		distribution(events.map(pick));
	return [
		['  POST sent -> record read arrives', stage((e) => between(e.sentAt, e.recordReadAt))],
		[
			'  record read -> task create arrives',
			stage((e) => between(e.recordReadAt, e.createArrivedAt)),
		],
		[
			'  task create -> answered (task created)',
			stage((e) => between(e.createArrivedAt, e.createdAt)),
		],
		['  task created -> webhook 200', stage((e) => between(e.createdAt, e.answeredAt))],
	];
}

const perEvent = (count: number, events: number): string =>
	(events > 0 ? count / events : 0).toFixed(2);

/** Prints the phase's figures beside their goals; returns each goal's verdict. */
export function printActivityPhase(phase: ActivityPhase): PhaseVerdicts {
	const { events, sending, traffic, executions, tasks } = phase;
	const count = events.length;
	out.heading(phase.label);
	out.say(
		`  ${out.count(count)} events at ${sending.achievedPerSecond.toFixed(2)}/s ` +
			`(asked ${sending.ratePerSecond}/s), sent over ${out.seconds(sending.seconds)}`,
	);
	const latency = distribution(events.map((e) => between(e.sentAt, e.createdAt)));
	out.say(
		out.table(
			[
				distributionRow('event -> task created', latency),
				distributionRow(
					'webhook 200 (trigger answer)',
					distribution(events.map((e) => between(e.sentAt, e.answeredAt))),
				),
				...stages(events).map(([name, d]) => distributionRow(name, d)),
				distributionRow('n8n execution (start -> stop)', distribution(executions.durationsMs)),
			],
			['', 'p50', 'p90', 'p99', 'max', 'mean', 'n'],
		),
	);
	const others = [...traffic.others].map(([call, n]) => `${call} ${n}`).join(', ');
	out.say(
		`  HubSpot calls ${out.count(traffic.hubSpotCalls)} (${perEvent(traffic.hubSpotCalls, count)} per event): ` +
			`record reads ${traffic.recordReads} (${perEvent(traffic.recordReads, count)}), ` +
			`task creates ${traffic.creates} (${perEvent(traffic.creates, count)}), ` +
			`others ${traffic.hubSpotCalls - traffic.recordReads - traffic.creates}${others ? ` (${others})` : ''}; ` +
			`429s ${traffic.rateLimited}, failed ${traffic.failed}, non-HubSpot requests ${traffic.nonHubSpot}`,
	);
	const answersNot200 = events.filter((e) => e.answerStatus !== 200).length;
	out.say(
		`  sandbox: ${out.count(tasks.keyedTasks)} tasks for ${out.count(count)} contacts; right ` +
			`${tasks.right}, missing ${tasks.missing}, twice ${tasks.twice}, not associated with ` +
			`their contact ${tasks.notAssociated}, wrong title or owner ${tasks.wrongTitleOrOwner}; ` +
			`answers other than 200: ${answersNot200}; executions saved ${executions.saved}, ` +
			`failed ${executions.failed}`,
	);
	printCpuUse(phase.cpu, count);
	const callsPerEvent = count > 0 ? traffic.hubSpotCalls / count : Infinity;
	// calls of events that never reached their create would be missing from the count
	const neverCreated = count - latency.count;
	const verdicts: PhaseVerdicts = {
		latency: neverCreated === 0 && latency.p99 < GOAL_P99_MS,
		calls: neverCreated === 0 && callsPerEvent <= GOAL_CALLS_PER_EVENT,
		tasks: tasks.right === count && tasks.keyedTasks === count,
	};
	out.say(
		`  goal p99 < ${GOAL_P99_MS} ms (HubSpot latency excluded): ${out.verdict(verdicts.latency)} ` +
			`(p99 ${ms(latency.p99)} over ${latency.count} created)`,
	);
	out.say(
		`  goal HubSpot calls per event <= ${GOAL_CALLS_PER_EVENT}: ${out.verdict(verdicts.calls)} ` +
			`(${callsPerEvent.toFixed(2)}` +
			(neverCreated > 0 ? `; ${neverCreated} events never reached their create` : '') +
			')',
	);
	out.say(
		`  goal every task created exactly once, on its contact: ${out.verdict(verdicts.tasks)} ` +
			`(${tasks.right}/${count})`,
	);
	return verdicts;
}
