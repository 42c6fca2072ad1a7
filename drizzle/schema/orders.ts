import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from './access';
import { categories } from './catalog';
import { vendorRowFilter } from './rls';
import { vendors } from './tenancy';

const policy = (name: string) => pgPolicy(name, { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() });

export type ShippingKind = 'flat' | 'weight';
/** A weight bracket: parcels up to `upToGrams` (inclusive) cost `priceMinor`. */
export interface WeightBracket {
  upToGrams: number;
  priceMinor: number;
}

/**
 * A vendor's ways of shipping: a flat price, or by the parcel's weight in brackets. Prices are
 * tax-inclusive like product prices; `freeOverMinor` makes shipping free from that subtotal on.
 */
export const shippingMethods = pgTable(
  'shipping_methods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').$type<ShippingKind>().notNull(),
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull().default(0),
    brackets: jsonb('brackets').$type<WeightBracket[]>().notNull().default([]),
    freeOverMinor: bigint('free_over_minor', { mode: 'number' }),
    currency: char('currency', { length: 3 }).notNull().default('EUR'),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('shipping_methods_vendor_id_key').on(t.vendorId, t.id),
    index('shipping_methods_vendor_position_idx').on(t.vendorId, t.position),
    check('shipping_methods_kind_check', sql`${t.kind} in ('flat', 'weight')`),
    check('shipping_methods_price_check', sql`${t.priceMinor} >= 0 and (${t.freeOverMinor} is null or ${t.freeOverMinor} >= 0)`),
    policy('shipping_methods_scope'),
  ],
);

/**
 * VAT rates in basis points (1700 = 17 %). The row without a category is the vendor's standard
 * rate; a row with a category applies to products filed directly in that category.
 */
export const taxRates = pgTable(
  'tax_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    rateBp: integer('rate_bp').notNull(),
    categoryId: uuid('category_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tax_rates_vendor_id_key').on(t.vendorId, t.id),
    uniqueIndex('tax_rates_vendor_standard_key').on(t.vendorId).where(sql`category_id is null`),
    uniqueIndex('tax_rates_vendor_category_key').on(t.vendorId, t.categoryId),
    foreignKey({
      columns: [t.vendorId, t.categoryId],
      foreignColumns: [categories.vendorId, categories.id],
      name: 'tax_rates_category_fk',
    }).onDelete('cascade'),
    check('tax_rates_rate_check', sql`${t.rateBp} between 0 and 10000`),
    policy('tax_rates_scope'),
  ],
);

/** A postal address as shoppers enter it; orders keep a copy (jsonb) as it was at purchase. */
export interface PostalAddress {
  name: string;
  company?: string | null;
  line1: string;
  line2?: string | null;
  postalCode: string;
  city: string;
  region?: string | null;
  country: string;
  phone?: string | null;
}

/** A signed-in shopper's address book. */
export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull(),
    label: text('label'),
    name: text('name').notNull(),
    company: text('company'),
    line1: text('line1').notNull(),
    line2: text('line2'),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    region: text('region'),
    country: char('country', { length: 2 }).notNull(),
    phone: text('phone'),
    isDefaultShipping: boolean('is_default_shipping').notNull().default(false),
    isDefaultBilling: boolean('is_default_billing').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customer_addresses_vendor_id_key').on(t.vendorId, t.id),
    index('customer_addresses_vendor_customer_idx').on(t.vendorId, t.customerId, t.createdAt),
    foreignKey({
      columns: [t.vendorId, t.customerId],
      foreignColumns: [customers.vendorId, customers.id],
      name: 'customer_addresses_customer_fk',
    }).onDelete('cascade'),
    policy('customer_addresses_scope'),
  ],
);

/** The last order number a vendor gave out; bumped in the placing transaction, so numbers have no gaps. */
export const orderCounters = pgTable(
  'order_counters',
  {
    vendorId: uuid('vendor_id')
      .primaryKey()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    lastNumber: integer('last_number').notNull(),
  },
  () => [policy('order_counters_scope')],
);

export type OrderStatus = 'pending' | 'confirmed' | 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'refunded';
export type PaymentMethodId = 'bank_transfer' | 'cash_on_delivery' | 'invoice';
export interface TaxLine {
  name: string;
  rateBp: number;
  /** Tax-inclusive amount taxed at this rate (goods and shipping). */
  grossMinor: number;
  taxMinor: number;
}

/**
 * An order as placed: addresses and amounts are snapshots. `number` is the shopper-facing number,
 * sequential per vendor. `idempotency_key` + `request_hash` make placing it safe to retry.
 * `version` is the optimistic-concurrency token of status changes.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    status: text('status').$type<OrderStatus>().notNull().default('pending'),
    version: integer('version').notNull().default(1),
    email: text('email').notNull(),
    customerId: uuid('customer_id'),
    shippingAddress: jsonb('shipping_address').$type<PostalAddress>().notNull(),
    billingAddress: jsonb('billing_address').$type<PostalAddress>().notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    subtotalMinor: bigint('subtotal_minor', { mode: 'number' }).notNull(),
    shippingMinor: bigint('shipping_minor', { mode: 'number' }).notNull(),
    taxMinor: bigint('tax_minor', { mode: 'number' }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    taxBreakdown: jsonb('tax_breakdown').$type<TaxLine[]>().notNull(),
    shippingMethodId: uuid('shipping_method_id'),
    shippingMethodName: text('shipping_method_name').notNull(),
    paymentMethod: text('payment_method').$type<PaymentMethodId>().notNull(),
    paymentStatus: text('payment_status').notNull().default('pending'),
    note: text('note'),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_vendor_id_key').on(t.vendorId, t.id),
    uniqueIndex('orders_vendor_number_key').on(t.vendorId, t.number),
    uniqueIndex('orders_vendor_idempotency_key').on(t.vendorId, t.idempotencyKey),
    index('orders_vendor_placed_idx').on(t.vendorId, t.placedAt, t.id),
    index('orders_vendor_status_placed_idx').on(t.vendorId, t.status, t.placedAt, t.id),
    index('orders_vendor_customer_placed_idx').on(t.vendorId, t.customerId, t.placedAt, t.id),
    foreignKey({
      columns: [t.vendorId, t.customerId],
      foreignColumns: [customers.vendorId, customers.id],
      name: 'orders_customer_fk',
    }),
    check(
      'orders_status_check',
      sql`${t.status} in ('pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded')`,
    ),
    check('orders_payment_method_check', sql`${t.paymentMethod} in ('bank_transfer', 'cash_on_delivery', 'invoice')`),
    check(
      'orders_amounts_check',
      sql`${t.subtotalMinor} >= 0 and ${t.shippingMinor} >= 0 and ${t.taxMinor} >= 0 and ${t.totalMinor} = ${t.subtotalMinor} + ${t.shippingMinor}`,
    ),
    policy('orders_scope'),
  ],
);

/** A line of an order as it was bought: title, options, SKU, price and tax rate at purchase. */
export const orderItems = pgTable(
  'order_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id').notNull(),
    orderId: uuid('order_id').notNull(),
    position: integer('position').notNull(),
    productId: uuid('product_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    productTitle: text('product_title').notNull(),
    variantOptions: jsonb('variant_options').$type<Record<string, string>>().notNull().default({}),
    sku: text('sku').notNull(),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
    quantity: integer('quantity').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    taxMinor: bigint('tax_minor', { mode: 'number' }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    weightGrams: integer('weight_grams'),
  },
  (t) => [
    index('order_items_order_idx').on(t.vendorId, t.orderId, t.position),
    foreignKey({
      columns: [t.vendorId, t.orderId],
      foreignColumns: [orders.vendorId, orders.id],
      name: 'order_items_order_fk',
    }).onDelete('cascade'),
    check('order_items_quantity_check', sql`${t.quantity} > 0`),
    policy('order_items_scope'),
  ],
);

/**
 * Where an order's stock is reserved: per variant and location. Cancelling releases exactly these
 * quantities; shipping takes them off the shelf.
 */
export const orderAllocations = pgTable(
  'order_allocations',
  {
    vendorId: uuid('vendor_id').notNull(),
    orderId: uuid('order_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    locationId: uuid('location_id').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.vendorId, t.orderId, t.variantId, t.locationId] }),
    foreignKey({
      columns: [t.vendorId, t.orderId],
      foreignColumns: [orders.vendorId, orders.id],
      name: 'order_allocations_order_fk',
    }).onDelete('cascade'),
    check('order_allocations_quantity_check', sql`${t.quantity} > 0`),
    policy('order_allocations_scope'),
  ],
);

export type OrderActorKind = 'customer' | 'guest' | 'team-member' | 'api-key' | 'system';

/** Every status change of an order: from, to, who, why and when. Placing writes the first row. */
export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    vendorId: uuid('vendor_id').notNull(),
    orderId: uuid('order_id').notNull(),
    fromStatus: text('from_status').$type<OrderStatus>(),
    toStatus: text('to_status').$type<OrderStatus>().notNull(),
    actorKind: text('actor_kind').$type<OrderActorKind>().notNull(),
    actorId: uuid('actor_id'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('order_status_history_order_idx').on(t.vendorId, t.orderId, t.seq),
    foreignKey({
      columns: [t.vendorId, t.orderId],
      foreignColumns: [orders.vendorId, orders.id],
      name: 'order_status_history_order_fk',
    }).onDelete('cascade'),
    policy('order_status_history_scope'),
  ],
);
