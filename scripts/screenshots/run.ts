/**
 * `npm run screenshots`: real n8n with this package and every template of workflows/, the
 * local HubSpot sandbox behind the credentials, and headless Chromium photographing the editor
 * into docs/screenshots/. Exits non-zero when a picture shows a layout defect (the pictures are
 * still written, to be looked at). Everything it starts is stopped on exit and on Ctrl-C.
 *
 * CHROMIUM_PATH (default /usr/bin/chromium); SCREENSHOTS_TEMPLATES_DIR photographs copies of
 * the templates from another folder, SCREENSHOTS_OUTPUT_DIR writes the pictures elsewhere: a
 * layout change can be tried and looked at before workflows/ changes.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { REPO_ROOT } from '../../tools/n8n/runtime';
import { openEditor, VIEWPORT, type EditorSession } from './editor';
import { shootGuidePages } from './guideShots';
import { shootCanvas, shootDryRunPanel, shootPriorityLookupPanel, type ShotResult } from './shots';
import { startStack, type Stack } from './stack';

const OUTPUT_DIR =
	process.env.SCREENSHOTS_OUTPUT_DIR ?? path.join(REPO_ROOT, 'docs', 'screenshots');

let stack: Stack | undefined;
let editor: EditorSession | undefined;
let stoppedBy: NodeJS.Signals | undefined;
let stopping: Promise<void> | undefined;

function shutdown(): Promise<void> {
	stopping ??= (async () => {
		await editor?.close();
		await stack?.close();
	})();
	return stopping;
}

function log(line: string): void {
	process.stdout.write(`[screenshots] ${line}\n`);
}

async function main(): Promise<number> {
	const started = Date.now();
	await mkdir(OUTPUT_DIR, { recursive: true });
	stack = await startStack(log);
	editor = await openEditor(stack.n8n.baseUrl, stack.owner);
	log(`Chromium logged in as ${stack.owner.email}; viewport ${VIEWPORT.width}x${VIEWPORT.height}`);

	const results: ShotResult[] = [];
	for (const template of stack.templates) {
		results.push(await shootCanvas(editor.page, template, OUTPUT_DIR));
	}
	results.push(await shootPriorityLookupPanel(editor.page, stack, OUTPUT_DIR));
	results.push(await shootDryRunPanel(editor.page, stack, OUTPUT_DIR));
	results.push(...(await shootGuidePages(editor.browser, stack, OUTPUT_DIR)));

	let defects = 0;
	for (const result of results) {
		const { size } = await stat(result.file);
		log(
			`${path.relative(REPO_ROOT, result.file)} (${Math.round(size / 1024)} KB): ${result.shows}`,
		);
		if (result.scale) log(`  ${result.scale}`);
		for (const defect of result.defects) log(`  DEFECT ${defect}`);
		for (const hint of result.hints) log(`  hint   ${hint}`);
		defects += result.defects.length;
	}
	const errors = stack.n8n
		.errorLines()
		.filter((line) => /hubspot.?taskflow|priorityLookup|applyTaskPrefix/i.test(line));
	for (const line of errors) log(`n8n logged: ${line}`);
	log(`${results.length} pictures in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	if (defects > 0) log(`${defects} layout defect(s): see above; the pictures were written anyway`);
	return defects > 0 || errors.length > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx)
	process.on(signal, () => {
		if (stoppedBy) return;
		stoppedBy = signal;
		log(`${signal}: stopping everything this run started`);
		void shutdown().finally(() => process.exit(130));
	});
}

main()
	.then(async (code) => {
		await shutdown();
		process.exit(code);
	})
	.catch(async (error: unknown) => {
		if (stoppedBy) return; // the browser closing under a running step; the handler exits
		process.stderr.write(
			`[screenshots] failed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		if (stack) process.stderr.write(`[screenshots] n8n's log: ${stack.n8n.logFile}\n`);
		await shutdown();
		process.exit(1);
	});
