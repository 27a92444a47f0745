/**
 * The Create Workflow Activity templates (workflows/activity-*.json) in a real n8n 2.40.7 with this
 * package installed, all six published at once and polling the local sandbox (the demo's account)
 * every 10 s instead of every minute: a lead arriving, a lead discarded, a meeting booked, an email
 * opened, a new contact handed out in turn and a deal won, each done over HubSpot's API or as
 * HubSpot itself records it, and the tasks checked in the sandbox. Nothing is created twice.
 */
import { DateTime } from 'luxon';

import { DEMO_TEAMS, DEMO_OWNERS } from '../../sandbox/seed';
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import type { N8nInstance } from '../../tools/n8n/n8n-instance';
import { delay } from '../../tools/n8n/process-group';
import { requireTemplateNodes, startN8nWithTemplates } from '../../tools/n8n/template-setup';
import {
	ACTIVITY_TEMPLATE_PREFIX,
	layoutProblems,
	loadTemplates,
	nodeNamed,
	stickyNoteText,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	POLL_EVERY_SECONDS,
	type Template,
	withFastPolls,
} from '../../tools/n8n/templates';

const ZONE = 'America/Sao_Paulo';
const TASK_WITHIN_MS = 40_000;
const SETUP_TIMEOUT_MS = 15 * 60_000;
const TEST_TIMEOUT_MS = 120_000;
const KEY = 'taskflow_idempotency_key';

const shipped = loadTemplates().filter((t) => t.file.startsWith(ACTIVITY_TEMPLATE_PREFIX));

type Task = { id: string; properties: Record<string, string> };

describe('activity templates in real n8n', () => {
	let sandbox: ContractSandbox;
	let n8n: N8nInstance;
	const templates = shipped.map(withFastPolls);
	const figures: string[] = [];

	beforeAll(async () => {
		requireTemplateNodes(templates, {
			[TEMPLATE_FILES.leadReceived]: [TEMPLATE_NODES.filtro],
			[TEMPLATE_FILES.leadDiscarded]: [TEMPLATE_NODES.recuperar],
			[TEMPLATE_FILES.meetingBooked]: [TEMPLATE_NODES.confirm],
			[TEMPLATE_FILES.emailOpened]: [TEMPLATE_NODES.callOnOpen],
			[TEMPLATE_FILES.dealWon]: [TEMPLATE_NODES.completeOnWin],
			[TEMPLATE_FILES.contactRotation]: [TEMPLATE_NODES.handOut],
		});
		sandbox = await startContractSandbox({ seed: 'demo' });
		n8n = await startN8nWithTemplates(templates, {
			label: 'activityTemplates',
			publicUrl: 'https://n8n.taskflow-e2e.example.com/',
			sandbox,
			clientSecret: 'e2e-activity-unused-client-secret',
			publish: templates.map((template) => template.file),
		});
		// Every trigger's first poll (at publishing) starts its watch from now.
		await delay(2_000);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (n8n) console.log(`[activityTemplates] ${n8n.timingSummary()}; ${figures.join(', ')}`);
		await n8n?.dispose();
		await sandbox?.close();
	}, 60_000);

	const headers = () => ({
		authorization: `Bearer ${sandbox.token}`,
		'content-type': 'application/json',
	});

	async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${sandbox.url}${path}`, {
			method,
			headers: headers(),
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
		return (await response.json()) as T;
	}

	const createContact = async (properties: Record<string, string>) =>
		(
			await api<{ id: string }>('POST', '/crm/v3/objects/contacts', {
				properties,
				associations: [],
			})
		).id;

	/** Tasks the pack created for a record, known by their key (`cwa:…:<type>:<id>:…`). */
	const tasksOf = (objectType: string, id: string): Task[] =>
		(sandbox.store.all('tasks') as Task[]).filter((task) =>
			String(task.properties[KEY] ?? '').includes(`:${objectType}:${id}:`),
		);

	async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = TASK_WITHIN_MS) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = probe();
			if (value !== undefined) return value;
			if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
			await delay(250);
		}
	}

	const titled = (tasks: Task[], start: string) =>
		tasks.find((task) => task.properties.hs_task_subject?.startsWith(start));
	const local = (value: string) =>
		DateTime.fromMillis(Date.parse(value), { zone: ZONE }).toFormat('ccc HH:mm');
	const businessOpen = (value: string) => {
		const at = DateTime.fromMillis(Date.parse(value), { zone: ZONE });
		return at.weekday <= 5 && at.hour >= 9 && (at.hour < 18 || (at.hour === 18 && at.minute === 0));
	};

	test('each template as shipped: polls once a minute, from now on, its setup in sticky notes, readable layout', () => {
		expect(shipped.map((t) => t.file).sort()).toEqual(
			[
				TEMPLATE_FILES.leadReceived,
				TEMPLATE_FILES.leadDiscarded,
				TEMPLATE_FILES.meetingBooked,
				TEMPLATE_FILES.emailOpened,
				TEMPLATE_FILES.dealWon,
				TEMPLATE_FILES.contactRotation,
			].sort(),
		);
		for (const template of shipped) {
			const trigger = template.workflow.nodes.find((node) =>
				node.type.endsWith('.hubSpotTaskflowPollTrigger'),
			);
			expect({ file: template.file, trigger: trigger?.parameters }).toMatchObject({
				file: template.file,
				trigger: { pollTimes: { item: [{ mode: 'everyMinute' }] }, startFrom: 'now' },
			});
			const notes = stickyNoteText(template);
			expect({ file: template.file, mentions: /Start From/.test(notes) }).toEqual({
				file: template.file,
				mentions: true,
			});
			expect(notes).toMatch(/crm\.objects\.contacts\.write/);
			expect(notes).toMatch(/taskflow_idempotency_key/);
			expect(layoutProblems(template)).toEqual([]);
			expect(template.workflow.pinData ?? {}).toEqual({});
		}
		const handOut = nodeNamed(
			shipped.find((t) => t.file === TEMPLATE_FILES.contactRotation) as Template,
			TEMPLATE_NODES.handOut,
		);
		expect(handOut.parameters).toMatchObject({
			ownerMode: 'roundRobin',
			teamId: DEMO_TEAMS.saoPaulo.id,
			assignUnownedRecord: true,
		});
	});

	test(
		'new leads: Realizar Filtro 1 due within 30 business minutes, and an owner in turn with a first-touch task',
		() =>
			n8n.withLogOnFailure(async () => {
				const started = Date.now();
				const ids = [];
				for (let n = 0; n < 3; n++) {
					ids.push(
						await createContact({ email: `lead${n}@example.com.br`, firstname: `Lead ${n}` }),
					);
				}
				const team = new Set(
					DEMO_OWNERS.filter((owner) =>
						owner.teams?.some((t) => t.id === DEMO_TEAMS.saoPaulo.id),
					).map((owner) => owner.id),
				);
				const owners: string[] = [];
				for (const id of ids) {
					const filtro = await waitFor(`Realizar Filtro 1 on contact ${id}`, () =>
						titled(tasksOf('contacts', id), 'Realizar Filtro 1'),
					);
					const createdAt = Date.parse(
						String(sandbox.store.get('contacts', id)?.properties.createdate),
					);
					const due = Date.parse(filtro.properties.hs_timestamp);
					expect(filtro.properties).toMatchObject({
						hs_task_type: 'CALL',
						hs_task_priority: 'HIGH',
					});
					expect(due).toBeGreaterThanOrEqual(createdAt + 30 * 60_000);
					expect(businessOpen(filtro.properties.hs_timestamp)).toBe(true);
					expect(Number(filtro.properties.hs_task_reminders)).toBe(due - 10 * 60_000);

					const firstTouch = await waitFor(`Primeiro contato on contact ${id}`, () =>
						titled(tasksOf('contacts', id), 'Primeiro contato'),
					);
					const owner = await waitFor(`an owner for contact ${id}`, () => {
						const value = sandbox.store.get('contacts', id)?.properties.hubspot_owner_id;
						return value ? String(value) : undefined;
					});
					expect(firstTouch.properties.hubspot_owner_id).toBe(owner);
					expect(team.has(owner)).toBe(true);
					owners.push(owner);
					if (owners.length === 1) {
						figures.push(
							`first lead's tasks after ${((Date.now() - started) / 1000).toFixed(1)} s (due ${local(filtro.properties.hs_timestamp)})`,
						);
					}
				}
				// in turn: consecutive leads never go to the same member of a team of several
				for (let n = 1; n < owners.length; n++) expect(owners[n]).not.toBe(owners[n - 1]);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a lead discarded gets Recuperar Lead in 3 months; another status change gets nothing',
		() =>
			n8n.withLogOnFailure(async () => {
				const discarded = await createContact({ email: 'descartado@example.com.br' });
				const connected = await createContact({ email: 'conectado@example.com.br' });
				await delay(POLL_EVERY_SECONDS * 1000); // the creations are read first
				const changedFrom = Date.now();
				await api('PATCH', `/crm/v3/objects/contacts/${discarded}`, {
					properties: { hs_lead_status: 'UNQUALIFIED' },
				});
				await api('PATCH', `/crm/v3/objects/contacts/${connected}`, {
					properties: { hs_lead_status: 'CONNECTED' },
				});
				const task = await waitFor('Recuperar Lead', () =>
					titled(tasksOf('contacts', discarded), 'Recuperar Lead'),
				);
				const due = DateTime.fromMillis(Date.parse(task.properties.hs_timestamp), { zone: ZONE });
				const expected = DateTime.fromMillis(changedFrom, { zone: ZONE }).plus({ months: 3 });
				expect(Math.abs(due.diff(expected, 'minutes').minutes)).toBeLessThan(5);
				await delay(POLL_EVERY_SECONDS * 1000);
				expect(titled(tasksOf('contacts', connected), 'Recuperar Lead')).toBeUndefined();
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a booked meeting: Confirmação de Reunião 120 minutes before it on its contact; one starting within 2 hours is skipped',
		() =>
			n8n.withLogOnFailure(async () => {
				const contact = await createContact({ email: 'reuniao@example.com.br' });
				const soonContact = await createContact({ email: 'em-breve@example.com.br' });
				const start = DateTime.now()
					.setZone(ZONE)
					.plus({ days: 2 })
					.set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
				const meeting = async (contactId: string, startIso: string) =>
					await api('POST', '/crm/v3/objects/meetings', {
						properties: {
							hs_meeting_title: 'Demo do produto',
							hs_meeting_start_time: startIso,
							hs_timestamp: startIso,
						},
						// 200: HubSpot's meeting-to-contact association type
						associations: [
							{
								to: { id: contactId },
								types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 200 }],
							},
						],
					});
				await meeting(contact, start.toISO() as string);
				await meeting(soonContact, new Date(Date.now() + 60 * 60_000).toISOString());
				const task = await waitFor('Confirmação de Reunião', () =>
					titled(tasksOf('contacts', contact), 'Confirmação de Reunião'),
				);
				expect(task.properties.hs_task_subject).toBe('Confirmação de Reunião: Demo do produto');
				expect(Date.parse(task.properties.hs_timestamp)).toBe(start.toMillis() - 120 * 60_000);
				await delay(POLL_EVERY_SECONDS * 1000);
				expect(
					tasksOf('contacts', soonContact).filter((t) =>
						t.properties.hs_task_subject.startsWith('Confirm'),
					),
				).toEqual([]);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a sales email opened: a call within 30 business minutes of the open',
		() =>
			n8n.withLogOnFailure(async () => {
				const contact = await createContact({ email: 'abriu@example.com.br', firstname: 'Marina' });
				await delay(POLL_EVERY_SECONDS * 1000);
				// HubSpot's email tracking writes the date itself (the property is read-only)
				const openedAt = new Date().toISOString();
				sandbox.store.update('contacts', contact, { hs_sales_email_last_opened: openedAt });
				const task = await waitFor('the call on an open', () =>
					titled(tasksOf('contacts', contact), 'Ligar: Marina'),
				);
				expect(task.properties.hs_task_type).toBe('CALL');
				expect(Date.parse(task.properties.hs_timestamp)).toBeGreaterThanOrEqual(
					Date.parse(openedAt) + 30 * 60_000,
				);
				expect(businessOpen(task.properties.hs_timestamp)).toBe(true);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		"a deal won: the open tasks the pack created on it are completed; a rep's own task is left alone",
		() =>
			n8n.withLogOnFailure(async () => {
				const deal = await api<{ id: string }>('POST', '/crm/v3/objects/deals', {
					properties: {
						dealname: 'Renovação Acme',
						pipeline: 'default',
						dealstage: 'appointmentscheduled',
					},
					associations: [],
				});
				const onDeal = (subject: string, key?: string) =>
					api<{ id: string }>('POST', '/crm/v3/objects/tasks', {
						properties: {
							hs_task_subject: subject,
							hs_task_status: 'NOT_STARTED',
							hs_timestamp: new Date(Date.now() + 86_400_000).toISOString(),
							...(key ? { [KEY]: key } : {}),
						},
						// 216: HubSpot's task-to-deal association type
						associations: [
							{
								to: { id: deal.id },
								types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }],
							},
						],
					});
				const pending = await onDeal(
					'Enviar proposta',
					`cwa:other-workflow:0:deals:${deal.id}:created`,
				);
				const own = await onDeal('Almoço com o cliente');
				await delay(POLL_EVERY_SECONDS * 1000);
				await api('PATCH', `/crm/v3/objects/deals/${deal.id}`, {
					properties: { dealstage: 'closedwon' },
				});
				await waitFor('the pending task completed', () =>
					sandbox.store.get('tasks', pending.id)?.properties.hs_task_status === 'COMPLETED'
						? true
						: undefined,
				);
				expect(sandbox.store.get('tasks', own.id)?.properties.hs_task_status).toBe('NOT_STARTED');
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'after two more polls: every execution succeeded and no record got a task twice',
		() =>
			n8n.withLogOnFailure(async () => {
				await delay(2 * POLL_EVERY_SECONDS * 1000);
				const keys = (sandbox.store.all('tasks') as Task[])
					.map((task) => task.properties[KEY])
					.filter((key): key is string => Boolean(key));
				expect(keys.length).toBeGreaterThan(0);
				expect(new Set(keys).size).toBe(keys.length);
				const perRecordAndTitle = new Map<string, number>();
				for (const task of sandbox.store.all('tasks') as Task[]) {
					const key = task.properties[KEY];
					if (!key?.startsWith('cwa:') || key.includes('other-workflow')) continue;
					const record = key.split(':').slice(3, 5).join(':');
					const name = `${record} ${task.properties.hs_task_subject}`;
					perRecordAndTitle.set(name, (perRecordAndTitle.get(name) ?? 0) + 1);
				}
				expect([...perRecordAndTitle].filter(([, count]) => count > 1)).toEqual([]);
				for (const template of templates) {
					const executions = await n8n.rest.listExecutions(template.workflow.id);
					expect({
						file: template.file,
						failed: executions.filter((e) => !['success', 'running', 'new'].includes(e.status))
							.length,
					}).toEqual({ file: template.file, failed: 0 });
				}
				figures.push(`${perRecordAndTitle.size} tasks, none twice`);
			}),
		TEST_TIMEOUT_MS,
	);
});
