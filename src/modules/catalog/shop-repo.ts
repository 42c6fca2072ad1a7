import { and, asc, eq, gte, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import { categories, products, variants } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';
import { availableOf, productInStock, productInStockFlag } from '../inventory/availability';
import { codeScore, searchMatches, type TextSearch, textRank } from './shop-search';

/**
 * Read-only queries of the shop (vendor scope). Every query names the vendor explicitly as well as
 * running under RLS: the policy's `vendor_id = … or platform` can't use an index, the explicit
 * `vendor_id = $1` can, so the planner can reach this vendor's rows through the vendor-first
 * indexes instead of filtering every vendor's.
 */

/**
 * `products.id` spelled out: in a one-table select drizzle leaves column names unqualified, and
 * inside a subquery over variants a bare "id" would mean the variant's id.
 */
const PRODUCT_ID = sql`"products"."id"`;

/** What the shopper filters by; every field optional. */
export interface ShopFilter {
  search?: TextSearch | undefined;
  categorySlug?: string | undefined;
  brands?: string[] | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  inStock?: boolean | undefined;
  featured?: boolean | undefined;
}

/** The SQL type of a sort key, which a cursor's value is cast to. */
export type KeyType = 'int' | 'real' | 'bigint' | 'text' | 'uuid' | 'timestamptz';

/** A sort the list knows: its key expressions (each with its type, for the cursor's values) and direction. */
export interface ShopOrder {
  keys: { expr: SQL; cast: KeyType }[];
  direction: 'asc' | 'desc';
}

/** Shown in the shop: active and sellable (a product without variants has no price and can't be bought). */
function visible(vendorId: string): SQL {
  return and(eq(products.vendorId, vendorId), eq(products.status, 'active'), isNotNull(products.minPriceMinor)) as SQL;
}

/** The category and every category below it (a recursive walk inside the vendor's tree). */
function inCategoryTree(vendorId: string, slug: string): SQL {
  return sql`${products.categoryId} in (
    with recursive tree(id) as (
      select c.id from ${categories} c where c.vendor_id = ${vendorId} and c.slug = ${slug}
      union
      select c.id from ${categories} c join tree on c.parent_id = tree.id where c.vendor_id = ${vendorId}
    ) select id from tree)`;
}

/** The brand part of the filter (always true without one). */
function brandCondition(filter: ShopFilter): SQL {
  return filter.brands?.length ? (inArray(products.brand, filter.brands) as SQL) : sql`true`;
}

/** The price part of the filter, on the "from" price (always true without one). */
function priceCondition(filter: ShopFilter): SQL {
  const parts = [
    filter.minPrice !== undefined ? gte(products.minPriceMinor, filter.minPrice) : undefined,
    filter.maxPrice !== undefined ? lte(products.minPriceMinor, filter.maxPrice) : undefined,
  ].filter((part): part is SQL => part !== undefined);
  return parts.length > 0 ? (and(...parts) as SQL) : sql`true`;
}

/** Everything but brand and price: what the facets count within. */
function baseConditions(vendorId: string, filter: ShopFilter): SQL[] {
  const parts: (SQL | undefined)[] = [visible(vendorId)];
  if (filter.search) parts.push(searchMatches(filter.search));
  if (filter.categorySlug) parts.push(inCategoryTree(vendorId, filter.categorySlug));
  if (filter.featured) parts.push(eq(products.featured, true));
  if (filter.inStock) parts.push(productInStock(vendorId, PRODUCT_ID));
  return parts.filter((part): part is SQL => part !== undefined);
}

/** The whole filter as SQL conditions. */
function conditions(vendorId: string, filter: ShopFilter): SQL[] {
  const parts = baseConditions(vendorId, filter);
  if (filter.brands?.length) parts.push(brandCondition(filter));
  if (filter.minPrice !== undefined || filter.maxPrice !== undefined) parts.push(priceCondition(filter));
  return parts;
}

/** `created_at` as exact text (microseconds, UTC), so a cursor compares exactly what Postgres stored. */
const createdAtText = sql`to_char(${products.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The sort orders of the shop; `id` breaks ties so every product has exactly one place. */
export function shopOrder(sort: 'relevance' | 'newest' | 'price' | '-price' | 'title', search?: TextSearch): ShopOrder {
  const id = { expr: sql`${products.id}`, cast: 'uuid' as const };
  switch (sort) {
    case 'relevance':
      if (!search) return shopOrder('newest');
      // A one-token query may be a SKU: an exact code first, then codes it starts, then text rank.
      return {
        keys: [
          ...(search.code ? [{ expr: codeScore(search), cast: 'int' as const }] : []),
          { expr: textRank(search), cast: 'real' as const },
          id,
        ],
        direction: 'desc',
      };
    case 'newest':
      return { keys: [{ expr: sql`${products.createdAt}`, cast: 'timestamptz' }, id], direction: 'desc' };
    case 'price':
      return { keys: [{ expr: sql`${products.minPriceMinor}`, cast: 'bigint' }, id], direction: 'asc' };
    case '-price':
      return { keys: [{ expr: sql`${products.minPriceMinor}`, cast: 'bigint' }, id], direction: 'desc' };
    case 'title':
      return { keys: [{ expr: sql`${products.title}`, cast: 'text' }, id], direction: 'asc' };
  }
}

/** The sort key of a row as JSON, for the next page's cursor. */
function cursorKeys(order: ShopOrder): SQL<unknown[]> {
  const exprs = order.keys.map((key) => (key.cast === 'timestamptz' ? createdAtText : key.expr));
  return sql<unknown[]>`json_build_array(${sql.join(exprs, sql`, `)})`;
}

/** Rows after the cursor in the sort order: one row comparison, which a btree index can serve. */
function after(order: ShopOrder, values: unknown[]): SQL {
  const left = sql.join(
    order.keys.map((key) => key.expr),
    sql`, `,
  );
  const right = sql.join(
    order.keys.map((key, i) => sql`${values[i]}::${sql.raw(key.cast)}`),
    sql`, `,
  );
  return order.direction === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

/** One page of product cards in the given order, `limit` rows after the cursor's values. */
export function findProductCards(
  db: HttpDb,
  vendorId: string,
  filter: ShopFilter,
  order: ShopOrder,
  page: { after?: unknown[] | undefined; limit: number },
) {
  const where = conditions(vendorId, filter);
  if (page.after) where.push(after(order, page.after));
  const direction = order.direction === 'asc' ? sql`asc` : sql`desc`;
  return db
    .select({
      id: products.id,
      slug: products.slug,
      title: products.title,
      brand: products.brand,
      image: sql<{ url: string; alt: string } | null>`${products.images} -> 0`,
      minPriceMinor: products.minPriceMinor,
      maxPriceMinor: products.maxPriceMinor,
      currency: products.currency,
      compareAtMinor: sql<number | null>`(select case when cv.compare_at_minor > cv.price_minor then cv.compare_at_minor end
        from ${variants} cv where cv.vendor_id = ${vendorId} and cv.product_id = ${PRODUCT_ID}
        order by cv.price_minor, cv.position limit 1)`.mapWith((value) => (value === null ? null : Number(value))),
      inStock: productInStockFlag(vendorId, PRODUCT_ID),
      sortKey: cursorKeys(order),
    })
    .from(products)
    .where(and(...where))
    .orderBy(...order.keys.map((key) => sql`${key.expr} ${direction}`))
    .limit(page.limit);
}

/**
 * The facets in one pass over the matching products (grouping sets): a row per brand counting the
 * products every filter but the brand allows, and one total row (`brand` grouped away) with the
 * count that every filter allows and the range of "from" prices every filter but the price allows.
 */
export function findFacets(db: HttpDb, vendorId: string, filter: ShopFilter) {
  const brandOk = brandCondition(filter);
  const priceOk = priceCondition(filter);
  return db
    .select({
      isTotal: sql<boolean>`grouping(${products.brand}) = 1`,
      brand: products.brand,
      count: sql<number>`count(*) filter (where ${priceOk})`.mapWith(Number),
      total: sql<number>`count(*) filter (where ${brandOk} and ${priceOk})`.mapWith(Number),
      minPrice: sql<number | null>`min(${products.minPriceMinor}) filter (where ${brandOk})`.mapWith(Number),
      maxPrice: sql<number | null>`max(${products.minPriceMinor}) filter (where ${brandOk})`.mapWith(Number),
    })
    .from(products)
    .where(and(...baseConditions(vendorId, filter)))
    .groupBy(sql`grouping sets ((${products.brand}), ())`);
}

/** An active product by slug, with whether any variant is in stock. */
export function findShopProduct(db: HttpDb, vendorId: string, slug: string) {
  return db
    .select({
      id: products.id,
      slug: products.slug,
      title: products.title,
      brand: products.brand,
      descriptionHtml: products.descriptionHtml,
      images: products.images,
      optionTypes: products.optionTypes,
      attributes: products.attributes,
      minPriceMinor: products.minPriceMinor,
      maxPriceMinor: products.maxPriceMinor,
      currency: products.currency,
      updatedAt: products.updatedAt,
      inStock: productInStockFlag(vendorId, PRODUCT_ID),
    })
    .from(products)
    .where(and(visible(vendorId), eq(products.slug, slug)))
    .limit(1);
}

/** The id of the active product with this slug, as a subquery. */
function shopProductId(vendorId: string, slug: string): SQL {
  return sql`(select p.id from ${products} p where p.vendor_id = ${vendorId} and p.slug = ${slug} and p.status = 'active')`;
}

/** The variants of the active product with this slug, in the vendor's order, with what is available. */
export function findShopVariants(db: HttpDb, vendorId: string, slug: string) {
  return db
    .select({
      id: variants.id,
      sku: variants.sku,
      gtin: variants.gtin,
      options: variants.options,
      priceMinor: variants.priceMinor,
      compareAtMinor: variants.compareAtMinor,
      currency: variants.currency,
      available: availableOf(vendorId, sql`"variants"."id"`),
    })
    .from(variants)
    .where(and(eq(variants.vendorId, vendorId), sql`${variants.productId} = ${shopProductId(vendorId, slug)}`))
    .orderBy(asc(variants.position), asc(variants.id));
}

/** The category path of the active product with this slug, top category first. */
export function findProductBreadcrumb(db: HttpDb, vendorId: string, slug: string) {
  return db.execute<{ slug: string; name: string }>(sql`
    with recursive up(id, parent_id, slug, name, depth) as (
      select c.id, c.parent_id, c.slug, c.name, 0 from ${categories} c
      where c.vendor_id = ${vendorId}
        and c.id = (select p.category_id from ${products} p where p.vendor_id = ${vendorId} and p.slug = ${slug} and p.status = 'active')
      union all
      select c.id, c.parent_id, c.slug, c.name, up.depth + 1 from ${categories} c join up on c.id = up.parent_id
      where c.vendor_id = ${vendorId} and up.depth < 32
    )
    select slug, name from up order by depth desc`);
}

/** Every category of the vendor with its count of shown products (directly in it, not below). */
export function findCategoriesWithCounts(db: HttpDb, vendorId: string) {
  const counted = db
    .select({ categoryId: products.categoryId, count: sql<number>`count(*)`.as('count') })
    .from(products)
    .where(and(visible(vendorId), isNotNull(products.categoryId)))
    .groupBy(products.categoryId)
    .as('counted');
  return db
    .select({
      id: categories.id,
      parentId: categories.parentId,
      slug: categories.slug,
      name: categories.name,
      count: sql<number>`coalesce(${counted.count}, 0)`.mapWith(Number),
    })
    .from(categories)
    .leftJoin(counted, eq(counted.categoryId, categories.id))
    .where(eq(categories.vendorId, vendorId))
    .orderBy(asc(categories.position), asc(categories.name), asc(categories.id));
}

/**
 * Variants by id with their product's title, slug, first image and whether it is on sale, and what
 * is available: the live facts a cart shows. Variants of inactive products come back flagged.
 */
export function findVariantsById(db: HttpDb, vendorId: string, variantIds: string[]) {
  return db
    .select({
      id: variants.id,
      productId: variants.productId,
      productSlug: products.slug,
      productTitle: products.title,
      images: products.images,
      onSale: sql<boolean>`${products.status} = 'active'`,
      sku: variants.sku,
      options: variants.options,
      priceMinor: variants.priceMinor,
      compareAtMinor: variants.compareAtMinor,
      currency: variants.currency,
      available: availableOf(vendorId, sql`"variants"."id"`),
    })
    .from(variants)
    .innerJoin(products, and(eq(products.vendorId, variants.vendorId), eq(products.id, variants.productId)))
    .where(and(eq(variants.vendorId, vendorId), inArray(variants.id, variantIds)));
}
