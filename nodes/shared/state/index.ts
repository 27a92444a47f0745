/** Redis or workflow static data: claims, counters and a cache, and the Redis settings. */
export { stateStoreFor, type StateContext, type StateStoreChoice } from './stateStoreFor';
export {
	type CacheValue,
	type ClaimOutcome,
	type PendingClaim,
	type StateCache,
	type StateStore,
	StateStoreUnavailableError,
} from './stateStore';
export { RedisStateStore, type RedisKeyScope } from './redisStateStore';
export { StaticDataStateStore, type StaticDataStoreOptions } from './staticDataStateStore';
export { closeRedisConnections } from './redisConnection';
export * from './redisSettings';
export {
	ownWriteLogFor,
	ownWriteScope,
	OWN_WRITE_TTL_MS,
	type OwnWrite,
	type OwnWriteLog,
	type PackWrite,
} from './ownWrites';
