import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { specExample } from './fixtures/specExamples';
import {
	ContractSpecsMissingError,
	defaultSpecDir,
	loadContract,
	type ContractExchange,
	type Violation,
} from '../../sandbox/contract/openapiContract';
import { describeWithSpecs, useLoadedContract } from './withSpecs';

const contract = useLoadedContract();

function request(
	method: string,
	requestPath: string,
	extra: Partial<ContractExchange> = {},
): Violation[] {
	return contract().validateRequest({ method, path: requestPath, query: {}, ...extra });
}

function fields(violations: Violation[]): string[] {
	return violations.map((violation) => violation.field);
}

const validSearch = {
	filterGroups: [
		{ filters: [{ propertyName: 'hs_task_status', operator: 'EQ', value: 'NOT_STARTED' }] },
	],
	sorts: ['hs_timestamp'],
	properties: ['hs_task_subject'],
	limit: 100,
	after: '0',
};

describeWithSpecs('loading the specs', () => {
	it('indexes every operation of the ten spec files', () => {
		expect(contract().operationCount).toBeGreaterThanOrEqual(100);
	});

	it('throws naming the folder when the spec folder is missing', () => {
		const missing = path.join(os.tmpdir(), 'no-such-hubspot-openapi-folder');
		expect(() => loadContract(missing)).toThrow(ContractSpecsMissingError);
		expect(() => loadContract(missing)).toThrow(missing);
	});

	it('throws naming the file when one spec file is missing', () => {
		const partial = mkdtempSync(path.join(os.tmpdir(), 'hubspot-openapi-partial-'));
		try {
			cpSync(defaultSpecDir(), partial, { recursive: true });
			rmSync(path.join(partial, 'crmOwners.json'));
			expect(() => loadContract(partial)).toThrow(/crmOwners\.json/);
		} finally {
			rmSync(partial, { recursive: true, force: true });
		}
	});

	it('reads the folder named by HUBSPOT_OPENAPI_DIR', () => {
		const previous = process.env.HUBSPOT_OPENAPI_DIR;
		process.env.HUBSPOT_OPENAPI_DIR = '/nowhere/hubspot-openapi';
		try {
			expect(defaultSpecDir()).toBe('/nowhere/hubspot-openapi');
			expect(() => loadContract()).toThrow('/nowhere/hubspot-openapi');
		} finally {
			if (previous === undefined) delete process.env.HUBSPOT_OPENAPI_DIR;
			else process.env.HUBSPOT_OPENAPI_DIR = previous;
		}
	});
});

describeWithSpecs('matching a request to an operation', () => {
	it('prefers the literal template: /tasks/search over /tasks/{taskId}', () => {
		expect(contract().matchOperation('POST', '/crm/v3/objects/tasks/search')).toMatchObject({
			operationId: 'post-/crm/v3/objects/tasks/search_doSearch',
			spec: 'tasks.json',
		});
		expect(contract().matchOperation('GET', '/crm/v3/objects/tasks/42')).toMatchObject({
			pathTemplate: '/crm/v3/objects/tasks/{taskId}',
			pathParams: { taskId: '42' },
		});
	});

	it('matches v4 association templates and extracts their parameters', () => {
		expect(
			contract().matchOperation('GET', '/crm/v4/objects/tasks/7/associations/contacts'),
		).toMatchObject({
			pathParams: { objectType: 'tasks', objectId: '7', toObjectType: 'contacts' },
		});
		expect(
			contract().matchOperation('PUT', '/crm/v4/objects/tasks/7/associations/default/contacts/9'),
		).toMatchObject({
			pathTemplate:
				'/crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}',
		});
	});

	it("treats an object's name and type id alike (the deals spec is published under 0-3)", () => {
		expect(contract().matchOperation('PATCH', '/crm/v3/objects/deals/5')?.spec).toBe('deals.json');
		expect(contract().matchOperation('GET', '/crm/v3/objects/0-27/5')?.spec).toBe('tasks.json');
	});

	it("accepts the owners client's trailing slash", () => {
		expect(contract().matchOperation('GET', '/crm/v3/owners/')?.pathTemplate).toBe(
			'/crm/v3/owners',
		);
	});

	it('reports Sheets, Google token and sandbox-admin traffic as out of contract, not as violations', () => {
		for (const outside of [
			'/v4/spreadsheets/abc/values/Sheet1!A1:C',
			'/v4/spreadsheets/abc',
			'/token',
			'/__sandbox/health',
		]) {
			expect(contract().isOutOfContract(outside)).toBe(true);
			expect(request('GET', outside)).toEqual([]);
			expect(
				contract().validateExchange({ method: 'GET', path: outside, status: 200 }).outOfContract,
			).toBe(true);
		}
	});

	it('flags a HubSpot-looking path no spec declares', () => {
		const violations = request('POST', '/crm/v3/objects/tasks/batch/frobnicate', {
			requestBody: { inputs: [] },
		});
		expect(violations).toEqual([
			expect.objectContaining({ field: 'operation', direction: 'request' }),
		]);
	});

	it('flags a method the path does not declare', () => {
		const [violation] = request('PUT', '/crm/v3/objects/tasks/search', {
			requestBody: validSearch,
		});
		expect(violation).toMatchObject({ field: 'method' });
		expect(violation.message).toContain('POST');
	});
});

describeWithSpecs('request parameters', () => {
	it('accepts a list call with typed query parameters, repeated array values included', () => {
		const query = {
			limit: '10',
			after: 'NTI1Cg%3D%3D',
			archived: 'false',
			properties: ['hs_task_subject', 'hs_task_status'],
		};
		expect(request('GET', '/crm/v3/objects/tasks', { query })).toEqual([]);
	});

	it('names a limit of the wrong type', () => {
		expect(fields(request('GET', '/crm/v3/objects/tasks', { query: { limit: 'ten' } }))).toEqual([
			'query.limit',
		]);
		expect(
			request('GET', '/crm/v3/objects/tasks', { query: { limit: '2.5' } })[0].message,
		).toContain('integer');
	});

	it('names a boolean that is not true/false', () => {
		expect(
			fields(request('GET', '/crm/v3/objects/contacts', { query: { archived: 'yes' } })),
		).toEqual(['query.archived']);
	});

	it('names a single-valued parameter sent twice', () => {
		expect(
			fields(request('GET', '/crm/v3/objects/tasks', { query: { limit: ['10', '20'] } })),
		).toEqual(['query.limit']);
	});

	it('names a query parameter the operation does not declare', () => {
		expect(fields(request('GET', '/crm/v3/objects/tasks', { query: { limt: '10' } }))).toEqual([
			'query.limt',
		]);
	});

	it('names a path parameter of the wrong type and one out of int32 range', () => {
		expect(request('GET', '/crm/v3/owners/6166860')).toEqual([]);
		expect(fields(request('GET', '/crm/v3/owners/john'))).toEqual(['path.ownerId']);
		expect(request('GET', '/crm/v3/owners/99999999999')[0]).toMatchObject({
			field: 'path.ownerId',
		});
	});

	it('names an enum query value outside the declared set', () => {
		const [violation] = request('GET', '/crm/v3/owners/6166860', {
			query: { idProperty: 'email' },
		});
		expect(violation).toMatchObject({ field: 'query.idProperty' });
		expect(violation.message).toContain('userId');
	});
});

describeWithSpecs('request bodies', () => {
	it("accepts HubSpot's own SimplePublicObjectInput example for an update", () => {
		const body = specExample('tasks.json', 'SimplePublicObjectInput');
		expect(request('PATCH', '/crm/v3/objects/tasks/512', { requestBody: body })).toEqual([]);
	});

	it('accepts a create with properties and associations', () => {
		const requestBody = {
			properties: { hs_task_subject: 'Call back', hs_timestamp: '2025-01-01T09:00:00.000Z' },
			associations: [
				{
					to: { id: '101' },
					types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
				},
			],
		};
		expect(request('POST', '/crm/v3/objects/tasks', { requestBody })).toEqual([]);
	});

	it('names a property value of the wrong type', () => {
		const requestBody = { properties: { hs_task_subject: 42 }, associations: [] };
		expect(fields(request('POST', '/crm/v3/objects/tasks', { requestBody }))).toEqual([
			'body.properties.hs_task_subject',
		]);
	});

	it('names a missing required field, down to the array index', () => {
		expect(
			fields(request('POST', '/crm/v3/objects/tasks', { requestBody: { associations: [] } })),
		).toEqual(['body.properties']);
		const requestBody = { inputs: [{ id: '1', properties: {} }, { properties: {} }] };
		expect(fields(request('POST', '/crm/v3/objects/tasks/batch/update', { requestBody }))).toEqual([
			'body.inputs[1].id',
		]);
	});

	it('accepts a complete search and names a bad operator and a string limit', () => {
		expect(request('POST', '/crm/v3/objects/tasks/search', { requestBody: validSearch })).toEqual(
			[],
		);
		const requestBody = {
			...validSearch,
			limit: '100',
			filterGroups: [
				{ filters: [{ propertyName: 'hs_task_status', operator: 'EQUALS', value: 'x' }] },
			],
		};
		const violations = request('POST', '/crm/v3/objects/tasks/search', { requestBody });
		expect(fields(violations).sort()).toEqual([
			'body.filterGroups[0].filters[0].operator',
			'body.limit',
		]);
	});

	it('holds search requests to the fields the spec marks required', () => {
		const requestBody = { filterGroups: validSearch.filterGroups };
		expect(fields(request('POST', '/crm/v3/objects/tasks/search', { requestBody })).sort()).toEqual(
			['body.after', 'body.limit', 'body.properties', 'body.sorts'],
		);
	});

	it('names a wrong association category in a v4 batch', () => {
		const requestBody = {
			inputs: [
				{
					from: { id: '1' },
					to: { id: '2' },
					types: [{ associationCategory: 'BUILT_IN', associationTypeId: 204 }],
				},
			],
		};
		const violations = request('POST', '/crm/v4/associations/tasks/contacts/batch/create', {
			requestBody,
		});
		expect(fields(violations)).toEqual(['body.inputs[0].types[0].associationCategory']);
	});

	it('requires a body where the spec does and refuses one where it declares none', () => {
		expect(fields(request('PATCH', '/crm/v3/objects/tasks/512'))).toEqual(['body']);
		expect(
			fields(request('DELETE', '/crm/v3/objects/tasks/512', { requestBody: { id: '512' } })),
		).toEqual(['body']);
		expect(request('DELETE', '/crm/v3/objects/tasks/512')).toEqual([]);
	});
});
