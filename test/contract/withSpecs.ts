/** Contract tests run where HubSpot's OpenAPI specs are found and are skipped elsewhere. */
import { loadContract, type Contract } from '../../sandbox/contract/openapiContract';
import { contractSpecsPresent } from '../../sandbox/contract/specFiles';

/**
 * `describe` when the specs are found, `describe.skip` when they are not (the run's last lines then
 * say the contract was not checked); with HUBSPOT_CONTRACT_REQUIRED=1 a missing folder throws.
 */
export const describeWithSpecs: jest.Describe = contractSpecsPresent() ? describe : describe.skip;

/** HubSpot's specs loaded once for a file's suites (in a beforeAll, so only where they run). */
export function useLoadedContract(): () => Contract {
	let contract: Contract | undefined;
	beforeAll(() => {
		contract = loadContract();
	});
	return () => contract as Contract;
}
