/**
 * What the screenshots are taken of: the local HubSpot sandbox (so the templates' credentials
 * resolve and the nodes that run read real rules and tasks) and a real n8n 2.40.7 with this
 * package installed, an owner account, the credentials the templates name and every template of
 * workflows/ imported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { N8nInstance } from '../../tools/n8n/n8n-instance';
import { E2E_OWNER } from '../../tools/n8n/rest-client';
import { sandboxCredentialData } from '../../tools/n8n/sandbox-tasks';
import {
	credentialReferences,
	GUIDE_TEMPLATE_PREFIX,
	loadTemplates,
	unknownNodeTypes,
	type Template,
} from '../../tools/n8n/templates';
import { startSandbox, type Sandbox } from '../../sandbox/server';

/** The Trigger's client secret in the imported credential; test deliveries are signed with it. */
export const CLIENT_SECRET = 'screenshots-client-secret';

export interface Stack {
	n8n: N8nInstance;
	sandbox: Sandbox;
	templates: Template[];
	owner: { email: string; password: string };
	/** Stops n8n (and its task runners) and the sandbox; safe to call more than once. */
	close(): Promise<void>;
}

/**
 * workflows/, or the folder SCREENSHOTS_TEMPLATES_DIR names: a layout can be tried on copies
 * before the templates themselves change.
 */
function templatesToShow(): Template[] {
	const folder = process.env.SCREENSHOTS_TEMPLATES_DIR;
	if (!folder) return loadTemplates();
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Template['workflow'],
		}));
}

export async function startStack(progress: (line: string) => void): Promise<Stack> {
	const templates = templatesToShow();
	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	let closing: Promise<void> | undefined;
	// every caller (signal handler, error path) waits for the same, complete shutdown
	const close = (): Promise<void> =>
		(closing ??= (async () => {
			await n8n?.dispose();
			await sandbox?.close();
		})());
	try {
		sandbox = await startSandbox({ seed: 'demo' });
		progress(`sandbox on ${sandbox.url}`);
		// debug: n8n logs a published workflow's activation (the guides') only at that level
		n8n = await N8nInstance.create({ label: 'screenshots', logLevel: 'debug' });
		progress(
			`n8n ${n8n.runtime.n8nVersion} on Node ${n8n.runtime.nodeVersion}: installing this package`,
		);
		const packed = await n8n.installThisPackage();
		await rm(path.dirname(packed.tarball), { recursive: true, force: true });
		const values = sandboxCredentialData(sandbox, { clientSecret: CLIENT_SECRET });
		await n8n.importCredentials(
			[...credentialReferences(templates)].map(([type, reference]) => {
				const data = values[type];
				if (!data) throw new Error(`no sandbox values for credential type ${type}`);
				return { ...reference, type, data };
			}),
		);
		await n8n.importWorkflows(templates.map((template) => template.workflow));
		// the guides' forms answer only when published
		for (const template of templates.filter((t) => t.file.startsWith(GUIDE_TEMPLATE_PREFIX))) {
			await n8n.publishWorkflow(template.workflow.id);
		}
		progress(`imported ${templates.length} templates; starting n8n`);
		const seconds = await n8n.start();
		await n8n.rest.setupOwner();
		await assertNodesLoaded(n8n, templates);
		progress(`n8n ready on ${n8n.baseUrl} after ${seconds.toFixed(1)} s`);
		return {
			n8n,
			sandbox,
			templates,
			owner: { email: E2E_OWNER.email, password: E2E_OWNER.password },
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}

/** A stale or broken dist/ makes the editor draw "?" nodes: refuse to photograph those. */
async function assertNodesLoaded(n8n: N8nInstance, templates: Template[]): Promise<void> {
	const failedPackage = /Failed to load package.*/.exec(n8n.readLog())?.[0];
	if (failedPackage) {
		throw new Error(`${failedPackage} (see ${n8n.logFile}); run \`npm run build\` first`);
	}
	for (const { file, workflow } of templates) {
		const wanted = workflow.nodes.map((node) => ({ name: node.type, version: node.typeVersion }));
		const unknown = unknownNodeTypes(wanted, await n8n.rest.nodeTypeDescriptions(wanted));
		if (unknown.length > 0) throw new Error(`n8n does not know ${unknown.join(', ')} of ${file}`);
	}
}
