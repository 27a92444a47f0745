/**
 * The Ringostat templates in the demo: where each one listens (with the demo's secret), and the
 * calls demo:fire can make, one per cell of the call matrix, on contacts of the demo seed whose
 * numbers were typed every which way; for smart forwarding, the rings and the destination each
 * one must get, from the seed's owners and the template's employee table.
 */
import { buildDemoSeed } from '../../sandbox/seed';
import type { CallExample, RingExample } from '../../tools/demo/ready-file';
import { CALL_TRACKING_SECRET } from '../../tools/n8n/sandbox-tasks';
import {
	nodeNamed,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	type Template,
} from '../../tools/n8n/templates';
import { templateKey } from './examples';

/** The call cells demo:fire knows, by the name it takes after the template. */
export const CALL_CELLS: Record<string, string> = {
	'new-answered':
		'a new number (typed 07xx xxx xxx) answered by Piotr: contact + deal of his, the call, its recording task',
	colleague:
		'Elena (stored "0721 234 568", owned by Ioana) calls as 40721234568, Piotr answers: the call on her, a task for Ioana',
	'missed-new':
		'a missed call from a new number: contact + deal for the senior manager, a call-back task',
	'missed-known': 'Andrei (stored "+40 721 234 567") missed: a call-back task for his owner Ioana',
	outgoing: 'Ioana calls Andrei back (dialled as 0721234567): the call on his contact',
	'unknown-employee':
		'Andrei answered by new_hire_sip, not in the table: a task for the senior manager',
};

function triggerUrl(template: Template, nodeName: string, n8nBaseUrl: string): string {
	const trigger = nodeNamed(template, nodeName);
	const path = `${trigger.webhookId}/${String(trigger.parameters.path)}`;
	return `${n8nBaseUrl.replace(/\/$/, '')}/webhook/${path}?secret=${CALL_TRACKING_SECRET}`;
}

/** The first destination the template's employee table gives an owner. */
function destinationOf(template: Template, ownerId: string): string {
	const find = nodeNamed(template, TEMPLATE_NODES.findOwner);
	const rows = (find.parameters.employees as { employee: Array<Record<string, string>> }).employee;
	const row = rows.find((candidate) => candidate.ownerId === ownerId);
	return row ? row.destinations.split(',')[0].trim() : '';
}

export function callExamples(templates: Template[], n8nBaseUrl: string): CallExample[] {
	return templates
		.filter((template) => template.file === TEMPLATE_FILES.ringostatCall)
		.map((template) => ({
			template: templateKey(template),
			workflowId: template.workflow.id,
			workflowName: template.workflow.name,
			url: triggerUrl(template, TEMPLATE_NODES.ringostatCall, n8nBaseUrl),
			cells: Object.keys(CALL_CELLS),
			description: 'Ringostat after-call webhooks, one per cell of the call matrix',
		}));
}

export function ringExamples(templates: Template[], n8nBaseUrl: string): RingExample[] {
	const contacts = buildDemoSeed().objects.contacts ?? [];
	const ownerOf = (first: string) =>
		String(contacts.find((c) => c.properties.firstname === first)?.properties.hubspot_owner_id);
	return templates
		.filter((template) => template.file === TEMPLATE_FILES.ringostatForwarding)
		.map((template) => ({
			template: templateKey(template),
			workflowId: template.workflow.id,
			workflowName: template.workflow.name,
			url: triggerUrl(template, TEMPLATE_NODES.ringingCall, n8nBaseUrl),
			description:
				"Ringostat asks while a call rings; the answer is the owner's destination, or empty for the next step",
			rings: [
				{
					caller: '40721234568',
					who: 'Elena, stored as "0721 234 568"',
					expected: destinationOf(template, ownerOf('Elena')),
				},
				{
					caller: '+40 (31) 405 0000',
					who: 'Ana-Maria, stored as "+40-31-405-0000"',
					expected: destinationOf(template, ownerOf('Ana-Maria')),
				},
				{
					caller: '0721.234.567',
					who: 'Andrei, stored as "+40 721 234 567"',
					expected: destinationOf(template, ownerOf('Andrei')),
				},
				{ caller: '+40 31 999 9999', who: 'a number HubSpot does not know', expected: '' },
			],
		}));
}
