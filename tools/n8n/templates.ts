/**
 * The workflow templates of workflows/ as the editor exports them: read, their credential
 * references collected, and their canvas layout checked (nodes and sticky notes not overlapping).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './runtime';
import type { WorkflowNode } from './workflows';

export const TEMPLATES_DIR = path.join(REPO_ROOT, 'workflows');

export const STICKY_NOTE_TYPE = 'n8n-nodes-base.stickyNote';

/** The template files the suites, the bench, the demo and the screenshots drive. */
export const TEMPLATE_FILES = {
	newTask: 'priority-on-new-task.json',
	taskEvents: 'priority-lookup-on-task-events.json',
	globalUpdate: 'priority-global-update.json',
	polling: 'priority-on-new-task-polling.json',
	leadReceived: 'activity-lead-received.json',
	leadDiscarded: 'activity-lead-discarded.json',
	meetingBooked: 'activity-meeting-booked.json',
	emailOpened: 'activity-email-opened.json',
	dealWon: 'activity-deal-won.json',
	contactRotation: 'activity-new-contact-rotation.json',
	ringostatCall: 'ringostat-call-to-hubspot.json',
	ringostatForwarding: 'ringostat-smart-forwarding.json',
	dealDiscovery: 'guide-deal-discovery.json',
	ticketTriage: 'guide-ticket-triage.json',
	lifecycleByScore: 'crm-lifecycle-mql-by-score.json',
	leadDisqualification: 'crm-lead-disqualification.json',
	icpTier: 'crm-abm-icp-tier.json',
} as const;

/** The Create Workflow Activity templates (workflows/activity-*.json). */
export const ACTIVITY_TEMPLATE_PREFIX = 'activity-';

/** The Route Call to Owner templates (workflows/ringostat-*.json). */
export const RINGOSTAT_TEMPLATE_PREFIX = 'ringostat-';

/** The Process Guide templates (workflows/guide-*.json). */
export const GUIDE_TEMPLATE_PREFIX = 'guide-';

/** Seed 003's CRM workflows as templates (workflows/crm-*.json). */
export const CRM_TEMPLATE_PREFIX = 'crm-';

/** The activity, Ringostat, guide and CRM templates, whose sticky notes their own suites check. */
export function notesCheckedInOwnSuite(template: Template): boolean {
	return [
		ACTIVITY_TEMPLATE_PREFIX,
		RINGOSTAT_TEMPLATE_PREFIX,
		GUIDE_TEMPLATE_PREFIX,
		CRM_TEMPLATE_PREFIX,
	].some((prefix) => template.file.startsWith(prefix));
}

/** Node names that suites and scripts address, as the templates name them. */
export const TEMPLATE_NODES = {
	applyRecord: "Prefix the record's open tasks",
	lookup: 'Find the priority',
	applyTasks: 'Write the prefix',
	runNow: 'Run now',
	schedule: 'Every weekday at 06:00',
	preview: 'Preview changes (dry run)',
	update: 'Re-prioritize open tasks',
	pollTrigger: 'Task created or renamed',
	openTasksOnly: 'Open tasks only',
	applyPolled: 'Prefix the changed tasks',
	filtro: 'Realizar Filtro 1 within 30 min',
	recuperar: 'Recuperar Lead in 3 months',
	confirm: 'Confirm 120 minutes before',
	callOnOpen: 'Call within 30 minutes',
	completeOnWin: 'Complete pending activities',
	handOut: 'Hand out in turn',
	ringostatCall: 'Ringostat call',
	logCall: 'Log the call in HubSpot',
	ringingCall: 'Ringing call',
	findOwner: "Find the caller's owner",
	ownerChanged: 'Owner changed in HubSpot',
	openGuide: 'Open the guide',
	guideStep: 'Next guide page',
	guidePage: 'Guide page',
} as const;

/** Once a minute each, at seconds 0, 10, ... 50: a poll every 10 s instead of every minute. */
export const POLL_EVERY_SECONDS = 10;
const FAST_POLL_TIMES = {
	item: Array.from({ length: 60 / POLL_EVERY_SECONDS }, (_, n) => ({
		mode: 'custom',
		cronExpression: `${n * POLL_EVERY_SECONDS} * * * * *`,
	})),
};

/** The template as it is, its poll triggers polling every 10 s: what the suites publish. */
export function withFastPolls(template: Template): Template {
	const workflow = structuredClone(template.workflow);
	for (const node of workflow.nodes) {
		if (node.type.endsWith('.hubSpotTaskflowPollTrigger'))
			node.parameters = { ...node.parameters, pollTimes: FAST_POLL_TIMES };
	}
	return { file: template.file, workflow };
}

/** A node as the editor exports it. */
export type TemplateNode = WorkflowNode;

export interface Template {
	file: string;
	workflow: { id: string; name: string; nodes: TemplateNode[] } & Record<string, unknown>;
}

export function loadTemplates(): Template[] {
	return readdirSync(TEMPLATES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(
				readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'),
			) as Template['workflow'],
		}));
}

export function templateNamed(templates: Template[], file: string): Template {
	const template = templates.find((candidate) => candidate.file === file);
	if (!template) throw new Error(`workflows/${file} is missing`);
	return template;
}

export function nodeNamed(template: Template, name: string): TemplateNode {
	const node = template.workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`${template.file} has no node "${name}"`);
	return node;
}

/** Every credential the templates refer to, by type: one id and name per type across all. */
export function credentialReferences(
	templates: Template[],
): Map<string, { id: string; name: string }> {
	const byType = new Map<string, { id: string; name: string }>();
	for (const { file, workflow } of templates) {
		for (const node of workflow.nodes) {
			for (const [type, reference] of Object.entries(node.credentials ?? {})) {
				const known = byType.get(type);
				if (known && (known.id !== reference.id || known.name !== reference.name)) {
					throw new Error(
						`${file} node "${node.name}" refers to ${type} "${reference.name}" (${reference.id}), other nodes to "${known.name}" (${known.id})`,
					);
				}
				byType.set(type, reference);
			}
		}
	}
	return byType;
}

interface Box {
	name: string;
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/** n8n's canvas draws a regular node as a 100 x 100 square at its position. */
const NODE_SIZE = 100;

function boxOf(node: TemplateNode): Box {
	const [left, top] = node.position;
	const sticky = node.type === STICKY_NOTE_TYPE;
	const width = sticky ? Number(node.parameters.width ?? 240) : NODE_SIZE;
	const height = sticky ? Number(node.parameters.height ?? 160) : NODE_SIZE;
	return { name: node.name, left, top, right: left + width, bottom: top + height };
}

function overlap(a: Box, b: Box): boolean {
	return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Pairs of nodes or sticky notes that cover each other on the canvas. */
export function overlappingPairs(template: Template): string[] {
	const boxes = template.workflow.nodes.map(boxOf);
	const pairs: string[] = [];
	boxes.forEach((a, index) => {
		for (const b of boxes.slice(index + 1)) {
			if (overlap(a, b)) pairs.push(`"${a.name}" and "${b.name}"`);
		}
	});
	return pairs;
}

/** The nodes `start` leads to, itself included. */
function reachableFrom(
	start: string,
	connections: Record<string, { main: Array<Array<{ node: string }>> }>,
): Set<string> {
	const seen = new Set<string>([start]);
	const queue = [start];
	while (queue.length > 0) {
		for (const next of connections[queue.shift()!]?.main.flat() ?? []) {
			if (!seen.has(next.node)) {
				seen.add(next.node);
				queue.push(next.node);
			}
		}
	}
	return seen;
}

/**
 * Whether every connection goes left to right (the target starts right of the source). A link
 * that closes a loop (its target leads back to its source, e.g. a form page back to the node that
 * builds the next page) goes back by nature.
 */
export function backwardConnections(template: Template): string[] {
	const byName = new Map(template.workflow.nodes.map((node) => [node.name, node]));
	const connections = template.workflow.connections as Record<
		string,
		{ main: Array<Array<{ node: string }>> }
	>;
	const backward: string[] = [];
	for (const [source, outputs] of Object.entries(connections)) {
		for (const target of outputs.main.flat()) {
			const from = byName.get(source);
			const to = byName.get(target.node);
			if (!from || !to) {
				backward.push(`${source} -> ${target.node} (unknown node)`);
			} else if (
				to.position[0] <= from.position[0] &&
				!reachableFrom(target.node, connections).has(source)
			) {
				backward.push(`${source} -> ${target.node}`);
			}
		}
	}
	return backward;
}

/**
 * Where a guide template's form opens (`/form/<its Form Trigger's Path>`) and the query parameter
 * that carries the record (the trigger's hidden field).
 */
export function guideFormLink(template: Template): { path: string; recordParameter: string } {
	const trigger = template.workflow.nodes.find(
		(node) => node.type === 'n8n-nodes-base.formTrigger',
	);
	const path = (trigger?.parameters.options as { path?: string } | undefined)?.path;
	const fields = (trigger?.parameters.formFields as { values?: Array<Record<string, string>> })
		?.values;
	const hidden = fields?.find((field) => field.fieldType === 'hiddenField')?.fieldName;
	if (!path || !hidden)
		throw new Error(`${template.file} has no form trigger with a path and a hidden record field`);
	return { path: `/form/${path}`, recordParameter: hidden };
}

/** The production path of a template's HubSpot Taskflow Trigger: its webhookId, then its Path. */
export function triggerWebhookPath(template: Template): string {
	const trigger = template.workflow.nodes.find((node) =>
		node.type.endsWith('.hubSpotTaskflowTrigger'),
	);
	if (!trigger?.webhookId) throw new Error(`${template.file} has no trigger with a webhookId`);
	return `${trigger.webhookId}/${String(trigger.parameters.path)}`;
}

/** Nodes or sticky notes covering each other, and connections that go right to left. */
export function layoutProblems(template: Template): string[] {
	return [
		...overlappingPairs(template).map((pair) => `${template.file}: ${pair} overlap`),
		...backwardConnections(template).map((link) => `${template.file}: ${link} goes backwards`),
	];
}

/** The markdown of a template's sticky notes, joined. */
export function stickyNoteText(template: Template): string {
	return template.workflow.nodes
		.filter((node) => node.type === STICKY_NOTE_TYPE)
		.map((node) => String(node.parameters.content))
		.join('\n');
}

/**
 * The node types of `wanted` that n8n's answer to POST /rest/node-types (same order) does not
 * describe at that version; the editor shows such nodes as unknown.
 */
export function unknownNodeTypes(
	wanted: Array<{ name: string; version: number }>,
	descriptions: Array<Record<string, unknown> | undefined>,
): string[] {
	return wanted
		.filter(({ name, version }, index) => {
			const description = descriptions[index];
			const shortName = name.slice(name.lastIndexOf('.') + 1);
			const sameType = description?.name === name || description?.name === shortName;
			return !sameType || ![description.version].flat().includes(version);
		})
		.map(({ name, version }) => `${name}@${version}`);
}
