/**
 * Process Guide through n8n's engine against the sandbox, each run fed what the Form page hands
 * back (the page's answers and the hidden state): pages built from HubSpot's definitions (read
 * once, then cached), the record written once and logged once, also when the last step runs
 * again; bad guides and records named on the item; and, at 10% and 30% faults, every guide saved
 * with exactly one note and nothing half-written.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { ProcessGuide } from '../../nodes/ProcessGuide/ProcessGuide.node';
import { DEFAULT_IDEMPOTENCY_PROPERTY } from '../../nodes/shared/crm';
import type { FaultStatus, SeedData } from '../../sandbox/server';
import { NodeTypeRegistry, runNode, type OutputItem } from '../../tools/engine';
import { useContractSandbox } from '../sandbox/testSandbox';

const KEY = {
	name: DEFAULT_IDEMPOTENCY_PROPERTY,
	label: 'Taskflow idempotency key',
	type: 'string' as const,
	fieldType: 'text',
	hasUniqueValue: true,
};
const DEALS = 40;
const SEED: SeedData = {
	owners: [{ id: '101', email: 'ana@example.com', firstName: 'Ana' }],
	properties: { notes: [KEY], calls: [KEY] },
	objects: {
		deals: Array.from({ length: DEALS }, (_, index) => ({
			id: String(3_000_001 + index),
			properties: {
				dealname: `Deal ${index}`,
				amount: '1000',
				dealtype: 'existingbusiness',
				hubspot_owner_id: '101',
			},
		})),
	},
};
const GUIDE = {
	title: 'Discovery',
	pages: [
		{
			title: 'Need',
			questions: [
				{ property: 'description', required: true, minLength: 10 },
				{ property: 'dealtype', required: true },
			],
		},
		{ title: 'Budget', questions: [{ property: 'amount', required: true, min: 1 }] },
		{
			title: 'Who decides',
			showIf: { property: 'dealtype', equals: ['newbusiness'] },
			questions: [{ property: 'hs_next_step', required: true }],
		},
	],
};

const nodeTypes = new NodeTypeRegistry([ProcessGuide], [HubSpotTaskflowApi]);
const sandbox = useContractSandbox({}, { resetBeforeEach: SEED });
afterEach(() => sandbox.setFaults(undefined));

async function guideStep(
	input: IDataObject,
	parameters: INodeParameters = {},
	settings: IDataObject = {},
) {
	return await runNode(
		{
			type: ProcessGuide,
			parameters: {
				guide: JSON.stringify(GUIDE),
				objectType: 'deal',
				recordId: '={{ $json.dealId }}',
				timeZone: 'Europe/Bucharest',
				...parameters,
			},
			...settings,
		},
		{
			nodeTypes,
			credentials: { hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url } },
			inputItems: [{ json: input }],
		},
	);
}

/** What the Form page hands back: the answers under their property names and the hidden state. */
function submitted(page: OutputItem, answers: IDataObject): IDataObject {
	return {
		...answers,
		guideState: page.json.guideState,
		submittedAt: '2026-12-08T10:00:00.000+02:00',
		formMode: 'production',
	};
}

async function answeredUpToSave(dealId: string, answers: IDataObject[]): Promise<IDataObject> {
	let page = (await guideStep({ dealId, onCall: 'No' })).items(0)[0];
	for (const pageAnswers of answers.slice(0, -1)) {
		page = (await guideStep(submitted(page, pageAnswers))).items(0)[0];
		expect(page.json.formFields).toBeDefined();
	}
	return submitted(page, answers[answers.length - 1]);
}

const deal = (id: string) => sandbox.store.get('deals', id)!.properties;
const notesOf = (id: string) =>
	sandbox.store
		.all('notes')
		.filter((note) => sandbox.store.associatedIds('notes', note.id, 'deals').includes(id));
const propertyReads = () =>
	sandbox.requestLog().filter((exchange) => exchange.path.startsWith('/crm/v3/properties/')).length;

describe('Process Guide', () => {
	it('pages from HubSpot definitions, read once; the deal written once and the note logged once, also when the last step runs again', async () => {
		const first = await guideStep({ dealId: '3000001' });
		expect(first.items(1)).toEqual([]);
		const [page] = first.items(0);
		expect(page.json).toMatchObject({
			formTitle: 'Discovery: Need',
			buttonLabel: 'Next',
			objectType: 'deals',
			recordId: '3000001',
		});
		expect(page.pairedItem).toEqual({ item: 0 });
		const readsAfterFirst = propertyReads();

		const budget = (
			await guideStep(
				submitted(page, {
					description: 'They lose deals to slow quotes',
					dealtype: 'New Business',
				}),
			)
		).items(0)[0];
		expect(budget.json.formTitle).toBe('Discovery: Budget');
		const decides = (await guideStep(submitted(budget, { amount: 1000 }))).items(0)[0];
		expect(decides.json.formTitle).toBe('Discovery: Who decides');
		const last = submitted(decides, { hs_next_step: 'Demo on Thursday' });
		const saved = await guideStep(last);
		const [done] = saved.items(1);
		expect(done.json).toMatchObject({
			guide: 'Discovery',
			recordId: '3000001',
			changes: {
				description: 'They lose deals to slow quotes',
				dealtype: 'newbusiness',
				hs_next_step: 'Demo on Thursday',
			},
			timeline: { objectType: 'notes', existing: false },
		});
		// the same definitions served every page: none read after the first page
		expect(propertyReads()).toBe(readsAfterFirst);
		expect(deal('3000001')).toMatchObject({
			dealtype: 'newbusiness',
			amount: '1000',
			hs_next_step: 'Demo on Thursday',
		});
		expect(notesOf('3000001')).toHaveLength(1);

		// n8n's Retry of the execution runs the last step again with the same input
		const again = (await guideStep(last)).items(1)[0];
		expect(again.json).toMatchObject({
			timeline: { id: (done.json.timeline as IDataObject).id, existing: true },
		});
		expect(notesOf('3000001')).toHaveLength(1);
	});

	it('a bad guide, a record HubSpot does not have and a tampered state fail the item, naming the field; continueOnFail keeps them', async () => {
		const badGuide = await guideStep(
			{ dealId: '3000001' },
			{ guide: '{"title": "X", "pages": [{"title": "P", "questions": ["nope"]}]}' },
		);
		expect(badGuide.status).toBe('error');
		expect(badGuide.error?.message).toBe(
			'Guide: Page "P", question "nope" (nope): HubSpot has no such property',
		);

		const missing = await guideStep({ dealId: '3999999' });
		expect(missing.error?.message).toBe('Record ID: HubSpot has no deals 3999999');
		expect((await guideStep({ dealId: 'abc' })).error?.message).toBe(
			'Record ID: "abc" is not a HubSpot ID',
		);

		const page = (await guideStep({ dealId: '3000001' })).items(0)[0];
		const state = JSON.parse(Buffer.from(String(page.json.guideState), 'base64url').toString());
		const otherType = Buffer.from(JSON.stringify({ ...state, objectType: 'contacts' })).toString(
			'base64url',
		);
		const retyped = await guideStep({ guideState: otherType, description: 'x' });
		expect(retyped.error?.message).toBe(
			'The input field "guideState" names contacts, but this guide runs on deals',
		);

		const tampered = await guideStep(
			{ guideState: 'eyJ2IjoyfQ', amount: 5 },
			{},
			{ continueOnFail: true },
		);
		const [kept] = tampered.items(0);
		expect(kept.json).toMatchObject({
			amount: 5,
			error: expect.stringContaining("does not hold this guide's state"),
		});
		expect(kept.pairedItem).toEqual({ item: 0 });
	});

	it.each([0.1, 0.3])(
		'at %p faults, %#: every guide is saved with one note and its answers, retried as n8n retries a failed execution',
		async (rate) => {
			const ids = Array.from({ length: DEALS }, (_, index) => String(3_000_001 + index));
			const lastSteps = new Map<string, IDataObject>();
			for (const id of ids) {
				lastSteps.set(
					id,
					await answeredUpToSave(id, [
						{ description: `Need of deal ${id} spelled out`, dealtype: 'Existing Business' },
						{ amount: 2000 + Number(id.slice(-2)) },
					]),
				);
			}
			const statuses: FaultStatus[] = [500, 503, 429, 'reset', 'applied-reset', 'applied-504'];
			sandbox.setFaults({ rate, statuses, paths: '^/crm/v3/objects/(deals|notes)', seed: 7 });
			let failedRuns = 0;
			for (const id of ids) {
				for (let attempt = 0; ; attempt++) {
					const result = await guideStep(lastSteps.get(id)!);
					if (result.status !== 'error') break;
					failedRuns++;
					if (attempt > 5) throw new Error(`deal ${id} not saved: ${result.error?.message}`);
				}
			}
			const faulted = sandbox
				.requestLog()
				.filter((exchange) => exchange.fault !== undefined).length;
			sandbox.setFaults(undefined);
			const wrong = ids.filter(
				(id) =>
					deal(id).amount !== String(2000 + Number(id.slice(-2))) ||
					deal(id).description !== `Need of deal ${id} spelled out`,
			);
			const noteCounts = ids.map((id) => notesOf(id).length);
			console.log(
				`process guide saves, ${DEALS} deals at ${rate * 100}% faults: ${faulted} faulted exchanges, ${failedRuns} failed runs retried, wrong deals ${wrong.length}, notes per deal ${[...new Set(noteCounts)].join('/')}`,
			);
			expect(faulted).toBeGreaterThan(0);
			expect(wrong).toEqual([]);
			expect(noteCounts.every((count) => count === 1)).toBe(true);
		},
		120_000,
	);
});
