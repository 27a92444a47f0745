/** Console output of the bench: aligned tables and number formats. */

export function table(rows: string[][], header?: string[]): string {
	const all = header ? [header, ...rows] : rows;
	const widths = all[0].map((_, column) =>
		Math.max(...all.map((row) => (row[column] ?? '').length)),
	);
	const line = (row: string[]) =>
		row
			.map((cell, column) => (cell ?? '').padEnd(widths[column]))
			.join('  ')
			.trimEnd();
	const out = all.map(line);
	if (header) out.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
	return out.map((text) => `  ${text}`).join('\n');
}

export const count = (value: number): string => Math.round(value).toLocaleString('en-US');
export const seconds = (value: number): string => `${value.toFixed(2)} s`;
export const ratio = (value: number): string => `${value.toFixed(2)}x`;
export const megabytes = (value: number): string => `${value.toFixed(1)} MB`;
export const perSecond = (value: number): string =>
	value >= 1e6 ? `${(value / 1e6).toFixed(2)}M/s` : `${(value / 1e3).toFixed(1)}k/s`;
export const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');

export function heading(text: string): void {
	process.stdout.write(`\n== ${text}\n`);
}

export function say(text = ''): void {
	process.stdout.write(`${text}\n`);
}
