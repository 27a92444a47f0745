/**
 * Debian's Chromium, driven by playwright-core, logged into the n8n editor as the owner, and
 * the few things the pictures need from the editor: a workflow's canvas fitted to the window,
 * a node's settings panel, and a check that nothing (toast, dialog, spinner) covers either.
 */
import { selectors, type Browser, type Page } from 'playwright-core';

import { launchChromium } from '../../tools/browser';

/** 16:10 leaves the canvas tall enough for sticky-note text to stay legible when fitted. */
export const VIEWPORT = { width: 1600, height: 1000 };

/** n8n's own test ids; playwright's getByTestId reads data-testid unless told otherwise. */
selectors.setTestIdAttribute('data-test-id');

export interface EditorSession {
	page: Page;
	/** The browser the editor runs in, for pages of their own (a form as its user sees it). */
	browser: Browser;
	close(): Promise<void>;
}

export async function openEditor(
	baseUrl: string,
	owner: { email: string; password: string },
): Promise<EditorSession> {
	let browser: Browser | undefined;
	const close = async (): Promise<void> => {
		await browser?.close().catch(() => undefined);
	};
	try {
		// playwright gives the browser a new empty profile in a temporary folder and removes it
		// playwright would exit the process on Ctrl-C before n8n is stopped; run.ts closes it
		browser = await launchChromium();
		const context = await browser.newContext({
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			baseURL: baseUrl,
			colorScheme: 'light',
			locale: 'en-US',
		});
		// tsx compiles with keepNames, which wraps the functions sent to page.evaluate in __name()
		await context.addInitScript('globalThis.__name = (fn) => fn;');
		// the node panel lists each item's fields one under another instead of a wide table
		await context.addInitScript(
			"localStorage.setItem('N8N_NDV_INPUT_PANEL_DISPLAY_MODE', 'schema');" +
				"localStorage.setItem('N8N_NDV_OUTPUT_PANEL_DISPLAY_MODE', 'schema');",
		);
		const page = await context.newPage();
		await page.goto('/signin');
		await page.locator('input[name="emailOrLdapLoginId"]').fill(owner.email);
		await page.locator('input[name="password"]').fill(owner.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
		return { page, browser, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/**
 * Opens a saved workflow and fits the whole canvas into the window once every node and sticky
 * note is drawn, the node icons are loaded and the fit animation has come to rest.
 */
export async function openCanvas(page: Page, workflowId: string, nodeCount: number): Promise<void> {
	await page.goto(`/workflow/${workflowId}`);
	await page.getByTestId('canvas-wrapper').waitFor();
	await page.waitForFunction(
		(count) => document.querySelectorAll('.vue-flow__node').length === count,
		nodeCount,
		{ timeout: 30_000 },
	);
	await page.waitForFunction(() =>
		[...document.querySelectorAll<HTMLImageElement>('.vue-flow__node img')].every(
			(image) => image.complete && image.naturalWidth > 0,
		),
	);
	await page.evaluate(async () => {
		await document.fonts.ready;
	});
	await restMouse(page);
	await page.getByTestId('zoom-to-fit').click();
	await restMouse(page);
	await waitForStillCanvas(page);
}

/** Opens a node's settings panel (NDV) by double-clicking the node, as a user does. */
export async function openNodeSettings(page: Page, nodeName: string): Promise<void> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	await page.getByTestId('ndv').waitFor();
	await page.getByTestId('node-parameters').waitFor();
	await restMouse(page);
}

/** The mouse off the canvas and the panels, so no hover toolbar or tooltip is in the picture. */
export async function restMouse(page: Page): Promise<void> {
	await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2);
}

/** Waits until the canvas transform (pan and zoom) stops changing. */
async function waitForStillCanvas(page: Page): Promise<void> {
	const transform = () =>
		page.evaluate(
			() =>
				document.querySelector<HTMLElement>('.vue-flow__transformationpane')?.style.transform ?? '',
		);
	let previous = await transform();
	for (let attempt = 0; attempt < 20; attempt++) {
		await page.waitForTimeout(250);
		const current = await transform();
		if (current === previous && current !== '') return;
		previous = current;
	}
	throw new Error('the canvas kept moving after zoom to fit');
}

/**
 * Closes info toasts; throws on what must not be photographed or hidden: an error or warning
 * toast, a dialog other than the node panel, a loading spinner.
 */
export async function clearAndCheckOverlays(page: Page, allowNodePanel = false): Promise<void> {
	const problems = await page.evaluate((nodePanelAllowed) => {
		const visible = (element: Element) => {
			const box = element.getBoundingClientRect();
			const style = getComputedStyle(element);
			return (
				box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0'
			);
		};
		const found: string[] = [];
		for (const toast of document.querySelectorAll('.el-notification')) {
			if (!visible(toast)) continue;
			const text = (toast.textContent ?? '').trim().replace(/\s+/g, ' ');
			if (
				toast.querySelector(
					'.el-notification__icon.el-icon-error, .el-notification__icon--error, .el-notification--error, [class*="error"], [class*="warning"]',
				)
			) {
				found.push(`toast: ${text}`);
			} else {
				toast.querySelector<HTMLElement>('.el-notification__closeBtn')?.click();
			}
		}
		for (const dialog of document.querySelectorAll(
			'[role="dialog"], .el-dialog, .el-message-box',
		)) {
			if (!visible(dialog)) continue;
			if (nodePanelAllowed && dialog.closest('[data-test-id="ndv"]')) continue;
			if (dialog.querySelector('[data-test-id="ndv"]')) continue;
			found.push(`dialog: ${(dialog.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 160)}`);
		}
		for (const spinner of document.querySelectorAll(
			'.el-loading-mask, [class*="spinner"], [data-icon="spinner"]',
		)) {
			if (visible(spinner)) found.push(`spinner: ${spinner.className}`);
		}
		return found;
	}, allowNodePanel);
	if (problems.length > 0) {
		throw new Error(
			`the editor shows something that must not be in the picture:\n${problems.join('\n')}`,
		);
	}
	await page.waitForTimeout(400); // the closed toasts fade out
}
