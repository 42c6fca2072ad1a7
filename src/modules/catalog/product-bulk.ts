/**
 * Batch writes of new products for the demo seed and batch importers: products go through
 * `prepareProduct` (validation, sanitising, derived columns, events) one by one, then into the
 * database many rows per statement, with their events in the same transaction.
 */
import type { Database } from '../../platform/db';
import { countBySource, findAllSkus, findAllSlugs, insertProductRows, insertVariantRows } from './product-bulk-repo';
import { insertEvents } from './product-repo';
import type { PreparedProduct } from './product-service';

/** Rows per INSERT: well under Postgres' 65,535 bound parameters at ~20 columns a row. */
const ROWS_PER_STATEMENT = 1000;

function chunks<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

/**
 * Inserts products prepared by `prepareProduct`, with their variants and outbox events, in one
 * write batch (one transaction): all of them or none. A slug or SKU the vendor already uses fails
 * the batch (unique violation); callers check `findCatalogKeys` first.
 */
export async function insertPreparedProducts(
  db: Database,
  vendorId: string,
  prepared: readonly PreparedProduct[],
): Promise<void> {
  if (prepared.length === 0) return;
  const productRows = prepared.map((p) => p.product);
  const variantRows = prepared.flatMap((p) => p.variants);
  const events = prepared.flatMap((p) => p.events);
  await db.vendor(vendorId).write((q) => {
    const [first, ...rest] = chunks(productRows);
    if (!first) throw new Error('no products to insert');
    return [
      insertProductRows(q, first),
      ...rest.map((rows) => insertProductRows(q, rows)),
      ...chunks(variantRows).map((rows) => insertVariantRows(q, rows)),
      ...chunks(events).map((rows) => insertEvents(q, rows)),
    ] as const;
  });
}

/** How many of the vendor's products came from `source`, with how many variants (the seed's "is it there yet?"). */
export async function countProductsFrom(
  db: Database,
  vendorId: string,
  source: string,
): Promise<{ products: number; variants: number }> {
  const [[row]] = await db.vendor(vendorId).read((q) => [countBySource(q, vendorId, source)] as const);
  return { products: row?.products ?? 0, variants: row?.variants ?? 0 };
}

/** The slugs and SKUs the vendor uses (SKUs with their variant ids): what a batch must not insert again. */
export async function findCatalogKeys(
  db: Database,
  vendorId: string,
): Promise<{ slugs: Set<string>; variantIds: Map<string, string> }> {
  const [slugs, skus] = await db.vendor(vendorId).read((q) => [findAllSlugs(q, vendorId), findAllSkus(q, vendorId)] as const);
  return { slugs: new Set(slugs.map((row) => row.slug)), variantIds: new Map(skus.map((row) => [row.sku, row.id])) };
}
