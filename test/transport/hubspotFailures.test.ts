/**
 * The failures the README's "When HubSpot fails" describes, each against the sandbox: a daily
 * limit is never retried and says when it resets, a Retry-After over 60 s is not waited and is
 * named, a proxy's HTML 502 is retried and, when it persists, reported without its markup.
 */
import { NodeApiError } from 'n8n-workflow';

import {
	hubSpotRequests,
	sandboxTransport,
	seedTask as seedTaskIn,
	useTransportSandbox,
} from './transportSupport';

const sandbox = useTransportSandbox();

const seedTask = (): string => seedTaskIn(sandbox);

async function failureOf(call: Promise<unknown>): Promise<NodeApiError> {
	const error = await call.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	return error as NodeApiError;
}

it('sends a call that meets the daily limit once and says when the limit resets', async () => {
	const id = seedTask();
	sandbox.setRateLimits({ requestsPerDay: 2 });
	const transport = sandboxTransport(sandbox);
	await transport.getRecord('tasks', id);
	await transport.getRecord('tasks', id);

	const error = await failureOf(transport.getRecord('tasks', id));

	expect(error.message).toContain("HubSpot's daily API call limit for this account is reached");
	expect(error.message).toContain("resets at midnight in the HubSpot account's time zone");
	expect(error.httpCode).toBe('429');
	const exchanges = hubSpotRequests(sandbox);
	expect(exchanges.map((exchange) => exchange.status)).toEqual([200, 200, 429]);
	expect(exchanges[2].responseBody).toMatchObject({ policyName: 'DAILY' });
});

it('does not wait a Retry-After over 60 s and names the wait', async () => {
	const id = seedTask();
	sandbox.setFaults({ rate: 1, statuses: [429], retryAfterSeconds: 120 });
	const transport = sandboxTransport(sandbox);

	const started = Date.now();
	const error = await failureOf(transport.getRecord('tasks', id));

	expect(Date.now() - started).toBeLessThan(1_000);
	expect(error.message).toContain('HubSpot asked to wait 120 s before the next call (Retry-After)');
	expect(error.message).toContain('longer than the 60 s a node waits');
	expect(hubSpotRequests(sandbox)).toHaveLength(1);
});

it("retries a proxy's HTML 502 to success", async () => {
	const id = seedTask();
	sandbox.setFaults({ rate: 1, statuses: ['proxy-502'], maxFaults: 2 });
	const transport = sandboxTransport(sandbox);

	const record = await transport.getRecord('tasks', id);

	expect(record.id).toBe(id);
	expect(hubSpotRequests(sandbox).map((exchange) => exchange.fault ?? exchange.status)).toEqual([
		'proxy-502',
		'proxy-502',
		200,
	]);
});

it("reports a persisting proxy 502 by the page's title, never its HTML", async () => {
	const id = seedTask();
	sandbox.setFaults({ rate: 1, statuses: ['proxy-502'] });
	const transport = sandboxTransport(sandbox, { retry: { maxRetries: 2 } });

	const error = await failureOf(transport.getRecord('tasks', id));

	expect(error.httpCode).toBe('502');
	expect(error.message).toBe(
		'HubSpot\'s address answered HTTP 502 with "502 Bad Gateway" instead of HubSpot\'s JSON: a proxy or gateway between n8n and HubSpot failed',
	);
	expect(`${error.message} ${error.description ?? ''}`).not.toMatch(/<[a-z/]/i);
	expect(hubSpotRequests(sandbox)).toHaveLength(3);
});
