import { invitations } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';
import { type OutboxRow, outboxRow } from '../../platform/outbox';
import { newSecret } from './passwords';
import { memberInvitedV1 } from './team-events';

/** Invitations, the owner's included, can be accepted for a week. */
const OWNER_INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

function insertInvitationRow(q: HttpDb, row: typeof invitations.$inferInsert) {
  return q.insert(invitations).values(row);
}

export interface OwnerInvitation {
  email: string;
  /** The secret for the link; only its hash is stored. */
  token: string;
  expiresAt: Date;
  /** Adds the invitation to a write batch (its vendor's or the platform's scope). */
  insert: (q: HttpDb) => ReturnType<typeof insertInvitationRow>;
  /** Its `team.member-invited.v1` event, for the same batch. */
  event: OutboxRow;
}

/**
 * An owner invitation for a new vendor's first team member, made by a platform admin: the vendor's
 * write batch inserts it, so the vendor never exists without the invitation it was created with.
 */
export async function prepareOwnerInvitation(vendorId: string, email: string, invitedBy: string): Promise<OwnerInvitation> {
  const { token, hash } = await newSecret();
  const id = crypto.randomUUID();
  const expiresAt = new Date(Date.now() + OWNER_INVITATION_TTL_MS);
  const row = { id, vendorId, email, role: 'owner' as const, tokenHash: hash, invitedBy, expiresAt };
  const event = outboxRow(memberInvitedV1, {
    vendorId,
    aggregateId: id,
    payload: { invitationId: id, email, role: 'owner', invitedBy },
  });
  return { email, token, expiresAt, insert: (q) => insertInvitationRow(q, row), event };
}
