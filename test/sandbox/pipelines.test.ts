/** Deal and ticket pipelines through @hubspot/api-client, and deal stages checked against them. */
import { Client } from '@hubspot/api-client';

import { DEMO_RENEWALS_PIPELINE } from '../../sandbox/seed';
import { call, createBody } from './testHttp';
import { clientFailure, useContractSandbox } from './testSandbox';

const sandbox = useContractSandbox(
	{
		seed: 'demo',
		rateLimits: { enabled: false },
		tokens: {
			'deals-reader': { scopes: ['crm.objects.deals.read'] },
			'notes-writer': { scopes: ['crm.objects.notes.write'] },
		},
	},
	{ resetBeforeEach: 'startSeed' },
);
let client: Client;

beforeAll(() => {
	client = new Client({ accessToken: sandbox.token, basePath: sandbox.url });
});

describe('pipelines', () => {
	it("lists the deal pipelines: HubSpot's default sales pipeline and the demo's renewals", async () => {
		const { results } = await client.crm.pipelines.pipelinesApi.getAll('deals');
		expect(results.map((p) => `${p.id} ${p.label} ${p.displayOrder}`)).toEqual([
			'default Sales Pipeline 0',
			`${DEMO_RENEWALS_PIPELINE.id} Renewals 1`,
		]);
		const sales = results[0];
		expect(sales.createdAt).toBeInstanceOf(Date);
		expect(sales.stages.map((s) => [s.id, s.metadata?.isClosed, s.metadata?.probability])).toEqual([
			['appointmentscheduled', 'false', '0.2'],
			['qualifiedtobuy', 'false', '0.4'],
			['presentationscheduled', 'false', '0.6'],
			['decisionmakerboughtin', 'false', '0.8'],
			['contractsent', 'false', '0.9'],
			['closedwon', 'true', '1.0'],
			['closedlost', 'true', '0.0'],
		]);
		expect(sales.stages.map((s) => s.displayOrder)).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});

	it('reads one pipeline, its stages and one stage; tickets by their type id', async () => {
		const renewals = await client.crm.pipelines.pipelinesApi.getById(
			'deals',
			DEMO_RENEWALS_PIPELINE.id,
		);
		expect(renewals.stages.map((s) => s.label)).toEqual(['Renewal due', 'Renewed', 'Churned']);
		const stages = await client.crm.pipelines.pipelineStagesApi.getAll('deals', 'default');
		expect(stages.results).toHaveLength(7);
		const won = await client.crm.pipelines.pipelineStagesApi.getById(
			'deals',
			'default',
			'closedwon',
		);
		expect(won).toMatchObject({ label: 'Closed Won', metadata: { isClosed: 'true' } });
		const support = await client.crm.pipelines.pipelinesApi.getById('0-5', '0');
		expect(support.stages.map((s) => `${s.id}:${s.metadata?.ticketState}`)).toEqual([
			'1:OPEN',
			'2:OPEN',
			'3:OPEN',
			'4:CLOSED',
		]);
	});

	it('answers 404 OBJECT_NOT_FOUND for an unknown pipeline or stage, 400 for an unknown type', async () => {
		const pipeline = await clientFailure(client.crm.pipelines.pipelinesApi.getById('deals', '999'));
		expect(pipeline.code).toBe(404);
		expect(pipeline.body.category).toBe('OBJECT_NOT_FOUND');
		const stage = await clientFailure(
			client.crm.pipelines.pipelineStagesApi.getById('deals', 'default', 'closedwonish'),
		);
		expect(stage.code).toBe(404);
		const type = await call(sandbox, 'GET', '/crm/v3/pipelines/widgets');
		expect(type.status).toBe(400);
		expect(type.body.category).toBe('VALIDATION_ERROR');
		expect((await call(sandbox, 'GET', '/crm/v3/pipelines/contacts')).body).toEqual({
			results: [],
		});
	});

	it('takes the scopes of property reads', async () => {
		const reply = await call(sandbox, 'GET', '/crm/v3/pipelines/deals', undefined, 'deals-reader');
		expect(reply.status).toBe(200);
		const denied = await call(sandbox, 'GET', '/crm/v3/pipelines/deals', undefined, 'notes-writer');
		expect(denied.status).toBe(403);
		expect(denied.body.category).toBe('MISSING_SCOPES');
	});
});

describe('deal stages', () => {
	it('derives closed and won from the stage metadata of the deal’s pipeline', async () => {
		const [due, renewed, churned] = DEMO_RENEWALS_PIPELINE.stages.map((s) => s.id);
		const flags = async (dealstage: string) => {
			const deal = await client.crm.deals.basicApi.create({
				properties: {
					dealname: `Renewal ${dealstage}`,
					pipeline: DEMO_RENEWALS_PIPELINE.id,
					dealstage,
				},
				associations: [],
			});
			const read = await client.crm.deals.basicApi.getById(deal.id, [
				'hs_is_closed',
				'hs_is_closed_won',
			]);
			return `${read.properties.hs_is_closed}/${read.properties.hs_is_closed_won}`;
		};
		expect(await flags(due)).toBe('false/false');
		expect(await flags(renewed)).toBe('true/true');
		expect(await flags(churned)).toBe('true/false');
	});

	it('rejects a stage of another pipeline with INVALID_OPTION, on create, update and batch', async () => {
		const created = await clientFailure(
			client.crm.deals.basicApi.create({
				properties: { dealname: 'Wrong stage', dealstage: DEMO_RENEWALS_PIPELINE.stages[0].id },
				associations: [],
			}),
		);
		expect(created.code).toBe(400);
		expect(created.body.category).toBe('VALIDATION_ERROR');
		expect(created.body.errors?.[0]).toMatchObject({
			code: 'INVALID_OPTION',
			context: { propertyName: ['dealstage'] },
		});
		expect(created.body.message).toContain('pipeline default');

		const deal = await client.crm.deals.basicApi.create({
			properties: { dealname: 'Moves pipelines', dealstage: 'qualifiedtobuy' },
			associations: [],
		});
		const moved = await clientFailure(
			client.crm.deals.basicApi.update(deal.id, {
				properties: { pipeline: DEMO_RENEWALS_PIPELINE.id },
			}),
		);
		expect(moved.code).toBe(400);
		const both = await client.crm.deals.basicApi.update(deal.id, {
			properties: {
				pipeline: DEMO_RENEWALS_PIPELINE.id,
				dealstage: DEMO_RENEWALS_PIPELINE.stages[1].id,
			},
		});
		expect(both.properties.hs_is_closed_won).toBe('true');
		const batch = await clientFailure(
			client.crm.deals.batchApi.update({
				inputs: [{ id: deal.id, properties: { dealstage: 'closedwon' } }],
			}),
		);
		expect(batch.code).toBe(400);
		expect(
			(await call(sandbox, 'POST', '/crm/v3/objects/deals', createBody({ dealstage: 'nowhere' })))
				.status,
		).toBe(400);
	});

	it('offers every pipeline and stage as options of pipeline and dealstage', async () => {
		const stage = await client.crm.properties.coreApi.getByName('deals', 'dealstage');
		expect(stage.options.map((o) => o.value)).toEqual([
			'appointmentscheduled',
			'qualifiedtobuy',
			'presentationscheduled',
			'decisionmakerboughtin',
			'contractsent',
			'closedwon',
			'closedlost',
			...DEMO_RENEWALS_PIPELINE.stages.map((s) => s.id),
		]);
		const pipeline = await client.crm.properties.coreApi.getByName('deals', 'pipeline');
		expect(pipeline.options.map((o) => o.label)).toEqual(['Sales Pipeline', 'Renewals']);
	});
});
