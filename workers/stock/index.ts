import type { Env } from '../../src/env';
import { cancelUnpaidOrders, evaluateStock, STOCK_TOPICS, variantsChangedBy } from '../../src/modules/stock';
import { type ConsumerEnv, createConsumer, type EventHandler } from '../../src/platform/consumer';
import { Database } from '../../src/platform/db';
import { kickRelay } from '../../src/platform/relay-kick';

type StockEnv = ConsumerEnv & Pick<Env, 'OUTBOX_RELAY' | 'OUTBOX_RELAY_URL'>;

// Whether an event's transaction raised or resolved alerts (wrote events), keyed by the parsed
// event of this request, so the relay is kicked only when there is something to send.
const changed = new WeakSet<object>();

/** Re-judges the variants whose availability the event changed against the low-stock threshold. */
const judge: EventHandler = async (tx, event) => {
  const result = await evaluateStock(tx, event.vendorId, await variantsChangedBy(tx, event));
  if (result.raised + result.resolved > 0) changed.add(event);
};

/**
 * The opt-in reservation expiry (cron): cancels the pending orders that vendors asked to cancel
 * when still unpaid after their limit, then asks the relay to send the `order.cancelled.v1`
 * events at once. Awaited rather than left to `waitUntil` (a run is bounded), so a local
 * `/__scheduled` answers once the run is done.
 */
async function expire(env: StockEnv, ctx: ExecutionContext): Promise<void> {
  const db = new Database(env);
  try {
    const run = await cancelUnpaidOrders(db);
    if (run.vendors > 0) console.log(JSON.stringify({ stock: 'expiry', ...run }));
    if (run.cancelled > 0) {
      const kicks: Promise<unknown>[] = [];
      kickRelay(env, { waitUntil: (promise) => kicks.push(promise) });
      ctx.waitUntil(Promise.all(kicks));
    }
  } finally {
    await db.close();
  }
}

const consumer = createConsumer<StockEnv>('stock', Object.fromEntries(STOCK_TOPICS.map((topic) => [topic, judge])), {
  afterCommit: async (env, _db, event, outcome) => {
    if (outcome !== 'applied' || !changed.has(event)) return;
    const kicks: Promise<unknown>[] = [];
    kickRelay(env, { waitUntil: (promise) => kicks.push(promise) });
    await Promise.all(kicks);
  },
});

/**
 * The stock Worker. HTTP: the consumer that, for each event changing what a variant has available,
 * raises or resolves the variant's low-stock alert (with its event) exactly once, then asks the
 * relay to send the new events right away. Cron: the unpaid-order expiry.
 */
export default {
  fetch: consumer.fetch,
  async scheduled(_controller, env, ctx) {
    await expire(env, ctx);
  },
} satisfies ExportedHandler<StockEnv>;
