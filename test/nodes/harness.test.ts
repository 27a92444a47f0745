/** Guarantees of the harness itself that the node tests rely on. */
import { get } from 'node:http';

import {
	NodeTypeRegistry,
	runWorkflow,
	START_NODE_NAME,
	HARNESS_START_TYPE,
} from '../../tools/engine';

function requestOutcome(url: string): Promise<string> {
	return new Promise((resolve) => {
		get(url, (response) => {
			response.resume();
			resolve(`answered ${response.statusCode}`);
		}).on('error', (error) => resolve(error.message));
	});
}

describe('node test harness', () => {
	it('refuses any connection beyond 127.0.0.1 instead of letting n8n or a node reach out', async () => {
		await expect(requestOutcome('http://10.255.255.1:81/')).resolves.toBe(
			'Node tests only talk to 127.0.0.1; refused a connection to 10.255.255.1',
		);
		await expect(fetch('http://api.hubapi.com/')).rejects.toMatchObject({
			cause: {
				message: 'Node tests only talk to 127.0.0.1; refused a connection to api.hubapi.com',
			},
		});
	});

	it('runs a workflow through WorkflowExecute, seeding the start node with the given items', async () => {
		const result = await runWorkflow(
			{
				nodes: [
					{
						id: 'start',
						name: START_NODE_NAME,
						type: HARNESS_START_TYPE,
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
				],
				connections: {},
			},
			{ nodeTypes: new NodeTypeRegistry([]), inputItems: [{ json: { a: 1 } }, { json: { a: 2 } }] },
		);

		expect(result.status).toBe('success');
		expect(result.itemsOf(START_NODE_NAME)).toEqual([
			{ json: { a: 1 }, pairedItem: { item: 0 } },
			{ json: { a: 2 }, pairedItem: { item: 1 } },
		]);
		expect(() => result.itemsOf('Missing')).toThrow(
			'Node "Missing" has no run 0 (nodes that ran: Start)',
		);
	});
});
