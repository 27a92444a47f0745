import contractSpecsSetup from '../contract/globalSetup';
import {
	missingServicesLine,
	probePostgres,
	probeRedis,
	recordServiceStatus,
	servicesRequired,
} from './services';

/**
 * Jest `globalSetup`: the contract's specs (when required), then which local services this run
 * has; test workers start after this and inherit the result through the environment.
 */
export default async function globalSetup(): Promise<void> {
	contractSpecsSetup();
	const status = { redis: await probeRedis(), postgres: probePostgres() };
	recordServiceStatus(status);
	const missing = missingServicesLine(status);
	if (missing && servicesRequired()) {
		const required = missing.replace(/, so the suites .*$/, ', and this run requires them');
		throw new Error(`${required} (HUBSPOT_TASKFLOW_SERVICES_REQUIRED=1)`);
	}
}
