import {
	contractRequired,
	contractSpecsPresent,
	readSpecFiles,
} from '../../sandbox/contract/specFiles';

/**
 * Jest `globalSetup`: when the contract is required (HUBSPOT_CONTRACT_REQUIRED=1, as .ci/run sets
 * it), a run without every spec file stops here, before any test, naming what is missing.
 */
export default function contractSpecsSetup(): void {
	if (contractRequired() && contractSpecsPresent()) readSpecFiles();
}
