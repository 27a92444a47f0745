/**
 * One state-store operation against Redis within a time limit, connecting included. Past the
 * limit the caller gets a clear error and nothing is left half-done: a command not yet sent is
 * never sent, and one already sent is followed by the operation's undo on the same connection,
 * so Redis runs the undo after it whenever it gets to them.
 */
import { withTimeout } from '../withTimeout';
import {
	type RedisClient,
	type RedisConnection,
	dropIfNeverReached,
	redisConnectionFor,
	whenReady,
} from './redisConnection';
import { describeRedisUrl, type RedisUrlSetting } from './redisSettings';
import { StateStoreUnavailableError } from './stateStore';

export interface BoundedCall<T> {
	send: (client: RedisClient) => Promise<T>;
	/** Takes back what `send` did, when the caller was already told it failed. */
	undoLate?: (client: RedisClient) => Promise<unknown>;
}

class TimedOut extends Error {}

function failureMessage(
	redis: RedisUrlSetting,
	error: unknown,
	timeoutMs: number,
	connection: RedisConnection | undefined,
): string {
	const where = `Redis at ${describeRedisUrl(redis.url)}`;
	if (error instanceof TimedOut) {
		const cause = connection?.lastError ? ` (last error: ${connection.lastError.message})` : '';
		return `${where} did not answer within ${timeoutMs} ms${cause}`;
	}
	const reason = (error as Error).message;
	if (!connection) return `${where} could not be used: ${reason}`;
	return connection.reachedRedis
		? `${where} failed: ${reason}`
		: `${where} could not be reached: ${reason}`;
}

export async function boundedRedisCall<T>(
	redis: RedisUrlSetting,
	timeoutMs: number,
	{ send, undoLate }: BoundedCall<T>,
): Promise<T> {
	const progress: { connection?: RedisConnection; sent: boolean; abandoned: boolean } = {
		sent: false,
		abandoned: false,
	};
	const attempt = async () => {
		progress.connection = await redisConnectionFor(redis.url);
		await whenReady(progress.connection);
		// The caller has been told it failed; doing it now would do what it thinks undone.
		if (progress.abandoned) throw new Error('abandoned after the time limit');
		progress.sent = true;
		return await send(progress.connection.client);
	};
	let failure: StateStoreUnavailableError;
	try {
		return await withTimeout(attempt(), timeoutMs, () => new TimedOut());
	} catch (error) {
		progress.abandoned = true;
		const { connection } = progress;
		failure = new StateStoreUnavailableError(
			failureMessage(redis, error, timeoutMs, connection),
			redis,
		);
		if (connection && progress.sent && undoLate) {
			undoLate(connection.client).catch(() => undefined);
		}
		if (connection) dropIfNeverReached(redis.url, connection);
	}
	// Thrown as is: the node that called the store decides what its user sees.
	throw failure;
}
