/**
 * Debian's Chromium (package chromium) driven by playwright-core: for the screenshots and for the
 * end-to-end tests of what a person clicks (the process guides' forms).
 */
import { accessSync, constants } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that let Chromium run headless as root in a container without calling home. */
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/**
 * A headless Chromium with a new empty profile (playwright removes it on close). Signals are left
 * to the caller, which stops n8n before the browser.
 */
export async function launchChromium(): Promise<Browser> {
	try {
		accessSync(CHROMIUM_PATH, constants.X_OK);
	} catch {
		throw new Error(
			`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
		);
	}
	return await chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: CHROMIUM_FLAGS,
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
	});
}
