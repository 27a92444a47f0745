import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from './runtime';

const run = promisify(execFile);

export interface PackedPackage {
	name: string;
	version: string;
	tarball: string;
}

let packPromise: Promise<PackedPackage> | undefined;

/**
 * `npm pack` of this repository, once per test process. Needs dist/ from `npm run build`.
 * HUBSPOT_TASKFLOW_E2E_PACKAGE_DIR packs another built copy instead (e.g. a trial build).
 */
export function packThisPackage(): Promise<PackedPackage> {
	packPromise ??= pack(process.env.HUBSPOT_TASKFLOW_E2E_PACKAGE_DIR ?? REPO_ROOT);
	return packPromise;
}

async function pack(packageDir: string): Promise<PackedPackage> {
	if (!existsSync(path.join(packageDir, 'dist'))) {
		throw new Error(`${packageDir}/dist is missing: run \`npm run build\` before the e2e suite`);
	}
	const destination = await mkdtemp(path.join(os.tmpdir(), 'hubspot-taskflow-pack-'));
	const { stdout } = await run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: packageDir, maxBuffer: 16 * 1024 * 1024 },
	);
	const [packed] = JSON.parse(stdout) as Array<{ name: string; version: string; filename: string }>;
	return {
		name: packed.name,
		version: packed.version,
		tarball: path.join(destination, path.basename(packed.filename)),
	};
}

/**
 * Installs the tarball the way n8n 2.40's Community Nodes screen does: unpack into
 * `<nodes>/node_modules/<name>`, drop dev/peer/optional dependencies (n8n-workflow must be n8n's
 * own copy, not a second one), `npm install` the runtime dependencies there without scripts, and
 * record the package in `<nodes>/package.json`, the ledger n8n reads.
 */
export async function installPackageIntoN8n(
	packed: PackedPackage,
	n8nFolder: string,
): Promise<{ packageDir: string; seconds: number }> {
	const started = Date.now();
	const nodesDir = path.join(n8nFolder, 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', packed.name);
	await mkdir(packageDir, { recursive: true });
	await run('tar', ['-xzf', packed.tarball, '-C', packageDir, '--strip-components=1']);

	const manifestPath = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--prefer-offline',
		],
		{ cwd: packageDir, maxBuffer: 16 * 1024 * 1024, env: npmEnvWithoutParentSettings() },
	);

	await writeFile(
		path.join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [packed.name]: packed.version } },
			null,
			2,
		),
	);
	return { packageDir, seconds: (Date.now() - started) / 1000 };
}

/** `npm test` exports its settings as npm_config_*; a nested install must use its own. */
function npmEnvWithoutParentSettings(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const key of ['npm_config_prefix', 'npm_config_local_prefix', 'npm_config_global']) {
		delete env[key];
	}
	return env;
}
