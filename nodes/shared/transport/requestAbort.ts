/**
 * How a deadline or an execution's cancellation reaches the HTTP request itself. @hubspot/api-client
 * takes no AbortSignal, but it does take an `httpAgent`, and with one it sends every request through
 * Node's `http(s).request` with that agent. The agent below binds each request it is handed to the
 * signal of the attempt that sent it (kept in AsyncLocalStorage, which follows the client's promise
 * chain), and destroys the request when that signal aborts: the socket closes, the client's promise
 * rejects with the signal's reason, and nothing keeps waiting on a hung connection.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';

const attemptSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `send` with `signal` bound to every HTTP request it makes through the agent. */
export async function withAttemptSignal<T>(
	signal: AbortSignal,
	send: () => Promise<T>,
): Promise<T> {
	return await attemptSignal.run(signal, send);
}

/** What a request that outlived its deadline fails with; retried like a dropped connection. */
export class RequestDeadlineError extends Error {
	/** A socket-level code, so the retry policy and error mapping treat it as a network failure. */
	readonly code = 'ETIMEDOUT';

	constructor(readonly deadlineMs: number) {
		super(`HubSpot did not answer within the request deadline of ${deadlineMs / 1000} s`);
		this.name = 'RequestDeadlineError';
	}
}

function bindToAttempt(request: http.ClientRequest): void {
	const signal = attemptSignal.getStore();
	if (!signal) return;
	const abort = () => request.destroy(signal.reason as Error);
	if (signal.aborted) {
		abort();
		return;
	}
	signal.addEventListener('abort', abort, { once: true });
	request.once('close', () => signal.removeEventListener('abort', abort));
}

/**
 * `addRequest` is the one hook every request passes through on its way to a socket (reused or
 * new); it is what agent libraries such as agent-base override too. Keep-alive as Node's global
 * agent does since Node 19, so calls reuse connections.
 */
type AgentWithAddRequest = { addRequest(request: http.ClientRequest, options: unknown): void };

class AbortableHttpAgent extends http.Agent {
	addRequest(request: http.ClientRequest, options: unknown): void {
		bindToAttempt(request);
		(http.Agent.prototype as unknown as AgentWithAddRequest).addRequest.call(
			this,
			request,
			options,
		);
	}
}

class AbortableHttpsAgent extends https.Agent {
	addRequest(request: http.ClientRequest, options: unknown): void {
		bindToAttempt(request);
		(https.Agent.prototype as unknown as AgentWithAddRequest).addRequest.call(
			this,
			request,
			options,
		);
	}
}

/** The agent for a base URL's protocol; one per client, shared by all its requests. */
export function abortableAgentFor(baseUrl: string): http.Agent {
	const options = { keepAlive: true };
	return baseUrl.startsWith('https:')
		? new AbortableHttpsAgent(options)
		: new AbortableHttpAgent(options);
}

/**
 * The signal one attempt runs under: aborted by the execution's cancellation or, once
 * `deadlineMs` has passed since the attempt started, with a RequestDeadlineError.
 */
export function attemptSignalFor(
	deadlineMs: number,
	cancel: AbortSignal | undefined,
): { signal: AbortSignal; done: () => void } {
	const controller = new AbortController();
	const onCancel = () => controller.abort(cancel?.reason);
	if (cancel?.aborted) onCancel();
	cancel?.addEventListener('abort', onCancel, { once: true });
	const timer = setTimeout(
		() => controller.abort(new RequestDeadlineError(deadlineMs)),
		deadlineMs,
	);
	return {
		signal: controller.signal,
		done: () => {
			clearTimeout(timer);
			cancel?.removeEventListener('abort', onCancel);
		},
	};
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts (e.g. while a
 * request still waits for a rate-budget token). `work` keeps running; its outcome is ignored.
 */
export async function untilAborted<T>(
	work: Promise<T>,
	signal: AbortSignal | undefined,
): Promise<T> {
	if (!signal) return await work;
	work.catch(() => undefined);
	if (signal.aborted) throw signal.reason;
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([work, aborted]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}
