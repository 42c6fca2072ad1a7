import { and, eq, inArray } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { products, variants } from '../../../drizzle/schema';
import type { Schema } from '../../platform/db';

/** What an order needs to know about a variant it sells: the price and names at this moment. */
export interface SellableVariant {
  variantId: string;
  productId: string;
  productTitle: string;
  categoryId: string | null;
  sku: string;
  options: Record<string, string>;
  priceMinor: number;
  currency: string;
  weightGrams: number | null;
}

/**
 * The query for the variants among `variantIds` that the shop sells now (their product is
 * active), for a checkout to price from the catalog, never from the client. Runs in a batch or a
 * transaction; `sellableVariants` turns its rows into a map.
 */
export function findSellableVariants(q: PgDatabase<PgQueryResultHKT, Schema>, vendorId: string, variantIds: string[]) {
  return q
    .select({
      variantId: variants.id,
      productId: products.id,
      productTitle: products.title,
      categoryId: products.categoryId,
      sku: variants.sku,
      options: variants.options,
      priceMinor: variants.priceMinor,
      currency: variants.currency,
      weightGrams: variants.weightGrams,
    })
    .from(variants)
    .innerJoin(products, and(eq(products.vendorId, variants.vendorId), eq(products.id, variants.productId)))
    .where(
      and(
        eq(variants.vendorId, vendorId),
        inArray(variants.id, variantIds.length > 0 ? variantIds : ['00000000-0000-0000-0000-000000000000']),
        eq(products.status, 'active'),
      ),
    );
}

/** The rows of `findSellableVariants` by variant id. */
export function sellableVariants(rows: Awaited<ReturnType<typeof findSellableVariants>>): Map<string, SellableVariant> {
  return new Map(rows.map((row) => [row.variantId, { ...row, priceMinor: Number(row.priceMinor) }]));
}
