import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where tools/n8n/runtime.sh put Node 24 and n8n (kept out of the package's dependencies). */
export interface N8nRuntime {
	nodeBin: string;
	nodeVersion: string;
	n8nBin: string;
	n8nVersion: string;
	cacheDir: string;
}

let runtimePromise: Promise<N8nRuntime> | undefined;

/**
 * Installs the runtime if it is missing (minutes on a fresh machine, a second when cached) and
 * returns its paths. The script's progress lines go straight to this process's stderr so a
 * long first install is visible in CI logs.
 */
export function locateN8nRuntime(): Promise<N8nRuntime> {
	runtimePromise ??= runRuntimeScript();
	return runtimePromise;
}

async function runRuntimeScript(): Promise<N8nRuntime> {
	const script = path.join(REPO_ROOT, 'tools', 'n8n', 'runtime.sh');
	const stdout = await new Promise<string>((resolve, reject) => {
		const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'] });
		let output = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve(output) : reject(new Error(`${script} exited with code ${code}`)),
		);
	});
	const values = new Map<string, string>();
	for (const line of stdout.split('\n')) {
		const separator = line.indexOf('=');
		if (separator > 0) values.set(line.slice(0, separator), line.slice(separator + 1));
	}
	const read = (key: string): string => {
		const value = values.get(key);
		if (!value) throw new Error(`${script} did not print ${key}; its output was:\n${stdout}`);
		return value;
	};
	return {
		nodeBin: read('N8N_RUNTIME_NODE'),
		nodeVersion: read('N8N_RUNTIME_NODE_VERSION'),
		n8nBin: read('N8N_RUNTIME_N8N_BIN'),
		n8nVersion: read('N8N_RUNTIME_N8N_VERSION'),
		cacheDir: read('N8N_RUNTIME_CACHE_DIR'),
	};
}

/** Where runtime.sh installs Node and n8n, asked of the script itself (it installs nothing then). */
export function runtimeFolders(): { folders: string[]; installed: boolean } {
	const script = path.join(REPO_ROOT, 'tools', 'n8n', 'runtime.sh');
	const [nodeDir, n8nDir, marker] = execFileSync('bash', [script, '--folders'], {
		encoding: 'utf8',
	})
		.trim()
		.split('\n');
	const folders = [nodeDir, n8nDir];
	return { folders, installed: folders.every((dir) => existsSync(path.join(dir, marker))) };
}
