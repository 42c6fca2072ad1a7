import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { vendorRowFilter } from './rls';
import { vendors } from './tenancy';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export type ProductStatus = 'draft' | 'active' | 'archived';
export interface ProductImage {
  url: string;
  alt: string;
}
export interface OptionType {
  name: string;
  values: string[];
}

const policy = (name: string) => pgPolicy(name, { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() });

/** A vendor's category tree; a parent must belong to the same vendor (composite foreign key). */
export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('categories_vendor_slug_key').on(t.vendorId, t.slug),
    uniqueIndex('categories_vendor_id_key').on(t.vendorId, t.id),
    index('categories_vendor_parent_idx').on(t.vendorId, t.parentId, t.position),
    foreignKey({ columns: [t.vendorId, t.parentId], foreignColumns: [t.vendorId, t.id], name: 'categories_parent_fk' }).onDelete(
      'cascade',
    ),
    policy('categories_scope'),
  ],
);

/**
 * A product and its sellable variants. Prices live on variants in minor units. `version` is the
 * optimistic-concurrency token: an update names the version it read. `search` is maintained by
 * Postgres from title, brand, description and SKUs for full-text search.
 */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    descriptionHtml: text('description_html').notNull().default(''),
    brand: text('brand'),
    status: text('status').$type<ProductStatus>().notNull().default('draft'),
    featured: boolean('featured').notNull().default(false),
    categoryId: uuid('category_id'),
    images: jsonb('images').$type<ProductImage[]>().notNull().default([]),
    optionTypes: jsonb('option_types').$type<OptionType[]>().notNull().default([]),
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull().default({}),
    /** Where the product came from: `manual`, or an import source such as `letzshop` / `shopify`. */
    source: text('source').notNull().default('manual'),
    externalId: text('external_id'),
    /** Lowest and highest variant price, kept by the catalog service for listing and filtering. */
    minPriceMinor: bigint('min_price_minor', { mode: 'number' }),
    maxPriceMinor: bigint('max_price_minor', { mode: 'number' }),
    currency: char('currency', { length: 3 }).notNull().default('EUR'),
    skuText: text('sku_text').notNull().default(''),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(brand, '') || ' ' || sku_text), 'B') || setweight(to_tsvector('simple', left(regexp_replace(description_html, '<[^>]*>', ' ', 'g'), 4000)), 'C')`,
    ),
    version: integer('version').notNull().default(1),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_vendor_slug_key').on(t.vendorId, t.slug),
    uniqueIndex('products_vendor_id_key').on(t.vendorId, t.id),
    index('products_vendor_status_created_idx').on(t.vendorId, t.status, t.createdAt, t.id),
    index('products_vendor_category_idx').on(t.vendorId, t.categoryId),
    index('products_vendor_brand_idx').on(t.vendorId, t.brand),
    index('products_vendor_price_idx').on(t.vendorId, t.minPriceMinor),
    index('products_vendor_external_idx').on(t.vendorId, t.source, t.externalId),
    // btree_gin: one index walk finds this vendor's matches (see catalog_search_ids in migration 0007).
    index('products_vendor_search_idx').using('gin', t.vendorId, t.search),
    // The shop's price and title sorts and the dashboard's sorts, each read in index order.
    index('products_vendor_status_price_idx').on(t.vendorId, t.status, t.minPriceMinor, t.id),
    index('products_vendor_status_title_idx').on(t.vendorId, t.status, t.title, t.id),
    index('products_vendor_updated_idx').on(t.vendorId, t.updatedAt, t.id),
    index('products_vendor_lower_title_idx').on(t.vendorId, sql`lower(${t.title})`, t.id),
    foreignKey({
      columns: [t.vendorId, t.categoryId],
      foreignColumns: [categories.vendorId, categories.id],
      name: 'products_category_fk',
    }),
    check('products_status_check', sql`${t.status} in ('draft', 'active', 'archived')`),
    policy('products_scope'),
  ],
);

/** A sellable combination of a product's options, with its own SKU, GTIN and price. */
export const variants = pgTable(
  'variants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').notNull(),
    sku: text('sku').notNull(),
    gtin: text('gtin'),
    options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
    /** The selling price every reader uses (shop, cart, checkout, search); the pricing engine sets it. */
    priceMinor: bigint('price_minor', { mode: 'number' }).notNull(),
    /** The price the team or a feed gave; the selling price is this unless a pricing rule applies. */
    basePriceMinor: bigint('base_price_minor', { mode: 'number' }).notNull(),
    /** The pricing rule that produced `price_minor` (no foreign key: rules are the pricing module's). */
    priceRuleId: uuid('price_rule_id'),
    compareAtMinor: bigint('compare_at_minor', { mode: 'number' }),
    costMinor: bigint('cost_minor', { mode: 'number' }),
    currency: char('currency', { length: 3 }).notNull().default('EUR'),
    weightGrams: integer('weight_grams'),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('variants_vendor_sku_key').on(t.vendorId, t.sku),
    uniqueIndex('variants_vendor_id_key').on(t.vendorId, t.id),
    index('variants_vendor_product_idx').on(t.vendorId, t.productId, t.position),
    index('variants_vendor_price_rule_idx').on(t.vendorId, t.priceRuleId),
    // SKU prefix search by byte-wise range (works in a prepared plan, unlike LIKE 'x%').
    index('variants_vendor_sku_prefix_idx').on(t.vendorId, sql`(lower(${t.sku}) collate "C")`),
    foreignKey({
      columns: [t.vendorId, t.productId],
      foreignColumns: [products.vendorId, products.id],
      name: 'variants_product_fk',
    }).onDelete('cascade'),
    check('variants_price_check', sql`${t.priceMinor} >= 0 and (${t.compareAtMinor} is null or ${t.compareAtMinor} >= 0)`),
    check('variants_base_price_check', sql`${t.basePriceMinor} >= 0`),
    policy('variants_scope'),
  ],
);

/** Where a vendor keeps stock (a warehouse, a shop floor). */
export const stockLocations = pgTable(
  'stock_locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('stock_locations_vendor_code_key').on(t.vendorId, t.code),
    uniqueIndex('stock_locations_vendor_id_key').on(t.vendorId, t.id),
    policy('stock_locations_scope'),
  ],
);

/**
 * Stock of one variant at one location. `available` = on hand − reserved, computed by Postgres.
 * Every change goes with a row in `inventory_movements` in the same transaction.
 */
export const inventoryLevels = pgTable(
  'inventory_levels',
  {
    vendorId: uuid('vendor_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    locationId: uuid('location_id').notNull(),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    available: integer('available').generatedAlwaysAs(sql`on_hand - reserved`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inventory_levels_key').on(t.vendorId, t.variantId, t.locationId),
    index('inventory_levels_location_idx').on(t.vendorId, t.locationId),
    foreignKey({
      columns: [t.vendorId, t.variantId],
      foreignColumns: [variants.vendorId, variants.id],
      name: 'inventory_levels_variant_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.vendorId, t.locationId],
      foreignColumns: [stockLocations.vendorId, stockLocations.id],
      name: 'inventory_levels_location_fk',
    }).onDelete('cascade'),
    check('inventory_levels_nonnegative', sql`${t.onHand} >= 0 and ${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
    policy('inventory_levels_scope'),
  ],
);

export type MovementReason =
  | 'received'
  | 'correction'
  | 'damaged'
  | 'returned'
  | 'lost'
  | 'found'
  | 'sold'
  | 'reserved'
  | 'released'
  | 'transfer-in'
  | 'transfer-out'
  | 'imported';

/** The append-only ledger: the app role may insert and read, never update or delete. */
export const inventoryMovements = pgTable(
  'inventory_movements',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    vendorId: uuid('vendor_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    locationId: uuid('location_id').notNull(),
    onHandDelta: integer('on_hand_delta').notNull().default(0),
    reservedDelta: integer('reserved_delta').notNull().default(0),
    reason: text('reason').$type<MovementReason>().notNull(),
    note: text('note'),
    reference: text('reference'),
    actorId: uuid('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('inventory_movements_variant_idx').on(t.vendorId, t.variantId, t.locationId, t.seq),
    index('inventory_movements_vendor_seq_idx').on(t.vendorId, t.seq),
    foreignKey({
      columns: [t.vendorId, t.variantId],
      foreignColumns: [variants.vendorId, variants.id],
      name: 'inventory_movements_variant_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.vendorId, t.locationId],
      foreignColumns: [stockLocations.vendorId, stockLocations.id],
      name: 'inventory_movements_location_fk',
    }).onDelete('cascade'),
    policy('inventory_movements_scope'),
  ],
);
