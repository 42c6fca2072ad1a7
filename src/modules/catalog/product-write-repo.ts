import { sql } from 'drizzle-orm';
import type { HttpDb } from '../../platform/db';
import type { OutboxRow } from '../../platform/outbox';
import { productArchivedV1, productPublishedV1, productUpdatedV1 } from './events';
import type { BulkAction } from './schemas';

/**
 * The catalog's writes that must branch on what they find, each a single statement whose
 * data-modifying CTEs hang off one conditional UPDATE of the product row: they run only when that
 * UPDATE matched, in the same transaction, so a stale version or a concurrent writer changes
 * nothing at all. Column names are spelled out because they stand in SET and INSERT lists.
 */

/** A variant as the versioned update writes it (snake_case keys for `jsonb_to_recordset`). */
export interface VariantWrite {
  id: string;
  sku: string;
  gtin: string | null;
  options: Record<string, string>;
  price_minor: number;
  compare_at_minor: number | null;
  cost_minor: number | null;
  currency: string;
  weight_grams: number | null;
  position: number;
}

export interface VersionedProductUpdate {
  vendorId: string;
  id: string;
  /** The version the caller read; the update applies only if the row still has it. */
  version: number;
  set: {
    slug: string;
    title: string;
    descriptionHtml: string;
    brand: string | null;
    status: string;
    featured: boolean;
    categoryId: string | null;
    images: unknown;
    optionTypes: unknown;
    attributes: unknown;
    minPriceMinor: number | null;
    maxPriceMinor: number | null;
    currency: string;
    skuText: string;
    /** When the product is active: the publication time to record unless it already has one. */
    publishOn: Date | null;
    updatedAt: Date;
  };
  /** When the variant set changed: which rows to update, add and delete. */
  variants?: { update: VariantWrite[]; insert: VariantWrite[]; deleteIds: string[] } | undefined;
  events: OutboxRow[];
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

const VARIANT_RECORD = sql.raw(
  'x(id uuid, sku text, gtin text, options jsonb, price_minor bigint, compare_at_minor bigint, cost_minor bigint, currency text, weight_grams integer, position integer)',
);

/**
 * Applies a PATCH: the product row (with its derived columns and version + 1), its variants and
 * its outbox rows, all or nothing. Returns the new version, or no row when `version` was stale.
 */
export function updateProductVersioned(db: HttpDb, u: VersionedProductUpdate) {
  const { set } = u;
  const v = u.variants ?? { update: [], insert: [], deleteIds: [] };
  return db.execute<{ version: number }>(sql`
    with p as (
      update products set
        slug = ${set.slug}, title = ${set.title}, description_html = ${set.descriptionHtml}, brand = ${set.brand},
        status = ${set.status}, featured = ${set.featured}, category_id = ${set.categoryId},
        images = ${json(set.images)}, option_types = ${json(set.optionTypes)}, attributes = ${json(set.attributes)},
        min_price_minor = ${set.minPriceMinor}, max_price_minor = ${set.maxPriceMinor}, currency = ${set.currency},
        sku_text = ${set.skuText}, published_at = coalesce(published_at, ${set.publishOn?.toISOString() ?? null}::timestamptz),
        updated_at = ${set.updatedAt.toISOString()}::timestamptz, version = version + 1
      where vendor_id = ${u.vendorId} and id = ${u.id} and version = ${u.version}
      returning id, version
    ),
    removed as (
      delete from variants
      where vendor_id = ${u.vendorId} and product_id in (select id from p)
        and id in (select value::uuid from jsonb_array_elements_text(${json(v.deleteIds)}))
    ),
    changed as (
      update variants set
        gtin = x.gtin, options = x.options, base_price_minor = x.price_minor,
        -- A rule-priced variant keeps its selling price until the pricing engine re-prices it.
        price_minor = case when variants.price_rule_id is null then x.price_minor else variants.price_minor end,
        compare_at_minor = x.compare_at_minor,
        cost_minor = x.cost_minor, currency = x.currency, weight_grams = x.weight_grams, position = x.position,
        updated_at = ${set.updatedAt.toISOString()}::timestamptz
      from jsonb_to_recordset(${json(v.update)}) as ${VARIANT_RECORD}
      where variants.vendor_id = ${u.vendorId} and variants.product_id in (select id from p) and variants.id = x.id
    ),
    added as (
      insert into variants (id, vendor_id, product_id, sku, gtin, options, price_minor, base_price_minor, compare_at_minor, cost_minor, currency, weight_grams, position)
      select x.id, ${u.vendorId}, p.id, x.sku, x.gtin, x.options, x.price_minor, x.price_minor, x.compare_at_minor, x.cost_minor, x.currency, x.weight_grams, x.position
      from p, jsonb_to_recordset(${json(v.insert)}) as ${VARIANT_RECORD}
    ),
    events as (
      insert into outbox (topic, vendor_id, aggregate_type, aggregate_id, payload)
      select e.topic, ${u.vendorId}, e.aggregate_type, e.aggregate_id, e.payload
      from p, jsonb_to_recordset(${json(u.events.map((e) => ({ topic: e.topic, aggregate_type: e.aggregateType, aggregate_id: e.aggregateId, payload: e.payload })))}) as e(topic text, aggregate_type text, aggregate_id text, payload jsonb)
    )
    select version from p`);
}

/** What each bulk action sets, which rows it actually changes, and the event each changed product gets. */
const BULK: Record<
  BulkAction,
  { set: ReturnType<typeof sql>; differs: ReturnType<typeof sql>; topic: string; changed?: string }
> = {
  activate: {
    set: sql`status = 'active', published_at = coalesce(published_at, now())`,
    differs: sql`status <> 'active'`,
    topic: productPublishedV1.topic,
  },
  archive: { set: sql`status = 'archived'`, differs: sql`status <> 'archived'`, topic: productArchivedV1.topic },
  draft: { set: sql`status = 'draft'`, differs: sql`status <> 'draft'`, topic: productUpdatedV1.topic, changed: 'status' },
  feature: { set: sql`featured = true`, differs: sql`not featured`, topic: productUpdatedV1.topic, changed: 'featured' },
  unfeature: { set: sql`featured = false`, differs: sql`featured`, topic: productUpdatedV1.topic, changed: 'featured' },
};

/**
 * Applies a bulk action to the vendor's products among `ids` that it changes, in one statement,
 * with one outbox row per changed product (payloads match the event schemas in events.ts).
 * Returns a row per changed product.
 */
export function bulkUpdateProducts(db: HttpDb, vendorId: string, ids: string[], action: BulkAction, by: string) {
  const change = BULK[action];
  const updatedFields = change.changed
    ? sql`, 'changed', jsonb_build_array(${change.changed}::text), 'variants', (
        select coalesce(jsonb_agg(jsonb_build_object('id', v.id, 'sku', v.sku, 'priceMinor', v.base_price_minor,
          'compareAtMinor', v.compare_at_minor, 'currency', v.currency) order by v.position, v.id), '[]'::jsonb)
        from variants v where v.vendor_id = c.vendor_id and v.product_id = c.id)`
    : sql``;
  return db.execute<{ aggregate_id: string }>(sql`
    with c as (
      update products set ${change.set}, version = version + 1, updated_at = now()
      where vendor_id = ${vendorId} and id in (select value::uuid from jsonb_array_elements_text(${json(ids)})) and ${change.differs}
      returning vendor_id, id, slug, status, version
    )
    insert into outbox (topic, vendor_id, aggregate_type, aggregate_id, payload)
    select ${change.topic}, c.vendor_id, 'product', c.id::text,
      jsonb_build_object('productId', c.id, 'slug', c.slug, 'status', c.status, 'version', c.version, 'by', ${by}::text ${updatedFields})
    from c
    returning aggregate_id`);
}
