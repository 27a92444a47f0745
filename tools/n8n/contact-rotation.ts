/**
 * The "new contact in turn" template (workflows/activity-new-contact-rotation.json) driven by
 * workflow webhooks instead of its poll, and what it leaves in the sandbox: the first-touch tasks
 * it created, known by their idempotency key, and each contact's associated tasks as a HubSpot
 * client reads them.
 */
import { randomUUID } from 'node:crypto';

import type { Sandbox } from '../../sandbox/server';
import {
	loadTemplates,
	nodeNamed,
	STICKY_NOTE_TYPE,
	templateNamed,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	type Template,
} from './templates';

export const IDEMPOTENCY_KEY_PROPERTY = 'taskflow_idempotency_key';
export const FIRST_TOUCH_TITLE = 'Primeiro contato';
/** The new-task template's trigger, whose settings the webhook-driven rotation takes. */
const WEBHOOK_TRIGGER_NODE = 'New task on a record';
/** HubSpot's batch endpoints take 100 inputs a call. */
const BATCH_SIZE = 100;

export type SandboxTask = { id: string; properties: Record<string, string> };

/**
 * The template with its poll trigger swapped for the HubSpot Taskflow Trigger as the new-task
 * template configures it (signed, answered when the run is over, redeliveries dropped by record
 * and modification date) under a fresh webhookId, and the action reading a workflow webhook's
 * body (the contact's properties): Record ID `hs_object_id`, one Event Key per modification.
 */
export function webhookRotationWorkflow(options: { id: string; path: string }): Template {
	const templates = loadTemplates();
	const rotation = templateNamed(templates, TEMPLATE_FILES.contactRotation);
	const trigger = nodeNamed(templateNamed(templates, TEMPLATE_FILES.newTask), WEBHOOK_TRIGGER_NODE);
	const workflow = structuredClone(rotation.workflow);
	workflow.id = options.id;
	workflow.name = `${rotation.workflow.name} — by webhook`;
	workflow.nodes = workflow.nodes
		.filter((node) => node.type !== STICKY_NOTE_TYPE)
		.map((node) => {
			if (node.type.endsWith('.hubSpotTaskflowPollTrigger')) {
				return {
					...structuredClone(trigger),
					id: node.id,
					name: node.name, // the connections name it
					position: node.position,
					webhookId: randomUUID(),
					parameters: { ...trigger.parameters, path: options.path },
				};
			}
			if (node.name !== TEMPLATE_NODES.handOut) return node;
			const { action } = node.parameters.actions as { action: Array<Record<string, unknown>> };
			return {
				...node,
				parameters: {
					...node.parameters,
					recordId: '={{ $json.hs_object_id }}',
					eventTime: '={{ $json.createdate }}',
					eventKey: '={{ $json.hs_lastmodifieddate }}',
					actions: {
						action: action.map((entry) => ({
							...entry,
							title: `=${FIRST_TOUCH_TITLE}: {{ $json.firstname ?? $json.email }}`,
						})),
					},
				},
			};
		});
	return { file: rotation.file, workflow };
}

/** The tasks a workflow's Create Workflow Activity made (keys `cwa:<workflow>:…`). */
export function tasksOfWorkflow(sandbox: Sandbox, workflowId: string): SandboxTask[] {
	return (sandbox.store.all('tasks') as SandboxTask[]).filter((task) =>
		String(task.properties[IDEMPOTENCY_KEY_PROPERTY] ?? '').startsWith(`cwa:${workflowId}:`),
	);
}

/** The contact a task's key names (`cwa:<workflow>:<action>:contacts:<id>:<event>`). */
export function contactOfTask(task: SandboxTask): string {
	return /:contacts:(\d+):/.exec(task.properties[IDEMPOTENCY_KEY_PROPERTY])?.[1] ?? '';
}

/** Each contact's associated task ids, read over the API (v4 batch read) as any client would. */
export async function associatedTaskIds(
	sandbox: Sandbox,
	contactIds: string[],
): Promise<Map<string, string[]>> {
	const linked = new Map<string, string[]>(contactIds.map((id) => [id, []]));
	for (let start = 0; start < contactIds.length; start += BATCH_SIZE) {
		const response = await fetch(`${sandbox.url}/crm/v4/associations/contacts/tasks/batch/read`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				inputs: contactIds.slice(start, start + BATCH_SIZE).map((id) => ({ id })),
			}),
		});
		if (!response.ok) {
			throw new Error(`association read: ${response.status} ${await response.text()}`);
		}
		const answer = (await response.json()) as {
			results: Array<{ from: { id: string }; to: Array<{ toObjectId: number | string }> }>;
		};
		for (const result of answer.results) {
			linked.set(
				result.from.id,
				result.to.map((to) => String(to.toObjectId)),
			);
		}
	}
	return linked;
}
