/**
 * The catalog's side of batch importers that must write products together with their own rows in
 * one transaction (the marketplace import's publish): statement builders to put into a caller's
 * write batch, and a batched read of the products a batch is about to update.
 */
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { products, variants } from '../../../drizzle/schema';
import type { Database, HttpDb } from '../../platform/db';
import { insertProductRows, insertVariantRows } from './product-bulk-repo';
import { toProduct } from './product-mapping';
import { insertEvents } from './product-repo';
import type { PreparedProduct } from './product-service';
import { bulkUpdateProducts, updateProductVersioned, type VersionedProductUpdate } from './product-write-repo';
import type { Product } from './schemas';

/** The statements that insert prepared products, their variants and their events (one statement each). */
export function preparedProductStatements(q: HttpDb, prepared: readonly PreparedProduct[]) {
  if (prepared.length === 0) return [];
  return [
    insertProductRows(
      q,
      prepared.map((p) => p.product),
    ),
    insertVariantRows(
      q,
      prepared.flatMap((p) => p.variants),
    ),
    insertEvents(
      q,
      prepared.flatMap((p) => p.events),
    ),
  ];
}

/**
 * The planned update (`planProductUpdate(...).write`) followed by a guard that rolls the whole
 * batch back (SQLSTATE 40001) when the product's version moved since it was read: inside a batch
 * nobody can look at the update's answer, so a stale update must not commit what goes with it.
 */
export function plannedUpdateStatements(q: HttpDb, write: VersionedProductUpdate) {
  return [
    updateProductVersioned(q, write),
    q.execute(sql`select import_publish_check(exists (
      select 1 from products where vendor_id = ${write.vendorId} and id = ${write.id}
        and version = ${write.version + 1} and updated_at = ${write.set.updatedAt.toISOString()}::timestamptz
    ), ${`product ${write.id} changed meanwhile`})`),
  ];
}

/** Archives the products (those not archived yet, each with product.archived.v1), as a statement for a caller's batch. */
export function archiveProductsStatement(q: HttpDb, vendorId: string, ids: string[], by: string) {
  return bulkUpdateProducts(q, vendorId, ids, 'archive', by);
}

/** The vendor's products with these ids, with their variants (missing ids are left out). */
export async function findProductsByIds(db: Database, vendorId: string, ids: readonly string[]): Promise<Map<string, Product>> {
  if (ids.length === 0) return new Map();
  const { search: _search, ...columns } = getTableColumns(products);
  const [rows, variantRows] = await db.vendor(vendorId).read(
    (q) =>
      [
        q
          .select(columns)
          .from(products)
          .where(and(eq(products.vendorId, vendorId), inArray(products.id, [...ids]))),
        q
          .select()
          .from(variants)
          .where(and(eq(variants.vendorId, vendorId), inArray(variants.productId, [...ids])))
          .orderBy(asc(variants.productId), asc(variants.position), asc(variants.id)),
      ] as const,
  );
  return new Map(
    rows.map((row) => [
      row.id,
      toProduct(
        row,
        variantRows.filter((v) => v.productId === row.id),
      ),
    ]),
  );
}
