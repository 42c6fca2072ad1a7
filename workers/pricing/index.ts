import { changedBy, pricingHandlers, type ScheduleEnv, scheduleAfterRuleEvent } from '../../src/modules/pricing';
import { type ConsumerEnv, createConsumer } from '../../src/platform/consumer';

type PricingEnv = ConsumerEnv & ScheduleEnv & { OUTBOX_RELAY_URL?: string };

/**
 * The pricing consumer: product events re-price the product's variants, rule changes and
 * sale-window messages re-price the rule's scope (src/modules/pricing/consumer.ts). After a rule's
 * event it schedules the rule's next window bound, and after price changes it asks the relay to
 * send their price.changed.v1 events now rather than at the next cron.
 */
export default createConsumer<PricingEnv>('pricing', pricingHandlers, {
  afterCommit: async (env, db, event, outcome) => {
    await scheduleAfterRuleEvent(env, db, event);
    if (outcome === 'applied' && (changedBy.get(event) ?? 0) > 0 && env.OUTBOX_RELAY_URL) {
      await fetch(`${env.OUTBOX_RELAY_URL}/kick`, { method: 'POST' }).then(
        (response) => response.body?.cancel(),
        (error: unknown) => console.warn('outbox relay kick failed; cron will drain', error),
      );
    }
  },
}) satisfies ExportedHandler<PricingEnv>;
