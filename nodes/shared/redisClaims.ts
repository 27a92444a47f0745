/**
 * Claims in Redis: `SET key <token> NX PX window` for a list of keys in one MULTI, so exactly one
 * caller, in any process, gets each key until it expires. Used by the trigger to drop HubSpot
 * redeliveries across every n8n process that receives webhooks.
 *
 * One connection per Redis URL per process, opened on first use and reused. A webhook answer
 * cannot wait for Redis to come back (HubSpot gives up after 5 s), so nothing is queued or
 * retried: a claim that cannot be made within `REDIS_CLAIM_TIMEOUT_MS` fails, and a connection
 * that dropped is replaced on the next claim instead of reconnecting in the background.
 */
import { randomUUID } from 'node:crypto';

import { redisClientOptions } from './transport/rateLimit';
import { loadIORedis, type IORedisModule } from './vendor';
import { withTimeout } from './withTimeout';

type RedisClient = InstanceType<IORedisModule>;

/** Longest a claim may take, connecting included. */
export const REDIS_CLAIM_TIMEOUT_MS = 1_500;
const CONNECT_TIMEOUT_MS = 1_000;
const COMMAND_TIMEOUT_MS = 1_000;

/**
 * Per key, true if this call set it (the first claim) and false if it was already there; or,
 * when Redis could not answer in time, why, and nothing is known about the keys.
 */
export type RedisClaimOutcome = { ok: true; claimed: boolean[] } | { ok: false; reason: string };

/** The name this process's claim connections carry in Redis (CLIENT LIST), for operators. */
export function redisClaimsConnectionName(pid = process.pid): string {
	return `hubspot-taskflow-claims-${pid}`;
}

interface Connection {
	client: RedisClient;
	lastError?: Error;
}

const connections = new Map<string, Connection>();

function openConnection(Redis: IORedisModule, redisUrl: string): Connection {
	const client = new Redis({
		...redisClientOptions(redisUrl),
		connectionName: redisClaimsConnectionName(),
		connectTimeout: CONNECT_TIMEOUT_MS,
		commandTimeout: COMMAND_TIMEOUT_MS,
		// Fail at once while not connected rather than hold the webhook answer.
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		// No background reconnecting: the next claim opens a fresh connection.
		retryStrategy: () => null,
		// ioredis keeps a closed-but-never-connected socket's 2 s destroy timer; shorten it.
		disconnectTimeout: 100,
	});
	const connection: Connection = { client };
	// Without a listener ioredis reports every connection error on the console.
	client.on('error', (error: Error) => (connection.lastError = error));
	return connection;
}

function reusable(redisUrl: string): Connection | undefined {
	const existing = connections.get(redisUrl);
	return existing && existing.client.status !== 'end' ? existing : undefined;
}

async function connectionFor(redisUrl: string): Promise<Connection> {
	const existing = reusable(redisUrl);
	if (existing) return existing;
	const Redis = await loadIORedis();
	// Another claim may have opened one while the module loaded.
	const opened = reusable(redisUrl) ?? openConnection(Redis, redisUrl);
	connections.set(redisUrl, opened);
	return opened;
}

function dropConnection(redisUrl: string, connection: Connection): void {
	if (connections.get(redisUrl) === connection) connections.delete(redisUrl);
	connection.client.disconnect();
}

function whenReady(connection: Connection): Promise<void> {
	const { client } = connection;
	if (client.status === 'ready') return Promise.resolve();
	if (client.status === 'end') {
		return Promise.reject(connection.lastError ?? new Error('Connection is closed'));
	}
	return new Promise((resolve, reject) => {
		const onReady = () => {
			client.off('end', onEnd);
			resolve();
		};
		const onEnd = () => {
			client.off('ready', onReady);
			reject(connection.lastError ?? new Error('Connection is closed'));
		};
		client.once('ready', onReady);
		client.once('end', onEnd);
	});
}

interface ClaimProgress {
	transactionSent: boolean;
	/** Set when the time limit passed: the claim must not be made any more. */
	abandoned: boolean;
}

/** Deletes each key that still holds this claim's token (and only those). */
const RELEASE_SCRIPT = `local released = 0
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    released = released + 1
  end
end
return released`;

async function setEachIfAbsent(
	connection: Connection,
	keys: string[],
	windowMs: number,
	claimToken: string,
	progress: ClaimProgress,
): Promise<boolean[]> {
	await whenReady(connection);
	// The caller has already answered; a claim made now would swallow the retry.
	if (progress.abandoned) throw new Error('abandoned after the time limit');
	const transaction = connection.client.multi();
	for (const key of keys) transaction.set(key, claimToken, 'PX', windowMs, 'NX');
	progress.transactionSent = true;
	const replies = await transaction.exec();
	if (replies === null) throw new Error('the transaction was discarded');
	return replies.map(([error, reply]) => {
		if (error) throw error;
		return reply === 'OK';
	});
}

/** Claims every key for `windowMs`, in one MULTI. */
export async function claimInRedis(
	redisUrl: string,
	keys: string[],
	windowMs: number,
): Promise<RedisClaimOutcome> {
	if (keys.length === 0) return { ok: true, claimed: [] };
	const used: { connection?: Connection } = {};
	const progress: ClaimProgress = { transactionSent: false, abandoned: false };
	// Each claim writes its own token, so a late release can tell its keys from a later claim's.
	const claimToken = randomUUID();
	const claim = async () => {
		used.connection = await connectionFor(redisUrl);
		const window = Math.max(1, Math.round(windowMs));
		return await setEachIfAbsent(used.connection, keys, window, claimToken, progress);
	};
	try {
		return { ok: true, claimed: await withTimeout(claim(), REDIS_CLAIM_TIMEOUT_MS) };
	} catch (error) {
		progress.abandoned = true;
		const { connection } = used;
		if (connection && progress.transactionSent && connection.client.status === 'ready') {
			// The caller answers "try again later", so a claim Redis makes after all must not turn
			// the retry into a duplicate: queued behind the MULTI on the same connection, this
			// runs after it whenever Redis gets to it.
			connection.client
				.eval(RELEASE_SCRIPT, keys.length, ...keys, claimToken)
				.catch(() => undefined);
		}
		// A connection that is not up is dropped; a slow or refusing but connected Redis keeps it.
		if (connection && connection.client.status !== 'ready') dropConnection(redisUrl, connection);
		return { ok: false, reason: (error as Error).message };
	}
}

/** Closes this process's claim connections; for shutdown and test teardown. */
export async function closeRedisClaimConnections(): Promise<void> {
	const open = [...connections.values()];
	connections.clear();
	await Promise.all(
		open.map(async ({ client }) => {
			if (client.status !== 'ready') {
				client.disconnect();
				return;
			}
			// QUIT lets Redis finish what it was sent; a Redis that stopped answering is cut off.
			await withTimeout(client.quit(), 1_000).catch(() => client.disconnect());
		}),
	);
}
