/**
 * Heap sampling around a run without disturbing it. Live heap is what survives a full collection:
 * one is forced before and after the run (V8's gc, exposed at runtime), and during the run the
 * heap is read right after each full collection V8 does on its own (a forced one would pause the
 * event loop mid-run and delay requests the pacer had spaced). Raw samples every 100 ms give the
 * peak with garbage included.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

export interface HeapReport {
	/** Live heap (after a full collection) just before the run, MB. */
	beforeMb: number;
	/** Largest heap right after one of V8's own full collections during the run, MB. */
	maxLiveMb: number;
	/** Full collections V8 did during the run. */
	fullCollections: number;
	/** Largest heap sampled during the run, garbage included, MB. */
	peakMb: number;
	/** Live heap after the run, MB. */
	afterMb: number;
}

function liveHeap(): number {
	collect();
	return process.memoryUsage().heapUsed;
}

function isFullCollection(entry: PerformanceEntry): boolean {
	const detail = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail;
	return detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
}

export async function withHeapSampling<T>(
	work: () => Promise<T>,
): Promise<{ result: T; heap: HeapReport }> {
	const before = liveHeap();
	let maxLive = 0;
	let fullCollections = 0;
	let peak = before;
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (!isFullCollection(entry)) continue;
			fullCollections++;
			maxLive = Math.max(maxLive, process.memoryUsage().heapUsed);
		}
	});
	observer.observe({ entryTypes: ['gc'] });
	const raw = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	}, 100);
	let result: T;
	try {
		result = await work();
	} finally {
		clearInterval(raw);
		observer.disconnect();
	}
	const after = liveHeap();
	return {
		result,
		heap: {
			beforeMb: before / MB,
			maxLiveMb: Math.max(maxLive, after) / MB,
			fullCollections,
			peakMb: peak / MB,
			afterMb: after / MB,
		},
	};
}
