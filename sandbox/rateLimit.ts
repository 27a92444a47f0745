/**
 * HubSpot's limits per token: a rolling 10-second window for ordinary calls (private apps: 190)
 * and 5 requests a second for the search endpoints, which are exempt from the 10-second window
 * (their spec operations carry x-hubspot-rate-limit-exemptions: ten-secondly), and a daily limit
 * per account (policy DAILY; it resets at midnight in the account's time zone, which a run of the
 * sandbox never reaches). Rejected requests do not use up the window.
 */
import { rateLimited } from './errors';
import type { ApiError, RateLimitPolicy } from './errors';
import type { RateLimitOptions } from './types';

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;

export const DEFAULT_RATE_LIMITS: Required<RateLimitOptions> = {
	requestsPer10s: 190,
	searchPerSecond: 5,
	requestsPerDay: 1_000_000,
	enabled: true,
};

/** Timestamps of accepted requests, oldest first; pruned as the window rolls. */
class Window {
	private stamps: number[] = [];
	private head = 0;

	count(now: number, span: number): number {
		while (this.head < this.stamps.length && this.stamps[this.head] <= now - span) this.head++;
		if (this.head > 1024 && this.head * 2 > this.stamps.length) {
			this.stamps = this.stamps.slice(this.head);
			this.head = 0;
		}
		return this.stamps.length - this.head;
	}

	add(now: number): void {
		this.stamps.push(now);
	}
}

export interface RateDecision {
	/** headers for the response, rejected or not */
	headers: Record<string, string>;
	/** set when the request must be answered 429 */
	rejection?: ApiError;
}

/** What a 429 from a policy carries: its name and HubSpot's X-HubSpot-RateLimit-* headers. */
export interface RateLimitRejection {
	policy: RateLimitPolicy;
	headers: Record<string, string>;
}

export class RateLimiter {
	private settings: Required<RateLimitOptions> = { ...DEFAULT_RATE_LIMITS };
	private tenSecondly = new Map<string, Window>();
	private secondly = new Map<string, Window>();
	private daily = new Map<string, number>();

	configure(options: RateLimitOptions | undefined): void {
		this.settings = { ...DEFAULT_RATE_LIMITS, ...(options ?? {}) };
	}

	get current(): Required<RateLimitOptions> {
		return { ...this.settings };
	}

	clear(): void {
		this.tenSecondly.clear();
		this.secondly.clear();
		this.daily.clear();
	}

	private window(map: Map<string, Window>, token: string): Window {
		let window = map.get(token);
		if (!window) map.set(token, (window = new Window()));
		return window;
	}

	private tenSecondlyHeaders(remaining: number, dailyRemaining: number): Record<string, string> {
		return {
			'X-HubSpot-RateLimit-Max': String(this.settings.requestsPer10s),
			'X-HubSpot-RateLimit-Interval-Milliseconds': String(TEN_SECONDS),
			'X-HubSpot-RateLimit-Daily': String(this.settings.requestsPerDay),
			'X-HubSpot-RateLimit-Remaining': String(remaining),
			'X-HubSpot-RateLimit-Daily-Remaining': String(dailyRemaining),
		};
	}

	/**
	 * The 429 this token's policy answers with when exhausted: the secondly search limit for search
	 * paths, the rolling 10-second window otherwise. Also what an injected 429 fault looks like.
	 */
	rejectionFor(token: string, isSearch: boolean): RateLimitRejection {
		if (isSearch) {
			const limit = String(this.settings.searchPerSecond);
			return {
				policy: 'SECONDLY',
				headers: {
					'X-HubSpot-RateLimit-Secondly': limit,
					'X-HubSpot-RateLimit-Secondly-Remaining': '0',
					'X-HubSpot-RateLimit-Max': limit,
					'X-HubSpot-RateLimit-Remaining': '0',
					'X-HubSpot-RateLimit-Interval-Milliseconds': String(ONE_SECOND),
				},
			};
		}
		const usedToday = this.daily.get(token) ?? 0;
		return {
			policy: 'TEN_SECONDLY_ROLLING',
			headers: this.tenSecondlyHeaders(0, this.settings.requestsPerDay - usedToday),
		};
	}

	private dailyRejection(): RateDecision {
		const headers = {
			'X-HubSpot-RateLimit-Daily': String(this.settings.requestsPerDay),
			'X-HubSpot-RateLimit-Daily-Remaining': '0',
		};
		return { headers, rejection: rateLimited('DAILY', headers) };
	}

	check(token: string, isSearch: boolean, now = Date.now()): RateDecision {
		const { enabled, requestsPer10s, searchPerSecond, requestsPerDay } = this.settings;
		const reject = (): RateDecision => {
			const { policy, headers } = this.rejectionFor(token, isSearch);
			return { headers, rejection: rateLimited(policy, headers) };
		};
		if (isSearch) {
			const window = this.window(this.secondly, token);
			if (enabled && window.count(now, ONE_SECOND) >= searchPerSecond) return reject();
			window.add(now);
			return { headers: {} };
		}
		const usedToday = this.daily.get(token) ?? 0;
		if (enabled && usedToday >= requestsPerDay) return this.dailyRejection();
		const window = this.window(this.tenSecondly, token);
		const used = window.count(now, TEN_SECONDS);
		if (enabled && used >= requestsPer10s) return reject();
		window.add(now);
		this.daily.set(token, usedToday + 1);
		return {
			headers: this.tenSecondlyHeaders(
				Math.max(0, requestsPer10s - used - 1),
				requestsPerDay - usedToday - 1,
			),
		};
	}
}
