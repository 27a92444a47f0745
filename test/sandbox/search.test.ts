/** Search: operators, filter groups, sorts, query, paging, HubSpot's limits, and speed at 20k records. */
import { call, searchBody } from './testHttp';
import { expectViolations, useContractSandbox } from './testSandbox';

const sandbox = useContractSandbox({ rateLimits: { enabled: false } });
const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);

function seedTasks(): string[] {
	sandbox.reset({});
	const rows: Array<[string, string, string | undefined, number]> = [
		['Ligar para João sobre a proposta', 'NOT_STARTED', 'HIGH', 0],
		['Call back Emma ASAP', 'IN_PROGRESS', 'LOW', 1],
		['Enviar proposta comercial', 'COMPLETED', undefined, 2],
		['Follow-up after demo', 'WAITING', 'MEDIUM', 3],
		['URGENTE: renovação do contrato', 'DEFERRED', 'HIGH', 4],
	];
	return rows.map(([subject, status, priority, day]) => {
		const properties: Record<string, string> = {
			hs_task_subject: subject,
			hs_task_status: status,
			hs_timestamp: new Date(BASE + day * DAY).toISOString(),
		};
		if (priority) properties.hs_task_priority = priority;
		return sandbox.store.create('tasks', properties).id;
	});
}

async function search(body: Record<string, unknown>, type = 'tasks') {
	return call(sandbox, 'POST', `/crm/v3/objects/${type}/search`, searchBody(body));
}

async function subjects(
	filters: unknown[],
	extra: Record<string, unknown> = {},
): Promise<string[]> {
	const reply = await search({
		filterGroups: [{ filters }],
		properties: ['hs_task_subject'],
		limit: 100,
		...extra,
	});
	expect(reply.status).toBe(200);
	return reply.body.results.map(
		(r: { properties: { hs_task_subject: string } }) => r.properties.hs_task_subject,
	);
}

describe('operators', () => {
	let ids: string[];
	beforeAll(() => {
		ids = seedTasks();
	});

	it('EQ / NEQ / IN / NOT_IN on enumerations', async () => {
		expect(
			await subjects([{ propertyName: 'hs_task_status', operator: 'EQ', value: 'COMPLETED' }]),
		).toEqual(['Enviar proposta comercial']);
		expect(
			await subjects([{ propertyName: 'hs_task_priority', operator: 'NEQ', value: 'HIGH' }]),
		).toHaveLength(3);
		expect(
			await subjects([
				{ propertyName: 'hs_task_status', operator: 'IN', values: ['WAITING', 'DEFERRED'] },
			]),
		).toEqual(['Follow-up after demo', 'URGENTE: renovação do contrato']);
		expect(
			await subjects([
				{ propertyName: 'hs_task_status', operator: 'NOT_IN', values: ['COMPLETED', 'DEFERRED'] },
			]),
		).toHaveLength(3);
	});

	it('GT / GTE / LT / LTE / BETWEEN on datetimes given as epoch ms or ISO', async () => {
		const day = (n: number) => String(BASE + n * DAY);
		expect(
			await subjects([{ propertyName: 'hs_timestamp', operator: 'GT', value: day(3) }]),
		).toEqual(['URGENTE: renovação do contrato']);
		expect(
			await subjects([
				{
					propertyName: 'hs_timestamp',
					operator: 'GTE',
					value: new Date(BASE + 3 * DAY).toISOString(),
				},
			]),
		).toHaveLength(2);
		expect(
			await subjects([{ propertyName: 'hs_timestamp', operator: 'LT', value: day(1) }]),
		).toEqual(['Ligar para João sobre a proposta']);
		expect(
			await subjects([{ propertyName: 'hs_timestamp', operator: 'LTE', value: day(1) }]),
		).toHaveLength(2);
		expect(
			await subjects([
				{ propertyName: 'hs_timestamp', operator: 'BETWEEN', value: day(1), highValue: day(3) },
			]),
		).toHaveLength(3);
	});

	it('numbers compare numerically, hs_object_id included', async () => {
		expect(
			await subjects([{ propertyName: 'hs_object_id', operator: 'GT', value: ids[2] }]),
		).toHaveLength(2);
	});

	it('HAS_PROPERTY / NOT_HAS_PROPERTY', async () => {
		expect(
			await subjects([{ propertyName: 'hs_task_priority', operator: 'NOT_HAS_PROPERTY' }]),
		).toEqual(['Enviar proposta comercial']);
		expect(
			await subjects([{ propertyName: 'hs_task_priority', operator: 'HAS_PROPERTY' }]),
		).toHaveLength(4);
	});

	it('CONTAINS_TOKEN / NOT_CONTAINS_TOKEN: whole tokens, case-insensitive, * wildcards', async () => {
		const matching = (operator: string, value: string) =>
			subjects([{ propertyName: 'hs_task_subject', operator, value }]);
		expect(await matching('CONTAINS_TOKEN', 'proposta')).toHaveLength(2);
		expect(await matching('CONTAINS_TOKEN', 'PROPOST')).toHaveLength(0);
		expect(await matching('CONTAINS_TOKEN', 'propost*')).toHaveLength(2);
		expect(await matching('CONTAINS_TOKEN', 'urgente')).toEqual(['URGENTE: renovação do contrato']);
		expect(await matching('CONTAINS_TOKEN', 'renovação')).toHaveLength(1);
		expect(await matching('CONTAINS_TOKEN', 'call back')).toEqual(['Call back Emma ASAP']);
		expect(await matching('NOT_CONTAINS_TOKEN', 'proposta')).toHaveLength(3);
	});

	it('ORs filter groups and ANDs filters within a group', async () => {
		const reply = await search({
			filterGroups: [
				{
					filters: [
						{ propertyName: 'hs_task_priority', operator: 'EQ', value: 'HIGH' },
						{ propertyName: 'hs_task_status', operator: 'EQ', value: 'NOT_STARTED' },
					],
				},
				{ filters: [{ propertyName: 'hs_task_status', operator: 'EQ', value: 'COMPLETED' }] },
			],
			properties: ['hs_task_subject'],
		});
		expect(reply.body.total).toBe(2);
	});

	it('free-text query matches word prefixes in the default searchable properties', async () => {
		const reply = await search({ query: 'renova', properties: ['hs_task_subject'] });
		expect(reply.body.results.map((r: { id: string }) => r.id)).toEqual([ids[4]]);
	});

	it('sorts, defaulting to hs_object_id ascending, and returns requested plus standard properties', async () => {
		const byDefault = await search({ properties: ['hs_task_subject'] });
		expect(byDefault.body.results.map((r: { id: string }) => r.id)).toEqual(ids);
		expect(Object.keys(byDefault.body.results[0].properties).sort()).toEqual([
			'hs_createdate',
			'hs_lastmodifieddate',
			'hs_object_id',
			'hs_task_subject',
		]);
		const descending = await search({ sorts: ['-hs_timestamp'] });
		expect(descending.body.results.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
		// HubSpot's guides write sorts as objects; the spec types them as strings, and the contract
		// takes the documented object as a known deviation (liveApiDeviations.ts).
		const documentedForm = await search({
			sorts: [{ propertyName: 'hs_timestamp', direction: 'DESCENDING' }],
		});
		expect(documentedForm.body.results).toEqual(descending.body.results);
		expectViolations(sandbox, []);
		const byPriority = await search({
			sorts: ['hs_task_priority'],
			properties: ['hs_task_priority'],
		});
		// Text order (HIGH, HIGH, LOW, MEDIUM), records without a value last.
		expect(
			byPriority.body.results.map(
				(r: { properties: { hs_task_priority?: string } }) => r.properties.hs_task_priority,
			),
		).toEqual(['HIGH', 'HIGH', 'LOW', 'MEDIUM', undefined]);
	});

	it('rejects malformed filters with VALIDATION_ERROR', async () => {
		for (const filter of [
			{ propertyName: 'hs_task_status', operator: 'LIKE', value: 'x' },
			{ operator: 'EQ', value: 'x' },
			{ propertyName: 'hs_task_status', operator: 'IN' },
			{ propertyName: 'hs_timestamp', operator: 'BETWEEN', value: '1' },
		]) {
			const reply = await search({ filterGroups: [{ filters: [filter] }] });
			expect(reply.status).toBe(400);
			expect(reply.body.category).toBe('VALIDATION_ERROR');
		}
		// The first two break the spec's Filter schema too; the others only HubSpot's rules.
		expectViolations(sandbox, [
			expect.stringMatching(
				/^request body\.filterGroups\[0\]\.filters\[0\]\.operator: must be one of /,
			),
			'request body.filterGroups[0].filters[0].propertyName: required property is missing',
		]);
		const group = { filters: [{ propertyName: 'hs_task_status', operator: 'HAS_PROPERTY' }] };
		expect((await search({ filterGroups: Array(6).fill(group) })).status).toBe(400);
		expect(
			(await search({ filterGroups: [{ filters: Array(7).fill(group.filters[0]) }] })).status,
		).toBe(400);
		expect(
			(await search({ filterGroups: Array(4).fill({ filters: Array(5).fill(group.filters[0]) }) }))
				.status,
		).toBe(400);
	});
});

describe('paging and limits', () => {
	beforeAll(() => {
		sandbox.reset({});
		for (let i = 0; i < 450; i++)
			sandbox.store.create('contacts', {
				email: `c${i}@example.com`,
				firstname: i % 2 === 0 ? 'Even' : 'Odd',
			});
	});

	it('pages with after/limit and reports the total', async () => {
		const seen = new Set<string>();
		let after: string | undefined = '0';
		let pages = 0;
		while (after !== undefined) {
			const reply = await search(
				{
					filterGroups: [
						{ filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'even' }] },
					],
					limit: 100,
					after,
				},
				'contacts',
			);
			expect(reply.body.total).toBe(225);
			for (const r of reply.body.results) seen.add(r.id);
			after = reply.body.paging?.next?.after;
			pages++;
		}
		expect(pages).toBe(3);
		expect(seen.size).toBe(225);
	});

	it('allows a limit of 200 and rejects 201', async () => {
		expect((await search({ limit: 200 }, 'contacts')).body.results).toHaveLength(200);
		const tooMany = await search({ limit: 201 }, 'contacts');
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.category).toBe('VALIDATION_ERROR');
	});

	it('refuses to page past 10,000 results', async () => {
		const reply = await search({ limit: 100, after: '9950' }, 'contacts');
		expect(reply.status).toBe(400);
		expect(reply.body.category).toBe('VALIDATION_ERROR');
		expect(reply.body.message).toContain('10000');
		expect((await search({ limit: 100, after: '9900' }, 'contacts')).status).toBe(200);
	});
});

describe('at benchmark scale', () => {
	it('searches and pages 20,000 tasks by hs_object_id quickly', async () => {
		sandbox.reset({});
		const t = Date.UTC(2025, 5, 1);
		for (let i = 0; i < 20_000; i++) {
			sandbox.store.create('tasks', {
				hs_task_subject: i % 3 === 0 ? `Proposta ${i}` : `Call ${i}`,
				hs_task_status: 'NOT_STARTED',
				hs_timestamp: String(t + i),
			});
		}
		const started = Date.now();
		let lastId = '0';
		let fetched = 0;
		for (;;) {
			const reply = await search({
				filterGroups: [
					{
						filters: [
							{ propertyName: 'hs_object_id', operator: 'GT', value: lastId },
							{ propertyName: 'hs_task_status', operator: 'EQ', value: 'NOT_STARTED' },
						],
					},
				],
				sorts: ['hs_object_id'],
				properties: ['hs_task_subject'],
				limit: 200,
			});
			fetched += reply.body.results.length;
			if (!reply.body.paging) break;
			lastId = reply.body.results[reply.body.results.length - 1].id;
		}
		expect(fetched).toBe(20_000);
		expect(Date.now() - started).toBeLessThan(10_000);
		const sorted = await search({
			sorts: ['-hs_timestamp'],
			limit: 1,
			filterGroups: [
				{
					filters: [
						{ propertyName: 'hs_task_subject', operator: 'CONTAINS_TOKEN', value: 'proposta' },
					],
				},
			],
		});
		expect(sorted.body.total).toBe(6667);
		expect(sorted.body.results[0].properties.hs_object_id).toBe(
			sandbox.store.all('tasks')[19_998].id,
		);
	});
});
