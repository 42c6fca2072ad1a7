import { z } from '@hono/zod-openapi';

const uuid = z.string().uuid();
const money = z.number().int().min(0).max(1_000_000_000_000);
const shortText = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || null);

export const ORDER_STATUSES = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES).openapi('OrderStatus');
export const PAYMENT_METHODS = ['bank_transfer', 'cash_on_delivery', 'invoice'] as const;
export const paymentMethodSchema = z.enum(PAYMENT_METHODS).openapi('PaymentMethodId');

/** Most lines one order may hold, and most units of one line. */
export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 999;

export const addressSchema = z
  .object({
    name: shortText(200),
    company: optionalText(200),
    line1: shortText(200),
    line2: optionalText(200),
    postalCode: shortText(20),
    city: shortText(100),
    region: optionalText(100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code')
      .openapi({ example: 'LU' }),
    phone: optionalText(40),
  })
  .openapi('Address');
export type AddressInput = z.output<typeof addressSchema>;

export const orderLineInputSchema = z.object({
  variantId: uuid,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
});

const linesSchema = z.array(orderLineInputSchema).min(1).max(MAX_ORDER_LINES);

export const quoteRequestSchema = z
  .object({ lines: linesSchema, shippingMethodId: uuid.optional() })
  .openapi('CheckoutQuoteRequest');
export type QuoteRequest = z.output<typeof quoteRequestSchema>;

export const placeOrderSchema = z
  .object({
    lines: linesSchema,
    email: z.string().trim().toLowerCase().email().max(320),
    shippingAddress: addressSchema,
    billingAddress: addressSchema.optional().openapi({ description: 'The shipping address when left out' }),
    shippingMethodId: uuid,
    paymentMethod: paymentMethodSchema,
    note: optionalText(1000),
  })
  .openapi('PlaceOrder');
export type PlaceOrderInput = z.output<typeof placeOrderSchema>;

export const idempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: 'Required: one per checkout attempt (8–128 of A–Z a–z 0–9 _ . : -); repeat it on retries',
    }),
});

export const taxLineSchema = z
  .object({ name: z.string(), rateBp: z.number().int(), grossMinor: z.number().int(), taxMinor: z.number().int() })
  .openapi('TaxLine', { description: 'Tax included in `grossMinor` at `rateBp` basis points (1700 = 17 %)' });

export const quoteLineSchema = z.object({
  variantId: uuid,
  productId: uuid,
  productTitle: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  unitPriceMinor: z.number().int(),
  quantity: z.number().int(),
  taxRateBp: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
});

export const quoteSchema = z
  .object({
    currency: z.string(),
    lines: z.array(quoteLineSchema),
    weightGrams: z.number().int(),
    shippingMethod: z.object({ id: uuid, name: z.string() }).nullable(),
    subtotalMinor: z.number().int(),
    shippingMinor: z.number().int(),
    taxMinor: z.number().int().openapi({ description: 'Included in the total (prices are tax-inclusive)' }),
    totalMinor: z.number().int(),
    taxBreakdown: z.array(taxLineSchema),
  })
  .openapi('CheckoutQuote');
export type Quote = z.infer<typeof quoteSchema>;

const addressOutSchema = z.object({
  name: z.string(),
  company: z.string().nullish(),
  line1: z.string(),
  line2: z.string().nullish(),
  postalCode: z.string(),
  city: z.string(),
  region: z.string().nullish(),
  country: z.string(),
  phone: z.string().nullish(),
});

export const orderItemSchema = z
  .object({
    id: uuid,
    productId: uuid,
    variantId: uuid,
    productTitle: z.string(),
    variantOptions: z.record(z.string(), z.string()),
    sku: z.string(),
    unitPriceMinor: z.number().int(),
    quantity: z.number().int(),
    taxRateBp: z.number().int(),
    taxMinor: z.number().int(),
    totalMinor: z.number().int(),
  })
  .openapi('OrderItem');

export const historyEntrySchema = z
  .object({
    from: orderStatusSchema.nullable(),
    to: orderStatusSchema,
    actor: z.object({ kind: z.string(), id: z.string().nullable() }),
    note: z.string().nullable(),
    at: z.string(),
  })
  .openapi('OrderHistoryEntry');

export const paymentSchema = z
  .object({
    method: paymentMethodSchema,
    label: z.string(),
    status: z.string(),
    instructions: z.string().openapi({ description: 'What the shopper does to pay' }),
  })
  .openapi('OrderPayment');

export const orderSchema = z
  .object({
    id: uuid,
    number: z.number().int(),
    status: orderStatusSchema,
    version: z.number().int(),
    email: z.string(),
    customerId: uuid.nullable(),
    shippingAddress: addressOutSchema,
    billingAddress: addressOutSchema,
    currency: z.string(),
    subtotalMinor: z.number().int(),
    shippingMinor: z.number().int(),
    taxMinor: z.number().int(),
    totalMinor: z.number().int(),
    taxBreakdown: z.array(taxLineSchema),
    shippingMethod: z.object({ id: uuid.nullable(), name: z.string() }),
    payment: paymentSchema,
    note: z.string().nullable(),
    placedAt: z.string(),
    updatedAt: z.string(),
    items: z.array(orderItemSchema),
  })
  .openapi('Order');
export type Order = z.infer<typeof orderSchema>;

export const teamOrderSchema = orderSchema
  .extend({
    history: z.array(historyEntrySchema),
    allowedTransitions: z.array(orderStatusSchema),
  })
  .openapi('TeamOrder');
export type TeamOrder = z.infer<typeof teamOrderSchema>;

export const orderSummarySchema = z
  .object({
    id: uuid,
    number: z.number().int(),
    status: orderStatusSchema,
    email: z.string(),
    customerId: uuid.nullable(),
    customerName: z.string().openapi({ description: 'The billing name' }),
    currency: z.string(),
    totalMinor: z.number().int(),
    itemCount: z.number().int(),
    placedAt: z.string(),
  })
  .openapi('OrderSummary');
export type OrderSummary = z.infer<typeof orderSummarySchema>;

export const orderPageSchema = z
  .object({ data: z.array(orderSummarySchema), nextCursor: z.string().nullable() })
  .openapi('OrderPage');
export type OrderPage = z.infer<typeof orderPageSchema>;

export const pageQuerySchema = z.object({
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const orderListQuerySchema = pageQuerySchema.extend({
  status: orderStatusSchema.optional(),
  from: z.string().datetime({ offset: true }).optional().openapi({ description: 'Placed at or after (ISO 8601)' }),
  to: z.string().datetime({ offset: true }).optional().openapi({ description: 'Placed before (ISO 8601)' }),
  customerId: uuid.optional(),
  number: z.coerce.number().int().min(1).max(2_000_000_000).optional().openapi({ description: 'Search by order number' }),
});
export type OrderListQuery = z.output<typeof orderListQuerySchema>;

export const orderIdParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });
export const orderNumberParamSchema = z.object({
  number: z.coerce
    .number()
    .int()
    .min(1)
    .max(2_000_000_000)
    .openapi({ param: { name: 'number', in: 'path' }, example: 1001 }),
});

export const transitionSchema = z
  .object({
    to: orderStatusSchema,
    version: z.number().int().min(1).openapi({ description: 'The order version you read' }),
    note: optionalText(1000),
  })
  .openapi('OrderTransition');
export type TransitionInput = z.output<typeof transitionSchema>;

export const guestLookupSchema = z
  .object({ number: z.number().int().min(1).max(2_000_000_000), email: z.string().trim().toLowerCase().email().max(320) })
  .openapi('GuestOrderLookup');

// Shipping methods and tax rates (vendor settings).

export const weightBracketSchema = z.object({
  upToGrams: z.number().int().min(1).max(10_000_000),
  priceMinor: money,
});

const shippingMethodFields = {
  name: shortText(100),
  kind: z.enum(['flat', 'weight']),
  priceMinor: money.default(0).openapi({ description: 'The price of a flat method' }),
  brackets: z
    .array(weightBracketSchema)
    .max(50)
    .default([])
    .openapi({ description: 'By weight: the first bracket whose `upToGrams` holds the parcel' }),
  freeOverMinor: money.nullable().default(null).openapi({ description: 'Free from this subtotal on' }),
  active: z.boolean().default(true),
  position: z.number().int().min(0).max(10_000).default(0),
};

const bracketsFit = (method: { kind?: string; brackets?: unknown[] }) =>
  method.kind !== 'weight' || (method.brackets?.length ?? 0) > 0;

export const createShippingMethodSchema = z
  .object(shippingMethodFields)
  .refine(bracketsFit, { message: 'a weight method needs at least one bracket', path: ['brackets'] })
  .openapi('CreateShippingMethod');
export type CreateShippingMethodInput = z.output<typeof createShippingMethodSchema>;

export const updateShippingMethodSchema = z
  .object({
    name: shippingMethodFields.name.optional(),
    kind: shippingMethodFields.kind.optional(),
    priceMinor: money.optional(),
    brackets: z.array(weightBracketSchema).max(50).optional(),
    freeOverMinor: money.nullable().optional(),
    active: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .openapi('UpdateShippingMethod');
export type UpdateShippingMethodInput = z.output<typeof updateShippingMethodSchema>;

export const shippingMethodSchema = z
  .object({
    id: uuid,
    name: z.string(),
    kind: z.enum(['flat', 'weight']),
    priceMinor: z.number().int(),
    brackets: z.array(weightBracketSchema),
    freeOverMinor: z.number().int().nullable(),
    currency: z.string(),
    active: z.boolean(),
    position: z.number().int(),
  })
  .openapi('ShippingMethod');
export type ShippingMethod = z.infer<typeof shippingMethodSchema>;

export const shippingMethodListSchema = z.object({ data: z.array(shippingMethodSchema) }).openapi('ShippingMethodList');

export const paymentMethodListSchema = z
  .object({ data: z.array(z.object({ id: paymentMethodSchema, label: z.string(), description: z.string() })) })
  .openapi('PaymentMethodList');

export const taxRateInputSchema = z
  .object({
    name: shortText(100).openapi({ example: 'Standard VAT' }),
    rateBp: z.number().int().min(0).max(10_000).openapi({ description: 'Basis points: 1700 = 17 %' }),
    categoryId: uuid.nullable().default(null).openapi({ description: 'null: the standard rate' }),
  })
  .openapi('TaxRateInput');
export type TaxRateInput = z.output<typeof taxRateInputSchema>;

export const updateTaxRateSchema = z
  .object({ name: shortText(100).optional(), rateBp: z.number().int().min(0).max(10_000).optional() })
  .openapi('UpdateTaxRate');

export const taxRateSchema = z
  .object({ id: uuid, name: z.string(), rateBp: z.number().int(), categoryId: uuid.nullable() })
  .openapi('TaxRate');
export type TaxRate = z.infer<typeof taxRateSchema>;
export const taxRateListSchema = z.object({ data: z.array(taxRateSchema) }).openapi('TaxRateList');

export const idParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });

// The address book.

export const addressBookInputSchema = addressSchema
  .extend({
    label: optionalText(60),
    isDefaultShipping: z.boolean().default(false),
    isDefaultBilling: z.boolean().default(false),
  })
  .openapi('AddressBookInput');
export type AddressBookInput = z.output<typeof addressBookInputSchema>;

export const addressBookPatchSchema = z
  .object({
    label: optionalText(60),
    name: shortText(200).optional(),
    company: optionalText(200),
    line1: shortText(200).optional(),
    line2: optionalText(200),
    postalCode: shortText(20).optional(),
    city: shortText(100).optional(),
    region: optionalText(100),
    country: addressSchema.shape.country.optional(),
    phone: optionalText(40),
    isDefaultShipping: z.boolean().optional(),
    isDefaultBilling: z.boolean().optional(),
  })
  .openapi('AddressBookPatch');

export const savedAddressSchema = addressOutSchema
  .extend({
    id: uuid,
    label: z.string().nullable(),
    isDefaultShipping: z.boolean(),
    isDefaultBilling: z.boolean(),
  })
  .openapi('SavedAddress');
export type SavedAddress = z.infer<typeof savedAddressSchema>;
export const savedAddressListSchema = z.object({ data: z.array(savedAddressSchema) }).openapi('SavedAddressList');

// The team's view of customers.

export const customerSummarySchema = z
  .object({
    id: uuid,
    email: z.string(),
    name: z.string(),
    registeredAt: z.string(),
    orderCount: z.number().int(),
    totalSpentMinor: z.number().int().openapi({ description: 'Sum of orders not cancelled or refunded' }),
  })
  .openapi('CustomerSummary');
export const customerPageSchema = z
  .object({ data: z.array(customerSummarySchema), nextCursor: z.string().nullable() })
  .openapi('CustomerPage');
export const customerListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional().openapi({ description: 'Part of the email or name' }),
});
export type CustomerListQuery = z.output<typeof customerListQuerySchema>;
export const customerDetailSchema = customerSummarySchema
  .extend({ orders: z.array(orderSummarySchema), addresses: z.array(savedAddressSchema) })
  .openapi('CustomerDetail');
