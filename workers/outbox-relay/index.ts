import { type DrainResult, drainOutbox, outboxBacklog, type RelayEnv } from '../../src/modules/events/relay';
import { recordRelayRun } from '../../src/modules/events/relay-runs';
import { Database, type DbConfig } from '../../src/platform/db';
import { createRedis, type RedisConfig } from '../../src/platform/redis';

type Env = RelayEnv & DbConfig & Partial<RedisConfig>;
type Trigger = 'cron' | 'kick';

/**
 * Drains the outbox and reports the run to Redis (`relay:last-run`) for the admin events page.
 * A run that found another drainer holding the lock did nothing and leaves the record alone.
 */
async function drain(env: Env, trigger: Trigger, ctx: ExecutionContext): Promise<DrainResult> {
  const started = Date.now();
  const db = new Database(env);
  try {
    const result = await drainOutbox(env, db);
    if (!result.busy) report(env, ctx, { trigger, started, published: result.published, messages: result.messages });
    return result;
  } catch (error) {
    report(env, ctx, { trigger, started, published: 0, messages: 0, error: String(error).slice(0, 500) });
    throw error;
  } finally {
    await db.close();
  }
}

function report(
  env: Env,
  ctx: ExecutionContext,
  run: { trigger: Trigger; started: number; published: number; messages: number; error?: string },
): void {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return;
  const { started, ...rest } = run;
  const redis = createRedis(env as RedisConfig);
  const record = { at: new Date(started).toISOString(), durationMs: Date.now() - started, ...rest };
  // Reporting must never fail a drain: the record is for people, the outbox is the truth.
  ctx.waitUntil(recordRelayRun(redis, record).catch((error: unknown) => console.warn('relay: report failed', String(error))));
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * The outbox relay: cron drains the outbox as a safety net; the main Worker kicks `POST /kick`
 * right after a commit that wrote events, so they leave in milliseconds.
 */
export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/kick') return json(200, await drain(env, 'kick', ctx));
    if (request.method === 'GET' && pathname === '/stats') {
      const db = new Database(env);
      try {
        return json(200, await outboxBacklog(db));
      } finally {
        await db.close();
      }
    }
    return json(404, { error: { code: 'NOT_FOUND', message: 'POST /kick or GET /stats' } });
  },
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(drain(env, 'cron', ctx).then((result) => console.log(JSON.stringify({ relay: 'cron', ...result }))));
  },
} satisfies ExportedHandler<Env>;
