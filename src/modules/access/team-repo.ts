import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { invitations, memberships, type TeamRole, users } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';

export type InvitationRow = typeof invitations.$inferSelect;

const memberColumns = {
  userId: memberships.userId,
  name: users.name,
  email: users.email,
  role: memberships.role,
  since: memberships.createdAt,
};

/** The team of the scoped vendor, longest-serving first (vendor scope). */
export function findMembers(db: HttpDb, vendorId: string) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.vendorId, vendorId))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));
}

/** Invitations that can still be accepted, newest first (vendor scope). */
export function findPendingInvitations(db: HttpDb, vendorId: string) {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.vendorId, vendorId), pending()))
    .orderBy(desc(invitations.createdAt));
}

/** Whoever on this team uses `email`, disabled or not (vendor scope). */
export function findMemberIdByEmail(db: HttpDb, vendorId: string, email: string) {
  return db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.vendorId, vendorId), eq(users.email, email)))
    .limit(1);
}

/** Not accepted, not revoked, not expired. */
function pending() {
  return and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`));
}

/**
 * Serialises invitations of one email to one vendor until the batch commits, so two concurrent
 * invites can't both stay pending (the later one sees and replaces the earlier).
 */
export function lockInvitee(db: HttpDb, vendorId: string, email: string) {
  return db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invitation:${vendorId}:${email}`}, 0))`);
}

/** Revokes every pending invitation of `email` (a new one replaces them). */
export function revokePendingInvitationsOf(db: HttpDb, vendorId: string, email: string) {
  return db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.vendorId, vendorId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
}

export function insertInvitation(db: HttpDb, row: typeof invitations.$inferInsert) {
  return db.insert(invitations).values(row).returning();
}

/** Revokes one pending invitation; returns it, or nothing when there is no such pending invitation. */
export function revokeInvitationById(db: HttpDb, vendorId: string, id: string) {
  return db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.vendorId, vendorId),
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
}

/** A pending invitation by its token's hash (vendor scope). */
export function findPendingInvitationByHash(db: HttpDb, vendorId: string, tokenHash: string) {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.vendorId, vendorId), eq(invitations.tokenHash, tokenHash), pending()))
    .limit(1);
}

/** A user by email, whatever their memberships (platform scope). */
export function findUserByEmail(db: HttpDb, email: string) {
  return db.select().from(users).where(eq(users.email, email)).limit(1);
}

/** A new user (platform scope only: RLS refuses it elsewhere); nothing when the email is taken. */
export function insertUser(db: HttpDb, row: { id: string; email: string; name: string; passwordHash: string }) {
  return db.insert(users).values(row).onConflictDoNothing().returning();
}

/** Gives a password to an account that has none yet (platform scope). */
export function setPasswordIfUnset(db: HttpDb, userId: string, passwordHash: string) {
  return db
    .update(users)
    .set({ passwordHash, updatedAt: new Date() })
    .where(and(eq(users.id, userId), isNull(users.passwordHash)))
    .returning({ id: users.id });
}

// Interactive transactions (WebSocket): the team changes that must read, check and write atomically.

/**
 * Locks the vendor's owner memberships, in a fixed order so concurrent changes can't deadlock;
 * a change waiting here re-reads them once the other commits (a demoted owner drops out).
 */
export function lockOwners(tx: WsTx, vendorId: string) {
  return tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.vendorId, vendorId), eq(memberships.role, 'owner')))
    .orderBy(asc(memberships.userId))
    .for('update');
}

/** One member with their user's name and email, the membership row locked. */
export function findMemberForUpdate(tx: WsTx, vendorId: string, userId: string) {
  return tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.vendorId, vendorId), eq(memberships.userId, userId)))
    .limit(1)
    .for('update', { of: memberships });
}

export function updateMemberRole(tx: WsTx, vendorId: string, userId: string, role: TeamRole) {
  return tx
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.vendorId, vendorId), eq(memberships.userId, userId)));
}

export function deleteMember(tx: WsTx, vendorId: string, userId: string) {
  return tx.delete(memberships).where(and(eq(memberships.vendorId, vendorId), eq(memberships.userId, userId)));
}

/** A pending invitation, locked so that only one acceptance can use it. */
export function findPendingInvitationForUpdate(tx: WsTx, vendorId: string, id: string) {
  return tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.vendorId, vendorId), eq(invitations.id, id), pending()))
    .limit(1)
    .for('update');
}

/** The membership an accepted invitation grants; nothing when the user is already on the team. */
export function insertMember(tx: WsTx, row: { vendorId: string; userId: string; role: TeamRole }) {
  return tx.insert(memberships).values(row).onConflictDoNothing().returning({ since: memberships.createdAt });
}

export function markInvitationAccepted(tx: WsTx, vendorId: string, id: string) {
  return tx
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(and(eq(invitations.vendorId, vendorId), eq(invitations.id, id)));
}
