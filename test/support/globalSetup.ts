import contractSpecsSetup from '../contract/globalSetup';
import {
	missingServices,
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
	const missing = missingServices(status);
	if (missing.length > 0 && servicesRequired()) {
		throw new Error(
			`services: ${missing.join(' and ')} not available, and this run requires them (HUBSPOT_TASKFLOW_SERVICES_REQUIRED=1)`,
		);
	}
}
