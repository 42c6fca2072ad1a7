import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import {
  customerAddresses,
  orderAllocations,
  orderItems,
  orderStatusHistory,
  orders,
  shippingMethods,
  taxRates,
} from '../../../drizzle/schema';
import type { Schema } from '../../platform/db';

/** Any query builder: an HTTP batch's or an interactive transaction's. */
export type Q = PgDatabase<PgQueryResultHKT, Schema>;

export type OrderRow = typeof orders.$inferSelect;
export type OrderItemRow = typeof orderItems.$inferSelect;
export type HistoryRow = typeof orderStatusHistory.$inferSelect;
export type ShippingMethodRow = typeof shippingMethods.$inferSelect;
export type TaxRateRow = typeof taxRates.$inferSelect;
export type AddressRow = typeof customerAddresses.$inferSelect;

export function findTaxRates(q: Q, vendorId: string) {
  return q.select().from(taxRates).where(eq(taxRates.vendorId, vendorId)).orderBy(asc(taxRates.name), asc(taxRates.id));
}

export function findShippingMethods(q: Q, vendorId: string, activeOnly: boolean) {
  return q
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.vendorId, vendorId), activeOnly ? eq(shippingMethods.active, true) : undefined))
    .orderBy(asc(shippingMethods.position), asc(shippingMethods.name), asc(shippingMethods.id));
}

export function findShippingMethod(q: Q, vendorId: string, id: string) {
  return q
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.vendorId, vendorId), eq(shippingMethods.id, id)))
    .limit(1);
}

export function findOrderByKey(q: Q, vendorId: string, idempotencyKey: string) {
  return q
    .select()
    .from(orders)
    .where(and(eq(orders.vendorId, vendorId), eq(orders.idempotencyKey, idempotencyKey)))
    .limit(1);
}

export function findOrder(q: Q, vendorId: string, id: string) {
  return q
    .select()
    .from(orders)
    .where(and(eq(orders.vendorId, vendorId), eq(orders.id, id)))
    .limit(1);
}

export function findOrderByNumber(q: Q, vendorId: string, number: number) {
  return q
    .select()
    .from(orders)
    .where(and(eq(orders.vendorId, vendorId), eq(orders.number, number)))
    .limit(1);
}

/** Locks the order row for a status change. */
export function lockOrder(q: Q, vendorId: string, id: string) {
  return q
    .select()
    .from(orders)
    .where(and(eq(orders.vendorId, vendorId), eq(orders.id, id)))
    .for('update')
    .limit(1);
}

/**
 * Pending orders whose payment is still pending, placed more than `hours` hours ago (by the
 * database's clock), oldest first: what an unpaid-order expiry may cancel.
 */
export function findUnpaidPendingOrders(q: Q, vendorId: string, hours: number, limit: number) {
  return q
    .select({ id: orders.id, number: orders.number, version: orders.version })
    .from(orders)
    .where(
      and(
        eq(orders.vendorId, vendorId),
        eq(orders.status, 'pending'),
        eq(orders.paymentStatus, 'pending'),
        lt(orders.placedAt, sql`now() - make_interval(hours => ${hours}::int)`),
      ),
    )
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(limit);
}

export function findItems(q: Q, vendorId: string, orderIds: string[]) {
  return q
    .select()
    .from(orderItems)
    .where(and(eq(orderItems.vendorId, vendorId), inArray(orderItems.orderId, orderIds)))
    .orderBy(asc(orderItems.orderId), asc(orderItems.position));
}

export function findHistory(q: Q, vendorId: string, orderId: string) {
  return q
    .select()
    .from(orderStatusHistory)
    .where(and(eq(orderStatusHistory.vendorId, vendorId), eq(orderStatusHistory.orderId, orderId)))
    .orderBy(asc(orderStatusHistory.seq));
}

export function findAllocations(q: Q, vendorId: string, orderId: string) {
  return q
    .select()
    .from(orderAllocations)
    .where(and(eq(orderAllocations.vendorId, vendorId), eq(orderAllocations.orderId, orderId)))
    .orderBy(asc(orderAllocations.variantId), asc(orderAllocations.locationId));
}

export interface OrderFilter {
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  customerId?: string | undefined;
  number?: number | undefined;
  after?: { placedAt: string; id: string } | undefined;
}

/** A page of the vendor's orders, newest first, with their item counts. */
export function findOrderPage(q: Q, vendorId: string, filter: OrderFilter, limit: number) {
  const conditions: (SQL | undefined)[] = [
    eq(orders.vendorId, vendorId),
    filter.status ? eq(orders.status, filter.status as OrderRow['status']) : undefined,
    filter.from ? gte(orders.placedAt, new Date(filter.from)) : undefined,
    filter.to ? lt(orders.placedAt, new Date(filter.to)) : undefined,
    filter.customerId ? eq(orders.customerId, filter.customerId) : undefined,
    filter.number ? eq(orders.number, filter.number) : undefined,
    filter.after
      ? or(
          lt(orders.placedAt, sql`${filter.after.placedAt}::timestamptz`),
          and(eq(orders.placedAt, sql`${filter.after.placedAt}::timestamptz`), lt(orders.id, filter.after.id)),
        )
      : undefined,
  ];
  return q
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      email: orders.email,
      customerId: orders.customerId,
      billingAddress: orders.billingAddress,
      currency: orders.currency,
      totalMinor: orders.totalMinor,
      placedAt: sql<string>`${orders.placedAt}::text`,
      // Spelled out: drizzle leaves a one-table select's columns unqualified, which the subquery would read as its own.
      itemCount: sql<number>`(select coalesce(sum(i.quantity), 0)::int from order_items i where i.vendor_id = "orders"."vendor_id" and i.order_id = "orders"."id")`,
    })
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit + 1);
}

export function findAddresses(q: Q, vendorId: string, customerId: string) {
  return q
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.vendorId, vendorId), eq(customerAddresses.customerId, customerId)))
    .orderBy(asc(customerAddresses.createdAt), asc(customerAddresses.id));
}
