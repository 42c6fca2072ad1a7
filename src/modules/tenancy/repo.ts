import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { vendorDomains, vendors } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';

export type VendorRow = typeof vendors.$inferSelect;

/** The live (not deleted) vendor with this slug. */
export function findVendorBySlug(db: HttpDb, slug: string) {
  return db
    .select()
    .from(vendors)
    .where(and(eq(vendors.slug, slug), isNull(vendors.deletedAt)))
    .limit(1);
}

/** The live vendor that verified this custom domain. */
export function findVendorByDomain(db: HttpDb, domain: string) {
  return db
    .select({ vendor: vendors })
    .from(vendorDomains)
    .innerJoin(vendors, eq(vendors.id, vendorDomains.vendorId))
    .where(and(eq(vendorDomains.domain, domain), isNotNull(vendorDomains.verifiedAt), isNull(vendors.deletedAt)))
    .limit(1);
}

/** Active vendors, by name, for the platform's shop directory. */
export function findActiveVendors(db: HttpDb, limit: number) {
  return db
    .select()
    .from(vendors)
    .where(and(eq(vendors.status, 'active'), isNull(vendors.deletedAt)))
    .orderBy(asc(vendors.name))
    .limit(limit);
}

export function insertVendor(db: HttpDb, row: typeof vendors.$inferInsert) {
  return db.insert(vendors).values(row).returning();
}
