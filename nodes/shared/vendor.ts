/**
 * The only place the pack imports third-party runtime libraries. n8n community packages must ship
 * with an empty `dependencies` field, so `npm run build` bundles this one module (and only it) with
 * its libraries into dist/nodes/shared/vendor.js; every node and the transport require it from
 * there, which keeps a single copy per n8n process (one rate limiter, one HTTP agent pool).
 */
import type RedisClient from 'ioredis';

export { Client as HubSpotClient } from '@hubspot/api-client';
export { sheets as googleSheets, auth as googleAuth } from '@googleapis/sheets';
// The limiter @hubspot/api-client itself depends on; the transport drives it directly.
export { default as Bottleneck } from 'bottleneck';

export type IORedisModule = typeof RedisClient;

/**
 * ioredis, for the one Redis connection the rate budget and the state store share. Bundled too,
 * but only evaluated when a Redis URL is configured: most installations never pay for loading it.
 */
export async function loadIORedis(): Promise<IORedisModule> {
	return (await import('ioredis')).default;
}
