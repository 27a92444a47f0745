/**
 * HubSpot's limits per token: a rolling 10-second window for ordinary calls (private apps: 190)
 * and 5 requests a second for the search endpoints, which are exempt from the 10-second window
 * (their spec operations carry x-hubspot-rate-limit-exemptions: ten-secondly). Rejected requests
 * do not use up the window.
 */
import { rateLimited } from './errors';
import type { ApiError } from './errors';
import type { RateLimitOptions } from './types';

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;
const DAILY_LIMIT = 1_000_000;

export const DEFAULT_RATE_LIMITS: Required<RateLimitOptions> = {
	requestsPer10s: 190,
	searchPerSecond: 5,
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

	check(token: string, isSearch: boolean, now = Date.now()): RateDecision {
		const { enabled, requestsPer10s, searchPerSecond } = this.settings;
		if (isSearch) {
			const window = this.window(this.secondly, token);
			const used = window.count(now, ONE_SECOND);
			if (enabled && used >= searchPerSecond) {
				const headers = {
					'X-HubSpot-RateLimit-Secondly': String(searchPerSecond),
					'X-HubSpot-RateLimit-Secondly-Remaining': '0',
					'X-HubSpot-RateLimit-Max': String(searchPerSecond),
					'X-HubSpot-RateLimit-Remaining': '0',
					'X-HubSpot-RateLimit-Interval-Milliseconds': String(ONE_SECOND),
				};
				return { headers, rejection: rateLimited('SECONDLY', headers) };
			}
			window.add(now);
			return { headers: {} };
		}
		const window = this.window(this.tenSecondly, token);
		const used = window.count(now, TEN_SECONDS);
		const usedToday = this.daily.get(token) ?? 0;
		const base = {
			'X-HubSpot-RateLimit-Max': String(requestsPer10s),
			'X-HubSpot-RateLimit-Interval-Milliseconds': String(TEN_SECONDS),
			'X-HubSpot-RateLimit-Daily': String(DAILY_LIMIT),
		};
		if (enabled && used >= requestsPer10s) {
			const headers = {
				...base,
				'X-HubSpot-RateLimit-Remaining': '0',
				'X-HubSpot-RateLimit-Daily-Remaining': String(DAILY_LIMIT - usedToday),
			};
			return { headers, rejection: rateLimited('TEN_SECONDLY_ROLLING', headers) };
		}
		window.add(now);
		this.daily.set(token, usedToday + 1);
		return {
			headers: {
				...base,
				'X-HubSpot-RateLimit-Remaining': String(Math.max(0, requestsPer10s - used - 1)),
				'X-HubSpot-RateLimit-Daily-Remaining': String(DAILY_LIMIT - usedToday - 1),
			},
		};
	}
}
