import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { inventoryLevels, stockLocations } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';

export type LocationRow = typeof stockLocations.$inferSelect;

/** Most locations a vendor may have: the dashboard shows them all as tabs. */
export const MAX_LOCATIONS = 50;

const withTotals = {
  id: stockLocations.id,
  vendorId: stockLocations.vendorId,
  code: stockLocations.code,
  name: stockLocations.name,
  isDefault: stockLocations.isDefault,
  createdAt: stockLocations.createdAt,
  onHand: sql<number>`coalesce(sum(${inventoryLevels.onHand}), 0)`.mapWith(Number),
  reserved: sql<number>`coalesce(sum(${inventoryLevels.reserved}), 0)`.mapWith(Number),
};

export type LocationWithTotals = LocationRow & { onHand: number; reserved: number };

/** The vendor's locations with their stock totals, the default first, then by code (vendor scope). */
export function findLocations(db: HttpDb, vendorId: string, id?: string) {
  return db
    .select(withTotals)
    .from(stockLocations)
    .leftJoin(
      inventoryLevels,
      and(eq(inventoryLevels.vendorId, stockLocations.vendorId), eq(inventoryLevels.locationId, stockLocations.id)),
    )
    .where(and(eq(stockLocations.vendorId, vendorId), id ? eq(stockLocations.id, id) : undefined))
    .groupBy(stockLocations.id)
    .orderBy(desc(stockLocations.isDefault), asc(stockLocations.code));
}

/** One location of the vendor, or nothing (vendor scope). */
export function findLocation(db: HttpDb, vendorId: string, id: string) {
  return db
    .select({ id: stockLocations.id })
    .from(stockLocations)
    .where(and(eq(stockLocations.vendorId, vendorId), eq(stockLocations.id, id)))
    .limit(1);
}

// Interactive transactions: every change to a vendor's locations holds the vendor's location lock.

/**
 * Serialises changes to one vendor's locations until the transaction ends, so "exactly one
 * default" and "codes are unique" hold under concurrent requests.
 */
export function lockVendorLocations(tx: WsTx, vendorId: string) {
  return tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`stock-locations:${vendorId}`}, 0))`);
}

/** How many locations the vendor has, and which is the default. */
export function findLocationSummary(tx: WsTx, vendorId: string) {
  return tx
    .select({ id: stockLocations.id, code: stockLocations.code, isDefault: stockLocations.isDefault })
    .from(stockLocations)
    .where(eq(stockLocations.vendorId, vendorId));
}

/** A location, locked: new levels can't point at it until the transaction ends. */
export function findLocationForUpdate(tx: WsTx, vendorId: string, id: string) {
  return tx
    .select()
    .from(stockLocations)
    .where(and(eq(stockLocations.vendorId, vendorId), eq(stockLocations.id, id)))
    .limit(1)
    .for('update');
}

export function insertLocation(tx: WsTx, row: typeof stockLocations.$inferInsert) {
  return tx.insert(stockLocations).values(row).returning();
}

/** The previous default(s) other than `keepId` stop being the default; returns them. */
export function clearDefault(tx: WsTx, vendorId: string, keepId: string) {
  return tx
    .update(stockLocations)
    .set({ isDefault: false })
    .where(and(eq(stockLocations.vendorId, vendorId), eq(stockLocations.isDefault, true), ne(stockLocations.id, keepId)))
    .returning();
}

export function updateLocationRow(tx: WsTx, vendorId: string, id: string, changes: { name?: string; isDefault?: boolean }) {
  return tx
    .update(stockLocations)
    .set(changes)
    .where(and(eq(stockLocations.vendorId, vendorId), eq(stockLocations.id, id)))
    .returning();
}

/** The location's stock still there, its levels locked so no adjustment lands while it goes. */
export async function lockStockAt(tx: WsTx, vendorId: string, locationId: string) {
  const levels = await tx
    .select({ onHand: inventoryLevels.onHand, reserved: inventoryLevels.reserved })
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.vendorId, vendorId), eq(inventoryLevels.locationId, locationId)))
    .orderBy(asc(inventoryLevels.variantId))
    .for('update');
  return {
    onHand: levels.reduce((sum, level) => sum + level.onHand, 0),
    reserved: levels.reduce((sum, level) => sum + level.reserved, 0),
  };
}

export function deleteLocationRow(tx: WsTx, vendorId: string, id: string) {
  return tx
    .delete(stockLocations)
    .where(and(eq(stockLocations.vendorId, vendorId), eq(stockLocations.id, id)))
    .returning({ id: stockLocations.id });
}
