import { and, asc, count, desc, eq, ilike, lt, or, sql } from 'drizzle-orm';
import { apiKeys, inventoryLevels, inventoryMovements, products, stockLocations, users, variants } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';
import { availableOf } from './availability';

const onHand = sql<number>`coalesce(${inventoryLevels.onHand}, 0)`.mapWith(Number);
const reserved = sql<number>`coalesce(${inventoryLevels.reserved}, 0)`.mapWith(Number);
const available = sql<number>`coalesce(${inventoryLevels.available}, 0)`.mapWith(Number);

/** `text` as a literal ILIKE pattern, matched anywhere. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface LevelFilter {
  locationId?: string | undefined;
  q?: string | undefined;
  /**
   * Only rows of variants that are low as the stock engine's alerts judge it: `lowStockThreshold`
   * above 0, the product not archived, the variant's available over all locations at or below it.
   */
  lowStock?: boolean | undefined;
  /** The vendor's low-stock threshold (0: alerts off, nothing is low). */
  lowStockThreshold: number;
  /** Continue after this (sku, location code). */
  after?: readonly [string, string] | undefined;
}

/** Whether the variant in `variantId` is low, as the stock engine's alerts judge it (an SQL condition). */
function variantIsLow(vendorId: string, threshold: number) {
  if (threshold <= 0) return sql`false`;
  return sql`${products.status} <> 'archived' and ${availableOf(vendorId, variants.id)} <= ${threshold}`;
}

/**
 * Every variant at every location (or one), with its level or zeros where it has none yet and
 * the variant's available over all locations, ordered by SKU then location code (vendor scope).
 */
export function findLevels(db: HttpDb, vendorId: string, filter: LevelFilter, limit: number) {
  return db
    .select({
      variantId: variants.id,
      sku: variants.sku,
      options: variants.options,
      productId: products.id,
      productTitle: products.title,
      productStatus: products.status,
      locationId: stockLocations.id,
      locationCode: stockLocations.code,
      locationName: stockLocations.name,
      onHand,
      reserved,
      available,
      variantAvailable: availableOf(vendorId, variants.id),
    })
    .from(variants)
    .innerJoin(products, and(eq(products.vendorId, variants.vendorId), eq(products.id, variants.productId)))
    .innerJoin(stockLocations, eq(stockLocations.vendorId, variants.vendorId))
    .leftJoin(
      inventoryLevels,
      and(
        eq(inventoryLevels.vendorId, variants.vendorId),
        eq(inventoryLevels.variantId, variants.id),
        eq(inventoryLevels.locationId, stockLocations.id),
      ),
    )
    .where(
      and(
        eq(variants.vendorId, vendorId),
        filter.locationId ? eq(stockLocations.id, filter.locationId) : undefined,
        filter.q ? or(ilike(variants.sku, contains(filter.q)), ilike(products.title, contains(filter.q))) : undefined,
        filter.lowStock ? variantIsLow(vendorId, filter.lowStockThreshold) : undefined,
        filter.after ? sql`(${variants.sku}, ${stockLocations.code}) > (${filter.after[0]}, ${filter.after[1]})` : undefined,
      ),
    )
    .orderBy(asc(variants.sku), asc(stockLocations.code))
    .limit(limit);
}

/** How many levels (variant × location rows) the vendor has. */
export function countLevels(db: HttpDb, vendorId: string) {
  return db.select({ count: count() }).from(inventoryLevels).where(eq(inventoryLevels.vendorId, vendorId));
}

/** A variant with its product's title (vendor scope). */
export function findVariant(db: HttpDb, vendorId: string, variantId: string) {
  return db
    .select({
      id: variants.id,
      sku: variants.sku,
      options: variants.options,
      productId: products.id,
      productTitle: products.title,
      productStatus: products.status,
    })
    .from(variants)
    .innerJoin(products, and(eq(products.vendorId, variants.vendorId), eq(products.id, variants.productId)))
    .where(and(eq(variants.vendorId, vendorId), eq(variants.id, variantId)))
    .limit(1);
}

/** The variant's level at every location of the vendor, zeros where it has none (vendor scope). */
export function findVariantLevels(db: HttpDb, vendorId: string, variantId: string) {
  return db
    .select({
      locationId: stockLocations.id,
      locationCode: stockLocations.code,
      locationName: stockLocations.name,
      isDefault: stockLocations.isDefault,
      onHand,
      reserved,
      available,
    })
    .from(stockLocations)
    .leftJoin(
      inventoryLevels,
      and(
        eq(inventoryLevels.vendorId, stockLocations.vendorId),
        eq(inventoryLevels.locationId, stockLocations.id),
        eq(inventoryLevels.variantId, variantId),
      ),
    )
    .where(eq(stockLocations.vendorId, vendorId))
    .orderBy(desc(stockLocations.isDefault), asc(stockLocations.code));
}

export interface MovementFilter {
  variantId?: string | undefined;
  locationId?: string | undefined;
  /** Continue with entries older than this sequence number. */
  beforeSeq?: number | undefined;
}

/**
 * Ledger entries, newest first, with what they concern and who made them: a team member (while
 * still on the team: users are visible only for members), an API key, or nobody (vendor scope).
 */
export function findMovements(db: HttpDb, vendorId: string, filter: MovementFilter, limit: number) {
  return db
    .select({
      seq: inventoryMovements.seq,
      variantId: inventoryMovements.variantId,
      sku: variants.sku,
      productTitle: products.title,
      locationId: inventoryMovements.locationId,
      locationCode: stockLocations.code,
      locationName: stockLocations.name,
      reason: inventoryMovements.reason,
      onHandDelta: inventoryMovements.onHandDelta,
      reservedDelta: inventoryMovements.reservedDelta,
      note: inventoryMovements.note,
      reference: inventoryMovements.reference,
      actorId: inventoryMovements.actorId,
      userName: users.name,
      apiKeyName: apiKeys.name,
      createdAt: inventoryMovements.createdAt,
    })
    .from(inventoryMovements)
    .innerJoin(variants, and(eq(variants.vendorId, inventoryMovements.vendorId), eq(variants.id, inventoryMovements.variantId)))
    .innerJoin(products, and(eq(products.vendorId, variants.vendorId), eq(products.id, variants.productId)))
    .innerJoin(
      stockLocations,
      and(eq(stockLocations.vendorId, inventoryMovements.vendorId), eq(stockLocations.id, inventoryMovements.locationId)),
    )
    .leftJoin(users, eq(users.id, inventoryMovements.actorId))
    .leftJoin(apiKeys, and(eq(apiKeys.vendorId, inventoryMovements.vendorId), eq(apiKeys.id, inventoryMovements.actorId)))
    .where(
      and(
        eq(inventoryMovements.vendorId, vendorId),
        filter.variantId ? eq(inventoryMovements.variantId, filter.variantId) : undefined,
        filter.locationId ? eq(inventoryMovements.locationId, filter.locationId) : undefined,
        filter.beforeSeq !== undefined ? lt(inventoryMovements.seq, filter.beforeSeq) : undefined,
      ),
    )
    .orderBy(desc(inventoryMovements.seq))
    .limit(limit);
}
