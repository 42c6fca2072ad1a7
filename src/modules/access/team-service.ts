import type { Redis } from '@upstash/redis/cloudflare';
import type { TeamRole } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { newSecret } from './passwords';
import { normalizeEmail } from './service';
import { revokeSubject } from './sessions';
import { memberInvitedV1, memberRemovedV1, memberRoleChangedV1 } from './team-events';
import {
  deleteMember,
  findMemberForUpdate,
  findMemberIdByEmail,
  findMembers,
  findPendingInvitations,
  type InvitationRow,
  insertInvitation,
  lockInvitee,
  lockOwners,
  revokeInvitationById,
  revokePendingInvitationsOf,
  updateMemberRole,
} from './team-repo';
import type { CreatedInvitation, Invitation, Member } from './team-schemas';

/** Invitation links work for a week. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Who acts on the team: the signed-in owner's user id, recorded in events. */
export interface TeamActor {
  vendorId: string;
  userId: string;
}

function toMember(row: { userId: string; name: string; email: string; role: TeamRole; since: Date }): Member {
  return { userId: row.userId, name: row.name, email: row.email, role: row.role, since: row.since.toISOString() };
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** The vendor's members and its pending invitations. */
export async function listTeam(db: Database, vendorId: string): Promise<{ members: Member[]; invitations: Invitation[] }> {
  const [members, pending] = await db
    .vendor(vendorId)
    .read((q) => [findMembers(q, vendorId), findPendingInvitations(q, vendorId)] as const);
  return { members: members.map(toMember), invitations: pending.map(toInvitation) };
}

/**
 * Invites `email` with `role`: replaces a pending invitation of the same email, refuses a current
 * member, stores only the token's hash and returns the accept link (shown once).
 */
export async function inviteMember(
  db: Database,
  actor: TeamActor,
  input: { email: string; role: TeamRole },
  origin: string,
): Promise<CreatedInvitation> {
  const { vendorId } = actor;
  const email = normalizeEmail(input.email);
  const scoped = db.vendor(vendorId);
  const [[member]] = await scoped.read((q) => [findMemberIdByEmail(q, vendorId, email)] as const);
  if (member) throw new ApiError('CONFLICT', `${email} is already on this team`, { details: { field: 'email' } });

  const id = crypto.randomUUID();
  const { token, hash } = await newSecret(32);
  const event = outboxRow(memberInvitedV1, {
    vendorId,
    aggregateId: id,
    payload: { invitationId: id, email, role: input.role, invitedBy: actor.userId },
  });
  const [, , [row]] = await scoped.write(
    (q) =>
      [
        lockInvitee(q, vendorId, email),
        revokePendingInvitationsOf(q, vendorId, email),
        insertInvitation(q, {
          id,
          vendorId,
          email,
          role: input.role,
          tokenHash: hash,
          invitedBy: actor.userId,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        }),
        q.insert(outbox).values(event),
      ] as const,
  );
  if (!row) throw new Error('insert returned no invitation');
  return { ...toInvitation(row), acceptUrl: `${origin}/dashboard/invite/${token}` };
}

/** Revokes a pending invitation of this vendor; its link stops working. */
export async function revokeInvitation(db: Database, vendorId: string, id: string): Promise<void> {
  const [revoked] = await db.vendor(vendorId).write((q) => [revokeInvitationById(q, vendorId, id)] as const);
  if (revoked.length === 0) throw new ApiError('NOT_FOUND', 'No pending invitation with this id on this team');
}

function lastOwner(member: Member): ApiError {
  return new ApiError(
    'CONFLICT',
    `${member.name} is the last owner of this team; make someone else an owner first, so the team is never left without one`,
  );
}

/**
 * Changes a member's role; the last owner can't be demoted. Owners are locked first, so two
 * concurrent demotions of the last two owners can't both pass. The member's sessions are revoked
 * so the new role applies to their very next request.
 */
export async function changeMemberRole(
  db: Database,
  redis: Redis,
  actor: TeamActor,
  userId: string,
  role: TeamRole,
): Promise<Member> {
  const { vendorId } = actor;
  const { member, changed } = await db.vendor(vendorId).transaction(async (tx) => {
    const owners = await lockOwners(tx, vendorId);
    const [row] = await findMemberForUpdate(tx, vendorId, userId);
    if (!row) throw new ApiError('NOT_FOUND', 'No member with this id on this team');
    const current = toMember(row);
    if (row.role === role) return { member: current, changed: false };
    if (row.role === 'owner' && !owners.some((owner) => owner.userId !== userId)) throw lastOwner(current);
    await updateMemberRole(tx, vendorId, userId, role);
    await tx.insert(outbox).values(
      outboxRow(memberRoleChangedV1, {
        vendorId,
        aggregateId: userId,
        payload: { userId, role, previousRole: row.role, changedBy: actor.userId },
      }),
    );
    return { member: { ...current, role }, changed: true };
  });
  if (changed) await revokeSubject(db, redis, userId, vendorId);
  return member;
}

/** Removes a member (never the last owner) and ends their sessions at once. */
export async function removeMember(db: Database, redis: Redis, actor: TeamActor, userId: string): Promise<void> {
  const { vendorId } = actor;
  await db.vendor(vendorId).transaction(async (tx) => {
    const owners = await lockOwners(tx, vendorId);
    const [row] = await findMemberForUpdate(tx, vendorId, userId);
    if (!row) throw new ApiError('NOT_FOUND', 'No member with this id on this team');
    if (row.role === 'owner' && !owners.some((owner) => owner.userId !== userId)) throw lastOwner(toMember(row));
    await deleteMember(tx, vendorId, userId);
    await tx.insert(outbox).values(
      outboxRow(memberRemovedV1, {
        vendorId,
        aggregateId: userId,
        payload: { userId, role: row.role, removedBy: actor.userId },
      }),
    );
  });
  await revokeSubject(db, redis, userId, vendorId);
}
