import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { type WebhookDeliveryStatus, webhookDeliveries, webhookEndpoints } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** The columns of a delivery a list shows, with `created_at` as text for an exact keyset cursor. */
export const deliveryColumns = {
  id: webhookDeliveries.id,
  endpointId: webhookDeliveries.endpointId,
  eventId: webhookDeliveries.eventId,
  topic: webhookDeliveries.topic,
  payload: webhookDeliveries.payload,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  createdAt: webhookDeliveries.createdAt,
  createdAtText: sql<string>`${webhookDeliveries.createdAt}::text`,
};

export function findEndpoints(q: HttpDb, vendorId: string) {
  return q
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.vendorId, vendorId))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

export function findEndpoint(q: HttpDb, vendorId: string, id: string) {
  return q
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.vendorId, vendorId), eq(webhookEndpoints.id, id)));
}

export function findDeliveries(
  q: HttpDb,
  vendorId: string,
  endpointId: string,
  options: { status?: WebhookDeliveryStatus; after?: { at: string; id: string }; limit: number },
) {
  const { after } = options;
  return q
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.vendorId, vendorId),
        eq(webhookDeliveries.endpointId, endpointId),
        options.status ? eq(webhookDeliveries.status, options.status) : undefined,
        after
          ? or(
              lt(webhookDeliveries.createdAt, sql`${after.at}::timestamptz`),
              and(eq(webhookDeliveries.createdAt, sql`${after.at}::timestamptz`), lt(webhookDeliveries.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(options.limit + 1);
}

/** A delivery with the endpoint it goes to (its URL and current secret). */
export function findDeliveryWithEndpoint(q: HttpDb, vendorId: string, id: string) {
  return q
    .select({ delivery: deliveryColumns, url: webhookEndpoints.url, secret: webhookEndpoints.secret })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEndpoints,
      and(eq(webhookEndpoints.vendorId, webhookDeliveries.vendorId), eq(webhookEndpoints.id, webhookDeliveries.endpointId)),
    )
    .where(and(eq(webhookDeliveries.vendorId, vendorId), eq(webhookDeliveries.id, id)));
}

/**
 * One delivery per active endpoint of the vendor whose filter takes the topic and that existed
 * when the event happened, in one statement; an endpoint that already has this event's delivery
 * (a redelivered event) gets none.
 */
export async function insertDeliveriesForEvent(
  tx: WsTx,
  event: { id: string; vendorId: string; topic: string; occurredAt: string; payload: Record<string, unknown> },
): Promise<number> {
  const result = await tx.execute(sql`
    insert into webhook_deliveries (vendor_id, endpoint_id, event_id, topic, payload, next_attempt_at)
    select e.vendor_id, e.id, ${event.id}::uuid, ${event.topic}, ${JSON.stringify(event.payload)}::jsonb, now()
    from webhook_endpoints e
    where e.vendor_id = ${event.vendorId}::uuid and e.active and e.created_at <= ${event.occurredAt}::timestamptz
      and (e.events @> array[${event.topic}]::text[] or e.events @> array['*']::text[])
    on conflict (endpoint_id, event_id) do nothing`);
  return result.rowCount ?? 0;
}

/** An event's deliveries that were never sent (no attempt reported yet), with their endpoints. */
export function findUnsentDeliveries(q: HttpDb, vendorId: string, eventId: string) {
  return q
    .select({ delivery: deliveryColumns, url: webhookEndpoints.url, secret: webhookEndpoints.secret })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEndpoints,
      and(eq(webhookEndpoints.vendorId, webhookDeliveries.vendorId), eq(webhookEndpoints.id, webhookDeliveries.endpointId)),
    )
    .where(
      and(
        eq(webhookDeliveries.vendorId, vendorId),
        eq(webhookDeliveries.eventId, eventId),
        eq(webhookDeliveries.status, 'pending'),
        eq(webhookDeliveries.attempts, 0),
        isNull(webhookDeliveries.lastAttemptAt),
      ),
    );
}
