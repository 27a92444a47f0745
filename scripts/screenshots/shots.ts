/**
 * The pictures: every template's canvas, and two node settings panels with the data of a real
 * run against the sandbox (Priority Lookup on a signed test event, Apply Task Prefix's dry run).
 */
import path from 'node:path';

import type { Page } from 'playwright-core';

import { deliverJson } from '../../tools/n8n/hubspot-deliveries';
import { delay } from '../../tools/n8n/process-group';
import { createTask } from '../../tools/n8n/sandbox-tasks';
import {
	nodeNamed,
	templateNamed,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	triggerWebhookPath,
	type Template,
} from '../../tools/n8n/templates';
import { clearAndCheckOverlays, openCanvas, openNodeSettings, restMouse } from './editor';
import { layoutDefects, layoutHints, measureCanvas, scaleSummary } from './layout';
import { CLIENT_SECRET, type Stack } from './stack';

export interface ShotResult {
	file: string;
	shows: string;
	/** how the canvas was drawn (zoom, text size) */
	scale?: string;
	defects: string[];
	hints: string[];
}

const { taskEvents: TASK_EVENTS, globalUpdate: GLOBAL_UPDATE } = TEMPLATE_FILES;
const { lookup: LOOKUP_NODE, preview: DRY_RUN_NODE } = TEMPLATE_NODES;

/** A real title from the sandbox's demo account style; the rules sheet makes it P1. */
const EVENT_TASK_TITLE = 'Ligar para o cliente sobre o contrato de renovação';

/** The template's canvas as the editor opens it, fitted to the window. */
export async function shootCanvas(
	page: Page,
	template: Template,
	outputDir: string,
): Promise<ShotResult> {
	await openCanvas(page, template.workflow.id, template.workflow.nodes.length);
	await clearAndCheckOverlays(page);
	const measurement = await measureCanvas(page);
	const file = path.join(outputDir, template.file.replace(/\.json$/, '.png'));
	await page.screenshot({ path: file });
	return {
		file,
		shows: `the "${template.workflow.name}" template (${template.file}) in the editor, zoomed to fit`,
		scale: scaleSummary(measurement),
		defects: layoutDefects(measurement),
		hints: layoutHints(measurement),
	};
}

/**
 * Priority Lookup's panel after a real event: the editor listens for a test event, a signed
 * delivery (as a HubSpot workflow sends it) runs the workflow against the sandbox, and the panel
 * shows the event in, the rules-sheet settings and the priority found.
 */
export async function shootPriorityLookupPanel(
	page: Page,
	stack: Stack,
	outputDir: string,
): Promise<ShotResult> {
	const template = templateNamed(stack.templates, TASK_EVENTS);
	nodeNamed(template, LOOKUP_NODE);
	const taskId = createTask(stack.sandbox, EVENT_TASK_TITLE);
	await openCanvas(page, template.workflow.id, template.workflow.nodes.length);
	await page.getByTestId('execute-workflow-button').click();
	await deliverTestEvent(stack, template, {
		hs_object_id: taskId,
		hs_task_subject: EVENT_TASK_TITLE,
	});
	const lastNode = template.workflow.nodes
		.filter((node) => !node.type.endsWith('.stickyNote'))
		.at(-1);
	await page
		.locator(
			`[data-test-id="canvas-node"][data-node-name="${lastNode?.name}"] [data-test-id="canvas-node-status-success"]`,
		)
		.waitFor({ timeout: 30_000 });
	await openNodeSettings(page, LOOKUP_NODE);
	await page.getByTestId('output-panel').getByText('P1', { exact: true }).first().waitFor();
	await clearAndCheckOverlays(page, true);
	const file = path.join(outputDir, 'priority-lookup-settings.png');
	await page.screenshot({ path: file });
	return {
		file,
		shows: `Priority Lookup ("${LOOKUP_NODE}" in ${TASK_EVENTS}) after a signed test event: the event in, the Google Sheet rules source, the priority found`,
		defects: [],
		hints: [],
	};
}

/** Apply Task Prefix's panel after "Execute step" on the dry run over the sandbox's open tasks. */
export async function shootDryRunPanel(
	page: Page,
	stack: Stack,
	outputDir: string,
): Promise<ShotResult> {
	const template = templateNamed(stack.templates, GLOBAL_UPDATE);
	nodeNamed(template, DRY_RUN_NODE);
	await openCanvas(page, template.workflow.id, template.workflow.nodes.length);
	await openNodeSettings(page, DRY_RUN_NODE);
	await page.getByTestId('ndv').getByTestId('node-execute-button').click();
	await page.getByTestId('output-panel').getByText('dryRun').first().waitFor({ timeout: 60_000 });
	// the output shows before the run has finished everywhere: its spinners go a moment later
	await page.locator('.n8n-spinner').first().waitFor({ state: 'hidden', timeout: 30_000 });
	await restMouse(page);
	await clearAndCheckOverlays(page, true);
	const file = path.join(outputDir, 'apply-task-prefix-dry-run.png');
	await page.screenshot({ path: file });
	return {
		file,
		shows: `Apply Task Prefix ("${DRY_RUN_NODE}" in ${GLOBAL_UPDATE}) after Execute step: Re-prioritize Open Tasks settings and the dry-run summary over the sandbox's open tasks`,
		defects: [],
		hints: [],
	};
}

/** Posts a signed delivery to the trigger's test URL once the editor is listening for it. */
async function deliverTestEvent(stack: Stack, template: Template, body: unknown): Promise<void> {
	const webhookPath = triggerWebhookPath(template);
	const target = {
		localUrl: `${stack.n8n.baseUrl}/webhook-test/${webhookPath}`,
		publicUrl: `${stack.n8n.publicUrl}webhook-test/${webhookPath}`,
		clientSecret: CLIENT_SECRET,
	};
	const deadline = Date.now() + 20_000;
	let last = '';
	while (Date.now() < deadline) {
		const delivery = await deliverJson(target, body);
		if (delivery.status === 200) return;
		last = `${delivery.status} ${JSON.stringify(delivery.body)}`;
		// 404 until the editor's "Execute workflow" has registered the test webhook
		if (delivery.status !== 404) break;
		await delay(300);
	}
	throw new Error(`the test event to ${target.localUrl} was not accepted: ${last}`);
}
