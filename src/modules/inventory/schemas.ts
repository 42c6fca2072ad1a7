import { z } from '@hono/zod-openapi';

const uuid = z.string().uuid();
const timestamp = z.string().datetime();
const quantity = z.number().int();

/** The most stock one request may move, and the most a level may hold after a set: far below int4. */
export const MAX_QUANTITY = 1_000_000_000;
export const MAX_DELTA = 1_000_000;

/** Reasons a person (or script) may give for an adjustment; orders and imports use their own. */
export const ADJUSTMENT_REASONS = ['received', 'correction', 'damaged', 'returned', 'lost', 'found'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** Reasons that only add stock, and those that only take it away; `correction` goes either way. */
export const INCREASING_REASONS: readonly AdjustmentReason[] = ['received', 'returned', 'found'];
export const DECREASING_REASONS: readonly AdjustmentReason[] = ['damaged', 'lost'];

// Locations

export const locationSchema = z
  .object({
    id: uuid,
    code: z.string().openapi({ example: 'main' }),
    name: z.string().openapi({ example: 'Main warehouse' }),
    isDefault: z.boolean().openapi({ description: 'Exactly one location of a vendor is the default' }),
    onHand: quantity.openapi({ description: 'Units on hand here, all variants together' }),
    reserved: quantity,
    createdAt: timestamp,
  })
  .openapi('StockLocation');

export const locationListSchema = z.object({ data: z.array(locationSchema) }).openapi('StockLocationList');

const locationName = z.string().trim().min(1).max(120);

export const createLocationSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'letters, digits and dashes, at most 40')
      .openapi({ example: 'store', description: 'Short, unique per vendor, never changes' }),
    name: locationName.openapi({ example: 'Shop floor' }),
    isDefault: z.boolean().optional().openapi({ description: "Make it the default (the vendor's first location always is)" }),
  })
  .openapi('CreateStockLocation');

export const updateLocationSchema = z
  .object({
    name: locationName.optional(),
    isDefault: z.literal(true).optional().openapi({ description: 'Make it the default; the previous default stops being one' }),
  })
  .refine((body) => body.name !== undefined || body.isDefault !== undefined, 'give a name or isDefault: true')
  .openapi('UpdateStockLocation');

// Levels

export const levelSchema = z
  .object({
    variantId: uuid,
    locationId: uuid,
    onHand: quantity,
    reserved: quantity.openapi({ description: 'Held for orders not yet shipped' }),
    available: quantity.openapi({ description: 'onHand − reserved' }),
  })
  .openapi('StockLevel');

export const levelRowSchema = levelSchema
  .extend({
    productId: uuid,
    productTitle: z.string(),
    productStatus: z.enum(['draft', 'active', 'archived']),
    sku: z.string(),
    options: z.record(z.string(), z.string()).openapi({ example: { size: 'M', colour: 'red' } }),
    locationCode: z.string(),
    locationName: z.string(),
    variantAvailable: quantity.openapi({
      description: "The variant's available over all locations (each counted from 0): what the shop sells and the alerts judge",
    }),
    lowStock: z.boolean().openapi({
      description:
        "The variant is low as the low-stock alerts judge it: alerts on, product not archived, and variantAvailable ≤ the vendor's threshold (the same on each of its rows)",
    }),
  })
  .openapi('StockLevelRow');

export const levelPageSchema = z
  .object({
    data: z.array(levelRowSchema),
    lowStockThreshold: quantity.openapi({ description: "The vendor's low-stock threshold (0: alerts off, nothing is low)" }),
    nextCursor: z.string().nullable(),
  })
  .openapi('StockLevelPage');

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();

export const pageQuerySchema = z.object({
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const levelQuerySchema = pageQuerySchema.extend({
  locationId: uuid.optional().openapi({ description: 'Only this location (default: every location)' }),
  q: z.string().trim().max(200).optional().openapi({ description: 'Part of a SKU or product title' }),
  lowStock: flag.openapi({
    description: "Only rows of variants that are low (available over all locations at or below the vendor's threshold)",
  }),
});

const totalsSchema = z.object({ onHand: quantity, reserved: quantity, available: quantity });

export const variantStockSchema = z
  .object({
    variant: z.object({
      id: uuid,
      sku: z.string(),
      options: z.record(z.string(), z.string()),
      productId: uuid,
      productTitle: z.string(),
      productStatus: z.enum(['draft', 'active', 'archived']),
    }),
    levels: z.array(
      levelSchema.extend({
        locationCode: z.string(),
        locationName: z.string(),
        isDefault: z.boolean(),
        lowStock: z.boolean().openapi({ description: "The variant's (see lowStock), the same on every level" }),
      }),
    ),
    totals: totalsSchema,
    available: quantity.openapi({ description: 'Available over all locations, each counted from 0 (what the shop sells)' }),
    lowStock: z.boolean().openapi({ description: 'available ≤ lowStockThreshold, alerts on and the product not archived' }),
    lowStockThreshold: quantity.openapi({ description: "The vendor's low-stock threshold (0: alerts off)" }),
  })
  .openapi('VariantStock');

export const variantParamSchema = z.object({ variantId: uuid.openapi({ param: { name: 'variantId', in: 'path' } }) });
export const idParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });

// Adjustments and transfers

const note = z.string().trim().max(500).optional();
const reference = z.string().trim().min(1).max(200).optional();

const adjustmentFields = z.object({
  variantId: uuid,
  locationId: uuid,
  delta: quantity
    .min(-MAX_DELTA)
    .max(MAX_DELTA)
    .refine((value) => value !== 0, 'a delta is not zero')
    .optional()
    .openapi({ description: 'Units to add (positive) or remove (negative); or give setOnHand' }),
  setOnHand: quantity.min(0).max(MAX_QUANTITY).optional().openapi({ description: 'The counted quantity; or give delta' }),
  reason: z.enum(ADJUSTMENT_REASONS),
  note,
  reference: reference.openapi({ description: 'Your own reference (delivery note, count sheet…)' }),
});

type AdjustmentFields = z.infer<typeof adjustmentFields>;

/** Exactly one of delta / setOnHand, and a delta whose sign fits its reason. */
function checkAdjustment(body: AdjustmentFields, ctx: z.RefinementCtx): void {
  if ((body.delta === undefined) === (body.setOnHand === undefined))
    ctx.addIssue({ code: 'custom', path: ['delta'], message: 'give either delta or setOnHand' });
  if (body.delta !== undefined && body.delta < 0 && INCREASING_REASONS.includes(body.reason))
    ctx.addIssue({ code: 'custom', path: ['reason'], message: `${body.reason} only adds stock: use a positive delta` });
  if (body.delta !== undefined && body.delta > 0 && DECREASING_REASONS.includes(body.reason))
    ctx.addIssue({ code: 'custom', path: ['reason'], message: `${body.reason} only removes stock: use a negative delta` });
}

export const adjustmentSchema = adjustmentFields.superRefine(checkAdjustment).openapi('StockAdjustment');

export const adjustedLevelSchema = levelSchema
  .extend({
    onHandDelta: quantity.openapi({ description: 'What changed (0 when setOnHand matched the level)' }),
    movementId: z.number().int().nullable().openapi({ description: "The ledger entry's sequence number" }),
  })
  .openapi('AdjustedStockLevel');

export const MAX_BULK_ITEMS = 500;

export const bulkAdjustmentSchema = z
  .object({
    items: z
      .array(adjustmentFields.superRefine(checkAdjustment))
      .min(1)
      .max(MAX_BULK_ITEMS)
      .refine(
        (items) => new Set(items.map((i) => `${i.variantId}/${i.locationId}`)).size === items.length,
        'each variant and location at most once',
      ),
  })
  .openapi('BulkStockAdjustment');

export const bulkResultSchema = z.object({ data: z.array(adjustedLevelSchema) }).openapi('BulkStockAdjustmentResult');

export const transferSchema = z
  .object({
    variantId: uuid,
    fromLocationId: uuid,
    toLocationId: uuid,
    quantity: quantity.min(1).max(MAX_DELTA),
    note,
  })
  .refine((body) => body.fromLocationId !== body.toLocationId, {
    path: ['toLocationId'],
    message: 'a transfer goes to another location',
  })
  .openapi('StockTransfer');

export const transferResultSchema = z
  .object({
    reference: z.string().openapi({ description: 'Shared by the transfer-out and transfer-in ledger entries' }),
    quantity: quantity,
    from: levelSchema,
    to: levelSchema,
  })
  .openapi('StockTransferResult');

// The ledger

export const movementSchema = z
  .object({
    id: z.number().int().openapi({ description: 'Sequence number: later entries have larger ones' }),
    variantId: uuid,
    sku: z.string(),
    productTitle: z.string(),
    locationId: uuid,
    locationCode: z.string(),
    locationName: z.string(),
    reason: z.string().openapi({ example: 'received' }),
    onHandDelta: quantity,
    reservedDelta: quantity,
    note: z.string().nullable(),
    reference: z.string().nullable(),
    actor: z.object({
      kind: z.enum(['team-member', 'api-key', 'system']),
      id: uuid.nullable(),
      name: z.string().openapi({ example: 'Manager at Acme' }),
    }),
    createdAt: timestamp,
  })
  .openapi('StockMovement');

export const movementPageSchema = z
  .object({ data: z.array(movementSchema), nextCursor: z.string().nullable() })
  .openapi('StockMovementPage');

export const movementQuerySchema = pageQuerySchema.extend({ variantId: uuid.optional(), locationId: uuid.optional() });

export type Location = z.infer<typeof locationSchema>;
export type Level = z.infer<typeof levelSchema>;
export type LevelRow = z.infer<typeof levelRowSchema>;
export type LevelPage = z.infer<typeof levelPageSchema>;
export type VariantStock = z.infer<typeof variantStockSchema>;
export type Adjustment = z.infer<typeof adjustmentSchema>;
export type AdjustedLevel = z.infer<typeof adjustedLevelSchema>;
export type Transfer = z.infer<typeof transferSchema>;
export type TransferResult = z.infer<typeof transferResultSchema>;
export type Movement = z.infer<typeof movementSchema>;
