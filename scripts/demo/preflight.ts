/**
 * What the demo needs from the machine, checked before anything is built or started, so a
 * missing piece costs seconds and one line saying what to do, not a stack trace a minute later.
 * (Ports are checked next, by run.ts; the sandbox needs nothing outside the repository.)
 */
import { readFileSync, statfsSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, runtimeFolders } from '../../tools/n8n/runtime';
import { DemoError } from './settings';

/** package.json's `engines.node` (">=20.19"): the one place the minimum is written. */
const MINIMUM_NODE = minimumNode();
/** Node 24 (~0.2 GB) and n8n 2.40.7 (~3.0 GB) as installed by tools/n8n/runtime.sh, plus room. */
const RUNTIME_BYTES_NEEDED = 3.5 * 1024 ** 3;
/** Dev dependencies the demo itself loads; missing means `npm install` has not run. */
const REQUIRED_MODULES = ['tsx', '@hubspot/api-client', '@googleapis/sheets', 'esbuild'];

function minimumNode(): [number, number] {
	const { engines } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		engines: { node: string };
	};
	const [major, minor = 0] = engines.node.replace(/^>=/, '').split('.').map(Number);
	return [major, minor];
}

export function checkPrerequisites(): void {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor < MINIMUM_NODE[1])) {
		throw new DemoError(
			`The demo needs Node ${MINIMUM_NODE.join('.')} or newer; this is Node ${process.versions.node}. ` +
				'Install a newer Node, then run `npm install && npm run demo` again.',
		);
	}
	const missing = REQUIRED_MODULES.filter((name) => {
		try {
			require.resolve(name, { paths: [REPO_ROOT] });
			return false;
		} catch {
			return true;
		}
	});
	if (missing.length > 0) {
		throw new DemoError(
			`The project's dependencies are not installed (${missing.join(', ')} missing): run \`npm install\` first.`,
		);
	}
	const runtime = runtimeFolders();
	if (!runtime.installed) assertRoomForRuntime(path.dirname(runtime.folders[1]));
}

function assertRoomForRuntime(cacheDir: string): void {
	const existing = nearestExisting(cacheDir);
	const stats = statfsSync(existing);
	const free = stats.bavail * stats.bsize;
	if (free < RUNTIME_BYTES_NEEDED) {
		const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
		throw new DemoError(
			`The first start installs Node 24 and n8n into ${cacheDir}, which needs about ` +
				`${gb(RUNTIME_BYTES_NEEDED)} GB free; ${gb(free)} GB is. Free some space, or set ` +
				'HUBSPOT_TASKFLOW_CACHE to a folder on a roomier disk.',
		);
	}
}

function nearestExisting(dir: string): string {
	let current = dir;
	for (;;) {
		try {
			statfsSync(current);
			return current;
		} catch {
			const parent = path.dirname(current);
			if (parent === current) return current;
			current = parent;
		}
	}
}
