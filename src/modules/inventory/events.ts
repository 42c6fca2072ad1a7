import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

const uuid = z.string().uuid();
const level = z.object({ onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() });

/** A level's on-hand stock changed by an adjustment (a person, an API key, or the seed). */
export const inventoryAdjustedV1 = defineEvent(
  'inventory.adjusted.v1',
  'variant-stock',
  z.object({
    variantId: uuid,
    locationId: uuid,
    onHandDelta: z.number().int(),
    reason: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    reference: z.string().nullable(),
  }),
);

/** Stock of a variant moved from one location to another (two ledger entries, one reference). */
export const inventoryTransferredV1 = defineEvent(
  'inventory.transferred.v1',
  'variant-stock',
  z.object({
    variantId: uuid,
    fromLocationId: uuid,
    toLocationId: uuid,
    quantity: z.number().int().positive(),
    reference: z.string(),
    from: level,
    to: level,
  }),
);

const location = z.object({ locationId: uuid, code: z.string(), name: z.string(), isDefault: z.boolean() });

/** A stock location was added. */
export const stockLocationCreatedV1 = defineEvent('stock-location.created.v1', 'stock-location', location);

/** A stock location was renamed or became the default. */
export const stockLocationUpdatedV1 = defineEvent('stock-location.updated.v1', 'stock-location', location);

/** An empty stock location was removed (with its zero levels and their ledger). */
export const stockLocationDeletedV1 = defineEvent(
  'stock-location.deleted.v1',
  'stock-location',
  z.object({ locationId: uuid, code: z.string() }),
);
