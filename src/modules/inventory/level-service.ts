import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { decodeCursor, encodeCursor } from './cursor';
import {
  countLevels,
  findLevels,
  findMovements,
  findVariant,
  findVariantLevels,
  type LevelFilter,
  type MovementFilter,
} from './level-repo';
import { findLocation } from './location-repo';
import type { LevelPage, Movement, VariantStock } from './schemas';

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * Where inventory learns the vendor's low-stock threshold (0: alerts off). The stock engine owns
 * the setting and already depends on inventory, so the app wires its reader in (`src/api.ts`)
 * instead of inventory importing it.
 */
export type LowStockThresholdOf = (db: Database, vendorId: string) => Promise<number>;

/**
 * Low as the stock engine's alerts judge it: alerts on, the product not archived, and the
 * variant's available over all locations (each location's counted from 0) at or below the threshold.
 */
export function isLowStock(threshold: number, productStatus: string, variantAvailable: number): boolean {
  return threshold > 0 && productStatus !== 'archived' && variantAvailable <= threshold;
}

/**
 * An empty page filtered by an id this vendor doesn't have is NOT_FOUND, not an empty list
 * (checked only when the page is empty, so a full page costs no extra round trip).
 */
async function assertKnown(
  db: Database,
  vendorId: string,
  ids: { variantId?: string | undefined; locationId?: string | undefined },
) {
  const scoped = db.vendor(vendorId);
  const { variantId, locationId } = ids;
  if (variantId) {
    const [variant] = await scoped.read((q) => [findVariant(q, vendorId, variantId)] as const);
    if (variant.length === 0) throw new ApiError('NOT_FOUND', 'No variant with this id here');
  }
  if (locationId) {
    const [location] = await scoped.read((q) => [findLocation(q, vendorId, locationId)] as const);
    if (location.length === 0) throw new ApiError('NOT_FOUND', 'No stock location with this id here');
  }
}

/**
 * Stock per variant and location (zeros where a variant has no level yet), by SKU then location,
 * filtered by location, SKU/title text and low stock (the variant's, against the vendor's
 * threshold); NOT_FOUND for a location not of this vendor.
 */
export async function listLevels(
  db: Database,
  vendorId: string,
  query: Omit<LevelFilter, 'after'> & { cursor?: string | undefined; limit: number },
): Promise<LevelPage> {
  const after = query.cursor ? decodeCursor(query.cursor, ['s', 's'] as const) : undefined;
  const threshold = query.lowStockThreshold;
  const filter = { ...query, q: query.q || undefined, lowStockThreshold: threshold, after };
  const [rows] = await db.vendor(vendorId).read((q) => [findLevels(q, vendorId, filter, query.limit + 1)] as const);
  if (rows.length === 0) await assertKnown(db, vendorId, { locationId: query.locationId });
  const data = rows
    .slice(0, query.limit)
    .map((row) => ({ ...row, lowStock: isLowStock(threshold, row.productStatus, row.variantAvailable) }));
  const last = data.at(-1);
  return {
    data,
    lowStockThreshold: threshold,
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sku, last.locationCode]) : null,
  };
}

/**
 * A variant's stock at each of the vendor's locations, with totals and whether it is low (against
 * `lowStockThreshold`, as the alerts judge it); NOT_FOUND unless it is this vendor's.
 */
export async function getVariantStock(
  db: Database,
  vendorId: string,
  variantId: string,
  lowStockThreshold: number,
): Promise<VariantStock> {
  const [[variant], levels] = await db
    .vendor(vendorId)
    .read((q) => [findVariant(q, vendorId, variantId), findVariantLevels(q, vendorId, variantId)] as const);
  if (!variant) throw new ApiError('NOT_FOUND', 'No variant with this id here');
  const totals = levels.reduce(
    (sum, level) => ({
      onHand: sum.onHand + level.onHand,
      reserved: sum.reserved + level.reserved,
      available: sum.available + level.available,
    }),
    { onHand: 0, reserved: 0, available: 0 },
  );
  // What the shop sells from (and the alerts judge): each location's available counted from 0.
  const sellable = levels.reduce((sum, level) => sum + Math.max(level.available, 0), 0);
  const lowStock = isLowStock(lowStockThreshold, variant.productStatus, sellable);
  return {
    variant,
    levels: levels.map((level) => ({ variantId, ...level, lowStock })),
    totals,
    available: sellable,
    lowStock,
    lowStockThreshold,
  };
}

type MovementRow = Awaited<ReturnType<typeof findMovements>>[number];

function actorOf(row: MovementRow): Movement['actor'] {
  if (row.actorId === null) return { kind: 'system', id: null, name: 'System' };
  if (row.apiKeyName !== null) return { kind: 'api-key', id: row.actorId, name: `API key “${row.apiKeyName}”` };
  return { kind: 'team-member', id: row.actorId, name: row.userName ?? 'Former team member' };
}

function toMovement(row: MovementRow): Movement {
  return {
    id: Number(row.seq),
    variantId: row.variantId,
    sku: row.sku,
    productTitle: row.productTitle,
    locationId: row.locationId,
    locationCode: row.locationCode,
    locationName: row.locationName,
    reason: row.reason,
    onHandDelta: row.onHandDelta,
    reservedDelta: row.reservedDelta,
    note: row.note,
    reference: row.reference,
    actor: actorOf(row),
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** The ledger, newest first, optionally of one variant and/or location (NOT_FOUND for ids not of this vendor). */
export async function listMovements(
  db: Database,
  vendorId: string,
  query: Omit<MovementFilter, 'beforeSeq'> & { cursor?: string | undefined; limit: number },
): Promise<Page<Movement>> {
  const beforeSeq = query.cursor ? decodeCursor(query.cursor, ['n'] as const)[0] : undefined;
  const filter = { variantId: query.variantId, locationId: query.locationId, beforeSeq };
  const [rows] = await db.vendor(vendorId).read((q) => [findMovements(q, vendorId, filter, query.limit + 1)] as const);
  if (rows.length === 0) await assertKnown(db, vendorId, { variantId: query.variantId, locationId: query.locationId });
  const data = rows.slice(0, query.limit).map(toMovement);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

/** How many stock levels (variant × location) the vendor has: whether initial stock was ever set. */
export async function countStockLevels(db: Database, vendorId: string): Promise<number> {
  const [[row]] = await db.vendor(vendorId).read((q) => [countLevels(q, vendorId)] as const);
  return row?.count ?? 0;
}
