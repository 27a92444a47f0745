/** Records and batches over real HTTP (fetch). */
import { call, createBody, taskInput } from './testHttp';
import { ONE_OWNER_SEED, expectViolations, useContractSandbox } from './testSandbox';

const sandbox = useContractSandbox(
	{ rateLimits: { enabled: false } },
	{ resetBeforeEach: ONE_OWNER_SEED },
);

describe('single records', () => {
	it('creates, reads, updates and archives a task with HubSpot shapes', async () => {
		const created = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/tasks',
			taskInput('Ligar para cliente', { hs_task_priority: 'HIGH', hubspot_owner_id: '501' }),
		);
		expect(created.status).toBe(201);
		expect(created.headers.get('x-hubspot-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
		const task = created.body;
		expect(task).toEqual({
			id: expect.stringMatching(/^\d+$/),
			properties: expect.objectContaining({
				hs_task_subject: 'Ligar para cliente',
				hs_task_status: 'NOT_STARTED',
				hs_task_priority: 'HIGH',
			}),
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
			archived: false,
		});
		expect(task.properties.hs_object_id).toBe(task.id);
		expect(task.properties.hs_timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);

		const read = await call(
			sandbox,
			'GET',
			`/crm/v3/objects/tasks/${task.id}?properties=hs_task_subject,hs_task_status,nonexistent`,
		);
		expect(read.status).toBe(200);
		expect(read.body.properties).toEqual({
			hs_task_subject: 'Ligar para cliente',
			hs_task_status: 'NOT_STARTED',
		});

		const defaults = await call(sandbox, 'GET', `/crm/v3/objects/tasks/${task.id}`);
		expect(Object.keys(defaults.body.properties).sort()).toEqual([
			'hs_createdate',
			'hs_lastmodifieddate',
			'hs_object_id',
		]);

		const updated = await call(sandbox, 'PATCH', `/crm/v3/objects/tasks/${task.id}`, {
			properties: { hs_task_status: 'COMPLETED', hs_task_priority: '' },
		});
		expect(updated.status).toBe(200);
		expect(updated.body.properties.hs_task_status).toBe('COMPLETED');
		expect(updated.body.properties.hs_task_priority).toBeUndefined();
		expect(Date.parse(updated.body.updatedAt)).toBeGreaterThan(Date.parse(task.updatedAt));

		expect((await call(sandbox, 'DELETE', `/crm/v3/objects/tasks/${task.id}`)).status).toBe(204);
		expect((await call(sandbox, 'GET', `/crm/v3/objects/tasks/${task.id}`)).status).toBe(404);
		const archived = await call(sandbox, 'GET', `/crm/v3/objects/tasks/${task.id}?archived=true`);
		expect(archived.body).toMatchObject({
			id: task.id,
			archived: true,
			archivedAt: expect.any(String),
		});
	});

	it('hands out numeric ids that increase per type', async () => {
		const ids: number[] = [];
		for (let i = 0; i < 3; i++)
			ids.push(
				Number((await call(sandbox, 'POST', '/crm/v3/objects/tasks', taskInput(`t${i}`))).body.id),
			);
		expect(ids[1]).toBeGreaterThan(ids[0]);
		expect(ids[2]).toBeGreaterThan(ids[1]);
		const contact = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/contacts',
			createBody({ email: 'a@b.c' }),
		);
		expect(Number(contact.body.id)).not.toBe(ids[2] + 1);
		expect(contact.body.properties.hs_object_id).toBe(contact.body.id);
	});

	it('answers 404 OBJECT_NOT_FOUND for unknown ids, with the correlation id in the body', async () => {
		const reply = await call(sandbox, 'PATCH', '/crm/v3/objects/tasks/123', {
			properties: { hs_task_subject: 'x' },
		});
		expect(reply.status).toBe(404);
		expect(reply.body).toMatchObject({
			status: 'error',
			category: 'OBJECT_NOT_FOUND',
			correlationId: reply.headers.get('x-hubspot-correlation-id'),
		});
	});

	it('rejects invalid values the way HubSpot does', async () => {
		const unknown = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/tasks',
			taskInput('x', { no_such_property: '1' }),
		);
		expect(unknown.status).toBe(400);
		expect(unknown.body.category).toBe('VALIDATION_ERROR');
		expect(unknown.body.message).toContain('PROPERTY_DOESNT_EXIST');
		expect(unknown.body.errors[0]).toMatchObject({
			code: 'PROPERTY_DOESNT_EXIST',
			context: { propertyName: ['no_such_property'] },
		});

		for (const [extra, code] of [
			[{ hs_task_status: 'DONE' }, 'INVALID_OPTION'],
			[{ hubspot_owner_id: '999' }, 'INVALID_OWNER_ID'],
			[{ hs_lastmodifieddate: '1' }, 'READ_ONLY_VALUE'],
			[{ hs_timestamp: 'tomorrow' }, 'INVALID_DATE'],
		] as const) {
			const rejected = await call(sandbox, 'POST', '/crm/v3/objects/tasks', taskInput('x', extra));
			expect(rejected.body.errors[0].code).toBe(code);
		}
		const noTimestamp = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/tasks',
			createBody({ hs_task_subject: 'x' }),
		);
		expect(noTimestamp.body.errors[0]).toMatchObject({
			code: 'REQUIRED_PROPERTY',
			context: { propertyName: ['hs_timestamp'] },
		});
		const badJson = await fetch(`${sandbox.url}/crm/v3/objects/tasks`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/json' },
			body: '{"properties":',
		});
		expect(badJson.status).toBe(400);
		// The unparseable body reaches the contract as no body at all.
		expectViolations(sandbox, ['request body: required request body is missing']);
		expect(sandbox.store.all('tasks')).toHaveLength(0);
	});

	it('enforces unique contact emails with 409 CONFLICT and reads by idProperty', async () => {
		const first = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/contacts',
			createBody({ email: 'Ana@Example.com', firstname: 'Ana' }),
		);
		const again = await call(
			sandbox,
			'POST',
			'/crm/v3/objects/contacts',
			createBody({ email: 'ana@example.com' }),
		);
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({
			category: 'CONFLICT',
			message: `Contact already exists. Existing ID: ${first.body.id}`,
		});
		const byEmail = await call(
			sandbox,
			'GET',
			'/crm/v3/objects/contacts/ana%40example.com?idProperty=email&properties=firstname',
		);
		expect(byEmail.body).toMatchObject({ id: first.body.id, properties: { firstname: 'Ana' } });
	});

	it('lists with limit/after paging and rejects limit over 100', async () => {
		for (let i = 0; i < 5; i++) sandbox.store.create('deals', { dealname: `d${i}` });
		const seen: string[] = [];
		let after: string | undefined;
		do {
			const page = await call(
				sandbox,
				'GET',
				`/crm/v3/objects/deals?limit=2&properties=dealname${after ? `&after=${after}` : ''}`,
			);
			seen.push(
				...page.body.results.map(
					(r: { properties: { dealname: string } }) => r.properties.dealname,
				),
			);
			after = page.body.paging?.next?.after;
			if (after) expect(page.body.paging.next.link).toContain(`after=${after}`);
		} while (after);
		expect(seen).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
		expect((await call(sandbox, 'GET', '/crm/v3/objects/deals?limit=101')).status).toBe(400);
	});

	it('accepts object type ids and names interchangeably', async () => {
		const deal = sandbox.store.create('deals', { dealname: 'by id', dealstage: 'closedwon' });
		const reply = await call(
			sandbox,
			'GET',
			`/crm/v3/objects/0-3/${deal.id}?properties=dealname,hs_is_closed_won`,
		);
		expect(reply.body.properties).toEqual({ dealname: 'by id', hs_is_closed_won: 'true' });
	});
});

describe('batches', () => {
	it('creates, reads, updates and archives up to 100 records', async () => {
		const inputs = Array.from({ length: 100 }, (_, i) => taskInput(`batch ${i}`));
		const created = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/create', { inputs });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			status: 'COMPLETE',
			startedAt: expect.any(String),
			completedAt: expect.any(String),
		});
		expect(created.body.results).toHaveLength(100);
		const ids: string[] = created.body.results.map((r: { id: string }) => r.id);

		const read = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/read', {
			inputs: ids.slice(0, 3).map((id) => ({ id })),
			properties: ['hs_task_subject'],
			propertiesWithHistory: [],
		});
		expect(read.status).toBe(200);
		expect(
			read.body.results.map(
				(r: { properties: { hs_task_subject: string } }) => r.properties.hs_task_subject,
			),
		).toEqual(['batch 0', 'batch 1', 'batch 2']);

		const updated = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/update', {
			inputs: ids.map((id) => ({ id, properties: { hs_task_priority: 'LOW' } })),
		});
		expect(updated.status).toBe(200);
		expect(sandbox.store.all('tasks').every((t) => t.properties.hs_task_priority === 'LOW')).toBe(
			true,
		);

		expect(
			(
				await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/archive', {
					inputs: ids.slice(0, 50).map((id) => ({ id })),
				})
			).status,
		).toBe(204);
		expect(sandbox.store.all('tasks')).toHaveLength(50);
	});

	it("echoes each input's objectWriteTraceId on batch create, update and upsert results", async () => {
		const created = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/create', {
			inputs: [
				{ ...taskInput('traced'), objectWriteTraceId: 'row-1' },
				taskInput('untraced'),
				{ ...taskInput('traced too'), objectWriteTraceId: 'row-3' },
			],
		});
		expect(created.status).toBe(201);
		const results: Array<{ id: string; objectWriteTraceId?: string }> = created.body.results;
		expect(results.map((r) => r.objectWriteTraceId)).toEqual(['row-1', undefined, 'row-3']);
		expect(results[1]).not.toHaveProperty('objectWriteTraceId');

		const updated = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/update', {
			inputs: [
				{ id: results[0].id, properties: { hs_task_priority: 'LOW' }, objectWriteTraceId: 'u-1' },
				{ id: results[1].id, properties: { hs_task_priority: 'LOW' } },
			],
		});
		expect(
			updated.body.results.map((r: { objectWriteTraceId?: string }) => r.objectWriteTraceId),
		).toEqual(['u-1', undefined]);

		const upserted = await call(sandbox, 'POST', '/crm/v3/objects/contacts/batch/upsert', {
			inputs: [
				{
					id: 'traced@example.com',
					idProperty: 'email',
					properties: { firstname: 'Tracy' },
					objectWriteTraceId: 'c-1',
				},
			],
		});
		expect(upserted.body.results[0]).toMatchObject({ new: true, objectWriteTraceId: 'c-1' });
	});

	it('rejects more than 100 inputs with VALIDATION_ERROR', async () => {
		for (const op of ['create', 'read', 'update', 'archive']) {
			const inputs = Array.from({ length: 101 }, (_, i) => ({
				id: String(i),
				...taskInput(`x${i}`),
			}));
			const reply = await call(sandbox, 'POST', `/crm/v3/objects/tasks/batch/${op}`, {
				inputs,
				properties: [],
				propertiesWithHistory: [],
			});
			expect(reply.status).toBe(400);
			expect(reply.body.category).toBe('VALIDATION_ERROR');
			expect(reply.body.errors[0]).toMatchObject({ in: 'inputs' });
		}
		expect(sandbox.store.all('tasks')).toHaveLength(0);
	});

	it('answers 207 with errors for ids that do not exist', async () => {
		const task = sandbox.store.create('tasks', taskInput('real').properties);
		const updated = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/update', {
			inputs: [
				{ id: task.id, properties: { hs_task_subject: 'renamed' } },
				{ id: '42', properties: { hs_task_subject: 'ghost' } },
			],
		});
		expect(updated.status).toBe(207);
		expect(updated.body.results).toHaveLength(1);
		expect(updated.body.numErrors).toBe(1);
		expect(updated.body.errors[0]).toMatchObject({
			status: 'error',
			category: 'OBJECT_NOT_FOUND',
			context: { ids: ['42'] },
			errors: [],
			links: {},
		});
		expect(sandbox.store.get('tasks', task.id)?.properties.hs_task_subject).toBe('renamed');

		const read = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/read', {
			inputs: [{ id: task.id }, { id: '43' }],
			properties: [],
			propertiesWithHistory: [],
		});
		expect(read.status).toBe(207);
		expect(read.body.errors[0].context.ids).toEqual(['43']);
	});

	it('rejects duplicate ids and a bad value for the whole batch', async () => {
		const task = sandbox.store.create('tasks', taskInput('a').properties);
		const duplicate = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/update', {
			inputs: [
				{ id: task.id, properties: {} },
				{ id: task.id, properties: {} },
			],
		});
		expect(duplicate.status).toBe(400);
		const bad = await call(sandbox, 'POST', '/crm/v3/objects/tasks/batch/update', {
			inputs: [
				{ id: task.id, properties: { hs_task_subject: 'changed' } },
				{ id: task.id + '9', properties: { hs_task_status: 'NOPE' } },
			],
		});
		expect(bad.status).toBe(400);
		expect(sandbox.store.get('tasks', task.id)?.properties.hs_task_subject).toBe('a');
	});

	it('upserts contacts by email', async () => {
		const existing = sandbox.store.create('contacts', {
			email: 'old@example.com',
			firstname: 'Old',
		});
		const reply = await call(sandbox, 'POST', '/crm/v3/objects/contacts/batch/upsert', {
			inputs: [
				{ id: 'old@example.com', idProperty: 'email', properties: { firstname: 'Updated' } },
				{ id: 'new@example.com', idProperty: 'email', properties: { firstname: 'New' } },
			],
		});
		expect(reply.status).toBe(200);
		expect(
			reply.body.results.map((r: { new: boolean; id: string }) => [r.new, r.id === existing.id]),
		).toEqual([
			[false, true],
			[true, false],
		]);
	});
});
