/**
 * Planning a publish: what one staged group becomes in the catalog (a new product, or an update
 * of its product that keeps the variants the feed dropped), with the stock lines, the staged
 * items' marks and the slugs and SKUs it claims. Pure: `publish.ts` writes the plans.
 */

import type { BatchItem } from 'drizzle-orm/batch';
import type { HttpDb } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import {
  type CatalogActor,
  type PreparedProduct,
  type Product,
  plannedUpdateStatements,
  planProductUpdate,
  preparedProductStatements,
  prepareProduct,
  slugify,
} from '../catalog';
import type { StockLine } from '../inventory';
import type { FeedItem } from './feed';
import type { PublishFailure } from './publish';
import { categoryPath, MAX_VARIANTS, productInputOf, statusOf, stockOf } from './publish-mapping';
import type { PublishedMark, StagedRow } from './staging-repo';

export interface Keys {
  slugs: Set<string>;
  skus: Map<string, string>;
}

export interface GroupPlan {
  kind: 'created' | 'updated' | 'unchanged';
  statements: (q: HttpDb) => BatchItem<'pg'>[];
  stock: StockLine[];
  marks: PublishedMark[];
  variants: number;
  /** Slugs and SKUs this plan claimed in `Keys`, to give back if its batch fails. */
  claimed: { slugs: string[]; skus: string[] };
}

export type Group = { source: string; groupId: string; rows: StagedRow[] };

export const asItem = (data: unknown) => data as FeedItem;

export function failure(group: Group, code: string, message: string): PublishFailure {
  return { source: group.source, groupId: group.groupId, code, message };
}

function nextSlug(keys: Keys, title: string): string {
  const base = slugify(title, 'product');
  if (!keys.slugs.has(base)) return base;
  for (let n = 2; ; n++) if (!keys.slugs.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** SKUs of `skus` that belong to a variant outside `ownVariantIds`. */
function takenSkus(keys: Keys, skus: string[], ownVariantIds: Set<string>): string[] {
  return skus.filter((sku) => {
    const owner = keys.skus.get(sku);
    return owner !== undefined && !ownVariantIds.has(owner);
  });
}

/** What the stock should become for items whose stock the feed changed (or that are new to the catalog). */
function stockLines(
  rows: StagedRow[],
  variantIdOf: (row: StagedRow) => string,
  locationId: string,
  isNew: (row: StagedRow) => boolean,
) {
  const lines: StockLine[] = [];
  for (const row of rows) {
    const onHand = stockOf(asItem(row.data));
    const before = row.publishedData ? stockOf(asItem(row.publishedData)) : undefined;
    if (isNew(row) || before === undefined || before !== onHand) lines.push({ variantId: variantIdOf(row), locationId, onHand });
  }
  return lines;
}

/** How each staged item of a group is marked once its product is written. */
function marksOf(rows: StagedRow[], productId: string, variantOf: (row: StagedRow) => string): PublishedMark[] {
  return rows.map((row) => ({
    id: row.id,
    contentHash: row.contentHash,
    previousHash: row.publishedHash,
    productId,
    variantId: variantOf(row),
  }));
}

/** Plans a group that has no product yet. */
export function planCreate(
  vendorId: string,
  group: Group,
  rows: StagedRow[],
  categories: Map<string, string>,
  keys: Keys,
  locationId: string,
  actor: CatalogActor,
  now: Date,
): GroupPlan | PublishFailure {
  const items = rows.map((row) => asItem(row.data));
  const { input, skus } = productInputOf(items, now);
  const taken = takenSkus(keys, skus, new Set());
  if (taken.length > 0) return failure(group, 'CONFLICT', `SKU ${taken[0]} is already used by another product`);
  const categorySlug = categoryPath(items[0]?.category ?? null).at(-1)?.slug;
  const slug = nextSlug(keys, input.title);
  let prepared: PreparedProduct;
  try {
    prepared = prepareProduct(
      vendorId,
      { ...input, categoryId: categorySlug ? (categories.get(categorySlug) ?? null) : null },
      actor,
      { source: group.source, externalId: group.groupId, slug, now },
    );
  } catch (error) {
    if (error instanceof ApiError) return failure(group, error.code, describe(error));
    throw error;
  }
  keys.slugs.add(slug);
  for (const v of prepared.variants) keys.skus.set(v.sku, v.id);
  const variantOf = (row: StagedRow) => prepared.variants[rows.indexOf(row)]?.id as string;
  return {
    kind: 'created',
    statements: (q) => preparedProductStatements(q, [prepared]),
    stock: stockLines(rows, variantOf, locationId, () => true),
    marks: marksOf(rows, prepared.product.id, variantOf),
    variants: prepared.variants.length,
    claimed: { slugs: [slug], skus: prepared.variants.map((v) => v.sku) },
  };
}

/** Plans a group whose product exists: the feed's content replaces the product's, its other variants stay. */
export function planUpdate(
  vendorId: string,
  group: Group,
  rows: StagedRow[],
  current: Product,
  categories: Map<string, string>,
  keys: Keys,
  locationId: string,
  actor: CatalogActor,
  now: Date,
): GroupPlan | PublishFailure {
  const items = rows.map((row) => asItem(row.data));
  const { input, skus } = productInputOf(items, now);
  const own = new Set(current.variants.map((v) => v.id));
  const taken = takenSkus(keys, skus, own);
  if (taken.length > 0) return failure(group, 'CONFLICT', `SKU ${taken[0]} is already used by another product`);
  const kept = current.variants
    .filter((v) => !skus.includes(v.sku))
    .map((v) => ({
      sku: v.sku,
      gtin: v.gtin,
      options: v.options,
      priceMinor: v.priceMinor,
      compareAtMinor: v.compareAtMinor,
      costMinor: v.costMinor,
      currency: v.currency,
      weightGrams: v.weightGrams,
    }));
  if (kept.length + skus.length > MAX_VARIANTS)
    return failure(group, 'VALIDATION_FAILED', `A product has at most ${MAX_VARIANTS} variants`);
  // The status follows the feed only when the feed's own status or availability changed since the last publish.
  const published = rows.filter((row) => row.publishedData).map((row) => asItem(row.publishedData));
  const statusChanged = published.length === 0 || statusOf(published) !== statusOf(items);
  const categorySlug = categoryPath(items[0]?.category ?? null).at(-1)?.slug;
  let plan: ReturnType<typeof planProductUpdate>;
  try {
    plan = planProductUpdate(
      vendorId,
      current,
      {
        title: input.title,
        descriptionHtml: input.descriptionHtml ?? '',
        brand: input.brand ?? null,
        ...(statusChanged && input.status ? { status: input.status } : {}),
        ...(categorySlug && categories.get(categorySlug) ? { categoryId: categories.get(categorySlug) } : {}),
        images: (input.images ?? []).map((image) => ({ url: image.url, alt: image.alt ?? '' })),
        // Kept variants carry option values of their own: the types must still offer them.
        optionTypes: kept.length > 0 ? mergeOptionTypes(current.optionTypes, input.optionTypes ?? []) : (input.optionTypes ?? []),
        attributes: input.attributes ?? {},
        variants: [
          ...input.variants.map((v) => ({
            sku: v.sku,
            gtin: v.gtin ?? null,
            options: v.options ?? {},
            priceMinor: v.priceMinor,
            compareAtMinor: v.compareAtMinor ?? null,
            costMinor: v.costMinor ?? null,
            currency: v.currency ?? 'EUR',
            weightGrams: v.weightGrams ?? null,
          })),
          ...kept,
        ],
      },
      actor,
      now,
    );
  } catch (error) {
    if (error instanceof ApiError) return failure(group, error.code, describe(error));
    throw error;
  }
  const variantOf = (row: StagedRow) => plan.next.variants.find((v) => v.sku === skus[rows.indexOf(row)])?.id as string;
  const claimedSkus = plan.next.variants.filter((v) => !own.has(v.id)).map((v) => v.sku);
  for (const v of plan.next.variants) keys.skus.set(v.sku, v.id);
  const write = plan.write;
  return {
    kind: write ? 'updated' : 'unchanged',
    statements: (q) => (write ? plannedUpdateStatements(q, write) : []),
    stock: stockLines(rows, variantOf, locationId, (row) => !own.has(variantOf(row))),
    marks: marksOf(rows, current.id, variantOf),
    variants: plan.next.variants.length,
    claimed: { slugs: [], skus: claimedSkus },
  };
}

/** The product's option types with the feed's values added (kept variants still need theirs). */
function mergeOptionTypes(current: Product['optionTypes'], feed: Product['optionTypes']): Product['optionTypes'] {
  return current.map((type) => {
    const extra = feed.find((other) => other.name.toLowerCase() === type.name.toLowerCase())?.values ?? [];
    return { name: type.name, values: [...type.values, ...extra.filter((value) => !type.values.includes(value))] };
  });
}

export function describe(error: ApiError): string {
  const issues = (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  const first = Array.isArray(issues) ? issues[0] : undefined;
  return first ? `${error.message}: ${first.path} ${first.message}` : error.message;
}

export function release(keys: Keys, plan: GroupPlan) {
  for (const slug of plan.claimed.slugs) keys.slugs.delete(slug);
  for (const sku of plan.claimed.skus) keys.skus.delete(sku);
}
