/**
 * Brings the demo's n8n up to date with this repository, doing only what changed since the last
 * run: build dist/ when the sources are newer, install `npm pack` of the package into n8n's user
 * folder, import the credentials (pointing at the sandbox) and every template of workflows/, and
 * publish the templates. CLI steps run while n8n is stopped, as n8n requires.
 */
import { CALL_TRACKING_SECRET } from '../../tools/n8n/sandbox-tasks';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

import type { N8nInstance } from '../../tools/n8n/n8n-instance';
import { installPackageIntoN8n, packThisPackage } from '../../tools/n8n/package-install';
import { N8nRestClient } from '../../tools/n8n/rest-client';
import { REPO_ROOT } from '../../tools/n8n/runtime';
import { credentialReferences, type Template } from '../../tools/n8n/templates';
import { DEFAULT_TOKEN } from '../../sandbox/server';
import { step } from './progress';
import { DemoError, type DemoPaths } from './settings';
import { hashOf, packageHash, saveState, type DemoState } from './state';

const SOURCE_FOLDERS = ['credentials', 'nodes', 'icons'];

async function newestChange(target: string): Promise<number> {
	if (!existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of await readdir(target, { recursive: true })) {
		newest = Math.max(newest, statSync(path.join(target, entry)).mtimeMs);
	}
	return newest;
}

/** `npm run build` when dist/ is missing or older than the package's sources; output to `logFile`. */
export async function ensureBuilt(mode: 'auto' | 'never', logFile: string): Promise<void> {
	if (mode === 'never') return;
	const dist = path.join(REPO_ROOT, 'dist');
	const sources = await Promise.all(
		[...SOURCE_FOLDERS, 'package.json'].map((entry) => newestChange(path.join(REPO_ROOT, entry))),
	);
	if (existsSync(dist) && (await newestChange(dist)) >= Math.max(...sources)) return;
	await step(`building the package (npm run build; log: ${logFile})`, async () => {
		const log = openSync(logFile, 'w');
		try {
			const code = await new Promise<number | null>((resolve, reject) => {
				const child = spawn('npm', ['run', 'build'], {
					cwd: REPO_ROOT,
					stdio: ['ignore', log, log],
				});
				child.once('error', reject);
				child.once('exit', resolve);
			});
			if (code !== 0) {
				const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
				throw new DemoError(`npm run build failed (exit code ${code}):\n${tail}`);
			}
		} finally {
			closeSync(log);
		}
	});
}

/** Installs the package into n8n's user folder unless this exact build is installed already. */
export async function installPackageIfChanged(
	n8n: N8nInstance,
	paths: DemoPaths,
	state: DemoState,
): Promise<boolean> {
	const hash = await packageHash(REPO_ROOT);
	const nodesFolder = path.join(paths.n8nUserFolder, '.n8n', 'nodes');
	const installed = existsSync(path.join(nodesFolder, 'package.json'));
	if (installed && state.installed.packageHash === hash) return false;
	await step(
		'installing this package into n8n (npm pack, then npm install in its user folder)',
		async () => {
			const packed = await packThisPackage();
			// a clean folder: files dropped from the package must not linger from the last install
			await rm(path.join(nodesFolder, 'node_modules', packed.name), {
				recursive: true,
				force: true,
			});
			await installPackageIntoN8n(packed, path.join(paths.n8nUserFolder, '.n8n'));
		},
	);
	state.installed.packageHash = hash;
	await saveState(paths, state);
	return true;
}

/** The credentials the templates name (same ids and names), with values for the sandbox. */
export function demoCredentials(
	templates: Template[],
	state: DemoState,
	sandboxUrl: string,
	serviceAccountKey: string,
): Array<{ id: string; name: string; type: string; data: Record<string, unknown> }> {
	const values: Record<string, Record<string, unknown>> = {
		hubSpotTaskflowApi: {
			accessToken: DEFAULT_TOKEN,
			baseUrl: sandboxUrl,
			clientSecret: state.clientSecret,
			webhookSecret: state.webhookSecret,
		},
		callTrackingWebhookApi: { secret: CALL_TRACKING_SECRET },
		googleSheetsTaskflowServiceAccountApi: {
			keySource: 'json',
			privateKeyJson: serviceAccountKey,
			baseUrl: sandboxUrl,
			tokenUrl: `${sandboxUrl}/token`,
		},
	};
	return [...credentialReferences(templates)].map(([type, reference]) => {
		if (!values[type]) throw new Error(`the demo has no values for credential type ${type}`);
		return { ...reference, type, data: values[type] };
	});
}

export async function importCredentialsIfChanged(
	n8n: N8nInstance,
	paths: DemoPaths,
	state: DemoState,
	credentials: ReturnType<typeof demoCredentials>,
): Promise<boolean> {
	const hash = hashOf(JSON.stringify(credentials));
	if (state.installed.credentialsHash === hash) return false;
	await step(`importing credentials: ${credentials.map((c) => c.name).join(', ')}`, async () => {
		await n8n.importCredentials(credentials);
		// the import file holds the secrets in plain text; n8n keeps them encrypted
		await rm(path.join(n8n.userFolder, 'credentials-import.json'), { force: true });
	});
	state.installed.credentialsHash = hash;
	await saveState(paths, state);
	return true;
}

function templateHash(template: Template): string {
	return hashOf(JSON.stringify(template.workflow));
}

/** Templates that are new or changed since they were last imported. */
export function changedTemplates(state: DemoState, templates: Template[]): Template[] {
	return templates.filter((t) => state.installed.templates[t.file] !== templateHash(t));
}

/** Imports and publishes the templates that are new or changed; returns their files. */
export async function importTemplatesIfChanged(
	n8n: N8nInstance,
	paths: DemoPaths,
	state: DemoState,
	templates: Template[],
): Promise<string[]> {
	const changed = changedTemplates(state, templates);
	if (changed.length === 0) return [];
	await step(`importing and publishing ${changed.map((t) => t.file).join(', ')}`, async () => {
		await n8n.importWorkflows(changed.map((t) => t.workflow));
		for (const template of changed) await n8n.publishWorkflow(template.workflow.id);
	});
	for (const template of changed) {
		state.installed.templates[template.file] = templateHash(template);
	}
	await saveState(paths, state);
	return changed.map((t) => t.file);
}

import type { OwnerStatus } from '../../tools/demo/ready-file';
export type { OwnerStatus };

/** Sets up the owner account on a fresh n8n; afterwards checks that its login still works. */
export async function ensureOwner(
	n8nBaseUrl: string,
	paths: DemoPaths,
	state: DemoState,
): Promise<OwnerStatus> {
	const rest = new N8nRestClient(n8nBaseUrl);
	if (!state.installed.ownerCreated) {
		try {
			await rest.json('POST', '/rest/owner/setup', state.owner);
			state.installed.ownerCreated = true;
			await saveState(paths, state);
			return 'created';
		} catch {
			// set up by an earlier run that stopped before recording it: sign in below
		}
	}
	try {
		await rest.json('POST', '/rest/login', {
			emailOrLdapLoginId: state.owner.email,
			password: state.owner.password,
		});
	} catch {
		return 'password changed in n8n';
	}
	if (!state.installed.ownerCreated) {
		state.installed.ownerCreated = true;
		await saveState(paths, state);
	}
	return 'signed in';
}
