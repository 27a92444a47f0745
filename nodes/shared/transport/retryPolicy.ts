/**
 * Retries what HubSpot says may be retried: 429 (waiting what Retry-After or the rate-limit headers
 * ask), 5xx and dropped connections (exponential backoff with jitter). 401, 403 and every other 4xx
 * fail on the first answer. @hubspot/api-client's own retry is not used: it ignores Retry-After,
 * waits a fixed 10 s per attempt on TEN_SECONDLY_ROLLING, never retries a reset connection, and
 * logs to the console.
 */
import { sleep } from 'n8n-workflow';

import {
	describeHubSpotFailure,
	isRetryableFailure,
	isUnappliedFailure,
	requestedWaitMs,
} from './hubspotFailure';

export interface RetryOptions {
	/** Retries after the first attempt. Default 5. */
	maxRetries: number;
	/** First backoff for 5xx and network failures; doubles per retry. Default 250 ms. */
	baseDelayMs: number;
	/** Upper bound of one backoff. Default 8 s. */
	maxDelayMs: number;
	/** A 429 asking for a longer wait than this is not retried (e.g. a daily limit). Default 60 s. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
	maxRetries: 5,
	baseDelayMs: 250,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 60_000,
};

/** Per call: whether a failure that may have been applied can be sent again. */
export interface CallRetryOptions extends RetryOptions {
	idempotent?: boolean;
}

export interface AttemptObserver {
	onAttempt(): void;
	onRetry(): void;
	onRateLimited(): void;
}

/** When a 429 names no wait, HubSpot's secondly search limit clears within a second. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

export function backoffMs(retryNumber: number, options: RetryOptions): number {
	const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retryNumber - 1));
	// Full jitter keeps parallel chunks from retrying in lockstep.
	return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

export async function callWithRetry<T>(
	attempt: () => Promise<T>,
	options: CallRetryOptions,
	observer: AttemptObserver,
	abortSignal?: AbortSignal,
): Promise<T> {
	for (let retryNumber = 0; ; retryNumber++) {
		observer.onAttempt();
		let caught: unknown;
		try {
			return await attempt();
		} catch (error) {
			caught = error;
		}
		// Thrown unmapped on purpose: the transport maps to NodeApiError once, at its boundary.
		const failure = describeHubSpotFailure(caught);
		if (failure.status === 429) observer.onRateLimited();
		const retryable =
			isRetryableFailure(failure) && (options.idempotent !== false || isUnappliedFailure(failure));
		if (!retryable || retryNumber >= options.maxRetries || abortSignal?.aborted) {
			throw caught;
		}
		let waitMs = backoffMs(retryNumber + 1, options);
		if (failure.status === 429) {
			const requested = requestedWaitMs(failure) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
			if (requested > options.maxRetryAfterMs) throw caught;
			waitMs = requested;
		}
		observer.onRetry();
		await sleep(waitMs, abortSignal);
	}
}
