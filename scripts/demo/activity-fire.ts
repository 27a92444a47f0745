/**
 * `npm run demo:fire -- activity-<name>`: the record change an activity template's trigger polls
 * for, made over the sandbox's HubSpot API as a user would; then, once the next poll (every
 * minute) has run, the outcome checked in the sandbox and reported `ok` or `WRONG`.
 */
import { DateTime } from 'luxon';

import { ACTIVITY_KEY_PREFIX } from '../../nodes/domain/activity/goals';
import { DEFAULT_TOKEN } from '../../sandbox/server';
import type { ActivityExample } from '../../tools/demo/ready-file';
import { delay } from '../../tools/n8n/process-group';
import { loadTemplates, TEMPLATE_FILES, templateNamed } from '../../tools/n8n/templates';
import { handOutTeamId } from './examples';
import { DemoError } from './settings';

/** A poll a minute, plus the run. */
const POLL_WAIT_MS = 90_000;
const PROBE_EVERY_MS = 2_000;
/** The templates' business calendar. */
const ZONE = 'America/Sao_Paulo';
/** HubSpot's default association types: meeting to contact, task to deal. */
const MEETING_TO_CONTACT = 200;
const TASK_TO_DEAL = 216;
const KEY = 'taskflow_idempotency_key';
const TASK_PROPERTIES = ['hs_task_subject', 'hs_task_status', 'hs_timestamp', 'hubspot_owner_id'];

export interface CrmRecord {
	id: string;
	properties: Record<string, string | null | undefined>;
}

/** The sandbox's HubSpot API with the demo's token; each write is printed as it is sent. */
export class SandboxApi {
	constructor(private readonly baseUrl: string) {}

	async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new DemoError(`${method} ${path} -> ${response.status} ${text}`);
		return (text ? JSON.parse(text) : {}) as T;
	}

	/** A write, printed with the properties it sends and the record's id. */
	async write<T extends { id: string }>(method: string, path: string, body: unknown): Promise<T> {
		const record = await this.call<T>(method, path, body);
		const properties = (body as { properties?: unknown }).properties;
		console.log(`${method} ${path} ${JSON.stringify(properties)} -> ${record.id}`);
		return record;
	}

	createRecord(
		objectType: string,
		properties: Record<string, string>,
		associations: unknown[] = [],
	) {
		// HubSpot's create requires the list, empty or not
		return this.write<CrmRecord>('POST', `/crm/v3/objects/${objectType}`, {
			properties,
			associations,
		});
	}

	updateRecord(objectType: string, id: string, properties: Record<string, string>) {
		return this.write<CrmRecord>('PATCH', `/crm/v3/objects/${objectType}/${id}`, { properties });
	}

	/**
	 * A record made in one write through the sandbox's admin route (no token), with properties
	 * HubSpot itself sets and its API refuses (an email open date, a score). One write, so one
	 * poll reads it; a create and then a change could take two.
	 */
	async createAsHubSpot(
		objectType: string,
		properties: Record<string, string>,
	): Promise<CrmRecord> {
		const path = `/__sandbox/objects/${objectType}`;
		const response = await fetch(`${this.baseUrl}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ properties }),
		});
		if (!response.ok) throw new DemoError(`POST ${path} -> ${response.status}`);
		const record = (await response.json()) as CrmRecord;
		console.log(`POST ${path} ${JSON.stringify(properties)} -> ${record.id} (as HubSpot sets it)`);
		return record;
	}

	readRecord(objectType: string, id: string, properties: string[]): Promise<CrmRecord> {
		return this.call(
			'GET',
			`/crm/v3/objects/${objectType}/${id}?properties=${properties.join(',')}`,
		);
	}

	/** Every contact, oldest first. */
	async contacts(properties: string[]): Promise<CrmRecord[]> {
		const all: CrmRecord[] = [];
		let after: string | undefined = '0';
		while (after !== undefined) {
			const page: { results: CrmRecord[]; paging?: { next?: { after: string } } } = await this.call(
				'GET',
				`/crm/v3/objects/contacts?limit=100&after=${after}&properties=${properties.join(',')}`,
			);
			all.push(...page.results);
			after = page.paging?.next?.after;
		}
		return all;
	}

	/** The tasks associated with a record. */
	async tasksOn(objectType: string, id: string): Promise<CrmRecord[]> {
		const links = await this.call<{ results: Array<{ toObjectId: string | number }> }>(
			'GET',
			`/crm/v4/objects/${objectType}/${id}/associations/tasks?limit=500`,
		);
		const ids = links.results.map((link) => String(link.toObjectId));
		const tasks: CrmRecord[] = [];
		for (let start = 0; start < ids.length; start += 100) {
			const read = await this.call<{ results: CrmRecord[] }>(
				'POST',
				'/crm/v3/objects/tasks/batch/read',
				{
					inputs: ids.slice(start, start + 100).map((taskId) => ({ id: taskId })),
					properties: TASK_PROPERTIES,
					propertiesWithHistory: [],
				},
			);
			tasks.push(...read.results);
		}
		return tasks;
	}
}

/** Probes every few seconds until it answers or POLL_WAIT_MS has passed. */
export async function untilPolled<T>(probe: () => Promise<T | undefined>): Promise<T | undefined> {
	const deadline = Date.now() + POLL_WAIT_MS;
	for (;;) {
		const found = await probe();
		if (found !== undefined || Date.now() > deadline) return found;
		await delay(PROBE_EVERY_MS);
	}
}

const local = (iso: string | null | undefined) =>
	iso
		? `${DateTime.fromMillis(Date.parse(iso), { zone: ZONE }).toFormat('ccc dd/MM HH:mm')} (${ZONE})`
		: '(no date)';

export function report(ok: boolean, line: string): boolean {
	console.log(`${ok ? 'ok   ' : 'WRONG'} ${line}`);
	if (!ok) console.log("the executions are in the editor under the workflow's Executions tab");
	return ok;
}

/** Waits for a task titled `title` on the record that was not there before the change. */
async function newTaskOn(
	api: SandboxApi,
	record: { objectType: string; id: string },
	title: string,
	before: CrmRecord[] = [],
): Promise<CrmRecord | undefined> {
	const known = new Set(before.map((task) => task.id));
	console.log(
		`waiting for the next poll (every minute) to give ${record.objectType} ${record.id} "${title}"`,
	);
	return await untilPolled(async () =>
		(await api.tasksOn(record.objectType, record.id)).find(
			(task) => !known.has(task.id) && task.properties.hs_task_subject === title,
		),
	);
}

function missing(record: { objectType: string; id: string }, title: string): boolean {
	return report(
		false,
		`no task "${title}" on ${record.objectType} ${record.id} after ${POLL_WAIT_MS / 1000} s`,
	);
}

/** A new contact as a rep would enter it, with an address no earlier run used. */
function newContact(api: SandboxApi, firstname: string, lastname: string): Promise<CrmRecord> {
	const email = `${firstname}.${lastname}.${Date.now()}@example.com.br`.toLowerCase();
	return api.createRecord('contacts', { firstname, lastname, email });
}

/** The task's report: due no earlier than 30 minutes after `fromIso` (the seed's minimum). */
function reportDueAfter(
	task: CrmRecord,
	line: string,
	fromIso: string | null | undefined,
	since: string,
): boolean {
	const due = Date.parse(String(task.properties.hs_timestamp));
	const inTime = due >= Date.parse(String(fromIso)) + 30 * 60_000;
	return report(
		inTime,
		`${line}, due ${local(task.properties.hs_timestamp)}` +
			(inTime ? '' : `, less than 30 minutes after ${since}`),
	);
}

async function leadReceived(api: SandboxApi): Promise<boolean> {
	const contact = await newContact(api, 'Carla', 'Mendes');
	const record = { objectType: 'contacts', id: contact.id };
	const task = await newTaskOn(api, record, 'Realizar Filtro 1');
	if (!task) return missing(record, 'Realizar Filtro 1');
	const created = await api.readRecord('contacts', contact.id, ['createdate']);
	return reportDueAfter(
		task,
		`task ${task.id} "Realizar Filtro 1" on contact ${contact.id}`,
		created.properties.createdate,
		'the contact was created',
	);
}

async function leadDiscarded(api: SandboxApi): Promise<boolean> {
	const lead = (await api.contacts(['firstname', 'hs_lead_status'])).find(
		(contact) => contact.properties.hs_lead_status !== 'UNQUALIFIED',
	);
	if (!lead) throw new DemoError('every contact in the sandbox is UNQUALIFIED already');
	const record = { objectType: 'contacts', id: lead.id };
	const before = await api.tasksOn('contacts', lead.id);
	await api.updateRecord('contacts', lead.id, { hs_lead_status: 'UNQUALIFIED' });
	const task = await newTaskOn(api, record, 'Recuperar Lead', before);
	if (!task) return missing(record, 'Recuperar Lead');
	return report(
		true,
		`task ${task.id} "Recuperar Lead" on contact ${lead.id} (${lead.properties.firstname ?? 'no first name'}), due ${local(task.properties.hs_timestamp)}`,
	);
}

async function meetingBooked(api: SandboxApi): Promise<boolean> {
	const [contact] = await api.contacts(['firstname']);
	if (!contact) throw new DemoError('the sandbox has no contact to book a meeting with');
	const record = { objectType: 'contacts', id: contact.id };
	const before = await api.tasksOn('contacts', contact.id);
	// far enough ahead that 120 minutes before it is still to come
	const start = DateTime.now()
		.setZone(ZONE)
		.plus({ days: 2 })
		.set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
	const startIso = start.toUTC().toISO() as string;
	const title = 'Demo do produto';
	await api.createRecord(
		'meetings',
		{ hs_meeting_title: title, hs_meeting_start_time: startIso, hs_timestamp: startIso },
		[
			{
				to: { id: contact.id },
				types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: MEETING_TO_CONTACT }],
			},
		],
	);
	const expected = `Confirmação de Reunião: ${title}`;
	const task = await newTaskOn(api, record, expected, before);
	if (!task) return missing(record, expected);
	const due = Date.parse(String(task.properties.hs_timestamp));
	const wanted = start.toMillis() - 120 * 60_000;
	return report(
		due === wanted,
		`task ${task.id} "${expected}" on contact ${contact.id}, due ${local(task.properties.hs_timestamp)}` +
			(due === wanted
				? ', 120 minutes before the meeting'
				: `, expected ${local(new Date(wanted).toISOString())}`),
	);
}

/**
 * The open date is HubSpot's own (read-only in its API: 400 READ_ONLY_VALUE), so the contact
 * who opened is made as HubSpot's tracking leaves it, through the sandbox's admin route; then the
 * call task the template creates is waited for.
 */
async function emailOpened(api: SandboxApi): Promise<boolean> {
	const openedAt = new Date().toISOString();
	const contact = await api.createAsHubSpot('contacts', {
		firstname: 'Marina',
		lastname: 'Costa',
		email: `marina.costa.${Date.now()}@example.com.br`,
		hs_sales_email_last_opened: openedAt,
	});
	const record = { objectType: 'contacts', id: contact.id };
	const title = 'Ligar: Marina abriu o e-mail';
	const task = await newTaskOn(api, record, title);
	if (!task) return missing(record, title);
	return reportDueAfter(
		task,
		`task ${task.id} "${title}" on contact ${contact.id}`,
		openedAt,
		'the open',
	);
}

async function dealWon(api: SandboxApi): Promise<boolean> {
	const deal = await api.createRecord('deals', {
		dealname: `Renovação demo ${DateTime.now().setZone(ZONE).toFormat('dd/MM HH:mm:ss')}`,
		pipeline: 'default',
		dealstage: 'appointmentscheduled',
	});
	const onDeal = (subject: string, key?: string) =>
		api.createRecord(
			'tasks',
			{
				hs_task_subject: subject,
				hs_task_status: 'NOT_STARTED',
				hs_timestamp: new Date(Date.now() + 86_400_000).toISOString(),
				...(key ? { [KEY]: key } : {}),
			},
			[
				{
					to: { id: deal.id },
					types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_DEAL }],
				},
			],
		);
	// as Create Workflow Activity keys its tasks; a rep's own task carries no key
	const pending = await onDeal(
		'Enviar proposta',
		`${ACTIVITY_KEY_PREFIX}demo-fire:0:deals:${deal.id}:created`,
	);
	const own = await onDeal('Almoço com o cliente');
	await api.updateRecord('deals', deal.id, { dealstage: 'closedwon' });
	console.log(
		`waiting for the next poll (every minute) to complete task ${pending.id} on deal ${deal.id}`,
	);
	const status = (id: string) =>
		api.readRecord('tasks', id, ['hs_task_status']).then((task) => task.properties.hs_task_status);
	const completed = await untilPolled(async () =>
		(await status(pending.id)) === 'COMPLETED' ? true : undefined,
	);
	if (!completed)
		return report(
			false,
			`task ${pending.id} "Enviar proposta" still open after ${POLL_WAIT_MS / 1000} s`,
		);
	report(
		true,
		`task ${pending.id} "Enviar proposta" (key ${ACTIVITY_KEY_PREFIX}...) completed on deal ${deal.id}`,
	);
	// the same run would have completed it: it is checked once the pending task is done
	const ownStatus = await status(own.id);
	return report(
		ownStatus === 'NOT_STARTED',
		`task ${own.id} "Almoço com o cliente" (a rep's own, no key) left ${ownStatus}`,
	);
}

async function contactRotation(api: SandboxApi): Promise<boolean> {
	const teamId = handOutTeamId(templateNamed(loadTemplates(), TEMPLATE_FILES.contactRotation));
	const firstname = 'Rafaela';
	const contact = await newContact(api, firstname, 'Teixeira');
	const record = { objectType: 'contacts', id: contact.id };
	const title = `Primeiro contato: ${firstname}`;
	const task = await newTaskOn(api, record, title);
	if (!task) return missing(record, title);
	const ownerId = (await api.readRecord('contacts', contact.id, ['hubspot_owner_id'])).properties
		.hubspot_owner_id;
	if (!ownerId) return report(false, `contact ${contact.id} has "${title}" but no owner`);
	const owner = await api.call<{
		firstName: string;
		lastName: string;
		teams: Array<{ id: string }>;
	}>('GET', `/crm/v3/owners/${ownerId}`);
	const inTeam = owner.teams.some((team) => String(team.id) === teamId);
	const sameOwner = task.properties.hubspot_owner_id === ownerId;
	return report(
		inTeam && sameOwner,
		`contact ${contact.id} handed to owner ${ownerId} ${owner.firstName} ${owner.lastName}` +
			`${inTeam ? ` of team ${teamId}` : `, NOT of team ${teamId}`}; task ${task.id} "${title}"` +
			`${sameOwner ? ' for the same owner' : ` for owner ${task.properties.hubspot_owner_id ?? '(none)'}`}` +
			`, due ${local(task.properties.hs_timestamp)}`,
	);
}

const SCENARIOS: Record<string, (api: SandboxApi) => Promise<boolean> | boolean> = {
	[TEMPLATE_FILES.leadReceived]: leadReceived,
	[TEMPLATE_FILES.leadDiscarded]: leadDiscarded,
	[TEMPLATE_FILES.meetingBooked]: meetingBooked,
	[TEMPLATE_FILES.emailOpened]: emailOpened,
	[TEMPLATE_FILES.dealWon]: dealWon,
	[TEMPLATE_FILES.contactRotation]: contactRotation,
};

export async function fireActivity(example: ActivityExample, sandboxUrl: string): Promise<boolean> {
	const scenario = SCENARIOS[`${example.template}.json`];
	if (!scenario) throw new DemoError(`demo:fire has no example change for ${example.template} yet`);
	console.log(`"${example.workflowName}" (workflows/${example.template}.json)`);
	return await scenario(new SandboxApi(sandboxUrl));
}
