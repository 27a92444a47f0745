// `npm run build`: n8n's own `n8n-node build` (TypeScript to dist/, icons copied), then the vendor
// bundle. When the output is not a terminal (CI, the demo's build log) the CLI's spinner would
// write hundreds of redraw frames and cursor codes, so it runs in its CI mode and what is left of
// its escape codes is stripped.
import { spawnSync } from 'node:child_process';

const interactive = process.stdout.isTTY === true;
const ESCAPE_CODES = /\x1b\[[0-9;?]*[A-Za-z]/g;

const build = spawnSync('n8n-node', ['build'], {
	shell: process.platform === 'win32',
	stdio: interactive ? 'inherit' : ['ignore', 'pipe', 'pipe'],
	env: interactive ? process.env : { ...process.env, CI: 'true', NO_COLOR: '1' },
	encoding: 'utf8',
});
if (!interactive) {
	process.stdout.write((build.stdout ?? '').replace(ESCAPE_CODES, ''));
	process.stderr.write((build.stderr ?? '').replace(ESCAPE_CODES, ''));
}
if (build.error) throw build.error;
if (build.status !== 0) process.exit(build.status ?? 1);

await import('./bundle-vendor.mjs');
