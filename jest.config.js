/** Two projects: `unit` (domain, sandbox, contract, transport, nodes through n8n's engine) and
 * `e2e` (real n8n 2.40.7 with the built package loaded). `npm test` runs both. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

/** @type {import('jest').Config} */
module.exports = {
	reporters: ['default', '<rootDir>/test/support/totalsReporter.js'],
	// with HUBSPOT_CONTRACT_REQUIRED=1, stops the run when HubSpot's OpenAPI specs are missing
	globalSetup: '<rootDir>/test/contract/globalSetup.ts',
	// prints how many requests/responses were validated against HubSpot's OpenAPI specs (or that none were)
	globalTeardown: '<rootDir>/test/contract/globalTeardown.ts',
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
