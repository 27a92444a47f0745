/**
 * The events of the "event -> task created" measurement: workflows/activity-lead-received.json
 * started by a webhook instead of its poll, one owned contact per event put straight into the
 * sandbox's store, the contact-based "Send a webhook" body HubSpot sends for it, and the sandbox's
 * exchanges matched back to their event: when the record read naming the contact arrived, and
 * when the task create carrying the contact's association arrived and was answered.
 */
import { randomUUID } from 'node:crypto';

import { DEMO_OWNERS } from '../../sandbox/seed';
import type { Exchange, Sandbox } from '../../sandbox/server';
import {
	loadTemplates,
	nodeNamed,
	templateNamed,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	type Template,
} from '../../tools/n8n/templates';
import { nowMs, type DeliveredEvent } from './webhookLatencyEvents';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const TRIGGER_NAME = 'Lead received (webhook)';
const TRIGGER_PATH = 'activity-lead-received';

/**
 * activity-lead-received.json with its "New contact" poll replaced by the HubSpot Taskflow Trigger
 * configured as priority-on-new-task.json's (a fresh webhookId and its own path), and the action
 * reading the record id the way priority-on-new-task.json's action does (the trigger's `objectId`,
 * from the body's `hs_object_id`), its Event Key the body's `hs_object_id`. Every other setting
 * of the action is the template's.
 */
export function leadReceivedByWebhook(): Template {
	const templates = loadTemplates();
	const shipped = templateNamed(templates, TEMPLATE_FILES.leadReceived);
	const priority = templateNamed(templates, TEMPLATE_FILES.newTask);
	const workflow = structuredClone(shipped.workflow);
	const pollAt = workflow.nodes.findIndex((node) =>
		node.type.endsWith('.hubSpotTaskflowPollTrigger'),
	);
	const webhookTrigger = priority.workflow.nodes.find((node) =>
		node.type.endsWith('.hubSpotTaskflowTrigger'),
	);
	if (pollAt < 0 || !webhookTrigger) {
		throw new Error(`${shipped.file} has no poll trigger, or ${priority.file} no webhook trigger`);
	}
	const poll = workflow.nodes[pollAt];
	workflow.nodes[pollAt] = {
		...structuredClone(webhookTrigger),
		id: randomUUID(),
		name: TRIGGER_NAME,
		webhookId: randomUUID(),
		position: poll.position,
		parameters: { ...structuredClone(webhookTrigger.parameters), path: TRIGGER_PATH },
	};
	const connections = workflow.connections as Record<string, unknown>;
	connections[TRIGGER_NAME] = connections[poll.name];
	delete connections[poll.name];
	const template: Template = { file: `${shipped.file} (webhook)`, workflow };
	const action = nodeNamed(template, TEMPLATE_NODES.filtro);
	action.parameters = {
		...action.parameters,
		recordId: nodeNamed(priority, TEMPLATE_NODES.applyRecord).parameters.recordId,
		eventKey: '={{ $json.hs_object_id }}',
	};
	workflow.name = shipped.workflow.name.replace('(polling)', '(webhook)');
	return template;
}

export interface ActivityEvent extends DeliveredEvent {
	contactId: string;
	ownerId: string;
	/** the contact's last change, as the body's hs_lastmodifieddate (epoch ms) */
	lastModifiedMs: number;
	/** arrival of the first record read naming the contact */
	recordReadAt?: number;
	/** arrival of the task create carrying the contact's association */
	createArrivedAt?: number;
	/** when the sandbox had answered that create */
	createdAt?: number;
	createStatus?: number;
}

/** `count` contacts, each owned by one of the demo's owners in turn; numbering goes on from `first`. */
export function seedContacts(sandbox: Sandbox, count: number, first: number): ActivityEvent[] {
	return Array.from({ length: count }, (_, offset) => {
		const n = first + offset;
		const ownerId = String(DEMO_OWNERS[n % DEMO_OWNERS.length].id);
		const contact = sandbox.store.create('contacts', {
			email: `lead${n}@example.com.br`,
			firstname: `Lead ${n}`,
			lastname: 'Bench',
			hubspot_owner_id: ownerId,
		});
		return {
			contactId: contact.id,
			ownerId,
			lastModifiedMs: Date.parse(contact.properties.lastmodifieddate),
		};
	});
}

/** What a contact-based workflow's "Send a webhook" sends with the body priority's setup asks for. */
export function contactWebhookBody(event: ActivityEvent): unknown {
	return {
		objectType: 'contact',
		hs_object_id: event.contactId,
		hs_lastmodifieddate: String(event.lastModifiedMs),
	};
}

export const RECORD_READ = '/crm/v3/objects/contacts/batch/read';
export const TASK_CREATE = '/crm/v3/objects/tasks/batch/create';

interface CreateInput {
	associations?: Array<{ to?: { id?: unknown } }>;
}

/** HubSpot requests since `watch`: all of them, by kind, and how they were answered. */
export interface ActivityTraffic {
	hubSpotCalls: number;
	recordReads: number;
	creates: number;
	/** any other HubSpot request, by method and path */
	others: Map<string, number>;
	rateLimited: number;
	failed: number;
	/** requests outside HubSpot's API (none expected) */
	nonHubSpot: number;
}

/**
 * Stamps events from the sandbox's `onExchange` hook, which runs when a response has been sent.
 * Only events handed to `watch` are stamped, and traffic is counted from `watch` to `stop`.
 */
export class ActivityWatcher {
	private readonly byContact = new Map<string, ActivityEvent>();
	private counting = false;
	private waiting = 0;
	private allCreated: (() => void) | undefined;
	traffic = ActivityWatcher.noTraffic();

	private static noTraffic(): ActivityTraffic {
		return {
			hubSpotCalls: 0,
			recordReads: 0,
			creates: 0,
			others: new Map(),
			rateLimited: 0,
			failed: 0,
			nonHubSpot: 0,
		};
	}

	watch(events: ActivityEvent[]): void {
		this.byContact.clear();
		for (const event of events) this.byContact.set(event.contactId, event);
		this.waiting = events.length;
		this.traffic = ActivityWatcher.noTraffic();
		this.counting = true;
	}

	/** Stops counting (the checks that follow read the sandbox over HTTP too). */
	stop(): ActivityTraffic {
		this.counting = false;
		return this.traffic;
	}

	readonly onExchange = (exchange: Exchange): void => {
		const answeredAt = nowMs();
		if (!this.counting) return;
		const { traffic } = this;
		if (!exchange.path.startsWith('/crm/')) {
			traffic.nonHubSpot++;
			return;
		}
		traffic.hubSpotCalls++;
		if (exchange.status === 429) traffic.rateLimited++;
		if (exchange.status >= 300 || exchange.status === 0) traffic.failed++;
		const inputs = ((exchange.requestBody as { inputs?: unknown[] } | undefined)?.inputs ??
			[]) as Array<{ id?: unknown } & CreateInput>;
		if (exchange.method === 'POST' && exchange.path === RECORD_READ) {
			traffic.recordReads++;
			for (const input of inputs) {
				const event = this.byContact.get(String(input.id));
				if (event) event.recordReadAt ??= exchange.at;
			}
		} else if (exchange.method === 'POST' && exchange.path === TASK_CREATE) {
			traffic.creates++;
			for (const input of inputs) {
				for (const association of input.associations ?? []) {
					const event = this.byContact.get(String(association.to?.id));
					if (!event || event.createdAt !== undefined) continue;
					event.createArrivedAt = exchange.at;
					event.createStatus = exchange.status;
					if (exchange.status >= 300 || exchange.status === 0) continue;
					event.createdAt = answeredAt;
					this.waiting--;
				}
			}
			if (this.waiting === 0) this.allCreated?.();
		} else {
			const call = `${exchange.method} ${exchange.path}`;
			traffic.others.set(call, (traffic.others.get(call) ?? 0) + 1);
		}
	};

	/** Resolves when every watched event's task create was answered, or after `timeoutMs`. */
	async untilAllCreated(timeoutMs: number): Promise<void> {
		if (this.waiting === 0) return;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			new Promise<void>((resolve) => (this.allCreated = resolve)),
			new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
		]);
		clearTimeout(timer);
		this.allCreated = undefined;
	}
}

/** Waits until `probe` holds or `timeoutMs` has passed; returns whether it held. */
export async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await probe()) return true;
		if (Date.now() > deadline) return false;
		await sleep(250);
	}
}
