// Bundles dist/nodes/shared/vendor.js in place with the libraries it re-exports, so the published
// package needs no runtime `dependencies` (n8n's community-node rule) yet uses the official clients.
import { build } from 'esbuild';
import { statSync } from 'node:fs';

const file = 'dist/nodes/shared/vendor.js';
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
process.stdout.write(`bundled ${file}: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB\n`);
