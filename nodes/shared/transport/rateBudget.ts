/**
 * The rate budget every HubSpot request of the transport waits for. Without Redis it lives in the
 * process; with a Redis URL it is Bottleneck's clustering: all limiters of one budget id, in any
 * process, draw on one token bucket kept in Redis, so N queue-mode workers together stay within
 * the one limit HubSpot gives the account.
 *
 * In this process: one Redis connection per Redis URL and one set of limiters per (Redis URL,
 * budget id), kept until `closeSharedRateBudgets()`.
 */
import { Bottleneck, loadIORedis } from '../vendor';
import { withTimeout } from '../withTimeout';
import {
	bucketRefillSettings,
	describeRedisUrl,
	REDIS_URL_ENVIRONMENT_VARIABLE,
	type BottleneckOptions,
	limiterOptionsFor,
	redisClientOptions,
	searchMinTimeFor,
	type LimiterOptions,
	type RateLimitOptions,
} from './rateLimit';

export interface RateBudget {
	/** Sends one HTTP request when the budget allows; searches also keep to the per-second limit. */
	run<T>(send: () => Promise<T>, options: { search?: boolean }): Promise<T>;
}

const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 10_000;

/** The shared budget could not be used: no HubSpot request was sent. */
export class RateBudgetUnavailableError extends Error {
	constructor(
		message: string,
		readonly detail: string,
	) {
		super(message);
		this.name = 'RateBudgetUnavailableError';
	}
}

/** The name this process's budget connections carry in Redis (CLIENT LIST), for operators. */
export function rateBudgetConnectionName(pid = process.pid): string {
	return `hubspot-taskflow-rate-budget-${pid}`;
}

interface Limiters {
	/** Requests in flight from this process. */
	perProcess: Bottleneck;
	/** The token bucket all requests of the budget draw on. */
	bucket: Bottleneck;
	/** Spacing of search requests (HubSpot's per-second search limit). */
	search: Bottleneck;
}

function runThrough<T>(limiters: Limiters, send: () => Promise<T>, search: boolean): Promise<T> {
	// A search takes its token first, then waits for the search spacing, so searches reach
	// HubSpot at least the search interval apart.
	const metered = () =>
		limiters.bucket.schedule(() => (search ? limiters.search.schedule(send) : send()));
	return limiters.perProcess === limiters.bucket
		? metered()
		: limiters.perProcess.schedule(metered);
}

/** The budget of one process, as every transport for the same client shares it. */
export function localRateBudget(options: LimiterOptions, rateLimit: RateLimitOptions): RateBudget {
	const settings: BottleneckOptions = {
		id: options.id,
		maxConcurrent: options.maxConcurrent,
		...options.bucket,
		heartbeatInterval: options.heartbeatInterval,
	};
	const bucket = new Bottleneck(settings);
	const limiters: Limiters = {
		perProcess: bucket,
		bucket,
		search: new Bottleneck({
			id: `${options.id}-search`,
			minTime: searchMinTimeFor(rateLimit.searchPerSecond),
		}),
	};
	return { run: (send, { search = false }) => runThrough(limiters, send, search) };
}

interface SharedConnection {
	connection: Bottleneck.IORedisConnection;
	/** Set once a limiter got through to Redis over this connection. */
	reachedRedis: boolean;
	lastError?: Error;
}

const connections = new Map<string, Promise<SharedConnection>>();
const sharedBudgets = new Map<string, SharedRedisBudget>();

async function openConnection(
	redisUrl: string,
	redisModule: unknown,
	connectTimeoutMs: number,
): Promise<SharedConnection> {
	const Redis = redisModule ?? (await loadIORedis());
	const connection = new Bottleneck.IORedisConnection({
		Redis,
		clientOptions: {
			...redisClientOptions(redisUrl),
			connectTimeout: connectTimeoutMs,
			// ioredis keeps a closed-but-never-connected socket's 2 s destroy timer; shorten it.
			disconnectTimeout: 100,
			connectionName: rateBudgetConnectionName(),
		},
	});
	const shared: SharedConnection = { connection, reachedRedis: false };
	connection.on('error', (error: Error) => (shared.lastError = error));
	return shared;
}

function sharedConnectionFor(
	redisUrl: string,
	redisModule: unknown,
	connectTimeoutMs: number,
): Promise<SharedConnection> {
	let opened = connections.get(redisUrl);
	if (!opened) {
		opened = openConnection(redisUrl, redisModule, connectTimeoutMs);
		connections.set(redisUrl, opened);
	}
	return opened;
}

async function closeConnection(shared: SharedConnection): Promise<void> {
	// QUIT waits for Redis to answer; a connection that never got through would wait forever.
	if (shared.reachedRedis) {
		const quit = shared.connection.disconnect(true).then(() => true);
		const quitInTime = await withTimeout(quit, 2_000, () => new Error('QUIT timed out')).catch(
			() => false,
		);
		if (quitInTime) return;
	}
	await shared.connection.disconnect(false);
}

async function dropConnection(redisUrl: string, shared: SharedConnection): Promise<void> {
	const current = await connections.get(redisUrl)?.catch(() => undefined);
	if (current === shared) connections.delete(redisUrl);
	await closeConnection(shared);
}

class SharedRedisBudget implements RateBudget {
	private limiters: Promise<Limiters> | undefined;

	constructor(
		private readonly key: string,
		private readonly options: LimiterOptions,
		private readonly rateLimit: RateLimitOptions & { redisUrl: string },
	) {}

	async run<T>(send: () => Promise<T>, { search = false }: { search?: boolean }): Promise<T> {
		this.limiters ??= this.connect();
		return await runThrough(await this.limiters, send, search);
	}

	async disconnect(): Promise<void> {
		const limiters = await this.limiters?.catch(() => undefined);
		if (!limiters) return;
		await Promise.all([limiters.bucket.disconnect(), limiters.search.disconnect()]);
	}

	private async connect(): Promise<Limiters> {
		const { redisUrl, redisModule } = this.rateLimit;
		const connectTimeoutMs =
			this.rateLimit.redisConnectTimeoutMs ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS;
		const shared = await sharedConnectionFor(redisUrl, redisModule, connectTimeoutMs);
		const clustered = (id: string, own: BottleneckOptions) => {
			const settings: BottleneckOptions = {
				id,
				...own,
				connection: shared.connection,
				// Other processes are using the state: never wipe it when one starts.
				clearDatastore: false,
				timeout: this.options.timeout,
				heartbeatInterval: this.options.heartbeatInterval,
			};
			return new Bottleneck(settings);
		};
		const bucket = clustered(this.options.id, this.options.bucket);
		const searchSpacing = { minTime: searchMinTimeFor(this.rateLimit.searchPerSecond) };
		const search = clustered(`${this.options.id}-search`, searchSpacing);
		const limiters: Limiters = {
			perProcess: new Bottleneck({ maxConcurrent: this.options.maxConcurrent }),
			bucket,
			search,
		};
		const unavailable = (detail: string) =>
			new RateBudgetUnavailableError(
				`Could not reach Redis at ${describeRedisUrl(redisUrl)} for the shared HubSpot rate limit`,
				`${detail}. Check the Redis URL in the HubSpot Taskflow credential or in ${REDIS_URL_ENVIRONMENT_VARIABLE}.`,
			);
		let failure: RateBudgetUnavailableError | undefined;
		try {
			await withTimeout(Promise.all([bucket.ready(), search.ready()]), connectTimeoutMs, () =>
				unavailable(shared.lastError?.message ?? `no answer within ${connectTimeoutMs} ms`),
			);
			// The state may predate a settings change; the settings of the latest process win, but
			// the bucket keeps its level (refilling it here would let every start add a burst).
			// An unlimited budget clears the level along with the refills.
			const level = this.options.bucket.reservoir ?? null;
			await Promise.all([
				bucket.updateSettings({
					minTime: 0,
					...bucketRefillSettings(this.options.bucket),
					...(level === null ? { reservoir: null } : {}),
				}),
				search.updateSettings(searchSpacing),
			]);
			// State left by an unlimited budget (or an older version) has no level: start one.
			if (level !== null && (await bucket.currentReservoir()) === null) {
				await bucket.updateSettings({ reservoir: level });
			}
		} catch (error) {
			failure =
				error instanceof RateBudgetUnavailableError ? error : unavailable((error as Error).message);
		}
		if (failure) {
			// Let the next request try again (Redis may be back) instead of failing forever, and stop
			// a client that never got through from reconnecting in the background.
			if (sharedBudgets.get(this.key) === this) sharedBudgets.delete(this.key);
			if (!shared.reachedRedis) await dropConnection(redisUrl, shared);
			throw failure;
		}
		shared.reachedRedis = true;
		return limiters;
	}
}

/**
 * The budget shared through Redis for this token: one per (Redis URL, budget id) per process,
 * looked up at each request so that a budget closed by `closeSharedRateBudgets` is made afresh.
 */
export function sharedRateBudget(
	accessToken: string,
	baseUrl: string,
	rateLimit: RateLimitOptions & { redisUrl: string },
): RateBudget {
	const options = limiterOptionsFor(accessToken, rateLimit, baseUrl);
	const key = `${rateLimit.redisUrl}\n${options.id}`;
	const current = (): SharedRedisBudget => {
		let budget = sharedBudgets.get(key);
		if (!budget) {
			budget = new SharedRedisBudget(key, options, rateLimit);
			sharedBudgets.set(key, budget);
		}
		return budget;
	};
	return { run: async (send, runOptions) => await current().run(send, runOptions) };
}

/**
 * Disconnects every Redis-backed budget and closes the Redis connections of this process (queued
 * requests fail). For shutdown and test teardown; a later request connects again.
 */
export async function closeSharedRateBudgets(): Promise<void> {
	const budgets = [...sharedBudgets.values()];
	sharedBudgets.clear();
	const opened = [...connections.values()];
	connections.clear();
	await Promise.all(budgets.map(async (budget) => await budget.disconnect()));
	await Promise.all(
		opened.map(async (connecting) => {
			const shared = await connecting.catch(() => undefined);
			if (shared) await closeConnection(shared);
		}),
	);
}
