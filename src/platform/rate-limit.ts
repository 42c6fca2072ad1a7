import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis/cloudflare';
import { ApiError } from './errors';

type Window = Parameters<typeof Ratelimit.slidingWindow>[1];

/** The platform's limits: requests per window, by what is being protected. */
export const LIMITS = {
  loginPerIp: { tokens: 20, window: '1 m' },
  loginPerAccount: { tokens: 8, window: '1 m' },
  apiPerVendor: { tokens: 3000, window: '1 m' },
  apiPerKey: { tokens: 600, window: '1 m' },
} satisfies Record<string, { tokens: number; window: Window }>;

export type LimitName = keyof typeof LIMITS;

// Shared by requests in this isolate: a blocked identifier is refused without a Redis call.
const ephemeralCache = new Map<string, number>();

/**
 * Counts one request against `limit` for `identifier`; throws RATE_LIMITED with `Retry-After`
 * when it is over. Sliding windows, so a burst at a window edge can't double the rate. `tokens`
 * overrides the limit's size (the local platform raises the per-IP one: every test is one IP).
 */
export async function enforceLimit(redis: Redis, limit: LimitName, identifier: string, tokensOverride?: number): Promise<void> {
  const { window } = LIMITS[limit];
  const tokens = tokensOverride ?? LIMITS[limit].tokens;
  const limiter = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(tokens, window),
    prefix: `rl:${limit}`,
    ephemeralCache,
  });
  const result = await limiter.limit(identifier);
  if (result.success) return;
  const retryAfter = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  throw new ApiError('RATE_LIMITED', 'Too many requests; try again later', {
    details: { limit: result.limit, retryAfterSeconds: retryAfter },
    headers: { 'Retry-After': String(retryAfter) },
  });
}
