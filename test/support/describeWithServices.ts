/** Suites that need a local service: skipped where globalSetup did not find it (the run says so). */
import { serviceStatus } from './services';

/** `describe` for suites that need Redis, `describe.skip` where it is not running. */
export const describeWithRedis: jest.Describe = serviceStatus().redis ? describe : describe.skip;

export const describeWithRedisAndPostgres: jest.Describe =
	serviceStatus().redis && serviceStatus().postgres ? describe : describe.skip;
