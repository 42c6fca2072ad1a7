import type { Env } from '../../src/env';
import { evaluateStock, STOCK_TOPICS, variantsChangedBy } from '../../src/modules/stock';
import { type ConsumerEnv, createConsumer, type EventHandler } from '../../src/platform/consumer';
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
 * The stock consumer: for each event that changes what a variant has available, it raises or
 * resolves the variant's low-stock alert (with its event) exactly once, then asks the relay to
 * send the new events right away.
 */
export default createConsumer<StockEnv>('stock', Object.fromEntries(STOCK_TOPICS.map((topic) => [topic, judge])), {
  afterCommit: async (env, _db, event, outcome) => {
    if (outcome !== 'applied' || !changed.has(event)) return;
    const kicks: Promise<unknown>[] = [];
    kickRelay(env, { waitUntil: (promise) => kicks.push(promise) });
    await Promise.all(kicks);
  },
}) satisfies ExportedHandler<StockEnv>;
