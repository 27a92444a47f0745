/**
 * One ioredis connection per Redis URL in this process, shared by the rate budget and the state
 * store, opened on first use (ioredis itself is loaded only then). A connection that never got
 * through to Redis is dropped when a caller gives up on it, so the next caller starts afresh
 * instead of joining a doomed attempt; one that did reconnects by itself, for the budget's
 * limiters that live on it. `closeRedisConnections()` closes them all.
 */
import { loadIORedis, type IORedisModule } from '../vendor';
import { withTimeout } from '../withTimeout';
import { sharedConnectionOptions } from './redisSettings';

export type RedisClient = InstanceType<IORedisModule>;

export interface RedisConnection {
	readonly client: RedisClient;
	/** The module the client came from; Bottleneck builds its subscriber with it. */
	readonly Redis: IORedisModule;
	/** Set once the client was ready. */
	reachedRedis: boolean;
	lastError?: Error;
	/** The wait for 'ready' that callers share while the client connects. */
	readying?: Promise<void>;
}

const connections = new Map<string, RedisConnection>();
const closeHooks = new Set<() => Promise<void>>();

function open(Redis: IORedisModule, redisUrl: string): RedisConnection {
	const client = new Redis(sharedConnectionOptions(redisUrl));
	const connection: RedisConnection = { client, Redis, reachedRedis: false };
	// Without a listener ioredis reports every connection error on the console.
	client.on('error', (error: Error) => (connection.lastError = error));
	client.on('ready', () => {
		connection.reachedRedis = true;
		connection.lastError = undefined;
	});
	return connection;
}

function reusable(redisUrl: string): RedisConnection | undefined {
	const existing = connections.get(redisUrl);
	return existing && existing.client.status !== 'end' ? existing : undefined;
}

/** This process's connection to `redisUrl`, opened if there is none (it may not be ready yet). */
export async function redisConnectionFor(redisUrl: string): Promise<RedisConnection> {
	const existing = reusable(redisUrl);
	if (existing) return existing;
	const Redis = await loadIORedis();
	// Another caller may have opened one while the module loaded.
	const opened = reusable(redisUrl) ?? open(Redis, redisUrl);
	connections.set(redisUrl, opened);
	return opened;
}

/**
 * Resolves once the client is ready; rejects on its next error, so a refusal fails at once.
 * Callers waiting together share one wait (and one set of listeners).
 */
export function whenReady(connection: RedisConnection): Promise<void> {
	const { client } = connection;
	const closed = () => connection.lastError ?? new Error('the connection is closed');
	if (client.status === 'ready') return Promise.resolve();
	if (client.status === 'end') return Promise.reject(closed());
	connection.readying ??= new Promise<void>((resolve, reject) => {
		const settle = (error?: Error) => {
			connection.readying = undefined;
			client.off('ready', onReady);
			client.off('error', onError);
			client.off('end', onEnd);
			if (error) reject(error);
			else resolve();
		};
		const onReady = () => settle();
		const onError = (error: Error) => settle(error);
		const onEnd = () => settle(closed());
		client.once('ready', onReady);
		client.once('error', onError);
		client.once('end', onEnd);
	});
	return connection.readying;
}

/** Drops a connection that never got through, so it stops retrying in the background. */
export function dropIfNeverReached(redisUrl: string, connection: RedisConnection): void {
	if (connection.reachedRedis) return;
	if (connections.get(redisUrl) === connection) connections.delete(redisUrl);
	// Callers still waiting on it learn why it closed.
	connection.lastError ??= new Error('it did not get through to Redis in time');
	connection.client.disconnect();
}

/** Runs `hook` at the start of every `closeRedisConnections()`, for users of the connections. */
export function beforeRedisConnectionsClose(hook: () => Promise<void>): void {
	closeHooks.add(hook);
}

async function close({ client }: RedisConnection): Promise<void> {
	if (client.status === 'end') return;
	if (client.status !== 'ready') {
		client.disconnect();
		return;
	}
	// QUIT lets Redis finish what it was sent; a Redis that stopped answering is cut off.
	await withTimeout(client.quit(), 1_000).catch(() => client.disconnect());
}

/**
 * Closes every Redis connection of this process (the rate budget's limiters first), for shutdown
 * and test teardown; the next use connects again.
 */
export async function closeRedisConnections(): Promise<void> {
	await Promise.all([...closeHooks].map(async (hook) => await hook().catch(() => undefined)));
	const open = [...connections.values()];
	connections.clear();
	await Promise.all(open.map(close));
}
