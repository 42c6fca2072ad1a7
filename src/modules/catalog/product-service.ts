import type { Database, ScopedDb } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { type OutboxRow, outboxRow } from '../../platform/outbox';
import { decodeCursor, encodeCursor } from './cursor';
import { actorLabel, type CatalogActor, productCreatedV1, productPublishedV1 } from './events';
import { brokenConstraint } from './pg-errors';
import { derivedColumns, invalid, prefixQuery, toProduct, variantRefs } from './product-mapping';
import {
  findProduct,
  findProductBySlugRow,
  findProductPage,
  findSlugsLike,
  findTakenSkus,
  findVariantsOf,
  findVariantsOfSlug,
  insertEvents,
  insertProduct,
  insertVariants,
  type NewProductRow,
  type NewVariantRow,
} from './product-repo';
import { bulkUpdateProducts } from './product-write-repo';
import { slugify } from './rules';
import { sanitizeHtml } from './sanitize';
import {
  type BulkAction,
  type CreateProductInput,
  createProductSchema,
  type Product,
  type ProductListQuery,
  type ProductPage,
} from './schemas';

/** Where a product came from, for imports (`manual` when made in the dashboard or API). */
export interface ProductOrigin {
  source?: string;
  externalId?: string | null;
}

/** The rows one new product writes: the product, its variants and its events (for batch importers too). */
export interface PreparedProduct {
  product: NewProductRow & { id: string; slug: string };
  variants: (NewVariantRow & { id: string })[];
  events: OutboxRow[];
}

/** Parses `input` with `schema`, or throws VALIDATION_FAILED with the request validator's details shape. */
export function parseInput<T>(
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  input: unknown,
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
}

/**
 * Validates and normalises a new product (sanitised description, derived columns, ids) into the
 * rows to insert, without touching the database. `slug` overrides the input's (numbered retries).
 */
export function prepareProduct(
  vendorId: string,
  input: CreateProductInput,
  actor: CatalogActor,
  options: ProductOrigin & { slug?: string; now?: Date } = {},
): PreparedProduct {
  const p = parseInput(createProductSchema, input);
  const id = crypto.randomUUID();
  const now = options.now ?? new Date();
  const slug = options.slug ?? p.slug ?? slugify(p.title, 'product');
  const variants = p.variants.map((v, position) => ({
    id: crypto.randomUUID(),
    vendorId,
    productId: id,
    sku: v.sku,
    gtin: v.gtin || null,
    options: v.options,
    priceMinor: v.priceMinor,
    basePriceMinor: v.priceMinor,
    compareAtMinor: v.compareAtMinor ?? null,
    costMinor: v.costMinor ?? null,
    currency: v.currency,
    weightGrams: v.weightGrams ?? null,
    position,
  }));
  const product = {
    id,
    vendorId,
    slug,
    title: p.title,
    descriptionHtml: sanitizeHtml(p.descriptionHtml),
    brand: p.brand || null,
    status: p.status,
    featured: p.featured,
    categoryId: p.categoryId ?? null,
    images: p.images,
    optionTypes: p.optionTypes,
    attributes: p.attributes,
    source: options.source ?? 'manual',
    externalId: options.externalId ?? null,
    ...derivedColumns(variants),
    publishedAt: p.status === 'active' ? now : null,
    createdAt: now,
    updatedAt: now,
  };
  const by = actorLabel(actor);
  const base = { productId: id, slug, version: 1, by };
  const events = [
    outboxRow(productCreatedV1, {
      vendorId,
      aggregateId: id,
      payload: { ...base, status: p.status, variants: variantRefs(variants) },
    }),
  ];
  if (p.status === 'active')
    events.push(outboxRow(productPublishedV1, { vendorId, aggregateId: id, payload: { ...base, status: 'active' } }));
  return { product, variants, events };
}

/**
 * Maps a failed product write to its API error: a taken slug or SKU is CONFLICT, an unknown
 * category VALIDATION_FAILED; anything else is rethrown as it is. Postgres hides the key of a
 * unique violation under RLS, so the SKU is named by looking up which of `skus` another product
 * of the vendor has (`productId`: the product being written, whose own SKUs don't count).
 */
export async function catalogWriteError(
  db: Database,
  vendorId: string,
  error: unknown,
  skus: string[],
  productId?: string,
): Promise<unknown> {
  const broken = brokenConstraint(error);
  if (broken?.name === 'products_vendor_slug_key')
    return new ApiError('CONFLICT', 'Another product already has this slug', { details: { field: 'slug' } });
  if (broken?.name === 'products_category_fk') return invalid([{ path: 'categoryId', message: 'no category with this id' }]);
  if (broken?.name !== 'variants_vendor_sku_key') return error;
  const [taken] = await db.vendor(vendorId).read((q) => [findTakenSkus(q, vendorId, skus, productId)] as const);
  const sku = taken[0]?.sku;
  const message = sku ? `SKU ${sku} is already used by another product` : 'A SKU is already used by another product';
  return new ApiError('CONFLICT', message, { details: { field: 'variants', sku: sku ?? null } });
}

/** `base`, or `base-N` with the lowest N above every numbered slug taken. */
async function nextFreeSlug(scoped: ScopedDb, vendorId: string, base: string): Promise<string> {
  const [rows] = await scoped.read((q) => [findSlugsLike(q, vendorId, base)] as const);
  const taken = new Set(rows.map((row) => row.slug));
  if (!taken.has(base)) return base;
  const numbers = [...taken].map((slug) => /^-(\d{1,9})$/.exec(slug.slice(base.length))?.[1]).filter(Boolean);
  return `${base}-${Math.max(1, ...numbers.map(Number)) + 1}`;
}

/**
 * Creates a product with its variants, derived columns and events in one write batch. A slug
 * derived from the title gets a number when taken (`cement-2`); an explicit taken slug, or a SKU
 * the vendor already uses, is CONFLICT. Works in Workers and in Node (seed, imports).
 */
export async function createProduct(
  db: Database,
  vendorId: string,
  input: CreateProductInput,
  actor: CatalogActor,
  origin: ProductOrigin = {},
): Promise<Product> {
  const scoped = db.vendor(vendorId);
  let slug: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const prepared = prepareProduct(vendorId, input, actor, { ...origin, ...(slug ? { slug } : {}) });
    try {
      const [[product], variantRows] = await scoped.write(
        (q) =>
          [insertProduct(q, prepared.product), insertVariants(q, prepared.variants), insertEvents(q, prepared.events)] as const,
      );
      if (!product) throw new Error('insert returned no product');
      return toProduct(product, variantRows);
    } catch (error) {
      const slugTaken = brokenConstraint(error)?.name === 'products_vendor_slug_key';
      // A derived slug that is taken gets the next free number; two racing creates may need a retry.
      if (slugTaken && input.slug === undefined && attempt < 3) {
        slug = await nextFreeSlug(scoped, vendorId, slug ?? prepared.product.slug);
        continue;
      }
      throw await catalogWriteError(
        db,
        vendorId,
        error,
        prepared.variants.map((v) => v.sku),
      );
    }
  }
}

/** A product with its variants, or NOT_FOUND (also for another vendor's product). */
export async function getProduct(db: Database, vendorId: string, id: string): Promise<Product> {
  const [[row], variantRows] = await db
    .vendor(vendorId)
    .read((q) => [findProduct(q, vendorId, id), findVariantsOf(q, vendorId, id)] as const);
  if (!row) throw new ApiError('NOT_FOUND', 'No product with this id here');
  return toProduct(row, variantRows);
}

/** A product (any status) with its variants by slug, or undefined. */
export async function findProductBySlug(db: Database, vendorId: string, slug: string): Promise<Product | undefined> {
  const [[row], variantRows] = await db
    .vendor(vendorId)
    .read((q) => [findProductBySlugRow(q, vendorId, slug), findVariantsOfSlug(q, vendorId, slug)] as const);
  return row ? toProduct(row, variantRows) : undefined;
}

/** A page of the vendor's products for the dashboard: search, filters, sort and keyset cursor. */
export async function listProducts(db: Database, vendorId: string, query: ProductListQuery): Promise<ProductPage> {
  const after = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
  const tsquery = prefixQuery(query.q);
  if (query.q?.trim() && !tsquery) return { data: [], nextCursor: null };
  const word = query.q?.trim().toLowerCase();
  const skuPrefix = word && !/\s/.test(word) ? word : undefined;
  const [rows] = await db.vendor(vendorId).read(
    (q) =>
      [
        findProductPage(q, vendorId, {
          filter: {
            tsquery,
            skuPrefix,
            status: query.status,
            categoryId: query.categoryId,
            brand: query.brand,
            featured: query.featured,
          },
          sort: query.sort,
          after,
          limit: query.limit + 1,
        }),
      ] as const,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ sortKey: _key, ...row }) => ({
      ...row,
      publishedAt: row.publishedAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, last.sortKey, last.id) : null,
  };
}

/** Applies a bulk action in one statement with one event per product it changed; answers how many. */
export async function bulkChangeProducts(
  db: Database,
  vendorId: string,
  input: { ids: string[]; action: BulkAction },
  actor: CatalogActor,
): Promise<{ updated: number }> {
  const [result] = await db
    .vendor(vendorId)
    .write((q) => [bulkUpdateProducts(q, vendorId, input.ids, input.action, actorLabel(actor))] as const);
  return { updated: result.rows.length };
}

/** Archives a product (a no-op when it already is) with product.archived.v1; answers the product. */
export async function archiveProduct(db: Database, vendorId: string, id: string, actor: CatalogActor): Promise<Product> {
  await bulkChangeProducts(db, vendorId, { ids: [id], action: 'archive' }, actor);
  return getProduct(db, vendorId, id);
}
