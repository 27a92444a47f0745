import { randomUUID } from 'node:crypto';

/** n8n workflow ids are 16 alphanumeric characters. */
export function workflowId(seed: string): string {
	return `${seed.replace(/[^A-Za-z0-9]/g, '')}0000000000000000`.slice(0, 16);
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}

/** A workflow of nodes with no connections: a trigger alone is enough for webhook tests. */
export function singleNodeWorkflow(
	id: string,
	name: string,
	node: Omit<WorkflowNode, 'id' | 'position'>,
): { id: string } & Record<string, unknown> {
	return {
		id,
		name,
		active: false,
		nodes: [{ id: randomUUID(), position: [0, 0], ...node }],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** n8n's built-in Webhook node answering POST /webhook/<path> as soon as it has the request. */
export function builtInWebhookWorkflow(
	id: string,
	path: string,
): { id: string } & Record<string, unknown> {
	return singleNodeWorkflow(id, 'E2E built-in webhook', {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	});
}
