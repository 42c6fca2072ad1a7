import { Redis } from '@upstash/redis/cloudflare';

export interface RedisConfig {
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

/** The Upstash Redis client for this request (it is a thin HTTP client; creating one is cheap). */
export function createRedis(env: RedisConfig): Redis {
  return new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN });
}
