/**
 * What the pricing engine may read and write of the catalog: the variants a price depends on
 * (base price, cost, the product's category path, brand and source) and the selling prices it
 * sets. Engine writes never emit product events (the engine reacts to those) and never bump the
 * product's version (a team member's open editor stays valid); they keep the products' price range.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { WsTx } from '../../platform/db';

/** Which variants: the union of every criterion given (`all` for the whole catalog). */
export interface VariantSelection {
  all?: boolean;
  productIds?: string[];
  /** Products in these categories or any of their descendants. */
  categoryIds?: string[];
  /** Case-insensitive. */
  brands?: string[];
  sources?: string[];
  /** Variants these pricing rules priced last. */
  ruleIds?: string[];
}

/** A variant with everything its selling price depends on. */
export interface PriceableVariant {
  id: string;
  productId: string;
  productTitle: string;
  sku: string;
  basePriceMinor: number;
  costMinor: number | null;
  priceMinor: number;
  priceRuleId: string | null;
  currency: string;
  categoryPath: string[];
  brand: string | null;
  source: string;
}

/** A selling price to store, with the rule that produced it (null: the base price). */
export interface SellingPriceChange {
  variantId: string;
  priceMinor: number;
  ruleId: string | null;
}

const jsonText = (values: readonly string[]) =>
  sql`(select value from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
const jsonUuids = (values: readonly string[]) =>
  sql`(select value::uuid from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

function selectionFilter(s: VariantSelection): SQL {
  if (s.all) return sql`true`;
  const parts: SQL[] = [];
  if (s.productIds?.length) parts.push(sql`v.product_id in ${jsonUuids(s.productIds)}`);
  if (s.categoryIds?.length) parts.push(sql`t.path && array${jsonUuids(s.categoryIds)}`);
  if (s.brands?.length) parts.push(sql`lower(p.brand) in ${jsonText(s.brands.map((b) => b.toLowerCase()))}`);
  if (s.sources?.length) parts.push(sql`p.source in ${jsonText(s.sources)}`);
  if (s.ruleIds?.length) parts.push(sql`v.price_rule_id in ${jsonUuids(s.ruleIds)}`);
  return parts.length > 0 ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

/** Every category of the vendor with its path from the root (itself last). */
const categoryTree = (vendorId: string) => sql`
  with recursive t(id, path) as (
    select id, array[id] from categories where vendor_id = ${vendorId} and parent_id is null
    union all
    select c.id, t.path || c.id from categories c join t on c.parent_id = t.id where c.vendor_id = ${vendorId}
  )`;

/**
 * A page of the selected variants in id order after `afterId`, for keyset batches. `lock` takes
 * the rows FOR UPDATE (inside a transaction that will write them).
 */
export function priceableVariantsQuery(
  vendorId: string,
  selection: VariantSelection,
  page: { afterId?: string | undefined; limit: number; lock?: boolean },
): SQL {
  return sql`${categoryTree(vendorId)}
    select v.id, v.product_id, p.title as product_title, v.sku, v.base_price_minor, v.cost_minor, v.price_minor,
      v.price_rule_id, v.currency, coalesce(t.path, '{}'::uuid[])::text[] as category_path, p.brand, p.source
    from variants v
    join products p on p.vendor_id = v.vendor_id and p.id = v.product_id
    left join t on t.id = p.category_id
    where v.vendor_id = ${vendorId} and ${page.afterId ? sql`v.id > ${page.afterId}::uuid` : sql`true`}
      and ${selectionFilter(selection)}
    order by v.id
    limit ${page.limit}
    ${page.lock ? sql`for update of v` : sql``}`;
}

/** How many variants the selection covers. */
export function countPriceableVariantsQuery(vendorId: string, selection: VariantSelection): SQL {
  return sql`${categoryTree(vendorId)}
    select count(*)::int as count
    from variants v
    join products p on p.vendor_id = v.vendor_id and p.id = v.product_id
    left join t on t.id = p.category_id
    where v.vendor_id = ${vendorId} and ${selectionFilter(selection)}`;
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** The rows of `priceableVariantsQuery` as typed values (int8 arrives as text). */
export function toPriceableVariants(rows: Record<string, unknown>[]): PriceableVariant[] {
  return rows.map((r) => ({
    id: String(r.id),
    productId: String(r.product_id),
    productTitle: String(r.product_title),
    sku: String(r.sku),
    basePriceMinor: Number(r.base_price_minor),
    costMinor: num(r.cost_minor),
    priceMinor: Number(r.price_minor),
    priceRuleId: r.price_rule_id === null ? null : String(r.price_rule_id),
    currency: String(r.currency),
    categoryPath: parseTextArray(r.category_path),
    brand: r.brand === null ? null : String(r.brand),
    source: String(r.source),
  }));
}

/** A text[] as the driver hands it: already an array, or Postgres' `{a,b}` text form. */
function parseTextArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value === '{}') return [];
  return value.slice(1, -1).split(',').filter(Boolean);
}

/**
 * Stores selling prices (and the rules behind them) in one statement, then brings the price range
 * of the products they belong to (`productIds`: every product whose variants were considered) in
 * step in another. Call inside the transaction that read the variants FOR UPDATE.
 */
export async function applySellingPrices(
  tx: WsTx,
  vendorId: string,
  changes: readonly SellingPriceChange[],
  productIds: readonly string[],
): Promise<void> {
  if (changes.length > 0)
    await tx.execute(sql`
      update variants set price_minor = x.price_minor, price_rule_id = x.rule_id, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(
        changes.map((c) => ({ id: c.variantId, price_minor: c.priceMinor, rule_id: c.ruleId })),
      )}::jsonb) as x(id uuid, price_minor bigint, rule_id uuid)
      where variants.vendor_id = ${vendorId} and variants.id = x.id`);
  if (productIds.length > 0)
    await tx.execute(sql`
      update products p set min_price_minor = s.lo, max_price_minor = s.hi
      from (
        select product_id, min(price_minor) as lo, max(price_minor) as hi from variants
        where vendor_id = ${vendorId} and product_id in ${jsonUuids([...new Set(productIds)])}
        group by product_id
      ) s
      where p.vendor_id = ${vendorId} and p.id = s.product_id
        and (p.min_price_minor is distinct from s.lo or p.max_price_minor is distinct from s.hi)`);
}
