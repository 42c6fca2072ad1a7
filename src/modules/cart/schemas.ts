import { z } from '@hono/zod-openapi';
import { placeOrderSchema } from '../orders';

/** How many different items one cart holds, and how many units of one item. */
export const MAX_CART_LINES = 100;
export const MAX_LINE_QUANTITY = 999;

const variantId = z.string().uuid().openapi({ description: 'A variant of this shop' });

export const variantParamSchema = z.object({
  variantId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'variantId', in: 'path' } }),
});

export const addItemSchema = z
  .object({
    variantId,
    quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY).default(1),
  })
  .openapi('CartAddItem');

export const setQuantitySchema = z
  .object({ quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY).openapi({ description: '0 removes the line' }) })
  .openapi('CartSetQuantity');

/**
 * `ok`: can be ordered as it is; `insufficient_stock`: fewer are available than the line asks for
 * (see `available`); `unavailable`: no longer sold here (withdrawn or deleted).
 */
export const lineStatusSchema = z.enum(['ok', 'insufficient_stock', 'unavailable']);
export type LineStatus = z.infer<typeof lineStatusSchema>;

export const cartLineSchema = z
  .object({
    variantId: z.string().uuid(),
    quantity: z.number().int(),
    product: z.object({ id: z.string().uuid(), slug: z.string(), title: z.string() }).nullable(),
    sku: z.string().nullable(),
    options: z.record(z.string(), z.string()),
    image: z.object({ url: z.string(), alt: z.string() }).nullable(),
    unitPriceMinor: z.number().int().nullable().openapi({ description: 'Today’s price, never a stored one' }),
    compareAtMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    lineTotalMinor: z.number().int().openapi({ description: '0 for an unavailable line' }),
    available: z.number().int().openapi({ description: 'Units a shopper can buy now' }),
    status: lineStatusSchema,
  })
  .openapi('CartLine');
export type CartLine = z.infer<typeof cartLineSchema>;

export const cartSchema = z
  .object({
    lines: z.array(cartLineSchema),
    itemCount: z.number().int().openapi({ description: 'Units over every line' }),
    subtotalMinor: z.number().int().openapi({ description: 'Sum of the lines still sold, at today’s prices' }),
    currency: z.string().nullable(),
    checkoutReady: z.boolean().openapi({ description: 'Every line `ok` and at least one line' }),
  })
  .openapi('Cart');
export type Cart = z.infer<typeof cartSchema>;

export const cartSummarySchema = z
  .object({ itemCount: z.number().int(), lineCount: z.number().int() })
  .openapi('CartSummary', { description: 'Counts only, from the cart store alone (for the header badge)' });
export type CartSummary = z.infer<typeof cartSummarySchema>;

/** One stored line: what the cart keeps, and all it keeps (prices are always read live). */
export interface StoredLine {
  variantId: string;
  quantity: number;
}

export const idempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: 'Required: one per checkout attempt (8–128 of A–Z a–z 0–9 _ . : -); repeat it on retries',
    }),
});

/** Checkout from the cart: everything an order needs but its lines. */
export const cartCheckoutSchema = placeOrderSchema.omit({ lines: true }).openapi('CartCheckout');
