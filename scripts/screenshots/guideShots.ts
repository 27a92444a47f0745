/**
 * A process guide as the rep sees it: the deal discovery guide opened from its link on a demo
 * deal, a page sent back with its problems named, and the next page with the deal's values.
 */
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { guideFormLink, templateNamed, TEMPLATE_FILES } from '../../tools/n8n/templates';
import type { ShotResult } from './shots';
import type { Stack } from './stack';

const FORM_VIEWPORT = { width: 900, height: 640 };
const WAIT_MS = 20_000;

async function heading(page: Page, title: string): Promise<void> {
	await page.getByRole('heading', { name: title }).waitFor({ timeout: WAIT_MS });
}

export async function shootGuidePages(
	browser: Browser,
	stack: Stack,
	outputDir: string,
): Promise<ShotResult[]> {
	const template = templateNamed(stack.templates, TEMPLATE_FILES.dealDiscovery);
	const link = guideFormLink(template);
	const deal = stack.sandbox.store
		.all('deals')
		.find((candidate) => !String(candidate.properties.dealstage).startsWith('closed'))!;
	const context = await browser.newContext({
		viewport: FORM_VIEWPORT,
		locale: 'en-US',
		colorScheme: 'light',
	});
	const page = await context.newPage();
	try {
		await page.goto(`${stack.n8n.baseUrl}${link.path}?${link.recordParameter}=${deal.id}`);
		await heading(page, 'Discovery call');
		await page.getByLabel('Yes').check();
		await page.locator('#submit-btn').click();
		await heading(page, 'Discovery call: Need');
		await page.getByLabel('What do they need solved?').fill('Faster quotes');
		await page.getByLabel('New or existing business?').selectOption('New Business');
		await page.locator('#submit-btn').click();
		await page.getByText('Please correct before anything is saved').waitFor({ timeout: WAIT_MS });
		const sentBack = path.join(outputDir, 'guide-deal-discovery-sent-back.png');
		await page.screenshot({ path: sentBack, fullPage: true });

		await page
			.getByLabel('What do they need solved?')
			.fill('Quotes take three days; they lose deals to faster competitors');
		await page.getByLabel('New or existing business?').selectOption('New Business');
		await page.locator('#submit-btn').click();
		await heading(page, 'Discovery call: Budget and timing');
		const budget = path.join(outputDir, 'guide-deal-discovery-budget.png');
		await page.screenshot({ path: budget, fullPage: true });
		return [
			{
				file: sentBack,
				shows: `the deal discovery guide (${template.file}) on deal ${deal.id}: the "Need" page sent back with its problem named and the answers kept`,
				defects: [],
				hints: [],
			},
			{
				file: budget,
				shows:
					"the next page, Budget and timing: the deal's amount filled in, the decision date and HubSpot's priority options",
				defects: [],
				hints: [],
			},
		];
	} finally {
		await context.close();
	}
}
