import { WEBHOOK_TOPICS } from '../modules/webhooks/topics';

/**
 * Which consumer Workers receive which topics. The relay publishes each outbox event once per
 * subscribed consumer, into that consumer's queue for the event's vendor.
 */
export const CONSUMERS = {
  stock: ['vendor.created.v1', 'order.placed.v1', 'order.cancelled.v1', 'inventory.adjusted.v1'],
  pricing: [
    'vendor.created.v1',
    'product.created.v1',
    'product.updated.v1',
    'product.published.v1',
    'category.moved.v1',
    'pricing-rule.created.v1',
    'pricing-rule.updated.v1',
    'pricing-rule.deleted.v1',
  ],
  'marketplace-import': ['vendor.created.v1', 'import.requested.v1', 'import.publish-requested.v1'],
  webhooks: WEBHOOK_TOPICS,
} as const satisfies Record<string, readonly string[]>;

export type ConsumerName = keyof typeof CONSUMERS;

export const CONSUMER_NAMES = Object.keys(CONSUMERS) as ConsumerName[];

/** Consumers subscribed to a topic. */
export function consumersOf(topic: string): ConsumerName[] {
  return CONSUMER_NAMES.filter((name) => (CONSUMERS[name] as readonly string[]).includes(topic));
}

/**
 * One FIFO queue per consumer and vendor: events of one vendor stay in order, and one vendor's
 * failing message never holds up another vendor's events behind QStash's retries.
 */
export function queueName(consumer: ConsumerName, vendorId: string): string {
  return `${consumer}-${vendorId}`;
}
