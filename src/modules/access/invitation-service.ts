import type { TeamRole } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { enforceLimit } from '../../platform/rate-limit';
import { hashPassword, sha256, verifyPassword } from './passwords';
import { passwordSchema } from './schemas';
import type { AuthContext } from './service';
import { openSession } from './sessions';
import { memberJoinedV1 } from './team-events';
import {
  findPendingInvitationByHash,
  findPendingInvitationForUpdate,
  findUserByEmail,
  type InvitationRow,
  insertMember,
  insertUser,
  markInvitationAccepted,
  setPasswordIfUnset,
} from './team-repo';
import type { InvitationPreview } from './team-schemas';

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserByEmail>>[number]>;

const notFound = () =>
  new ApiError('NOT_FOUND', 'This invitation is not valid: it may have expired, been revoked or already been used');

/** The pending invitation behind a link's token (looked up by its hash, the only thing stored). */
async function pendingInvitation(db: Database, vendorId: string, token: string): Promise<InvitationRow> {
  const tokenHash = await sha256(token);
  const [[invitation]] = await db.vendor(vendorId).read((q) => [findPendingInvitationByHash(q, vendorId, tokenHash)] as const);
  if (!invitation) throw notFound();
  return invitation;
}

async function userByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [[user]] = await db.platform().read((q) => [findUserByEmail(q, email)] as const);
  return user;
}

/** What the invitation page shows: whose team, which role, and whether the invitee needs an account. */
export async function previewInvitation(
  db: Database,
  vendor: { id: string; name: string },
  token: string,
): Promise<InvitationPreview> {
  const invitation = await pendingInvitation(db, vendor.id, token);
  const user = await userByEmail(db, invitation.email);
  return {
    vendorName: vendor.name,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt.toISOString(),
    needsPassword: !user?.passwordHash,
  };
}

function invalid(path: string, message: string): ApiError {
  return new ApiError('VALIDATION_FAILED', 'The request is not valid', { details: [{ path, message }] });
}

/** An existing account must be proven with its own password (limited per account, like sign-in). */
async function proveAccount(ctx: AuthContext, user: UserRow, password: string): Promise<UserRow> {
  await enforceLimit(ctx.redis, 'loginPerAccount', `invite:${user.email}`);
  if (user.disabledAt || !(await verifyPassword(password, user.passwordHash)))
    throw new ApiError('UNAUTHORIZED', `Wrong password for ${user.email}; use the password you sign in with`);
  return user;
}

/**
 * The invitee's account: an existing one is proven with its password; a new one (or one that never
 * had a password) gets the name and password given. Users are platform-wide rows, so they are
 * written in the platform scope.
 */
async function inviteeAccount(
  ctx: AuthContext,
  email: string,
  input: { name?: string | undefined; password: string },
): Promise<UserRow> {
  const existing = await userByEmail(ctx.db, email);
  if (existing?.passwordHash) return proveAccount(ctx, existing, input.password);
  if (existing?.disabledAt) throw new ApiError('UNAUTHORIZED', 'This account is disabled');
  const name = input.name;
  if (!existing && !name) throw invalid('name', 'Required for a new account');
  const password = passwordSchema.safeParse(input.password);
  if (!password.success) throw invalid('password', password.error.issues[0]?.message ?? 'too weak');
  const passwordHash = await hashPassword(input.password);
  const [[saved]] = await ctx.db
    .platform()
    .write(
      (q) =>
        [
          existing
            ? setPasswordIfUnset(q, existing.id, passwordHash)
            : insertUser(q, { id: crypto.randomUUID(), email, name: name ?? '', passwordHash }),
        ] as const,
    );
  // Lost a race (the account was created, or got a password, meanwhile): now it must be proven.
  if (!saved) return inviteeAccount(ctx, email, input);
  return existing ?? (saved as UserRow);
}

/** Claims the invitation once and grants its membership, with team.member-joined.v1. */
function joinTeam(db: Database, vendorId: string, invitationId: string, userId: string): Promise<TeamRole> {
  return db.vendor(vendorId).transaction(async (tx) => {
    const [invitation] = await findPendingInvitationForUpdate(tx, vendorId, invitationId);
    if (!invitation) throw notFound();
    const [joined] = await insertMember(tx, { vendorId, userId, role: invitation.role });
    if (!joined) throw new ApiError('CONFLICT', 'You are already on this team; sign in instead');
    await markInvitationAccepted(tx, vendorId, invitationId);
    await tx.insert(outbox).values(
      outboxRow(memberJoinedV1, {
        vendorId,
        aggregateId: userId,
        payload: { userId, role: invitation.role, invitationId },
      }),
    );
    return invitation.role;
  });
}

/**
 * Accepts an invitation: proves or creates the invitee's account, makes them a member (once: a
 * used, revoked or expired invitation is NOT_FOUND) and signs them in like a team login.
 */
export async function acceptInvitation(
  ctx: AuthContext,
  vendorId: string,
  token: string,
  input: { name?: string | undefined; password: string },
) {
  await enforceLimit(ctx.redis, 'loginPerIp', ctx.ip, ctx.loginLimitPerIp);
  const invitation = await pendingInvitation(ctx.db, vendorId, token);
  const user = await inviteeAccount(ctx, invitation.email, input);
  const role = await joinTeam(ctx.db, vendorId, invitation.id, user.id);
  const tokens = await openSession(
    ctx.db,
    ctx.keys,
    { audience: 'team', vendorId, subjectId: user.id },
    { typ: 'team', sub: user.id, vid: vendorId, role },
  );
  return { ...tokens, user: { id: user.id, email: user.email, name: user.name }, role };
}
