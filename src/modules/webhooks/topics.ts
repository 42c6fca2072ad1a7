/** The events a vendor can receive on a webhook endpoint: its orders, catalog, stock, customers and imports. */
export const WEBHOOK_TOPICS = [
  'order.placed.v1',
  'order.confirmed.v1',
  'order.shipped.v1',
  'order.delivered.v1',
  'order.cancelled.v1',
  'order.refunded.v1',
  'product.created.v1',
  'product.updated.v1',
  'product.published.v1',
  'product.archived.v1',
  'inventory.adjusted.v1',
  'inventory.low-stock.v1',
  'inventory.restocked.v1',
  'customer.registered.v1',
  'price.changed.v1',
  'import.finished.v1',
] as const;

/** The ping `POST /webhooks/{id}/test` sends; no event filter excludes it. */
export const TEST_TOPIC = 'webhook.test';

/** An endpoint's filter: its topics, or `['*']` for every topic above. */
export function filterMatches(events: readonly string[], topic: string): boolean {
  return events.includes('*') || events.includes(topic);
}
