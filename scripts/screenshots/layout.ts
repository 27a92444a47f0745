/**
 * What the fitted canvas looks like, measured in the page: each node with its label, each
 * sticky note with the height its text needs, and the editor controls that float over the
 * canvas. The findings name what overlaps, what is cut off or covered, and how small the
 * sticky-note text is drawn, so a bad layout is caught in words as well as in the picture.
 */
import type { Page } from 'playwright-core';

interface Rect {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

interface MeasuredItem {
	name: string;
	kind: 'node' | 'sticky';
	/** on screen, in CSS pixels; a node's includes its label and subtitle */
	rect: Rect;
	/** sticky notes: canvas units the text needs (heading to last line, with the note's padding) */
	neededHeight?: number;
	height?: number;
	/** sticky notes: blocks (code, tables) wider than the note, whose lines are cut off */
	clippedBlocks?: string[];
}

export interface CanvasMeasurement {
	zoom: number;
	/** the sticky notes' body text as drawn, in screen pixels */
	textPixels: number;
	items: MeasuredItem[];
	/** the canvas area between the header and the logs bar */
	canvas: Rect;
	/** editor controls drawn over the canvas */
	controls: Array<{ name: string; rect: Rect }>;
}

/** Legible at 100 % without zooming the picture: a judgement, kept in one place. */
const MIN_TEXT_PIXELS = 8;

export async function measureCanvas(page: Page): Promise<CanvasMeasurement> {
	return await page.evaluate(() => {
		const rectOf = (element: Element) => {
			const box = element.getBoundingClientRect();
			return { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
		};
		const items: MeasuredItem[] = [];
		let zoom = 1;
		let textPixels = 0;
		for (const sticky of document.querySelectorAll<HTMLElement>('[data-test-id="sticky"]')) {
			const rect = rectOf(sticky);
			const height = parseFloat(sticky.style.height);
			zoom = (rect.bottom - rect.top) / height;
			const blocks = [...sticky.querySelectorAll('p, li, td, th, h1, h2, h3, h4, pre, table')];
			const contentBottom = Math.max(
				rect.top,
				...blocks.map((block) => block.getBoundingClientRect().bottom),
			);
			const paragraph = sticky.querySelector('p');
			if (paragraph) textPixels = parseFloat(getComputedStyle(paragraph).fontSize) * zoom;
			// the note hides what runs past its edge (a long code line does not wrap)
			const textRight = (block: Element) => {
				const range = document.createRange();
				range.selectNodeContents(block);
				return range.getBoundingClientRect().right;
			};
			const clippedBlocks = [...sticky.querySelectorAll('pre, table, p, li, h1, h2, h3, h4')]
				.filter((block) => textRight(block) > rect.right - 1)
				.map((block) => (block.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60));
			items.push({
				name: (sticky.querySelector('h1, h2, h3, h4, p')?.textContent ?? '').trim(),
				kind: 'sticky',
				rect,
				height,
				clippedBlocks,
				// the note's own padding below the last line, as above the first
				neededHeight: (contentBottom - rect.top) / zoom + 16,
			});
		}
		for (const node of document.querySelectorAll('[data-test-id="canvas-node"]')) {
			const body = node.querySelector('[data-test-id="canvas-default-node"]') ?? node;
			const parts = [body, ...body.querySelectorAll('[class*="_description_"] *')];
			const boxes = parts.map(rectOf).filter((box) => box.right > box.left);
			items.push({
				name: node.getAttribute('data-node-name') ?? '?',
				kind: 'node',
				rect: {
					left: Math.min(...boxes.map((box) => box.left)),
					top: Math.min(...boxes.map((box) => box.top)),
					right: Math.max(...boxes.map((box) => box.right)),
					bottom: Math.max(...boxes.map((box) => box.bottom)),
				},
			});
		}
		const wrapper = document.querySelector('[data-test-id="canvas-wrapper"]');
		const canvas = wrapper
			? rectOf(wrapper)
			: { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
		const controls = [
			'canvas-controls',
			'execute-workflow-button',
			'node-creator-plus-button',
			'logs-panel',
		]
			.map((id) => ({ name: id, element: document.querySelector(`[data-test-id="${id}"]`) }))
			.filter(({ element }) => element && element.getBoundingClientRect().width > 0)
			.map(({ name, element }) => ({ name, rect: rectOf(element as Element) }));
		return { zoom, textPixels, items, canvas, controls };
	});
}

function overlaps(a: Rect, b: Rect): boolean {
	return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function inside(inner: Rect, outer: Rect): boolean {
	return (
		inner.left >= outer.left &&
		inner.top >= outer.top &&
		inner.right <= outer.right &&
		inner.bottom <= outer.bottom
	);
}

/** Defects: things overlapping, cut off, covered by the editor's controls or too small to read. */
export function layoutDefects(measurement: CanvasMeasurement): string[] {
	const { items, zoom } = measurement;
	const defects: string[] = [];
	items.forEach((a, index) => {
		for (const b of items.slice(index + 1)) {
			if (a.kind === 'sticky' && b.kind === 'sticky') continue; // a note framing another is a choice
			if (overlaps(a.rect, b.rect)) {
				const depth = Math.min(a.rect.bottom - b.rect.top, b.rect.bottom - a.rect.top) / zoom;
				defects.push(
					`${a.kind} "${a.name}" overlaps ${b.kind} "${b.name}" (by ~${Math.ceil(depth)} canvas units)`,
				);
			}
		}
	});
	for (const item of items) {
		if (item.kind === 'sticky' && item.neededHeight !== undefined && item.height !== undefined) {
			if (item.neededHeight > item.height) {
				defects.push(
					`sticky "${item.name}" cuts its text off: height ${item.height}, needs ${Math.ceil(item.neededHeight)}`,
				);
			}
		}
		for (const block of item.clippedBlocks ?? []) {
			defects.push(
				`sticky "${item.name}" cuts off the right end of "${block}…": wider than the note`,
			);
		}
		const onCanvas = { ...measurement.canvas };
		if (!inside(item.rect, onCanvas))
			defects.push(`${item.kind} "${item.name}" is partly outside the canvas`);
		for (const control of measurement.controls) {
			if (overlaps(item.rect, control.rect))
				defects.push(`${item.kind} "${item.name}" is under the editor's ${control.name}`);
		}
	}
	if (measurement.textPixels > 0 && measurement.textPixels < MIN_TEXT_PIXELS) {
		defects.push(
			`sticky-note text is drawn at ${measurement.textPixels.toFixed(1)} px (zoom ${zoom.toFixed(2)}): too small to read`,
		);
	}
	return defects;
}

/** Not defects, but where the canvas could be tighter: notes much taller than their text. */
export function layoutHints(measurement: CanvasMeasurement): string[] {
	return measurement.items
		.filter(
			(item) =>
				item.kind === 'sticky' &&
				item.neededHeight &&
				item.height &&
				item.neededHeight < item.height * 0.8,
		)
		.map(
			(item) =>
				`sticky "${item.name}": height ${item.height}, its text needs ~${Math.ceil((item.neededHeight ?? 0) / 20) * 20}`,
		);
}

/** One line on the scale the canvas is drawn at. */
export function scaleSummary(measurement: CanvasMeasurement): string {
	return `zoom ${measurement.zoom.toFixed(2)}, sticky-note text ${measurement.textPixels.toFixed(1)} px`;
}
