/**
 * Seed 003's CRM workflows as templates (workflows/crm-*.json) in a real n8n 2.40.7, published at
 * once against the demo's account and polling every 10 s: a lead's score passing 30 makes it an
 * MQL (a customer's does not), a contact marked as competitor loses its owner and becomes Other
 * and Unqualified in one write, a company's size sets its ICP tier. Each template names its
 * enrollment object, its goal and whether existing records are enrolled, and carries tags.
 */
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import type { N8nInstance } from '../../tools/n8n/n8n-instance';
import { delay } from '../../tools/n8n/process-group';
import { startN8nWithTemplates } from '../../tools/n8n/template-setup';
import {
	CRM_TEMPLATE_PREFIX,
	layoutProblems,
	loadTemplates,
	stickyNoteText,
	withFastPolls,
} from '../../tools/n8n/templates';

const SETUP_TIMEOUT_MS = 15 * 60_000;
const TEST_TIMEOUT_MS = 120_000;
const WITHIN_MS = 40_000;

type Record_ = { id: string; properties: Record<string, string> };

describe('CRM workflow templates (seed 003) in real n8n', () => {
	let sandbox: ContractSandbox;
	let n8n: N8nInstance;
	const shipped = loadTemplates().filter((t) => t.file.startsWith(CRM_TEMPLATE_PREFIX));
	const templates = shipped.map(withFastPolls);

	beforeAll(async () => {
		sandbox = await startContractSandbox({ seed: 'demo' });
		n8n = await startN8nWithTemplates(templates, {
			label: 'crmTemplates',
			publicUrl: 'https://n8n.taskflow-e2e.example.com/',
			sandbox,
			clientSecret: 'e2e-crm-unused-client-secret',
			publish: templates.map((template) => template.file),
		});
		// Each trigger's first poll (at publishing) starts its watch from now.
		await delay(2_000);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (n8n) console.log(`[crmTemplates] ${n8n.timingSummary()}`);
		await n8n?.dispose();
		await sandbox?.close();
	}, 60_000);

	async function api(method: string, path: string, body?: unknown): Promise<Record_> {
		const response = await fetch(`${sandbox.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
		return (await response.json()) as Record_;
	}
	const create = async (type: string, properties: Record<string, string>) =>
		(await api('POST', `/crm/v3/objects/${type}`, { properties, associations: [] })).id;
	const update = async (type: string, id: string, properties: Record<string, string>) =>
		await api('PATCH', `/crm/v3/objects/${type}/${id}`, { properties });
	const stored = (type: string, id: string) => sandbox.store.get(type, id)!.properties;

	async function waitFor(what: string, probe: () => boolean): Promise<void> {
		const deadline = Date.now() + WITHIN_MS;
		while (!probe()) {
			if (Date.now() > deadline) throw new Error(`${what}: not within ${WITHIN_MS / 1000} s`);
			await delay(500);
		}
	}

	test('each template: a clean layout, its enrollment object, goal, existing-records choice and tags', () => {
		expect(shipped.map((t) => t.file).sort()).toEqual([
			'crm-abm-icp-tier.json',
			'crm-lead-disqualification.json',
			'crm-lifecycle-mql-by-score.json',
		]);
		for (const template of shipped) {
			expect(layoutProblems(template)).toEqual([]);
			const notes = stickyNoteText(template);
			expect(notes).toMatch(/\*\*Enrollment object\*\*: (contact|company|deal|ticket)\./);
			expect(notes).toContain('**Goal (what unenrolls)**');
			expect(notes).toContain('**Existing records?**');
			expect(template.workflow.name).toMatch(/^\[(LS|LM|ABM)\] /);
			expect((template.workflow.tags as unknown[]).length).toBeGreaterThan(0);
		}
	});

	test(
		"a lead's score passing 30 makes it an MQL; a customer's, or a lead's at 20, does not",
		async () => {
			const lead = await create('contacts', {
				email: 'score.lead@example.org',
				lifecyclestage: 'lead',
			});
			const low = await create('contacts', {
				email: 'score.low@example.org',
				lifecyclestage: 'lead',
			});
			const customer = await create('contacts', {
				email: 'score.customer@example.org',
				lifecyclestage: 'customer',
			});
			// HubSpot's scoring sets the score; the API cannot
			sandbox.store.update('contacts', lead, { hubspotscore: '35' });
			sandbox.store.update('contacts', low, { hubspotscore: '20' });
			sandbox.store.update('contacts', customer, { hubspotscore: '80' });
			await waitFor(
				'the lead made an MQL',
				() => stored('contacts', lead).lifecyclestage === 'marketingqualifiedlead',
			);
			await delay(12_000); // one more poll: nothing else changes
			expect(stored('contacts', low).lifecyclestage).toBe('lead');
			expect(stored('contacts', customer).lifecyclestage).toBe('customer');
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'a contact marked as competitor loses its owner and becomes Other and Unqualified, in one write',
		async () => {
			const contact = await create('contacts', {
				email: 'rival@competitor.example.org',
				hubspot_owner_id: '80000001',
				lifecyclestage: 'lead',
				hs_lead_status: 'OPEN',
			});
			const writesBefore = sandbox
				.requestLog()
				.filter((exchange) => exchange.path === '/crm/v3/objects/contacts/batch/update').length;
			await update('contacts', contact, { contact_type: 'competitor' });
			await waitFor(
				'the competitor disqualified',
				() => stored('contacts', contact).hs_lead_status === 'UNQUALIFIED',
			);
			expect(stored('contacts', contact)).toMatchObject({
				lifecyclestage: 'other',
				hs_lead_status: 'UNQUALIFIED',
			});
			expect(stored('contacts', contact).hubspot_owner_id ?? '').toBe('');
			const writes = sandbox
				.requestLog()
				.filter((exchange) => exchange.path === '/crm/v3/objects/contacts/batch/update')
				.slice(writesBefore);
			expect(writes).toHaveLength(1);
			expect(writes[0].requestBody).toEqual({
				inputs: [
					{
						id: contact,
						properties: {
							hubspot_owner_id: '',
							lifecyclestage: 'other',
							hs_lead_status: 'UNQUALIFIED',
						},
					},
				],
			});
		},
		TEST_TIMEOUT_MS,
	);

	test(
		"a company's size sets its ICP tier, and a new size moves it",
		async () => {
			const company = await create('companies', {
				name: 'Grupo Exemplo',
				domain: 'grupo.example.com',
			});
			await update('companies', company, { numberofemployees: '1500' });
			await waitFor(
				'tier 1',
				() => stored('companies', company).hs_ideal_customer_profile === 'tier_1',
			);
			await update('companies', company, { numberofemployees: '40' });
			await waitFor(
				'tier 3',
				() => stored('companies', company).hs_ideal_customer_profile === 'tier_3',
			);
		},
		TEST_TIMEOUT_MS,
	);
});
