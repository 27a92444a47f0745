/**
 * The sandbox's own scope table (sandbox/scopes.ts) against the `security` of every operation it
 * serves in HubSpot's OpenAPI specs: same alternatives, every rule backed by a spec operation.
 */
import type { Contract } from '../../sandbox/contract/openapiContract';
import {
	SCOPE_RULES,
	findScopes,
	scopeRuleSamples,
	unscopedRoutes,
	type ScopeAlternatives,
	type ScopedOperation,
} from '../../sandbox/scopes';
import { describeWithSpecs, useLoadedContract } from './withSpecs';

type FindScopes = (method: string, path: string) => ScopedOperation | undefined;

function asSet(alternatives: ScopeAlternatives): Set<string> {
	return new Set(alternatives.map((alternative) => [...alternative].sort().join(' + ')));
}

/** One line per sample whose table entry differs from the spec (missing on either side, or other scopes). */
function scopeDrift(contract: Contract, find: FindScopes): string[] {
	const drift: string[] = [];
	for (const { method, path } of scopeRuleSamples()) {
		const spec = contract.securityOf(method, path);
		const table = find(method, path)?.alternatives;
		if (!spec) drift.push(`${method} ${path}: no operation in the specs`);
		else if (!table) drift.push(`${method} ${path}: no rule in the table`);
		else {
			const [specSet, tableSet] = [asSet(spec), asSet(table)];
			const onlySpec = [...specSet].filter((scope) => !tableSet.has(scope));
			const onlyTable = [...tableSet].filter((scope) => !specSet.has(scope));
			if (onlySpec.length > 0 || onlyTable.length > 0)
				drift.push(
					`${method} ${path}: only in the spec [${onlySpec.join(', ')}], only in the table [${onlyTable.join(', ')}]`,
				);
		}
	}
	return drift;
}

describeWithSpecs('the scope table against the specs', () => {
	const contract = useLoadedContract();

	it('asks for exactly the scope alternatives of the spec, for every rule and object type', () => {
		expect(scopeDrift(contract(), findScopes)).toEqual([]);
		expect(scopeRuleSamples().length).toBeGreaterThan(SCOPE_RULES.length);
	});

	it('reports a rule whose scopes differ from the spec, and one the spec does not know', () => {
		const tampered: FindScopes = (method, path) => {
			const found = findScopes(method, path);
			if (!found || method !== 'GET' || path !== '/crm/v3/owners') return found;
			return { ...found, alternatives: [['crm.objects.owners.read'], ['crm.objects.users.read']] };
		};
		expect(scopeDrift(contract(), tampered)).toEqual([
			'GET /crm/v3/owners: only in the spec [automation], only in the table [crm.objects.users.read]',
		]);
		expect(contract().securityOf('POST', '/crm/v3/owners/1/merge')).toBeUndefined();
	});
});

describe('routes without a scope rule', () => {
	it('are found by their path shape and method', () => {
		expect(
			unscopedRoutes([
				{ method: 'GET', pattern: '/crm/v3/objects/:objectType/:objectId' },
				{ method: 'PUT', pattern: '/crm/v3/objects/:objectType/:objectId' },
				{ method: 'GET', pattern: '/crm/v3/objects/:type/:id/history' },
			]).map((route) => `${route.method} ${route.pattern}`),
		).toEqual([
			'PUT /crm/v3/objects/:objectType/:objectId',
			'GET /crm/v3/objects/:type/:id/history',
		]);
	});
});
