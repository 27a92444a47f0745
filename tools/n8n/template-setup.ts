/**
 * The templates of workflows/ set up in a real n8n as the template suites need them: the
 * credentials they name (same ids and names) with the contract sandbox's values, the workflows
 * imported as they are and some published; then how n8n saved them, where a template's trigger
 * takes its signed webhooks, and its latest execution.
 */
import type { Sandbox } from '../../sandbox/server';
import type { DeliveryTarget } from './hubspot-deliveries';
import { N8nInstance, type CredentialImport } from './n8n-instance';
import type { ExecutionDetail } from './rest-client';
import { sandboxCredentialData } from './sandbox-tasks';
import {
	credentialReferences,
	nodeNamed,
	templateNamed,
	triggerWebhookPath,
	unknownNodeTypes,
	type Template,
} from './templates';

export interface TemplateImportOptions {
	sandbox: Sandbox;
	/** the HubSpot app's client secret the trigger credential signs webhooks with */
	clientSecret: string;
	/** the template files (e.g. 'priority-on-new-task.json') to publish, so their webhooks answer */
	publish: string[];
}

/** The credentials the templates name (same ids and names), with values for the sandbox. */
export function templateCredentialImports(
	templates: Template[],
	sandbox: Sandbox,
	clientSecret: string,
): CredentialImport[] {
	const data = sandboxCredentialData(sandbox, { clientSecret });
	return [...credentialReferences(templates)].map(([type, reference]) => {
		if (!data[type]) throw new Error(`no sandbox values for credential type ${type}`);
		return { ...reference, type, data: data[type] };
	});
}

/** Imports the templates' credentials and workflows (n8n stopped) and publishes the named files. */
export async function importTemplates(
	n8n: N8nInstance,
	templates: Template[],
	options: TemplateImportOptions,
): Promise<void> {
	await n8n.importCredentials(
		templateCredentialImports(templates, options.sandbox, options.clientSecret),
	);
	await n8n.importWorkflows(templates.map((template) => template.workflow));
	for (const file of options.publish) {
		await n8n.publishWorkflow(templateNamed(templates, file).workflow.id);
	}
}

/**
 * A new n8n with this package installed and the templates imported (the named ones published),
 * started and its owner set up. Disposed again if a step fails, so that no n8n outlives the suite.
 */
export async function startN8nWithTemplates(
	templates: Template[],
	/** `publicUrl` undefined: n8n's local address, e.g. for a browser that follows its form links. */
	options: TemplateImportOptions & { label: string; publicUrl?: string },
): Promise<N8nInstance> {
	const { publicUrl } = options;
	const n8n = await N8nInstance.create({
		label: options.label,
		publicUrl: publicUrl === undefined ? undefined : () => publicUrl,
	});
	try {
		await n8n.withLogOnFailure(async () => {
			await n8n.installThisPackage();
			await importTemplates(n8n, templates, options);
			await n8n.start();
			await n8n.rest.setupOwner();
		});
		return n8n;
	} catch (error) {
		await n8n.dispose();
		throw error;
	}
}

/** Fails, naming it, on a node a suite addresses that a template no longer has (e.g. renamed). */
export function requireTemplateNodes(
	templates: Template[],
	nodeNamesByFile: Record<string, string[]>,
): void {
	for (const [file, names] of Object.entries(nodeNamesByFile)) {
		for (const name of names) nodeNamed(templateNamed(templates, file), name);
	}
}

/** Where the HubSpot app posts a template's trigger webhooks, and the URL it signs them for. */
export function templateWebhookTarget(
	n8n: N8nInstance,
	template: Template,
	clientSecret: string,
): DeliveryTarget {
	const webhookPath = triggerWebhookPath(template);
	return {
		localUrl: n8n.webhookUrl(webhookPath),
		publicUrl: n8n.publicWebhookUrl(webhookPath),
		clientSecret,
	};
}

/** A template as n8n saved it: its name, its node names (sorted), the node types n8n does not know. */
export async function savedTemplate(
	n8n: N8nInstance,
	template: Template,
): Promise<{ name: string; nodeNames: string[]; unknownNodeTypes: string[] }> {
	const saved = await n8n.rest.getWorkflow(template.workflow.id);
	const wanted = saved.nodes.map((node) => ({ name: node.type, version: node.typeVersion }));
	// answered in request order; n8n fails the request for a type it does not know
	const known = await n8n.rest.nodeTypeDescriptions(wanted);
	return {
		name: saved.name,
		nodeNames: saved.nodes.map((node) => node.name).sort(),
		unknownNodeTypes: unknownNodeTypes(wanted, known),
	};
}

/** The newest execution of a workflow, in full, once `count` of them have finished. */
export async function latestExecution(
	n8n: N8nInstance,
	workflowId: string,
	count: number,
): Promise<ExecutionDetail> {
	const finished = await n8n.waitForFinishedExecutions(workflowId, count);
	const newest = [...finished].sort((a, b) => Number(b.id) - Number(a.id))[0];
	return await n8n.rest.getExecution(newest.id);
}
