/** Step lines for the demo's output, with a "still working" line every 20 s on long steps. */
export const PROGRESS_EVERY_MS = 20_000;

export function say(line: string): void {
	process.stdout.write(`${line}\n`);
}

export async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	say(`- ${label}`);
	const ticker = setInterval(() => {
		say(`  ${label}: still working, ${Math.round((Date.now() - started) / 1000)} s`);
	}, PROGRESS_EVERY_MS);
	try {
		const result = await work();
		say(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return result;
	} finally {
		clearInterval(ticker);
	}
}
