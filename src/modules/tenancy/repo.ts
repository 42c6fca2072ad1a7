import { and, asc, count, eq, ilike, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { vendorDomains, vendors } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';

export type VendorRow = typeof vendors.$inferSelect;
export type DomainRow = typeof vendorDomains.$inferSelect;
export type VendorFilter = 'active' | 'suspended' | 'deleted';

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

/** Inserts a vendor; returns its row. */
export function insertVendor(db: HttpDb, row: typeof vendors.$inferInsert) {
  return db.insert(vendors).values(row).returning();
}

/** `%`, `_` and `\` typed by a user match themselves in ILIKE. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function statusFilter(status: VendorFilter | undefined): SQL | undefined {
  if (status === 'deleted') return isNotNull(vendors.deletedAt);
  if (status) return and(isNull(vendors.deletedAt), eq(vendors.status, status));
  return isNull(vendors.deletedAt);
}

/** One page of vendors by name then id, after the keyset `after` (platform scope). */
export function findVendorPage(
  db: HttpDb,
  query: { q?: string | undefined; status?: VendorFilter | undefined; after?: { name: string; id: string }; limit: number },
) {
  const search = query.q ? or(ilike(vendors.name, containing(query.q)), ilike(vendors.slug, containing(query.q))) : undefined;
  const after = query.after ? sql`(${vendors.name}, ${vendors.id}) > (${query.after.name}, ${query.after.id}::uuid)` : undefined;
  return db
    .select()
    .from(vendors)
    .where(and(statusFilter(query.status), search, after))
    .orderBy(asc(vendors.name), asc(vendors.id))
    .limit(query.limit);
}

/** A vendor by id, deleted or not (platform scope). */
export function findVendorById(db: HttpDb, id: string) {
  return db.select().from(vendors).where(eq(vendors.id, id)).limit(1);
}

/** The vendor's custom domains, verified or not, by name. */
export function findDomainsOfVendor(db: HttpDb | WsTx, vendorId: string) {
  return db.select().from(vendorDomains).where(eq(vendorDomains.vendorId, vendorId)).orderBy(asc(vendorDomains.domain));
}

/** How many vendors are in each state (platform scope). */
export function countVendorsByState(db: HttpDb) {
  const live = isNull(vendors.deletedAt);
  return db
    .select({
      total: count(sql`case when ${live} then 1 end`),
      active: count(sql`case when ${live} and ${vendors.status} = 'active' then 1 end`),
      suspended: count(sql`case when ${live} and ${vendors.status} = 'suspended' then 1 end`),
      unverified: count(sql`case when ${live} and ${vendors.verifiedAt} is null then 1 end`),
      deleted: count(vendors.deletedAt),
    })
    .from(vendors);
}

/** The vendor's row, locked until the transaction ends: changes to one vendor happen one at a time. */
export function lockVendor(tx: WsTx, id: string) {
  return tx.select().from(vendors).where(eq(vendors.id, id)).for('update');
}

/** Applies `set` to the vendor and stamps updated_at; returns the new row. */
export function updateVendorRow(tx: WsTx, id: string, set: Partial<typeof vendors.$inferInsert>) {
  return tx
    .update(vendors)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(vendors.id, id))
    .returning();
}

/** Adds a custom domain; returns nothing when another vendor (or this one) already has it. */
export function insertDomain(tx: WsTx, row: typeof vendorDomains.$inferInsert) {
  return tx.insert(vendorDomains).values(row).onConflictDoNothing().returning();
}

/** One of the vendor's custom domains by id. */
export function findDomain(tx: WsTx, vendorId: string, domainId: string) {
  return tx
    .select()
    .from(vendorDomains)
    .where(and(eq(vendorDomains.vendorId, vendorId), eq(vendorDomains.id, domainId)))
    .limit(1);
}

/** Stamps the domain verified now; returns its row. */
export function markDomainVerified(tx: WsTx, domainId: string) {
  return tx.update(vendorDomains).set({ verifiedAt: sql`now()` }).where(eq(vendorDomains.id, domainId)).returning();
}

/** Removes one of the vendor's custom domains; returns it, or nothing if there was none. */
export function deleteDomain(tx: WsTx, vendorId: string, domainId: string) {
  return tx
    .delete(vendorDomains)
    .where(and(eq(vendorDomains.vendorId, vendorId), eq(vendorDomains.id, domainId)))
    .returning();
}
