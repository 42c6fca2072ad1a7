import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import { memberships, type TeamRole, users, vendors } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';

export type UserRow = typeof users.$inferSelect;

/** A user's place on a team, as the admin's user list shows it. */
export interface MembershipView {
  vendorId: string;
  vendorSlug: string;
  vendorName: string;
  role: TeamRole;
}

/** `%`, `_` and `\` typed by a user match themselves in ILIKE. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const userView = {
  id: users.id,
  email: users.email,
  name: users.name,
  isPlatformAdmin: users.isPlatformAdmin,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  // The user's teams (of vendors that are not deleted), by slug, in the same statement. `users.id`
  // is spelled out: drizzle leaves a lone table's columns unqualified, and `id` would mean `v.id`.
  memberships: sql<MembershipView[]>`coalesce((
    select json_agg(json_build_object('vendorId', v.id, 'vendorSlug', v.slug, 'vendorName', v.name, 'role', m.role) order by v.slug)
    from ${memberships} m join ${vendors} v on v.id = m.vendor_id
    where m.user_id = users.id and v.deleted_at is null
  ), '[]'::json)`,
};

/** One page of users by email (then id), searched by email or name, after the keyset `after` (platform scope). */
export function findUserPage(
  db: HttpDb,
  query: { q?: string | undefined; after?: { email: string; id: string }; limit: number },
) {
  const search = query.q ? or(ilike(users.email, containing(query.q)), ilike(users.name, containing(query.q))) : undefined;
  const after = query.after ? sql`(${users.email}, ${users.id}) > (${query.after.email}, ${query.after.id}::uuid)` : undefined;
  return db.select(userView).from(users).where(and(search, after)).orderBy(asc(users.email), asc(users.id)).limit(query.limit);
}

/** One user as the admin's list shows it (platform scope). */
export function findUserView(db: HttpDb, id: string) {
  return db.select(userView).from(users).where(eq(users.id, id)).limit(1);
}

/** How many users there are, how many are platform admins, how many are disabled (platform scope). */
export function countUsers(db: HttpDb) {
  return db
    .select({
      total: count(),
      admins: count(sql`case when ${users.isPlatformAdmin} then 1 end`),
      disabled: count(users.disabledAt),
    })
    .from(users);
}

/** The size of a vendor's team (its scope or the platform's). */
export function countMembersOf(db: HttpDb, vendorId: string) {
  return db.select({ count: count() }).from(memberships).where(eq(memberships.vendorId, vendorId));
}

/** The user's row, locked until the transaction ends (platform scope). */
export function lockUser(tx: WsTx, id: string) {
  return tx.select().from(users).where(eq(users.id, id)).for('update');
}

/** The vendors whose teams the user is on, deleted vendors included (platform scope). */
export function findMembershipVendorIds(tx: WsTx, userId: string) {
  return tx.select({ vendorId: memberships.vendorId }).from(memberships).where(eq(memberships.userId, userId));
}

/** Sets or clears `disabled_at` (platform scope: users are written only there). */
export function setUserDisabledAt(tx: WsTx, id: string, disabledAt: Date | null) {
  return tx.update(users).set({ disabledAt, updatedAt: sql`now()` }).where(eq(users.id, id)).returning();
}
