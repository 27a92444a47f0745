/**
 * Injected trouble: a share of matching requests fails (429/500/502/503, a reset connection, a
 * proxy's HTML page, a hung call, or an answer lost after the change was applied), and every
 * matching request can be delayed. The draw uses a seeded generator so a run repeats.
 */
import { FAULT_STATUSES, type FaultConfig, type FaultStatus } from './types';
import { seededRandom } from './seededRandom';

export type FaultDecision = { delayMs: number; failure?: FaultStatus };

export class FaultInjector {
	private config: FaultConfig | undefined;
	private pattern: RegExp | undefined;
	private random: () => number = seededRandom(1);
	private injected = 0;

	configure(config: FaultConfig | undefined): void {
		if (config?.rate !== undefined && (config.rate < 0 || config.rate > 1))
			throw new Error(`fault rate must be within 0..1, got ${config.rate}`);
		for (const status of config?.statuses ?? []) {
			if (!FAULT_STATUSES.includes(status))
				throw new Error(`unsupported fault status: ${String(status)}`);
		}
		const hangMs = config?.hangMs;
		if (hangMs !== undefined && !(Number.isFinite(hangMs) && hangMs >= 0))
			throw new Error(`hangMs must be a non-negative number, got ${hangMs}`);
		const retryAfter = config?.retryAfterSeconds;
		if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0))
			throw new Error(`retryAfterSeconds must be a whole number of seconds, got ${retryAfter}`);
		this.config = config ? { ...config } : undefined;
		this.pattern = config?.paths ? new RegExp(config.paths) : undefined;
		this.random = seededRandom(config?.seed ?? 1);
		this.injected = 0;
	}

	get current(): FaultConfig | undefined {
		return this.config ? { ...this.config } : undefined;
	}

	/** Starts the draw and the fault count afresh, keeping the settings. */
	restart(): void {
		this.configure(this.config);
	}

	decide(path: string): FaultDecision {
		const config = this.config;
		if (!config) return { delayMs: 0 };
		if (this.pattern ? !this.pattern.test(path) : path.startsWith('/__sandbox'))
			return { delayMs: 0 };
		const delayMs = config.delayMs ?? 0;
		const rate = config.rate ?? 0;
		if (rate <= 0 || (config.maxFaults !== undefined && this.injected >= config.maxFaults))
			return { delayMs };
		if (this.random() >= rate) return { delayMs };
		const statuses =
			config.statuses && config.statuses.length > 0 ? config.statuses : [500 as const];
		const failure = statuses[this.injected % statuses.length];
		this.injected++;
		return { delayMs, failure };
	}

	get count(): number {
		return this.injected;
	}
}
