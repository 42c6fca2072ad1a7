import { and, asc, desc, eq, getTableColumns, inArray, like, ne, or, type SQL, sql } from 'drizzle-orm';
import { products, variants } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';
import { type OutboxRow, outbox } from '../../platform/outbox';
import type { ProductSort } from './schemas';
import { catalogSearch } from './shop-search';

export type ProductRow = Omit<typeof products.$inferSelect, 'search'>;
export type VariantRow = typeof variants.$inferSelect;
export type NewProductRow = typeof products.$inferInsert;
export type NewVariantRow = typeof variants.$inferInsert;

// Every column but the generated `search` vector, which nobody needs to read back.
const { search: _search, ...productColumns } = getTableColumns(products);

/** One product of the vendor (any status). */
export function findProduct(db: HttpDb, vendorId: string, id: string) {
  return db
    .select(productColumns)
    .from(products)
    .where(and(eq(products.vendorId, vendorId), eq(products.id, id)))
    .limit(1);
}

/** One product by its slug (any status). */
export function findProductBySlugRow(db: HttpDb, vendorId: string, slug: string) {
  return db
    .select(productColumns)
    .from(products)
    .where(and(eq(products.vendorId, vendorId), eq(products.slug, slug)))
    .limit(1);
}

/** A product's variants in their order. */
export function findVariantsOf(db: HttpDb, vendorId: string, productId: string) {
  return db
    .select()
    .from(variants)
    .where(and(eq(variants.vendorId, vendorId), eq(variants.productId, productId)))
    .orderBy(asc(variants.position), asc(variants.id));
}

/** The variants of the product with this slug, in their order. */
export function findVariantsOfSlug(db: HttpDb, vendorId: string, slug: string) {
  const product = db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.vendorId, vendorId), eq(products.slug, slug)));
  return db
    .select()
    .from(variants)
    .where(and(eq(variants.vendorId, vendorId), inArray(variants.productId, product)))
    .orderBy(asc(variants.position), asc(variants.id));
}

/** Slugs equal to `base` or `base-<anything>`, to find the next free numbered one. */
export function findSlugsLike(db: HttpDb, vendorId: string, base: string) {
  return db
    .select({ slug: products.slug })
    .from(products)
    .where(and(eq(products.vendorId, vendorId), or(eq(products.slug, base), like(products.slug, `${base}-%`))));
}

/** Which of `skus` variants of the vendor's other products (all but `exceptProductId`) use. */
export function findTakenSkus(db: HttpDb, vendorId: string, skus: string[], exceptProductId?: string) {
  return db
    .select({ sku: variants.sku })
    .from(variants)
    .where(
      and(
        eq(variants.vendorId, vendorId),
        inArray(variants.sku, skus),
        exceptProductId ? ne(variants.productId, exceptProductId) : undefined,
      ),
    )
    .orderBy(asc(variants.sku))
    .limit(1);
}

export function insertProduct(db: HttpDb, row: NewProductRow) {
  return db.insert(products).values(row).returning(productColumns);
}

export function insertVariants(db: HttpDb, rows: NewVariantRow[]) {
  return db.insert(variants).values(rows).returning();
}

export function insertEvents(db: HttpDb, rows: OutboxRow[]) {
  return db.insert(outbox).values(rows);
}

export interface ProductFilter {
  /** A tsquery text of quoted lexemes, see `prefixQuery`. */
  tsquery?: string | undefined;
  /** Lower-cased start of a SKU to match as well (a one-word query). */
  skuPrefix?: string | undefined;
  status?: string | undefined;
  categoryId?: string | undefined;
  brand?: string | undefined;
  featured?: boolean | undefined;
}

/** The ordering of each sort, the text form of its key (for cursors) and the keyset condition after a key. */
const SORTS: Record<ProductSort, { order: SQL[]; key: SQL<string>; after: (key: string, id: string) => SQL }> = {
  '-updated': {
    order: [desc(products.updatedAt), desc(products.id)],
    // Text keeps the microseconds a JavaScript Date would drop, so the keyset compares exactly.
    key: sql<string>`${products.updatedAt}::text`,
    after: (key, id) => sql`(${products.updatedAt}, ${products.id}) < (${key}::timestamptz, ${id}::uuid)`,
  },
  title: {
    order: [asc(sql`lower(${products.title})`), asc(products.id)],
    key: sql<string>`lower(${products.title})`,
    after: (key, id) => sql`(lower(${products.title}), ${products.id}) > (${key}, ${id}::uuid)`,
  },
  price: {
    order: [asc(sql`coalesce(${products.minPriceMinor}, 0)`), asc(products.id)],
    key: sql<string>`coalesce(${products.minPriceMinor}, 0)::text`,
    after: (key, id) => sql`(coalesce(${products.minPriceMinor}, 0), ${products.id}) > (${key}::bigint, ${id}::uuid)`,
  },
  '-price': {
    order: [desc(sql`coalesce(${products.minPriceMinor}, 0)`), desc(products.id)],
    key: sql<string>`coalesce(${products.minPriceMinor}, 0)::text`,
    after: (key, id) => sql`(coalesce(${products.minPriceMinor}, 0), ${products.id}) < (${key}::bigint, ${id}::uuid)`,
  },
};

/** One page of the vendor's products for the dashboard, filtered, in `sort` order after the keyset `after`. */
export function findProductPage(
  db: HttpDb,
  vendorId: string,
  query: { filter: ProductFilter; sort: ProductSort; after?: { key: string; id: string } | undefined; limit: number },
) {
  const { filter } = query;
  const sort = SORTS[query.sort];
  return db
    .select({
      id: products.id,
      slug: products.slug,
      title: products.title,
      brand: products.brand,
      status: products.status,
      featured: products.featured,
      categoryId: products.categoryId,
      images: products.images,
      minPriceMinor: products.minPriceMinor,
      maxPriceMinor: products.maxPriceMinor,
      currency: products.currency,
      version: products.version,
      publishedAt: products.publishedAt,
      updatedAt: products.updatedAt,
      // Spelled out: drizzle leaves select-list columns unqualified, which a subquery would misread.
      variantCount: sql<number>`(select count(*)::int from variants v where v.vendor_id = products.vendor_id and v.product_id = products.id)`,
      sortKey: sort.key,
    })
    .from(products)
    .where(
      and(
        // Explicit, besides RLS: lets the planner use the vendor-first indexes.
        eq(products.vendorId, vendorId),
        filter.tsquery ? catalogSearch(sql`${filter.tsquery}::tsquery`, filter.skuPrefix) : undefined,
        filter.status ? eq(products.status, filter.status as ProductRow['status']) : undefined,
        filter.categoryId ? eq(products.categoryId, filter.categoryId) : undefined,
        filter.brand ? eq(products.brand, filter.brand) : undefined,
        filter.featured === undefined ? undefined : eq(products.featured, filter.featured),
        query.after ? sort.after(query.after.key, query.after.id) : undefined,
      ),
    )
    .orderBy(...sort.order)
    .limit(query.limit);
}
