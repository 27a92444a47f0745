// Bundles every dist/**/vendor.js in place with the libraries it re-exports, so the published
// package needs no runtime `dependencies` (n8n's community-node rule) yet uses well-kept libraries.
// There is one vendor module per layer (nodes/shared/vendor.ts for the HubSpot and Google clients,
// nodes/domain/vendor.ts for the domain's pure libraries) so the domain never imports n8n-aware code.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function vendorFiles(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return vendorFiles(path);
		return entry.name === 'vendor.js' ? [path] : [];
	});
}

for (const file of vendorFiles('dist/nodes')) {
	await build({
		entryPoints: [file],
		outfile: file,
		allowOverwrite: true,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		minify: true,
		legalComments: 'external',
		external: ['n8n-workflow'],
		logLevel: 'warning',
	});
	process.stdout.write(`bundled ${file}: ${(statSync(file).size / 1024 / 1024).toFixed(2)} MB\n`);
}
