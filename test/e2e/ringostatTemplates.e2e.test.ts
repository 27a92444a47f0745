/**
 * The Ringostat templates (workflows/ringostat-*.json) in a real n8n 2.40.7 with this package
 * installed, against the demo account of the sandbox (contacts whose numbers were typed every
 * which way): call events posted as Ringostat posts them, each cell of the call matrix checked in
 * the sandbox, a repeated event changing nothing, a wrong secret refused with no execution; and a
 * ringing call answered with its owner's destination, from memory the second time, forgotten when
 * HubSpot reports an owner change; and a call whose run failed while HubSpot was down, retried from
 * n8n's executions list once HubSpot is back.
 */
import { DEMO_OWNERS } from '../../sandbox/seed';
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import { contactPropertyChange, deliver } from '../../tools/n8n/hubspot-deliveries';
import type { N8nInstance } from '../../tools/n8n/n8n-instance';
import { delay } from '../../tools/n8n/process-group';
import { CALL_TRACKING_SECRET } from '../../tools/n8n/sandbox-tasks';
import { requireTemplateNodes, startN8nWithTemplates } from '../../tools/n8n/template-setup';
import {
	loadTemplates,
	nodeNamed,
	RINGOSTAT_TEMPLATE_PREFIX,
	stickyNoteText,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	templateNamed,
	type Template,
} from '../../tools/n8n/templates';

const CLIENT_SECRET = 'e2e-ringostat-app-client-secret';
const SETUP_TIMEOUT_MS = 15 * 60_000;
const TEST_TIMEOUT_MS = 120_000;
const KEY = 'taskflow_idempotency_key';
const [, , IOANA, PIOTR, , SENIOR] = DEMO_OWNERS.map((owner) => String(owner.id));

type Record_ = { id: string; properties: Record<string, string> };

describe('Ringostat templates in real n8n', () => {
	let sandbox: ContractSandbox;
	let n8n: N8nInstance;
	const templates = loadTemplates().filter((t) => t.file.startsWith(RINGOSTAT_TEMPLATE_PREFIX));
	const callTemplate = templateNamed(templates, TEMPLATE_FILES.ringostatCall);
	const forwardingTemplate = templateNamed(templates, TEMPLATE_FILES.ringostatForwarding);

	beforeAll(async () => {
		requireTemplateNodes(templates, {
			[TEMPLATE_FILES.ringostatCall]: [TEMPLATE_NODES.ringostatCall, TEMPLATE_NODES.logCall],
			[TEMPLATE_FILES.ringostatForwarding]: [
				TEMPLATE_NODES.ringingCall,
				TEMPLATE_NODES.findOwner,
				TEMPLATE_NODES.ownerChanged,
			],
		});
		sandbox = await startContractSandbox({ seed: 'demo' });
		n8n = await startN8nWithTemplates(templates, {
			label: 'ringostatTemplates',
			publicUrl: 'https://n8n.taskflow-e2e.example.com/',
			sandbox,
			clientSecret: CLIENT_SECRET,
			publish: templates.map((template) => template.file),
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (n8n) console.log(`[ringostatTemplates] ${n8n.timingSummary()}`);
		await n8n?.dispose();
		await sandbox?.close();
	}, 60_000);

	/** The local URL of a template's Call Tracking Trigger: its webhookId, then its Path. */
	function callWebhookUrl(template: Template, nodeName: string, secret?: string): string {
		const trigger = nodeNamed(template, nodeName);
		const url = n8n.webhookUrl(`${trigger.webhookId}/${String(trigger.parameters.path)}`);
		return secret === undefined ? url : `${url}?secret=${encodeURIComponent(secret)}`;
	}

	async function post(url: string, fields: Record<string, string>) {
		const started = performance.now();
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString(),
		});
		return {
			status: response.status,
			contentType: response.headers.get('content-type') ?? '',
			body: await response.text(),
			ms: performance.now() - started,
		};
	}

	let callNumber = 0;
	/** Ringostat's after-call data as its webhook posts it (form fields, its own names). */
	function afterCall(fields: Record<string, string>): Record<string, string> {
		callNumber++;
		return {
			uniqueid: `1765101600.${callNumber}`,
			call_type: 'in',
			disposition: 'ANSWERED',
			dst: '0213334455',
			calldate: '2026-12-07 12:00:00',
			duration: '95',
			billsec: '80',
			recording: `https://records.example.com/${callNumber}.mp3`,
			...fields,
		};
	}

	const all = (type: string) => sandbox.store.all(type) as Record_[];
	const linked = (type: string, id: string, to: string) =>
		sandbox.store.associatedIds(type, id, to).sort();
	const contactNamed = (first: string) =>
		all('contacts').find((c) => c.properties.firstname === first)!;
	const byKey = (type: string, fragment: string) =>
		all(type).filter((record) => String(record.properties[KEY] ?? '').includes(fragment));
	const counts = () =>
		Object.fromEntries(['contacts', 'deals', 'calls', 'tasks'].map((t) => [t, all(t).length]));

	async function logged(fields: Record<string, string>, runs: number) {
		const answer = await post(
			callWebhookUrl(callTemplate, TEMPLATE_NODES.ringostatCall, CALL_TRACKING_SECRET),
			fields,
		);
		expect(answer.status).toBe(200);
		const finished = await n8n.waitForFinishedExecutions(callTemplate.workflow.id, runs, 60_000);
		expect(finished.map((execution) => execution.status)).toEqual(finished.map(() => 'success'));
		return answer;
	}

	test('both templates as shipped: the Ringostat settings, the secret and the retry in sticky notes', () => {
		for (const template of templates) {
			const notes = stickyNoteText(template);
			expect({ file: template.file, mentions: /secret=/.test(notes) && /401/.test(notes) }).toEqual(
				{
					file: template.file,
					mentions: true,
				},
			);
			expect(notes).toMatch(/crm\.objects\.contacts\.read/);
		}
		expect(stickyNoteText(callTemplate)).toMatch(/Retry/);
		expect(stickyNoteText(callTemplate)).toMatch(/taskflow_idempotency_key/);
		expect(stickyNoteText(forwardingTemplate)).toMatch(/Webhook forwarding/);
	});

	test(
		'a wrong or missing secret gets 401 and starts no execution',
		() =>
			n8n.withLogOnFailure(async () => {
				const event = afterCall({ caller: '0744555999', connected_with: 'piotr_sip' });
				for (const url of [
					callWebhookUrl(callTemplate, TEMPLATE_NODES.ringostatCall, 'not-the-secret-at-all'),
					callWebhookUrl(callTemplate, TEMPLATE_NODES.ringostatCall),
					callWebhookUrl(
						forwardingTemplate,
						TEMPLATE_NODES.ringingCall,
						`${CALL_TRACKING_SECRET}x`,
					),
				]) {
					expect((await post(url, event)).status).toBe(401);
				}
				await delay(1_500);
				expect(await n8n.rest.listExecutions(callTemplate.workflow.id)).toEqual([]);
				expect(await n8n.rest.listExecutions(forwardingTemplate.workflow.id)).toEqual([]);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'the call matrix through the template: each cell lands in HubSpot, a repeated event changes nothing',
		() =>
			n8n.withLogOnFailure(async () => {
				// new number, answered by Piotr: contact and deal owned by him, the call and its recording task
				const first = afterCall({
					caller: '0744 555 010',
					connected_with: 'piotr_sip',
					utm_source: 'google',
				});
				const answer = await logged(first, 1);
				expect(answer.ms).toBeLessThan(1_000);
				const [contact] = all('contacts').filter((c) => c.properties.phone === '+40744555010');
				expect(contact.properties).toMatchObject({ hubspot_owner_id: PIOTR, utm_source: 'google' });
				const [deal] = linked('contacts', contact.id, 'deals');
				expect(sandbox.store.get('deals', deal)?.properties.hubspot_owner_id).toBe(PIOTR);
				const [call] = byKey('calls', `call:${first.uniqueid}:`);
				expect(call.properties).toMatchObject({
					hs_call_direction: 'INBOUND',
					hs_call_status: 'COMPLETED',
				});
				expect(linked('calls', call.id, 'contacts')).toEqual([contact.id]);
				expect(linked('calls', call.id, 'deals')).toEqual([deal]);
				expect(
					byKey('tasks', `call:${first.uniqueid}:`).map((t) => t.properties.hs_task_status),
				).toEqual(['COMPLETED']);

				// Ringostat sends it again: nothing new
				const before = counts();
				await logged(first, 2);
				expect(counts()).toEqual(before);

				// Elena (stored as "0721 234 568", owned by Ioana) calls as 40721234568, Piotr answers
				const elena = contactNamed('Elena');
				const colleague = afterCall({ caller: '40721234568', connected_with: 'piotr_sip' });
				await logged(colleague, 3);
				expect(all('contacts').filter((c) => c.properties.firstname === 'Elena')).toHaveLength(1);
				const [elenaCall] = byKey('calls', `call:${colleague.uniqueid}:`);
				expect(linked('calls', elenaCall.id, 'contacts')).toEqual([elena.id]);
				const [forOwner] = byKey('tasks', `call:${colleague.uniqueid}:task:colleagueAnswered`);
				expect(forOwner.properties.hubspot_owner_id).toBe(IOANA);
				expect(forOwner.properties.hs_task_body).toMatch(/Piotr|piotr_sip/);

				// a missed call from a new number: contact and deal for the senior manager, a call-back task
				const missed = afterCall({
					caller: '+40 755 100 200',
					disposition: 'NO ANSWER',
					billsec: '0',
				});
				await logged(missed, 4);
				const [newcomer] = all('contacts').filter((c) => c.properties.phone === '+40755100200');
				expect(newcomer.properties.hubspot_owner_id).toBe(SENIOR);
				const [callBack] = byKey('tasks', `call:${missed.uniqueid}:task:callBack`);
				expect(callBack.properties).toMatchObject({
					hubspot_owner_id: SENIOR,
					hs_task_status: 'NOT_STARTED',
				});

				// an employee missing from the table: a task for the senior manager to fix it
				const unknown = afterCall({ caller: '+40 721 234 567', connected_with: 'new_hire_sip' });
				await logged(unknown, 5);
				const [check] = byKey('tasks', `call:${unknown.uniqueid}:task:unknownEmployee`);
				expect(check.properties.hubspot_owner_id).toBe(SENIOR);
				expect(check.properties.hs_task_body).toMatch(/new_hire_sip/);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		"a ringing call is answered with its owner's destination, from memory the second time, afresh after an owner change",
		() =>
			n8n.withLogOnFailure(async () => {
				const ring = async (caller: string) =>
					await post(
						callWebhookUrl(forwardingTemplate, TEMPLATE_NODES.ringingCall, CALL_TRACKING_SECRET),
						{
							call_id: `ring-${caller}`,
							caller,
						},
					);
				const searches = () =>
					sandbox.requestLog().filter((e) => e.path.endsWith('/search')).length;
				const elena = contactNamed('Elena');

				const cold = await ring('40721234568');
				expect(cold).toMatchObject({ status: 200, body: 'ioana_sip' });
				expect(cold.contentType).toMatch(/^text\/plain/);
				const searchesAfterCold = searches();
				const warm = await ring('0721 234 568');
				expect(warm).toMatchObject({ status: 200, body: 'ioana_sip' });
				expect(searches()).toBe(searchesAfterCold);

				expect(await ring('+40 31 999 9999')).toMatchObject({ status: 200, body: '' });

				// Elena is handed to Piotr in HubSpot; until HubSpot says so the memory answers Ioana
				const patched = await fetch(`${sandbox.url}/crm/v3/objects/contacts/${elena.id}`, {
					method: 'PATCH',
					headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
					body: JSON.stringify({ properties: { hubspot_owner_id: PIOTR } }),
				});
				expect(patched.status).toBe(200);
				expect((await ring('40721234568')).body).toBe('ioana_sip');

				const trigger = nodeNamed(forwardingTemplate, TEMPLATE_NODES.ownerChanged);
				const webhookPath = `${trigger.webhookId}/${String(trigger.parameters.path)}`;
				const event = {
					...contactPropertyChange(Number(elena.id), PIOTR),
					propertyName: 'hubspot_owner_id',
				};
				const delivered = await deliver(
					{
						localUrl: n8n.webhookUrl(webhookPath),
						publicUrl: n8n.publicWebhookUrl(webhookPath),
						clientSecret: CLIENT_SECRET,
					},
					[event],
				);
				expect(delivered.status).toBe(200);
				expect((await ring('40721234568')).body).toBe('piotr_sip');
			}),
		TEST_TIMEOUT_MS,
	);
	test(
		'HubSpot down past the retries: the run fails holding the whole event, and Retry in the executions list applies it once',
		() =>
			n8n.withLogOnFailure(async () => {
				const workflowId = callTemplate.workflow.id;
				const before = (await n8n.rest.listExecutions(workflowId)).length;
				const event = afterCall({ caller: '0744 555 777', connected_with: 'piotr_sip' });
				sandbox.setFaults({ rate: 1, statuses: [503], paths: '^/crm/' });
				try {
					const answer = await post(
						callWebhookUrl(callTemplate, TEMPLATE_NODES.ringostatCall, CALL_TRACKING_SECRET),
						event,
					);
					expect(answer.status).toBe(200);
					expect(answer.ms).toBeLessThan(1_000);
					await n8n.waitForFinishedExecutions(workflowId, before + 1, 90_000);
				} finally {
					sandbox.setFaults(undefined);
				}
				const newest = async () =>
					[...(await n8n.rest.listExecutions(workflowId))].sort(
						(a, b) => Number(b.id) - Number(a.id),
					)[0];
				const failed = await newest();
				expect(failed.status).toBe('error');
				const detail = await n8n.rest.getExecution(failed.id);
				expect(detail.runData[TEMPLATE_NODES.ringostatCall][0].data?.main?.[0]?.[0]?.json).toEqual(
					event,
				);
				expect(all('contacts').filter((c) => c.properties.phone === '+40744555777')).toHaveLength(
					0,
				);

				await n8n.rest.json('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
				await n8n.waitForFinishedExecutions(workflowId, before + 2, 60_000);
				expect((await newest()).status).toBe('success');
				const contacts = all('contacts').filter((c) => c.properties.phone === '+40744555777');
				expect(contacts).toHaveLength(1);
				expect(byKey('calls', `call:${event.uniqueid}:`)).toHaveLength(1);
				expect(linked('contacts', contacts[0].id, 'deals')).toHaveLength(1);
			}),
		TEST_TIMEOUT_MS,
	);
});
