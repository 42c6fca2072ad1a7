import type { Database, WsTx } from '../../platform/db';
import type { Envelope } from '../events/envelope';
import { type DeliveryEnv, publishDelivery } from './publish';
import { findUnsentDeliveries, insertDeliveriesForEvent } from './repo';

/** The JSON an endpoint receives for an event (and what its delivery row keeps for replays). */
export function webhookBody(event: Envelope): Record<string, unknown> {
  return { id: event.id, topic: event.topic, vendorId: event.vendorId, occurredAt: event.occurredAt, data: event.payload };
}

/**
 * In the consumer's transaction: one delivery per matching active endpoint. Answers how many
 * were made, so a vendor without endpoints costs no second query after the commit.
 */
export function recordDeliveries(tx: WsTx, event: Envelope): Promise<number> {
  return insertDeliveriesForEvent(tx, {
    id: event.id,
    vendorId: event.vendorId,
    topic: event.topic,
    occurredAt: event.occurredAt,
    payload: webhookBody(event),
  });
}

/**
 * After the commit: publishes the event's deliveries that were never sent, deduplicated by
 * delivery id. A failure throws, so the consumer answers 5xx and QStash's retry of the event
 * (a duplicate for the consumer) runs this again for what is still unsent.
 */
export async function sendRecordedDeliveries(env: DeliveryEnv, db: Database, event: Envelope): Promise<number> {
  const [rows] = await db.vendor(event.vendorId).read((q) => [findUnsentDeliveries(q, event.vendorId, event.id)] as const);
  await Promise.all(
    rows.map(({ delivery, url, secret }) =>
      publishDelivery(
        env,
        { id: delivery.id, topic: delivery.topic, url, secret, payload: delivery.payload, attemptBase: 0 },
        delivery.id,
      ),
    ),
  );
  return rows.length;
}
