import { sql } from 'drizzle-orm';
import type { orderItems, orders } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';
import { reservationSteps } from '../inventory';

/** Everything a placed order writes besides stock, in the shape `placeOrderStatement` stores. */
export interface PlacedOrder {
  order: Omit<typeof orders.$inferInsert, 'number' | 'placedAt' | 'updatedAt' | 'version' | 'status'> & { id: string };
  items: (Omit<typeof orderItems.$inferInsert, 'vendorId' | 'orderId'> & { id: string })[];
  history: { actorKind: string; actorId: string | null };
  event: { topic: string; aggregateType: string; payload: Record<string, unknown> };
}

/** What the placing statement answers: whether the stock fitted, and the stored order if so. */
export interface PlacedOutcome extends Record<string, unknown> {
  ok: boolean;
  totals: { variantId: string; requested: number; available: number }[];
  allocations: { variantId: string; locationId: string; quantity: number }[] | null;
  number: number | null;
  placed_at: string | null;
  updated_at: string | null;
}

/**
 * Places an order in one statement (one round trip, one transaction): inventory's reservation
 * steps reserve every line or none; only if they did, the vendor's next number is taken (1001
 * first; the counter row stays locked until commit, so numbers have no gaps) and the order, its
 * items, the allocations the reservation made, the first history entry and the outbox event
 * (with the number set) are written. Otherwise nothing is written and the answer says what is
 * available.
 */
export function placeOrderStatement(
  q: HttpDb,
  vendorId: string,
  lines: { variantId: string; quantity: number }[],
  placed: PlacedOrder,
) {
  const o = placed.order;
  const items = placed.items.map((i) => ({
    id: i.id,
    position: i.position,
    product_id: i.productId,
    variant_id: i.variantId,
    product_title: i.productTitle,
    variant_options: i.variantOptions ?? {},
    sku: i.sku,
    unit_price_minor: i.unitPriceMinor,
    quantity: i.quantity,
    tax_rate_bp: i.taxRateBp,
    tax_minor: i.taxMinor,
    total_minor: i.totalMinor,
    weight_grams: i.weightGrams ?? null,
  }));
  return q.execute<PlacedOutcome>(sql`
    with ${reservationSteps(vendorId, lines, `order:${o.id}`)},
    counter as (
      insert into order_counters as c (vendor_id, last_number)
      select ${vendorId}::uuid, 1001 from fits where fits.ok
      on conflict (vendor_id) do update set last_number = c.last_number + 1
      returning last_number
    ),
    o as (
      insert into orders (id, vendor_id, number, email, customer_id, shipping_address, billing_address, currency,
        subtotal_minor, shipping_minor, tax_minor, total_minor, tax_breakdown, shipping_method_id, shipping_method_name,
        payment_method, payment_status, note, idempotency_key, request_hash)
      select ${o.id}::uuid, ${vendorId}::uuid, last_number, ${o.email}::text, ${o.customerId ?? null}::uuid,
        ${JSON.stringify(o.shippingAddress)}::jsonb, ${JSON.stringify(o.billingAddress)}::jsonb, ${o.currency}::char(3),
        ${o.subtotalMinor}::bigint, ${o.shippingMinor}::bigint, ${o.taxMinor}::bigint, ${o.totalMinor}::bigint,
        ${JSON.stringify(o.taxBreakdown)}::jsonb, ${o.shippingMethodId ?? null}::uuid, ${o.shippingMethodName}::text,
        ${o.paymentMethod}::text, ${o.paymentStatus ?? 'pending'}::text, ${o.note ?? null}::text, ${o.idempotencyKey}::text,
        ${o.requestHash}::text
      from counter
      returning number, placed_at, updated_at
    ),
    items as (
      insert into order_items (id, vendor_id, order_id, position, product_id, variant_id, product_title, variant_options,
        sku, unit_price_minor, quantity, tax_rate_bp, tax_minor, total_minor, weight_grams)
      select x.id, ${vendorId}::uuid, ${o.id}::uuid, x.position, x.product_id, x.variant_id, x.product_title, x.variant_options,
        x.sku, x.unit_price_minor, x.quantity, x.tax_rate_bp, x.tax_minor, x.total_minor, x.weight_grams
      from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(id uuid, position int, product_id uuid, variant_id uuid,
        product_title text, variant_options jsonb, sku text, unit_price_minor bigint, quantity int, tax_rate_bp int,
        tax_minor bigint, total_minor bigint, weight_grams int)
      where exists (select 1 from o)
      returning 1
    ),
    allocations as (
      insert into order_allocations (vendor_id, order_id, variant_id, location_id, quantity)
      select ${vendorId}::uuid, ${o.id}::uuid, variant_id, location_id, take from changed
      where exists (select 1 from o)
      returning variant_id, location_id, quantity
    ),
    history as (
      insert into order_status_history (vendor_id, order_id, from_status, to_status, actor_kind, actor_id)
      select ${vendorId}::uuid, ${o.id}::uuid, null, 'pending', ${placed.history.actorKind}::text, ${placed.history.actorId}::uuid
      from o
      returning 1
    ),
    event as (
      insert into outbox (topic, vendor_id, aggregate_type, aggregate_id, payload)
      select ${placed.event.topic}::text, ${vendorId}::uuid, ${placed.event.aggregateType}::text, ${o.id}::text,
        jsonb_set(${JSON.stringify(placed.event.payload)}::jsonb, '{number}', to_jsonb(o.number))
      from o
      returning 1
    )
    select (select ok from fits) as ok,
      (select jsonb_agg(jsonb_build_object('variantId', variant_id, 'requested', quantity, 'available', available)) from totals) as totals,
      (select jsonb_agg(jsonb_build_object('variantId', variant_id, 'locationId', location_id, 'quantity', quantity)) from allocations)
        as allocations,
      (select number from o) as number, (select placed_at::text from o) as placed_at, (select updated_at::text from o) as updated_at,
      (select count(*) from items) as items, (select count(*) from history) as history, (select count(*) from event) as events`);
}
