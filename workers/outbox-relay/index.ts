import { type DrainResult, drainOutbox, outboxBacklog, type RelayEnv } from '../../src/modules/events/relay';
import { Database, type DbConfig } from '../../src/platform/db';

type Env = RelayEnv & DbConfig;

async function drain(env: Env): Promise<DrainResult> {
  const db = new Database(env);
  try {
    return await drainOutbox(env, db);
  } finally {
    await db.close();
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * The outbox relay: cron drains the outbox as a safety net; the main Worker kicks `POST /kick`
 * right after a commit that wrote events, so they leave in milliseconds.
 */
export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/kick') return json(200, await drain(env));
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
    ctx.waitUntil(drain(env).then((result) => console.log(JSON.stringify({ relay: 'cron', ...result }))));
  },
} satisfies ExportedHandler<Env>;
