/**
 * Heap sampling around a run. Live heap is what survives a full collection, so a sample forces
 * one (V8's gc exposed at runtime); between those, cheap samples record the peak including garbage.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

export interface HeapReport {
	/** Live heap (after a full collection) just before the run, MB. */
	beforeMb: number;
	/** Largest live heap sampled during the run, MB. */
	maxLiveMb: number;
	/** Largest heap sampled during the run, garbage included, MB. */
	peakMb: number;
	/** Live heap after the run, MB. */
	afterMb: number;
	liveSamples: number;
}

function liveHeap(): number {
	collect();
	return process.memoryUsage().heapUsed;
}

/** Runs `work` while sampling the heap: live every `liveEveryMs`, raw every 100 ms. */
export async function withHeapSampling<T>(
	work: () => Promise<T>,
	liveEveryMs = 2_000,
): Promise<{ result: T; heap: HeapReport }> {
	const before = liveHeap();
	let maxLive = before;
	let peak = before;
	let liveSamples = 0;
	const raw = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	}, 100);
	const live = setInterval(() => {
		maxLive = Math.max(maxLive, liveHeap());
		liveSamples++;
	}, liveEveryMs);
	let result: T;
	try {
		result = await work();
	} finally {
		clearInterval(raw);
		clearInterval(live);
	}
	const after = liveHeap();
	return {
		result,
		heap: {
			beforeMb: before / MB,
			maxLiveMb: Math.max(maxLive, after) / MB,
			peakMb: peak / MB,
			afterMb: after / MB,
			liveSamples,
		},
	};
}
