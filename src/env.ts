import { z } from 'zod';
import type { Principal } from './modules/access/principal';
import type { Tenant } from './modules/tenancy';
import type { Database } from './platform/db';

/** The main Worker's bindings (wrangler.toml vars, secrets and service bindings). */
export interface Env {
  ROOT_DOMAIN: string;
  ENVIRONMENT?: string;
  DATABASE_URL: string;
  /** Local development only: Neon's HTTP `/sql` endpoint and WebSocket proxy on this machine. */
  NEON_FETCH_ENDPOINT?: string;
  NEON_WS_PROXY?: string;
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
  QSTASH_URL: string;
  QSTASH_TOKEN: string;
  QSTASH_CURRENT_SIGNING_KEY: string;
  QSTASH_NEXT_SIGNING_KEY: string;
  /** `kid:secret,kid:secret…`: the first signs access tokens, all verify (key rotation). */
  JWT_SIGNING_KEYS: string;
  /** Sign-in attempts per IP and minute (default 20); raised locally, where every caller is one IP. */
  LOGIN_RATE_LIMIT_PER_IP?: string;
  /** Sign-in attempts per account and minute (default 8). */
  LOGIN_RATE_LIMIT_PER_ACCOUNT?: string;
  /** API requests per minute on one vendor's host (default 3000) and per API key (default 600). */
  API_RATE_LIMIT_PER_VENDOR?: string;
  API_RATE_LIMIT_PER_KEY?: string;
  /** Seconds a cart lives after its last change (default 30 days). */
  CART_TTL_SECONDS?: string;
  /** Service binding to the outbox relay Worker (structurally a Fetcher). */
  OUTBOX_RELAY?: { fetch(input: string, init?: RequestInit): Promise<Response> };
  /** Fallback for the relay kick when no service binding is configured. */
  OUTBOX_RELAY_URL?: string;
  /** Service binding to the marketplace-import Worker: import uploads stream through it into R2. */
  MARKETPLACE_IMPORT?: { fetch(input: string, init?: RequestInit): Promise<Response> };
  /** Largest import file in bytes (default 200 MiB). */
  IMPORT_MAX_BYTES?: string;
  /** `on` (local platform only): test hooks such as consumer fault injection and import tuning. */
  LOCAL_FAULT_INJECTION?: string;
  /** The consumer Workers' public URLs: the admin's dead-letter replay publishes to them. */
  STOCK_URL?: string;
  PRICING_URL?: string;
  MARKETPLACE_IMPORT_URL?: string;
  /** The webhooks Worker: the relay's consumer, and where a delivery's QStash callbacks go. */
  WEBHOOKS_URL?: string;
  /** `on` (local platform only): webhook endpoints may be plain http on 127.0.0.1 or localhost. */
  LOCAL_WEBHOOK_HOSTS?: string;
  /** Delivery retries per QStash message (unset: QStash's default); as the relay's. */
  QSTASH_RETRIES?: string;
}

const envSchema = z.object({
  ROOT_DOMAIN: z.string().min(1),
  DATABASE_URL: z.string().url(),
  UPSTASH_REDIS_REST_URL: z.string().url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  QSTASH_URL: z.string().url(),
  QSTASH_TOKEN: z.string().min(1),
  QSTASH_CURRENT_SIGNING_KEY: z.string().min(1),
  QSTASH_NEXT_SIGNING_KEY: z.string().min(1),
  JWT_SIGNING_KEYS: z.string().min(1),
});

/** Fails fast, naming every missing or malformed binding, instead of failing on first use. */
export function assertEnv(env: Env): void {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const names = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Worker misconfigured: check the bindings ${names}`);
  }
}

/** Hono context variables set by the middleware chain, in order. */
export interface Variables {
  requestId: string;
  db: Database;
  tenant: Tenant;
  principal?: Principal;
}

export interface AppEnv {
  Bindings: Env;
  Variables: Variables;
}
