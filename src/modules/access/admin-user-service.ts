import type { Redis } from '@upstash/redis/cloudflare';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { userDisabledV1, userEnabledV1 } from './admin-user-events';
import { countUsers, findMembershipVendorIds, findUserPage, findUserView, lockUser, setUserDisabledAt } from './admin-user-repo';
import type { AdminUser, ListUsersQuery, UserStats } from './admin-user-schemas';
import { revokeSubject } from './sessions';

/** What a platform admin's change to a user needs: the database, Redis (session denylist), who acts. */
export interface AdminUserContext {
  db: Database;
  redis: Redis;
  actorId: string;
}

type UserView = Awaited<ReturnType<typeof findUserPage>>[number];

function toAdminUser(row: UserView): AdminUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isPlatformAdmin: row.isPlatformAdmin,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    memberships: row.memberships,
  };
}

function encodeCursor(row: UserView): string {
  return btoa(JSON.stringify([row.email, row.id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function decodeCursor(cursor: string): { email: string; id: string } {
  try {
    const [email, id] = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))) as unknown[];
    if (typeof email === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { email, id };
  } catch {
    // fall through: not one of ours
  }
  throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
    details: [{ path: 'cursor', message: 'not a cursor this list returned' }],
  });
}

/** Users by email, searched by email or name, each with their teams; `nextCursor` continues. */
export async function listUsers(db: Database, query: ListUsersQuery): Promise<{ data: AdminUser[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const [rows] = await db
    .platform()
    .read((q) => [findUserPage(q, { q: query.q || undefined, ...(after ? { after } : {}), limit: query.limit + 1 })] as const);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page.map(toAdminUser), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

/** How many users, platform admins and disabled users there are. */
export async function userStats(db: Database): Promise<UserStats> {
  const [[stats]] = await db.platform().read((q) => [countUsers(q)] as const);
  return stats ?? { total: 0, admins: 0, disabled: 0 };
}

async function userView(db: Database, id: string): Promise<AdminUser> {
  const [[row]] = await db.platform().read((q) => [findUserView(q, id)] as const);
  if (!row) throw new ApiError('NOT_FOUND', `No user has the id ${id}`);
  return toAdminUser(row);
}

/**
 * Sets or clears the user's `disabled_at` under a row lock, with one event per vendor whose team
 * they are on, only when it changes; returns those vendors' ids.
 */
async function setDisabled(ctx: AdminUserContext, userId: string, disabled: boolean): Promise<string[]> {
  return ctx.db.platform().transaction(async (tx) => {
    const [user] = await lockUser(tx, userId);
    if (!user) throw new ApiError('NOT_FOUND', `No user has the id ${userId}`);
    const vendorIds = (await findMembershipVendorIds(tx, userId)).map((m) => m.vendorId);
    if ((user.disabledAt !== null) === disabled) return vendorIds;
    await setUserDisabledAt(tx, userId, disabled ? new Date() : null);
    const event = disabled ? userDisabledV1 : userEnabledV1;
    if (vendorIds.length > 0) {
      await tx
        .insert(outbox)
        .values(
          vendorIds.map((vendorId) => outboxRow(event, { vendorId, aggregateId: userId, payload: { userId, by: ctx.actorId } })),
        );
    }
    return vendorIds;
  });
}

/**
 * Disables a user: sign-in and refresh refuse them from now on, and every session they hold (on
 * each of their vendors and on the admin host) is revoked, so their live tokens stop working at
 * once. Admins can't disable themselves (CONFLICT). Disabling twice changes nothing but revokes again.
 */
export async function disableUser(ctx: AdminUserContext, userId: string): Promise<AdminUser> {
  if (userId === ctx.actorId) throw new ApiError('CONFLICT', 'You cannot disable your own account');
  const vendorIds = await setDisabled(ctx, userId, true);
  // One after the other: concurrent updates of overlapping session rows could deadlock. The
  // platform scope comes last and also reaches sessions on teams the user has since left.
  for (const vendorId of [...vendorIds, null]) await revokeSubject(ctx.db, ctx.redis, userId, vendorId);
  return userView(ctx.db, userId);
}

/** Enables a disabled user: they can sign in again (their old sessions stay revoked). */
export async function enableUser(ctx: AdminUserContext, userId: string): Promise<AdminUser> {
  await setDisabled(ctx, userId, false);
  return userView(ctx.db, userId);
}
