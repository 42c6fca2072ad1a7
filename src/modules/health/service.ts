import { Redis } from '@upstash/redis/cloudflare';
import { sql } from 'drizzle-orm';
import type { Env } from '../../env';
import type { Database } from '../../platform/db';

export type CheckResult = { status: 'ok'; latencyMs: number } | { status: 'error'; latencyMs: number; error: string };

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { db: CheckResult; redis: CheckResult; qstash: CheckResult };
}

async function timed(probe: () => Promise<void>): Promise<CheckResult> {
  const started = Date.now();
  try {
    await probe();
    return { status: 'ok', latencyMs: Date.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'error', latencyMs: Date.now() - started, error: message };
  }
}

/** Really talks to Postgres, Redis and QStash, in parallel; any failure makes the report degraded. */
export async function checkHealth(env: Env, db: Database): Promise<HealthReport> {
  const [dbCheck, redis, qstash] = await Promise.all([
    timed(async () => {
      const [rows] = await db.platform().read((q) => [q.execute(sql`select 1 as ok`)] as const);
      if (rows.rows.length !== 1) throw new Error('select 1 returned no row');
    }),
    timed(async () => {
      const client = new Redis({
        url: env.UPSTASH_REDIS_REST_URL,
        token: env.UPSTASH_REDIS_REST_TOKEN,
        enableAutoPipelining: false,
      });
      const pong = await client.ping();
      if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
    }),
    timed(async () => {
      const response = await fetch(`${env.QSTASH_URL}/v2/keys`, { headers: { authorization: `Bearer ${env.QSTASH_TOKEN}` } });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`QStash answered ${response.status}`);
    }),
  ]);
  const checks = { db: dbCheck, redis, qstash };
  const ok = Object.values(checks).every((check) => check.status === 'ok');
  return { status: ok ? 'ok' : 'degraded', checks };
}
