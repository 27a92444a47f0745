import { startSandbox, type Exchange, type Sandbox, type SandboxOptions } from '../server';
import { appendContractStats } from './contractStats';
import { formatViolation, sharedContract, type Contract, type Violation } from './openapiContract';
import { contractSpecsPresent } from './specFiles';

export interface ContractTally {
	/** False when HubSpot's specs were not found: exchanges pass through unchecked. */
	checked: boolean;
	/** HubSpot requests checked against an operation of the specs (including ones that matched none). */
	requestsValidated: number;
	responsesValidated: number;
	/** Sheets, Google token and sandbox-admin traffic, which HubSpot's specs do not cover. */
	outOfContract: number;
	violations: Violation[];
	/** Throws one error listing every violation seen since start (or the last drain). */
	assertClean(): void;
	/**
	 * Returns and forgets the violations seen so far: for tests that send a request the spec rejects
	 * on purpose and assert on exactly those violations.
	 */
	drainViolations(): Violation[];
}

export type ContractSandbox = Sandbox & { contract: ContractTally };

function currentTestPath(): string | undefined {
	try {
		return typeof expect === 'function' ? (expect.getState().testPath ?? undefined) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Starts the local HubSpot sandbox with every exchange validated against HubSpot's OpenAPI specs.
 * Call `sandbox.contract.assertClean()` in afterAll/afterEach; `close()` appends the tally to the
 * run's contract-stats file for the one-line summary at the end of the run. Without the specs the
 * sandbox runs unchecked (the summary then says so), unless HUBSPOT_CONTRACT_REQUIRED=1: then this
 * throws.
 */
export async function startContractSandbox(opts: SandboxOptions = {}): Promise<ContractSandbox> {
	const contract: Contract | undefined = contractSpecsPresent() ? sharedContract() : undefined;
	const tally: ContractTally = {
		checked: contract !== undefined,
		requestsValidated: 0,
		responsesValidated: 0,
		outOfContract: 0,
		violations: [],
		assertClean() {
			if (tally.violations.length === 0) return;
			const lines = tally.violations.map((violation) => `  - ${formatViolation(violation)}`);
			throw new Error(
				`${tally.violations.length} violation(s) of HubSpot's OpenAPI contract:\n${lines.join('\n')}`,
			);
		},
		drainViolations() {
			const drained = tally.violations.splice(0, tally.violations.length);
			drainedCount += drained.length;
			return drained;
		},
	};
	let drainedCount = 0;

	const onExchange = (exchange: Exchange): void => {
		if (!contract) {
			opts.onExchange?.(exchange);
			return;
		}
		try {
			const verdict = contract.validateExchange(exchange);
			if (verdict.outOfContract) {
				tally.outOfContract += 1;
			} else {
				tally.requestsValidated += 1;
				if (verdict.responseValidated) tally.responsesValidated += 1;
				tally.violations.push(...verdict.request, ...verdict.response);
			}
		} catch (error) {
			// A validator fault must surface in assertClean, never crash the sandbox mid-response.
			tally.violations.push({
				direction: 'request',
				method: exchange.method,
				path: exchange.path,
				exchangeId: exchange.id,
				field: 'validator',
				message: `validation threw: ${error instanceof Error ? error.message : String(error)}`,
			});
		}
		opts.onExchange?.(exchange);
	};

	const sandbox = await startSandbox({ ...opts, onExchange });
	const testPath = currentTestPath();
	const closeSandbox = sandbox.close.bind(sandbox);
	let statsWritten = false;
	const close = async (): Promise<void> => {
		await closeSandbox();
		if (statsWritten) return;
		statsWritten = true;
		appendContractStats({
			requestsValidated: tally.requestsValidated,
			responsesValidated: tally.responsesValidated,
			outOfContract: tally.outOfContract,
			// Drained violations were asserted on by their test; the summary counts the unexpected ones.
			violations: tally.violations.length,
			drainedViolations: drainedCount,
			unchecked: contract === undefined ? true : undefined,
			testPath,
		});
	};
	return Object.assign(sandbox, { close, contract: tally });
}
