import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { inventoryLevels, variants } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';

/**
 * What shoppers may buy, read-only: a variant's `available` (on hand − reserved) summed over the
 * vendor's locations. A variant without any level has none. Every subquery names the vendor
 * itself, so the planner uses the `(vendor_id, variant_id, …)` indexes instead of relying on RLS.
 */

/** Units of the variant in `variantId` a shopper can buy now (an SQL expression, bigint → number). */
export function availableOf(vendorId: string, variantId: AnyPgColumn | SQL): SQL<number> {
  return sql<number>`(select coalesce(sum(greatest(il.available, 0)), 0) from ${inventoryLevels} il
    where il.vendor_id = ${vendorId} and il.variant_id = ${variantId})`.mapWith(Number);
}

/** Whether any variant of the product in `productId` can be bought now (an SQL condition, for WHERE). */
export function productInStock(vendorId: string, productId: AnyPgColumn | SQL): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${variants} sv
    join ${inventoryLevels} il on il.vendor_id = sv.vendor_id and il.variant_id = sv.id
    where sv.vendor_id = ${vendorId} and sv.product_id = ${productId} and il.available > 0)`;
}

/**
 * The same as a value for a select list. A scalar subquery with LIMIT 1, not EXISTS: the planner
 * may run an EXISTS in a select list as one hashed subplan over every product of the vendor,
 * which costs far more than a probe per row of a 24-row page.
 */
export function productInStockFlag(vendorId: string, productId: AnyPgColumn | SQL): SQL<boolean> {
  return sql<boolean>`coalesce((select true from ${variants} sv
    join ${inventoryLevels} il on il.vendor_id = sv.vendor_id and il.variant_id = sv.id
    where sv.vendor_id = ${vendorId} and sv.product_id = ${productId} and il.available > 0 limit 1), false)`;
}

/** Available units per variant, for the given variants of the scoped vendor. */
export function findAvailability(db: HttpDb, vendorId: string, variantIds: string[]) {
  return db
    .select({
      variantId: variants.id,
      available: sql<number>`coalesce(sum(greatest(${inventoryLevels.available}, 0)), 0)`.mapWith(Number),
    })
    .from(variants)
    .leftJoin(inventoryLevels, and(eq(inventoryLevels.vendorId, variants.vendorId), eq(inventoryLevels.variantId, variants.id)))
    .where(and(eq(variants.vendorId, vendorId), inArray(variants.id, variantIds)))
    .groupBy(variants.id);
}

/** The shopper-facing stock state of a quantity. */
export function isInStock(available: number): boolean {
  return available > 0;
}
