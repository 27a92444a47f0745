/** Contract tests run where HubSpot's OpenAPI specs are found and are skipped elsewhere. */
import { contractSpecsPresent } from '../../sandbox/contract/specFiles';

/**
 * `describe` when the specs are found, `describe.skip` when they are not (the run's last lines then
 * say the contract was not checked); with HUBSPOT_CONTRACT_REQUIRED=1 a missing folder throws.
 */
export const describeWithSpecs: jest.Describe = contractSpecsPresent() ? describe : describe.skip;
