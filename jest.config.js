/** Two projects: `unit` (domain, sandbox, contract, transport, nodes through n8n's engine) and
 * `e2e` (real n8n 2.40.7 with the built package loaded). `npm test` runs both. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

/** @type {import('jest').Config} */
module.exports = {
	reporters: ['default', '<rootDir>/test/support/totalsReporter.js'],
	// stops the run when HubSpot's specs (HUBSPOT_CONTRACT_REQUIRED=1) or the local services
	// (HUBSPOT_TASKFLOW_SERVICES_REQUIRED=1) are required and missing; else notes which services are up
	globalSetup: '<rootDir>/test/support/globalSetup.ts',
	// prints how many requests/responses were validated against HubSpot's OpenAPI specs (or that none
	// were), and which suites were skipped for a missing service
	globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['<rootDir>/test/e2e/'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
		},
	],
	testTimeout: 30_000,
};
