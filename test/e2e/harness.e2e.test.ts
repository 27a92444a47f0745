import { N8nInstance } from '../../tools/n8n/n8n-instance';
import { nodeOutputItems } from '../../tools/n8n/rest-client';
import { builtInWebhookWorkflow, workflowId } from '../../tools/n8n/workflows';

const SETUP_TIMEOUT_MS = 15 * 60_000;

describe('e2e harness: real n8n with a built-in webhook workflow', () => {
	let n8n: N8nInstance;
	const id = workflowId('harnessEcho');

	beforeAll(async () => {
		n8n = await N8nInstance.create({ label: 'harness' });
		await n8n.importWorkflow(builtInWebhookWorkflow(id, 'harness-echo'));
		await n8n.publishWorkflow(id);
		await n8n.start();
		await n8n.rest.setupOwner();
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (n8n) console.log(n8n.timingSummary());
		await n8n?.dispose();
	}, 60_000);

	test('a POST to the published webhook runs the workflow once with the posted body', () =>
		n8n.withLogOnFailure(async () => {
			const response = await fetch(n8n.webhookUrl('harness-echo'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ hello: 'n8n' }),
			});
			expect(response.status).toBe(200);
			await response.arrayBuffer();

			const [finished] = await n8n.waitForFinishedExecutions(id, 1);
			const execution = await n8n.rest.getExecution(finished.id);
			expect(execution.status).toBe('success');
			expect(execution.mode).toBe('webhook');
			const [item] = nodeOutputItems(execution, 'Webhook');
			expect(item.body).toEqual({ hello: 'n8n' });
		}));

	test(
		'the workflow stays published across a warm restart',
		() =>
			n8n.withLogOnFailure(async () => {
				await n8n.restart();
				const response = await fetch(n8n.webhookUrl('harness-echo'), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ after: 'restart' }),
				});
				expect(response.status).toBe(200);
				await response.arrayBuffer();
				await n8n.waitForFinishedExecutions(id, 2);
				expect(n8n.startTimings.map((t) => t.kind)).toEqual(['cold', 'warm']);
			}),
		120_000,
	);
});
