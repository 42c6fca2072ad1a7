import { z } from '@hono/zod-openapi';

const uuid = z.string().uuid();
const timestamp = z.string().datetime();
const quantity = z.number().int();

/** The highest threshold a vendor may set (far below int4, far above any sensible warning level). */
export const MAX_THRESHOLD = 1_000_000;

/** Unpaid pending orders may be cancelled automatically after 1 hour to 30 days. */
export const MAX_CANCEL_UNPAID_HOURS = 720;

export const alertSchema = z
  .object({
    id: uuid,
    variantId: uuid,
    productId: uuid,
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    productTitle: z.string(),
    status: z.enum(['open', 'resolved']),
    threshold: quantity.openapi({ description: 'The threshold when the alert was raised' }),
    available: quantity.openapi({ description: 'Units available (all locations) when the alert was raised' }),
    availableNow: quantity.openapi({ description: 'Units available now' }),
    resolvedAvailable: quantity.nullable().openapi({ description: 'Units available when the alert was resolved' }),
    raisedAt: timestamp,
    resolvedAt: timestamp.nullable(),
  })
  .openapi('StockAlert');

export const alertPageSchema = z
  .object({ data: z.array(alertSchema), nextCursor: z.string().nullable() })
  .openapi('StockAlertPage');

export const alertQuerySchema = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open').openapi({ description: 'Which alerts (default: open)' }),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const alertSettingsSchema = z
  .object({
    lowStockThreshold: quantity.openapi({
      description: 'A variant with this many units available or fewer (all locations) raises an alert; 0: alerts off',
      example: 5,
    }),
    cancelUnpaidAfterHours: quantity.nullable().openapi({
      description:
        'Pending orders whose payment is still pending this many hours after they were placed are cancelled automatically, releasing their reserved stock; null: never (the default)',
      example: 48,
    }),
    updatedAt: timestamp.nullable().openapi({ description: 'null while the defaults apply' }),
  })
  .openapi('StockAlertSettings');

export const updateAlertSettingsSchema = z
  .object({
    lowStockThreshold: quantity.min(0).max(MAX_THRESHOLD).optional(),
    cancelUnpaidAfterHours: quantity.min(1).max(MAX_CANCEL_UNPAID_HOURS).nullable().optional(),
  })
  .strict()
  .refine((body) => body.lowStockThreshold !== undefined || body.cancelUnpaidAfterHours !== undefined, {
    message: 'give lowStockThreshold, cancelUnpaidAfterHours or both',
  })
  .openapi('UpdateStockAlertSettings', {
    description: 'Only the settings given change; the others keep their value',
  });

export const updatedAlertSettingsSchema = alertSettingsSchema
  .extend({
    raised: quantity.openapi({ description: 'Alerts the new threshold opened (0 when the threshold was not given)' }),
    resolved: quantity.openapi({ description: 'Alerts the new threshold resolved (0 when the threshold was not given)' }),
  })
  .openapi('UpdatedStockAlertSettings');

export type Alert = z.infer<typeof alertSchema>;
export type AlertPage = z.infer<typeof alertPageSchema>;
export type AlertQuery = z.infer<typeof alertQuerySchema>;
export type AlertSettings = z.infer<typeof alertSettingsSchema>;
export type AlertSettingsChange = z.infer<typeof updateAlertSettingsSchema>;
