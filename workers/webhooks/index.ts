import { recordAttempt, recordDeliveries, sendRecordedDeliveries } from '../../src/modules/webhooks';
import type { DeliveryEnv } from '../../src/modules/webhooks/publish';
import { WEBHOOK_TOPICS } from '../../src/modules/webhooks/topics';
import { type ConsumerEnv, createConsumer, type EventHandler, verifySignature } from '../../src/platform/consumer';
import { Database } from '../../src/platform/db';

type WebhooksEnv = ConsumerEnv & DeliveryEnv;

// How many deliveries each event's transaction recorded, so an event for a vendor without
// endpoints needs no query after the commit. Keyed by the parsed event of this request.
const recorded = new WeakMap<object, number>();

const fanOut: EventHandler = async (tx, event) => {
  recorded.set(event, await recordDeliveries(tx, event));
};

const consumer = createConsumer<WebhooksEnv>('webhooks', Object.fromEntries(WEBHOOK_TOPICS.map((topic) => [topic, fanOut])), {
  afterCommit: async (env, db, event, outcome) => {
    if (outcome === 'applied' && !recorded.get(event)) return;
    await sendRecordedDeliveries(env, db, event);
  },
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** `POST /callback`: QStash reports an attempt (or the final failure) of a webhook delivery. */
async function callback(request: Request, env: WebhooksEnv, ctx: ExecutionContext): Promise<Response> {
  const body = await request.text();
  if (!(await verifySignature(env, request, body)))
    return json(401, { error: { code: 'UNAUTHORIZED', message: 'Missing or invalid Upstash-Signature' } });
  const base = Number(request.headers.get('vitrine-attempt-base') ?? 0);
  const db = new Database(env);
  try {
    const outcome = await recordAttempt(db, safeJson(body), Number.isInteger(base) && base >= 0 ? base : 0);
    return json(200, { outcome });
  } catch (error) {
    console.error(JSON.stringify({ webhookCallback: 'failed', error: String(error) }));
    return json(500, { error: { code: 'INTERNAL', message: 'Transient failure; QStash will retry' } });
  } finally {
    ctx.waitUntil(db.close());
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The webhooks Worker: QStash delivers vendor events here (each recorded as one delivery per
 * matching endpoint, then sent through QStash), and QStash's delivery callbacks to `/callback`.
 */
export default {
  fetch(request, env, ctx) {
    if (request.method === 'POST' && new URL(request.url).pathname === '/callback') return callback(request, env, ctx);
    return consumer.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<WebhooksEnv>;
