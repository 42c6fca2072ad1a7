import { and, count, countDistinct, eq } from 'drizzle-orm';
import { products, variants } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';
import type { NewProductRow, NewVariantRow } from './product-repo';

/** Many products in one statement, nothing returned (batch writers know their ids). */
export function insertProductRows(db: HttpDb, rows: NewProductRow[]) {
  return db.insert(products).values(rows);
}

/** Many variants in one statement, nothing returned. */
export function insertVariantRows(db: HttpDb, rows: NewVariantRow[]) {
  return db.insert(variants).values(rows);
}

/** How many of the vendor's products came from `source`, and how many variants they have. */
export function countBySource(db: HttpDb, vendorId: string, source: string) {
  return db
    .select({ products: countDistinct(products.id), variants: count(variants.id) })
    .from(products)
    .leftJoin(variants, and(eq(variants.vendorId, products.vendorId), eq(variants.productId, products.id)))
    .where(and(eq(products.vendorId, vendorId), eq(products.source, source)));
}

/** Every slug of the vendor's products. */
export function findAllSlugs(db: HttpDb, vendorId: string) {
  return db.select({ slug: products.slug }).from(products).where(eq(products.vendorId, vendorId));
}

/** Every SKU of the vendor's variants with the variant's id. */
export function findAllSkus(db: HttpDb, vendorId: string) {
  return db.select({ sku: variants.sku, id: variants.id }).from(variants).where(eq(variants.vendorId, vendorId));
}
