import { CORRELATION_ID, hubspotError, specExample } from './fixtures/specExamples';
import { type ContractExchange, type Violation } from '../../sandbox/contract/openapiContract';
import { describeWithSpecs, useLoadedContract } from './withSpecs';

const contract = useLoadedContract();

function response(
	method: string,
	requestPath: string,
	status: number,
	responseBody?: unknown,
): Violation[] {
	const exchange: ContractExchange = { method, path: requestPath, query: {}, status, responseBody };
	return contract().validateResponse(exchange);
}

function fields(violations: Violation[]): string[] {
	return violations.map((violation) => violation.field).sort();
}

const NOW = '2025-03-01T10:00:00.000Z';

function task(id: string, properties: Record<string, string> = {}): Record<string, unknown> {
	return {
		id,
		properties: { hs_object_id: id, hs_task_subject: 'Follow up', ...properties },
		createdAt: NOW,
		updatedAt: NOW,
		archived: false,
	};
}

describeWithSpecs('object responses', () => {
	it("accepts HubSpot's own SimplePublicObject example for a read", () => {
		expect(
			response(
				'GET',
				'/crm/v3/objects/tasks/512',
				200,
				specExample('tasks.json', 'SimplePublicObject'),
			),
		).toEqual([]);
	});

	it('names a field of the wrong type and a malformed timestamp', () => {
		const body = { ...task('1'), archived: 'no', updatedAt: 'yesterday' };
		const violations = response('GET', '/crm/v3/objects/tasks/1', 200, body);
		expect(fields(violations)).toEqual(['body.archived', 'body.updatedAt']);
		expect(violations.find((v) => v.field === 'body.archived')?.message).toBe('must be boolean');
	});

	it('names a missing required field and a property value that is not a string', () => {
		const { id: _omitted, ...withoutId } = task('1');
		expect(fields(response('GET', '/crm/v3/objects/tasks/1', 200, withoutId))).toEqual(['body.id']);
		const numeric = { ...task('1'), properties: { hs_task_priority: 3 } };
		expect(fields(response('PATCH', '/crm/v3/objects/tasks/1', 200, numeric))).toEqual([
			'body.properties.hs_task_priority',
		]);
	});

	it('accepts a list page with paging, and names a bad paging cursor', () => {
		const page = {
			results: [task('1'), task('2')],
			paging: { next: specExample('tasks.json', 'NextPage') },
		};
		expect(response('GET', '/crm/v3/objects/tasks', 200, page)).toEqual([]);
		const badPaging = { ...page, paging: { next: { link: '?after=2' } } };
		expect(fields(response('GET', '/crm/v3/objects/tasks', 200, badPaging))).toEqual([
			'body.paging.next.after',
		]);
	});

	it('checks search results carry an integer total', () => {
		expect(
			response('POST', '/crm/v3/objects/tasks/search', 200, { total: 1, results: [task('1')] }),
		).toEqual([]);
		expect(
			fields(response('POST', '/crm/v3/objects/tasks/search', 200, { total: '1', results: [] })),
		).toEqual(['body.total']);
	});

	it('accepts a 207 batch with per-item errors and names a bad batch status', () => {
		const batch = {
			status: 'COMPLETE',
			results: [task('1')],
			numErrors: 1,
			errors: [
				{
					status: 'error',
					category: 'OBJECT_NOT_FOUND',
					message: 'Could not get some TASK objects, they may be deleted or not exist.',
					context: { ids: ['999'] },
					errors: [],
					links: {},
				},
			],
			startedAt: NOW,
			completedAt: NOW,
		};
		expect(response('POST', '/crm/v3/objects/tasks/batch/read', 207, batch)).toEqual([]);
		expect(
			fields(
				response('POST', '/crm/v3/objects/tasks/batch/read', 200, { ...batch, status: 'DONE' }),
			),
		).toEqual(['body.status']);
	});
});

describeWithSpecs('statuses', () => {
	it('names a success status the operation does not declare', () => {
		const [violation] = response('POST', '/crm/v3/objects/tasks', 200, task('1'));
		expect(violation).toMatchObject({ field: 'status', direction: 'response', status: 200 });
		expect(violation.message).toContain('201');
		expect(response('POST', '/crm/v3/objects/tasks', 201, task('1'))).toEqual([]);
	});

	it('requires an empty body for 204 and a body where JSON is declared', () => {
		expect(response('DELETE', '/crm/v3/objects/tasks/1', 204)).toEqual([]);
		expect(fields(response('DELETE', '/crm/v3/objects/tasks/1', 204, { ok: true }))).toEqual([
			'body',
		]);
		expect(fields(response('GET', '/crm/v3/objects/tasks/1', 200))).toEqual(['body']);
	});

	it("checks error statuses against the spec's Error schema through `default`", () => {
		const example = specExample('tasks.json', 'Error');
		expect(response('POST', '/crm/v3/objects/tasks', 400, example)).toEqual([]);
		expect(
			response(
				'GET',
				'/crm/v3/objects/tasks/9',
				404,
				hubspotError('OBJECT_NOT_FOUND', 'Object not found'),
			),
		).toEqual([]);
		const noCategory = {
			status: 'error',
			message: 'Object not found',
			correlationId: 'not-a-uuid',
		};
		expect(fields(response('GET', '/crm/v3/objects/tasks/9', 404, noCategory))).toEqual([
			'body.category',
			'body.correlationId',
		]);
	});

	it('accepts a 403 for missing scopes with its per-error context', () => {
		const body = {
			...hubspotError(
				'MISSING_SCOPES',
				'This app hasn\u2019t been granted all required scopes to make this call.',
			),
			errors: [
				{
					message: 'One or more of the following scopes are required.',
					context: { requiredGranularScopes: ['crm.objects.contacts.read'] },
				},
			],
		};
		expect(response('GET', '/crm/v3/objects/contacts/1', 403, body)).toEqual([]);
	});

	it("accepts the gateway's documented 429 body and still names a malformed one", () => {
		const rateLimited = {
			status: 'error',
			message: 'You have reached your ten_secondly_rolling limit.',
			errorType: 'RATE_LIMIT',
			correlationId: CORRELATION_ID,
			policyName: 'TEN_SECONDLY_ROLLING',
		};
		expect(response('POST', '/crm/v3/objects/tasks/search', 429, rateLimited)).toEqual([]);
		expect(
			response('POST', '/crm/v3/objects/tasks/search', 429, {
				...rateLimited,
				policyName: 'SECONDLY',
			}),
		).toEqual([]);
		const malformed = { status: 'error', message: 'slow down' };
		expect(fields(response('POST', '/crm/v3/objects/tasks/search', 429, malformed))).toEqual([
			'body.category',
			'body.correlationId',
		]);
	});
});

describeWithSpecs('owners, associations and properties', () => {
	it("names the `type` HubSpot's own PublicOwner example leaves out, and accepts the owner with it", () => {
		const owner = specExample<Record<string, unknown>>('crmOwners.json', 'PublicOwner');
		expect(fields(response('GET', '/crm/v3/owners/6166860', 200, owner))).toEqual(['body.type']);
		expect(response('GET', '/crm/v3/owners/6166860', 200, { ...owner, type: 'PERSON' })).toEqual(
			[],
		);
		const page = {
			results: [
				{ ...owner, type: 'PERSON', teams: [{ id: '178588', name: 'West', primary: 'yes' }] },
			],
		};
		expect(fields(response('GET', '/crm/v3/owners/', 200, page))).toEqual([
			'body.results[0].teams[0].primary',
		]);
	});

	it('checks v4 association pages: string object ids, labels strings when present', () => {
		const page = {
			results: [
				{
					toObjectId: 101 as number | string,
					associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 204, label: null }],
				},
			],
		};
		const violations = response('GET', '/crm/v4/objects/tasks/1/associations/contacts', 200, page);
		expect(fields(violations)).toEqual([
			'body.results[0].associationTypes[0].label',
			'body.results[0].toObjectId',
		]);
		page.results[0].toObjectId = '101';
		delete (page.results[0].associationTypes[0] as { label?: unknown }).label;
		expect(response('GET', '/crm/v4/objects/tasks/1/associations/contacts', 200, page)).toEqual([]);
	});

	it("names the `description` HubSpot's own Property example leaves out, and a missing property name", () => {
		const example = specExample<Record<string, unknown>>('properties.json', 'Property');
		expect(
			fields(response('GET', '/crm/v3/properties/tasks/my_contact_property', 200, example)),
		).toEqual(['body.description']);
		const property: Record<string, unknown> = { ...example, description: 'A select property' };
		expect(response('GET', '/crm/v3/properties/tasks/my_contact_property', 200, property)).toEqual(
			[],
		);
		const { name: _omitted, ...nameless } = property;
		expect(
			fields(response('GET', '/crm/v3/properties/tasks', 200, { results: [nameless] })),
		).toEqual(['body.results[0].name']);
	});
});
