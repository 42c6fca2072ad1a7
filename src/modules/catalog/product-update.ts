import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { type OutboxRow, outboxRow } from '../../platform/outbox';
import { actorLabel, type CatalogActor, productArchivedV1, productPublishedV1, productUpdatedV1 } from './events';
import { canonicalJson, derivedColumns, invalid, variantRefs } from './product-mapping';
import { findProduct } from './product-repo';
import { catalogWriteError, getProduct } from './product-service';
import { updateProductVersioned, type VariantWrite, type VersionedProductUpdate } from './product-write-repo';
import { type Issue, optionTypeIssues, variantIssues } from './rules';
import { sanitizeHtml } from './sanitize';
import type { Product, UpdateProductInput, Variant, VariantInput } from './schemas';

/** The product fields a PATCH may set, besides `variants`. */
const FIELDS = [
  'title',
  'slug',
  'descriptionHtml',
  'brand',
  'status',
  'featured',
  'categoryId',
  'images',
  'optionTypes',
  'attributes',
] as const;

function stale(currentVersion: number): ApiError {
  return new ApiError(
    'CONFLICT',
    'Someone else changed this product since you loaded it; reload it and apply your change again',
    {
      details: { currentVersion },
    },
  );
}

/** A problem of a variant the PATCH didn't send, reported against the option types that caused it. */
function existingVariantIssue(issue: Issue, variants: Variant[]): Issue {
  const index = Number(/^variants\.(\d+)\./.exec(issue.path)?.[1] ?? -1);
  const sku = variants[index]?.sku ?? '?';
  return { path: 'optionTypes', message: `variant ${sku}: ${issue.message} (send variants that fit the new option types)` };
}

/** The patched product's fields, normalised the way create stores them. */
function mergeFields(current: Product, patch: UpdateProductInput) {
  return {
    title: patch.title ?? current.title,
    slug: patch.slug ?? current.slug,
    descriptionHtml: patch.descriptionHtml === undefined ? current.descriptionHtml : sanitizeHtml(patch.descriptionHtml),
    brand: patch.brand === undefined ? current.brand : patch.brand || null,
    status: patch.status ?? current.status,
    featured: patch.featured ?? current.featured,
    categoryId: patch.categoryId === undefined ? current.categoryId : patch.categoryId,
    images: patch.images ?? current.images,
    optionTypes: patch.optionTypes ?? current.optionTypes,
    attributes: patch.attributes ?? current.attributes,
  };
}

/**
 * The new variant set by SKU: existing SKUs keep their id, new ones get one. A variant a pricing
 * rule priced keeps its selling price until the pricing engine re-prices it (the write does the
 * same); any other sells at its base price.
 */
function mergeVariants(current: Variant[], input: VariantInput[] | undefined): Variant[] {
  if (!input) return current;
  const bySku = new Map(current.map((v) => [v.sku, v]));
  return input.map((v, position) => {
    const existing = bySku.get(v.sku);
    const priced = existing?.priceRuleId ? existing : undefined;
    return {
      id: existing?.id ?? crypto.randomUUID(),
      sku: v.sku,
      gtin: v.gtin || null,
      options: v.options,
      priceMinor: v.priceMinor,
      sellingPriceMinor: priced?.sellingPriceMinor ?? v.priceMinor,
      priceRuleId: priced?.priceRuleId ?? null,
      compareAtMinor: v.compareAtMinor ?? null,
      costMinor: v.costMinor ?? null,
      currency: v.currency,
      weightGrams: v.weightGrams ?? null,
      position,
    };
  });
}

const toWrite = (v: Variant): VariantWrite => ({
  id: v.id,
  sku: v.sku,
  gtin: v.gtin,
  options: v.options,
  price_minor: v.priceMinor,
  compare_at_minor: v.compareAtMinor,
  cost_minor: v.costMinor,
  currency: v.currency,
  weight_grams: v.weightGrams,
  position: v.position,
});

/** The events a change emits (see events.ts): updated for content, published/archived for those transitions. */
function eventsFor(
  vendorId: string,
  next: Product,
  previousStatus: Product['status'],
  changed: string[],
  by: string,
): OutboxRow[] {
  const base = { productId: next.id, slug: next.slug, version: next.version, by };
  const statusEvent = next.status !== previousStatus && next.status !== 'draft';
  const contentChanges = statusEvent ? changed.filter((field) => field !== 'status') : changed;
  const events: OutboxRow[] = [];
  if (contentChanges.length > 0)
    events.push(
      outboxRow(productUpdatedV1, {
        vendorId,
        aggregateId: next.id,
        payload: { ...base, status: next.status, changed: contentChanges, variants: variantRefs(next.variants) },
      }),
    );
  if (statusEvent && next.status === 'active')
    events.push(outboxRow(productPublishedV1, { vendorId, aggregateId: next.id, payload: { ...base, status: 'active' } }));
  if (statusEvent && next.status === 'archived')
    events.push(outboxRow(productArchivedV1, { vendorId, aggregateId: next.id, payload: { ...base, status: 'archived' } }));
  return events;
}

/** A planned update: the product as it will be, the fields that change, and the write (none when nothing changes). */
export interface ProductUpdatePlan {
  next: Product;
  changed: string[];
  write: VersionedProductUpdate | undefined;
}

/**
 * Plans a PATCH of `current` (whose version the caller read) without touching the database:
 * validation, merged fields and variants, derived columns and events. `write` goes into
 * `updateProductVersioned` (alone, or inside a batch importer's transaction).
 */
export function planProductUpdate(
  vendorId: string,
  current: Product,
  patch: Omit<UpdateProductInput, 'version'>,
  actor: CatalogActor,
  now = new Date(),
): ProductUpdatePlan {
  const fields = mergeFields(current, { ...patch, version: current.version });
  const nextVariants = mergeVariants(current.variants, patch.variants);
  const variantProblems = variantIssues(fields.optionTypes, nextVariants);
  const issues = [
    ...optionTypeIssues(fields.optionTypes),
    // Without new variants, the existing ones must still fit the new option types.
    ...(patch.variants ? variantProblems : variantProblems.map((issue) => existingVariantIssue(issue, nextVariants))),
  ];
  if (issues.length > 0) throw invalid(issues);

  const changed: string[] = FIELDS.filter((field) => canonicalJson(fields[field]) !== canonicalJson(current[field]));
  // The selling price and its rule are the pricing engine's, not part of what a PATCH changes.
  const strip = (vs: Variant[]) =>
    canonicalJson(vs.map(({ id: _id, sellingPriceMinor: _selling, priceRuleId: _rule, ...rest }) => rest));
  if (strip(nextVariants) !== strip(current.variants)) changed.push('variants');
  if (changed.length === 0) return { next: current, changed, write: undefined };

  const { skuText, ...priceRange } = derivedColumns(nextVariants);
  const next: Product = {
    ...current,
    ...fields,
    ...priceRange,
    variants: nextVariants,
    version: current.version + 1,
    publishedAt: current.publishedAt ?? (fields.status === 'active' ? now.toISOString() : null),
    updatedAt: now.toISOString(),
  };
  const kept = new Set(nextVariants.map((v) => v.id));
  const existing = new Set(current.variants.map((v) => v.id));
  const variantChanges = changed.includes('variants')
    ? {
        update: nextVariants.filter((v) => existing.has(v.id)).map(toWrite),
        insert: nextVariants.filter((v) => !existing.has(v.id)).map(toWrite),
        deleteIds: current.variants.filter((v) => !kept.has(v.id)).map((v) => v.id),
      }
    : undefined;
  const write: VersionedProductUpdate = {
    vendorId,
    id: current.id,
    version: current.version,
    set: { ...fields, ...priceRange, skuText, publishOn: fields.status === 'active' ? now : null, updatedAt: now },
    variants: variantChanges,
    events: eventsFor(vendorId, next, current.status, changed, actorLabel(actor)),
  };
  return { next, changed, write };
}

/**
 * Applies a PATCH carrying the version the caller read. Only when the row still has that version
 * (one conditional UPDATE, with the variant changes and events in the same statement) does it
 * change; otherwise CONFLICT with `details.currentVersion`. `variants` replaces the set by SKU;
 * deleting a variant deletes its stock levels and ledger rows too (foreign keys cascade).
 */
export async function updateProduct(
  db: Database,
  vendorId: string,
  id: string,
  patch: UpdateProductInput,
  actor: CatalogActor,
): Promise<Product> {
  const current = await getProduct(db, vendorId, id);
  if (current.version !== patch.version) throw stale(current.version);
  const { next, write } = planProductUpdate(vendorId, current, patch, actor);
  if (!write) return current;

  const scoped = db.vendor(vendorId);
  let applied: { version: number } | undefined;
  try {
    const [result] = await scoped.write((q) => [updateProductVersioned(q, write)] as const);
    applied = result.rows[0];
  } catch (error) {
    throw await catalogWriteError(
      db,
      vendorId,
      error,
      next.variants.map((v) => v.sku),
      id,
    );
  }
  if (!applied) {
    // Someone else's update won the row between our read and our write.
    const [[row]] = await scoped.read((q) => [findProduct(q, vendorId, id)] as const);
    if (!row) throw new ApiError('NOT_FOUND', 'No product with this id here');
    throw stale(row.version);
  }
  return next;
}
