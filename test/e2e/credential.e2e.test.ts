/**
 * The HubSpot Taskflow credential in a real n8n 2.40.7: what a user sees after saving it and
 * pressing "Test" in the editor (POST /rest/credentials/test), against the local HubSpot sandbox.
 * A working token, an unknown one and one without the tasks read scope must each tell the user
 * at once where they stand, with exactly one call to HubSpot per test.
 */
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';
import type { Exchange } from '../../sandbox/server';
import { N8nInstance } from '../../tools/n8n/n8n-instance';
import type { CredentialTestResult } from '../../tools/n8n/rest-client';

const CREDENTIAL_TYPE = 'hubSpotTaskflowApi';
/** tasks.json lists this scope in the `security` of GET /crm/v3/objects/tasks */
const TASKS_READ_SCOPE = 'crm.objects.contacts.read';
const TOKENS = {
	allScopes: 'e2e-token-all-scopes',
	withoutTasksRead: 'e2e-token-owners-only',
	unknown: 'e2e-token-nobody-issued',
};

const SETUP_TIMEOUT_MS = 15 * 60_000; // a fresh machine installs n8n first (several minutes)
const TEST_TIMEOUT_MS = 30_000;

describe('HubSpot Taskflow credential test in real n8n', () => {
	let sandbox: ContractSandbox;
	let n8n: N8nInstance;
	const suiteStarted = Date.now();
	const testSeconds: string[] = [];

	beforeAll(async () => {
		sandbox = await startContractSandbox({
			tokens: {
				[TOKENS.allScopes]: { scopes: '*' },
				[TOKENS.withoutTasksRead]: { scopes: ['crm.objects.owners.read'] },
			},
		});
		n8n = await N8nInstance.create({ label: 'credential' });
		await n8n.installThisPackage();
		await n8n.start();
		await n8n.rest.setupOwner();
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (n8n) {
			console.log(
				`${n8n.timingSummary()}; tests: ${testSeconds.join(', ')}; ` +
					`suite ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`,
			);
		}
		await n8n?.dispose();
		await sandbox?.close();
	}, 60_000);

	/**
	 * Saves a credential with this token (as the editor's Save does), presses Test, and returns
	 * n8n's verdict together with the requests HubSpot received meanwhile.
	 */
	async function saveAndTest(
		label: string,
		accessToken: string,
	): Promise<{ result: CredentialTestResult; exchanges: Exchange[] }> {
		const started = Date.now();
		const credential = {
			name: `HubSpot Taskflow (${label})`,
			type: CREDENTIAL_TYPE,
			data: { accessToken, baseUrl: sandbox.url },
		};
		const id = await n8n.rest.createCredential(credential);
		const seenBefore = sandbox.requestLog().length;
		const result = await n8n.rest.testCredential({ id, ...credential });
		const exchanges = sandbox.requestLog().slice(seenBefore);
		testSeconds.push(`${label} ${((Date.now() - started) / 1000).toFixed(2)} s`);
		console.log(`[credential] ${label}: n8n shows ${JSON.stringify(result)}`);
		return { result, exchanges };
	}

	/**
	 * Exactly one GET of a single task with the token as Bearer, answered with `status`, and valid
	 * against HubSpot's spec. (n8n's own request helper sends a request again after a 401, so a
	 * declarative credential test reaches HubSpot twice with a wrong token.)
	 */
	function expectSingleTaskListCall(exchanges: Exchange[], token: string, status: number): void {
		sandbox.contract.assertClean();
		for (const call of exchanges) {
			expect(call).toMatchObject({ method: 'GET', path: '/crm/v3/objects/tasks' });
			expect(call.query).toEqual({ limit: '1' });
			expect(call.requestHeaders.authorization).toBe(`Bearer ${token}`);
		}
		expect(exchanges.map((call) => call.status)).toEqual([status]);
	}

	test(
		'a token with every scope tests OK',
		() =>
			n8n.withLogOnFailure(async () => {
				const { result, exchanges } = await saveAndTest('all scopes', TOKENS.allScopes);
				expect(result.status).toBe('OK');
				expectSingleTaskListCall(exchanges, TOKENS.allScopes, 200);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'an unknown token fails and the message says the token was not accepted',
		() =>
			n8n.withLogOnFailure(async () => {
				const { result, exchanges } = await saveAndTest('unknown token', TOKENS.unknown);
				expectSingleTaskListCall(exchanges, TOKENS.unknown, 401);
				expect(exchanges[0].responseBody).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(/token|authenticat/i);
			}),
		TEST_TIMEOUT_MS,
	);

	test(
		'a token without the tasks read scope fails and the message names that scope',
		() =>
			n8n.withLogOnFailure(async () => {
				const { result, exchanges } = await saveAndTest('missing scope', TOKENS.withoutTasksRead);
				expectSingleTaskListCall(exchanges, TOKENS.withoutTasksRead, 403);
				expect(exchanges[0].responseBody).toMatchObject({
					category: 'MISSING_SCOPES',
					errors: [{ context: { requiredGranularScopes: [TASKS_READ_SCOPE] } }],
				});
				expect(result.status).toBe('Error');
				expect(result.message).toContain(TASKS_READ_SCOPE);
			}),
		TEST_TIMEOUT_MS,
	);
});
