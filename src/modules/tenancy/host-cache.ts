import type { Redis } from '@upstash/redis/cloudflare';
import { z } from 'zod';
import { createRedis, type RedisConfig } from '../../platform/redis';
import type { VendorRow } from './repo';

/** The bindings the host cache needs: Redis. */
export type HostCacheEnv = RedisConfig;

/**
 * Host → vendor, cached twice because it is on every request's path: in this isolate (a bounded
 * Map, 5 s, so other isolates catch up quickly after a change) and in Redis (5 min, shared by
 * every isolate). Unknown hosts are cached too, briefly, so a flood of requests for a host that
 * isn't a shop doesn't reach Postgres. Every change to a vendor or its domains forgets its hosts.
 */
const LOCAL_TTL_MS = 5_000;
const LOCAL_MAX_ENTRIES = 1_000;
const REDIS_HIT_TTL_S = 300;
const REDIS_MISS_TTL_S = 30;
/** After a change, Redis refuses cache fills this long (see `forgetHosts`). */
const REDIS_HOLD_TTL_S = 5;

type Cached = VendorRow | null;

const isolateCache = new Map<string, { vendor: Cached; expiresAt: number }>();

/** The Redis key of a (normalised) host. */
export const hostCacheKey = (host: string) => `tenancy:host:${host}`;

const date = z.coerce.date();
/**
 * What Redis holds: versioned, so a changed row shape is a cache miss rather than a crash. A hold
 * (`{ v: 1, hold: true }`) doesn't parse either: it is a miss too.
 */
const entrySchema = z.object({
  v: z.literal(1),
  vendor: z
    .object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      status: z.enum(['active', 'suspended']),
      theme: z.object({ primary: z.string(), accent: z.string(), logoUrl: z.string().nullable() }),
      verifiedAt: date.nullable(),
      createdAt: date,
      updatedAt: date,
      deletedAt: date.nullable(),
    })
    .nullable(),
});

function fromLocal(host: string): { vendor: Cached } | undefined {
  const entry = isolateCache.get(host);
  if (!entry) return undefined;
  if (entry.expiresAt > Date.now()) return entry;
  isolateCache.delete(host);
  return undefined;
}

function toLocal(host: string, vendor: Cached): void {
  isolateCache.delete(host);
  isolateCache.set(host, { vendor, expiresAt: Date.now() + LOCAL_TTL_MS });
  // A Map iterates in insertion order: the first key is the oldest entry.
  while (isolateCache.size > LOCAL_MAX_ENTRIES) {
    const oldest = isolateCache.keys().next().value;
    if (oldest === undefined) break;
    isolateCache.delete(oldest);
  }
}

async function fromRedis(redis: Redis, key: string, host: string): Promise<{ vendor: Cached } | undefined> {
  try {
    const parsed = entrySchema.safeParse(await redis.get(key));
    return parsed.success ? { vendor: parsed.data.vendor } : undefined;
  } catch (error) {
    // Redis down: serve from Postgres rather than fail every shop.
    console.warn(JSON.stringify({ msg: 'host cache read failed', host, error: String(error) }));
    return undefined;
  }
}

async function toRedis(redis: Redis, key: string, host: string, vendor: Cached): Promise<void> {
  try {
    // NX: never overwrite, so a fill can't replace the hold a change left (see forgetHosts).
    await redis.set(key, { v: 1, vendor }, { ex: vendor ? REDIS_HIT_TTL_S : REDIS_MISS_TTL_S, nx: true });
  } catch (error) {
    console.warn(JSON.stringify({ msg: 'host cache write failed', host, error: String(error) }));
  }
}

/** The vendor behind a (normalised) host: this isolate's cache, then Redis, then `load` (Postgres). */
export async function cachedVendorForHost(
  env: HostCacheEnv,
  host: string,
  load: () => Promise<VendorRow | undefined>,
): Promise<VendorRow | undefined> {
  const here = fromLocal(host);
  if (here) return here.vendor ?? undefined;
  const redis = createRedis(env);
  const key = hostCacheKey(host);
  const shared = await fromRedis(redis, key, host);
  const vendor = shared ? shared.vendor : ((await load()) ?? null);
  toLocal(host, vendor);
  if (!shared) await toRedis(redis, key, host, vendor);
  return vendor ?? undefined;
}

/**
 * Forgets hosts after a change committed, here and in Redis, so the next request reads Postgres.
 * Redis gets a short hold instead of a plain delete: a request that read Postgres just before the
 * commit can't fill the cache with the old answer afterwards (fills are SET NX). A Redis failure
 * is thrown, since the old answer would otherwise stay for minutes; retrying the action forgets again.
 */
export async function forgetHosts(env: HostCacheEnv, hosts: string[]): Promise<void> {
  const unique = [...new Set(hosts)];
  for (const host of unique) isolateCache.delete(host);
  if (unique.length === 0) return;
  const pipeline = createRedis(env).pipeline();
  for (const host of unique) pipeline.set(hostCacheKey(host), { v: 1, hold: true }, { ex: REDIS_HOLD_TTL_S });
  await pipeline.exec();
}
