import contractStatsTeardown from '../contract/globalTeardown';
import { missingServicesLine, serviceStatus } from './services';

/** Jest `globalTeardown`: the contract line, then a line when suites were skipped for a missing service. */
export default function globalTeardown(): void {
	contractStatsTeardown();
	const missing = missingServicesLine(serviceStatus());
	if (missing) process.stdout.write(`${missing}\n`);
}
