/** Per-file (or per-describe) setup for the sandbox's own tests: one contract-checked sandbox. */
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import type { SandboxOptions, SeedData } from '../../sandbox/server';

/** One owner with a team: what the record and association tests refer to as '501'. */
export const ONE_OWNER_SEED: SeedData = {
	owners: [
		{
			id: '501',
			email: 'rep@example.com',
			firstName: 'Rita',
			lastName: 'Rep',
			userId: 777,
			teams: [{ id: '9', name: 'Team A', primary: true }],
		},
	],
};

/**
 * Registers hooks that start a sandbox validating every exchange against HubSpot's OpenAPI specs,
 * fail each test that left a violation unclaimed (see `contract.drainViolations()`), and close it.
 * The returned object is filled in by `beforeAll`, so read it only inside hooks and tests.
 */
export function useContractSandbox(
	options: SandboxOptions = {},
	setup: { resetBeforeEach?: SeedData | 'startSeed' } = {},
): ContractSandbox {
	const sandbox = {} as ContractSandbox;
	beforeAll(async () => {
		Object.assign(sandbox, await startContractSandbox(options));
	});
	if (setup.resetBeforeEach) {
		const seed = setup.resetBeforeEach;
		beforeEach(() => (seed === 'startSeed' ? sandbox.reset() : sandbox.reset(seed)));
	}
	afterEach(() => sandbox.contract.assertClean());
	afterAll(async () => {
		await sandbox.close?.();
	});
	return sandbox;
}

/** Claims the violations a test provoked on purpose, as `direction field: message` lines to assert on exactly. */
export function claimViolations(sandbox: ContractSandbox): string[] {
	return sandbox.contract
		.drainViolations()
		.map((violation) => `${violation.direction} ${violation.field}: ${violation.message}`);
}

/**
 * Claims the violations a test provoked on purpose and asserts they are exactly `expected`. Without
 * HubSpot's specs nothing is validated (the run's last lines say so), so there is nothing to claim.
 */
export function expectViolations(sandbox: ContractSandbox, expected: string[]): void {
	const claimed = claimViolations(sandbox);
	if (sandbox.contract.checked) expect(claimed).toEqual(expected);
}

/** What `@hubspot/api-client` throws for an error answer: the status and HubSpot's JSON body. */
export interface ClientError {
	code: number;
	body: {
		category?: string;
		message?: string;
		policyName?: string;
		errors?: Array<{ code?: string; in?: string; context?: unknown }>;
	};
}

/** The error a client call rejects with; fails the test when the call succeeds. */
export async function clientFailure(promise: Promise<unknown>): Promise<ClientError> {
	try {
		await promise;
	} catch (error) {
		return error as ClientError;
	}
	throw new Error('expected the call to fail');
}
