import type { MovementReason } from '../../../drizzle/schema';
import { type Database, pgErrorCode } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { actorId, type StockActor } from './actor';
import type { AdjustedLevel, Level, TransferResult } from './schemas';
import { type AdjustInput, adjustLevel, ensureLevel, transferStock } from './stock-statements';

/** One adjustment of one level: add `delta`, or set on hand to `setOnHand` (a stock count). */
export interface StockChange {
  variantId: string;
  locationId: string;
  delta?: number | undefined;
  setOnHand?: number | undefined;
  reason: MovementReason;
  note?: string | undefined;
  reference?: string | undefined;
}

/** Postgres refusals a stock statement can still meet, as the API's errors. */
export function stockError(error: unknown): unknown {
  const code = pgErrorCode(error);
  if (code === '22003')
    return new ApiError('VALIDATION_FAILED', 'The request is not valid', {
      details: [{ path: 'delta', message: 'the level would hold more than it can count' }],
    });
  // The variant or location went away between the checks and the write.
  if (code === '23503') return new ApiError('NOT_FOUND', 'No such variant or stock location here');
  if (code === '23514') return new ApiError('INSUFFICIENT_STOCK', 'Not enough stock for this change');
  return error;
}

/** INSUFFICIENT_STOCK with the level as it is and what was asked for. */
export function insufficient(level: Level, requested: Record<string, number>): ApiError {
  const message =
    level.available <= 0
      ? 'Nothing is available at this location'
      : `Only ${level.available} available at this location (${level.onHand} on hand, ${level.reserved} reserved)`;
  return new ApiError('INSUFFICIENT_STOCK', message, { details: { ...level, requested } });
}

function notFound(what: { variant: boolean; location: boolean }): ApiError {
  const missing = [!what.variant && 'variant', !what.location && 'stock location'].filter(Boolean).join(' and ');
  return new ApiError('NOT_FOUND', `No such ${missing} here`);
}

/**
 * Changes one level atomically in one round trip: never below zero or below what is reserved
 * (INSUFFICIENT_STOCK, with the current level, and nothing written); the ledger entry and
 * inventory.adjusted.v1 are written with the change. A set to the current value changes nothing.
 */
export async function adjustStock(
  db: Database,
  vendorId: string,
  actor: StockActor,
  change: StockChange,
): Promise<AdjustedLevel> {
  const input: AdjustInput = {
    vendorId,
    variantId: change.variantId,
    locationId: change.locationId,
    delta: change.delta ?? null,
    setOnHand: change.setOnHand ?? null,
    reason: change.reason,
    note: change.note || null,
    reference: change.reference ?? null,
    actorId: actorId(actor),
  };
  const [, result] = await db
    .vendor(vendorId)
    .write((q) => [ensureLevel(q, input), adjustLevel(q, input)] as const)
    .catch((error: unknown) => Promise.reject(stockError(error)));
  const row = result.rows[0];
  if (!row) throw new Error('the adjust statement returned no row');
  if (!row.variant_found || !row.location_found) throw notFound({ variant: row.variant_found, location: row.location_found });
  const { variantId, locationId } = change;
  if (row.on_hand !== null && row.reserved !== null && row.available !== null) {
    const movementId = row.movement_seq === null ? null : Number(row.movement_seq);
    return {
      variantId,
      locationId,
      onHand: row.on_hand,
      reserved: row.reserved,
      available: row.available,
      onHandDelta: row.on_hand_delta ?? 0,
      movementId,
    };
  }
  const onHand = row.locked_on_hand ?? 0;
  const reserved = row.locked_reserved ?? 0;
  const current = { variantId, locationId, onHand, reserved, available: onHand - reserved };
  const wanted = change.setOnHand ?? onHand + (change.delta ?? 0);
  if (wanted === onHand) return { ...current, onHandDelta: 0, movementId: null };
  const requested: Record<string, number> =
    change.setOnHand !== undefined ? { setOnHand: change.setOnHand } : { delta: change.delta ?? 0 };
  throw insufficient(current, requested);
}

/**
 * Moves stock of a variant between two of the vendor's locations in one statement: both ledger
 * entries (transfer-out, transfer-in) share a reference; the source must have the quantity
 * available (INSUFFICIENT_STOCK otherwise, nothing written).
 */
export async function transferStockBetween(
  db: Database,
  vendorId: string,
  actor: StockActor,
  input: { variantId: string; fromLocationId: string; toLocationId: string; quantity: number; note?: string | undefined },
): Promise<TransferResult> {
  if (input.fromLocationId === input.toLocationId)
    throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
      details: [{ path: 'toLocationId', message: 'a transfer goes to another location' }],
    });
  const reference = `transfer-${crypto.randomUUID()}`;
  const [result] = await db
    .vendor(vendorId)
    .write(
      (q) =>
        [
          transferStock(q, {
            vendorId,
            ...input,
            note: input.note || null,
            reference,
            actorId: actorId(actor),
          }),
        ] as const,
    )
    .catch((error: unknown) => Promise.reject(stockError(error)));
  const row = result.rows[0];
  if (!row) throw new Error('the transfer statement returned no row');
  if (!row.variant_found || !row.from_found || !row.to_found)
    throw notFound({ variant: row.variant_found, location: row.from_found && row.to_found });
  const { variantId, fromLocationId, toLocationId, quantity } = input;
  if (row.out_on_hand === null || row.in_on_hand === null) {
    const onHand = row.from_on_hand ?? 0;
    const reserved = row.from_reserved ?? 0;
    throw insufficient({ variantId, locationId: fromLocationId, onHand, reserved, available: onHand - reserved }, { quantity });
  }
  return {
    reference,
    quantity,
    from: {
      variantId,
      locationId: fromLocationId,
      onHand: row.out_on_hand,
      reserved: row.out_reserved ?? 0,
      available: row.out_available ?? 0,
    },
    to: {
      variantId,
      locationId: toLocationId,
      onHand: row.in_on_hand,
      reserved: row.in_reserved ?? 0,
      available: row.in_available ?? 0,
    },
  };
}
