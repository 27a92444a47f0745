/**
 * The rate budget every HubSpot request of the transport waits for. Without Redis it lives in the
 * process; with a Redis URL it is Bottleneck's clustering: all limiters of one budget id, in any
 * process, draw on one token bucket kept in Redis, so N queue-mode workers together stay within
 * the one limit HubSpot gives the account.
 *
 * In this process: the one Redis connection per Redis URL that the state store uses too (plus
 * the subscriber Bottleneck adds to it) and one set of limiters per (Redis URL, budget id), kept
 * until `closeSharedRateBudgets()`.
 */
import {
	beforeRedisConnectionsClose,
	closeRedisConnections,
	dropIfNeverReached,
	redisConnectionFor,
	type RedisConnection,
} from '../state/redisConnection';
import {
	DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
	describeRedisUrl,
	REDIS_URL_ENVIRONMENT_VARIABLE,
} from '../state/redisSettings';
import { Bottleneck } from '../vendor';
import { withTimeout } from '../withTimeout';
import {
	bucketRefillSettings,
	type BottleneckOptions,
	limiterOptionsFor,
	searchMinTimeFor,
	type LimiterOptions,
	type RateLimitOptions,
} from './rateLimit';

export interface RateBudget {
	/** Sends one HTTP request when the budget allows; searches also keep to the per-second limit. */
	run<T>(send: () => Promise<T>, options: { search?: boolean }): Promise<T>;
}

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
	redis: RedisConnection;
	/** Bottleneck's view of it, with the subscriber Bottleneck adds for the limiters' messages. */
	connection: Bottleneck.IORedisConnection;
}

/**
 * Bottleneck's wrapper per state connection (state/redisConnection owns the one per URL): keyed by
 * the connection itself, so a connection the state store dropped and replaced gets a new wrapper.
 */
const wrappers = new Map<RedisConnection, SharedConnection>();
const sharedBudgets = new Map<string, SharedRedisBudget>();

async function sharedConnectionFor(redisUrl: string): Promise<SharedConnection> {
	const redis = await redisConnectionFor(redisUrl);
	let shared = wrappers.get(redis);
	if (!shared) {
		const connection = new Bottleneck.IORedisConnection({
			Redis: redis.Redis,
			client: redis.client,
		});
		// The shared connection records its errors; without a listener Bottleneck would report them.
		connection.on('error', () => undefined);
		shared = { redis, connection };
		wrappers.set(redis, shared);
	}
	return shared;
}

async function closeConnection(shared: SharedConnection): Promise<void> {
	// QUIT waits for Redis to answer; a connection that never got through would wait forever.
	if (shared.redis.reachedRedis) {
		const quit = shared.connection.disconnect(true).then(() => true);
		const quitInTime = await withTimeout(quit, 2_000, () => new Error('QUIT timed out')).catch(
			() => false,
		);
		if (quitInTime) return;
	}
	await shared.connection.disconnect(false);
}

async function dropConnection(redisUrl: string, shared: SharedConnection): Promise<void> {
	wrappers.delete(shared.redis);
	await closeConnection(shared);
	dropIfNeverReached(redisUrl, shared.redis);
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
		const { redisUrl } = this.rateLimit;
		const connectTimeoutMs =
			this.rateLimit.redisConnectTimeoutMs ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS;
		const shared = await sharedConnectionFor(redisUrl);
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
				unavailable(shared.redis.lastError?.message ?? `no answer within ${connectTimeoutMs} ms`),
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
			if (!shared.redis.reachedRedis) await dropConnection(redisUrl, shared);
			throw failure;
		}
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

beforeRedisConnectionsClose(async () => {
	const budgets = [...sharedBudgets.values()];
	sharedBudgets.clear();
	const opened = [...wrappers.values()];
	wrappers.clear();
	await Promise.all(budgets.map(async (budget) => await budget.disconnect()));
	await Promise.all(opened.map(closeConnection));
});

/**
 * Disconnects every Redis-backed budget and closes this process's Redis connections, which the
 * state store shares (queued requests fail). For shutdown and test teardown; a later request
 * connects again.
 */
export async function closeSharedRateBudgets(): Promise<void> {
	await closeRedisConnections();
}
