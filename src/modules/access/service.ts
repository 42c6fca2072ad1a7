import type { Redis } from '@upstash/redis/cloudflare';
import { customers } from '../../../drizzle/schema';
import { type Database, PG_UNIQUE_VIOLATION, pgErrorCode } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { enforceLimit } from '../../platform/rate-limit';
import { customerRegisteredV1 } from './events';
import { hashPassword, verifyPassword } from './passwords';
import { findAdminByEmail, findCustomerByEmail, findCustomerById, findMemberByEmail, findMemberById, findUserById } from './repo';
import { type IssuedTokens, openSession, rotateSession } from './sessions';

/** What sign-in needs beyond the database: the signing keys, Redis for limits, the caller's IP. */
export interface AuthContext {
  db: Database;
  redis: Redis;
  keys: string | undefined;
  ip: string;
  /** LOGIN_RATE_LIMIT_PER_IP and LOGIN_RATE_LIMIT_PER_ACCOUNT, when set. */
  loginLimitPerIp?: number;
  loginLimitPerAccount?: number;
}

const badCredentials = () => new ApiError('UNAUTHORIZED', 'Wrong email or password');

/** Emails compare case-insensitively; they are stored as typed, lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function limitSignIn(ctx: AuthContext, account: string): Promise<void> {
  await enforceLimit(ctx.redis, 'loginPerIp', ctx.ip, ctx.loginLimitPerIp);
  await enforceLimit(ctx.redis, 'loginPerAccount', account, ctx.loginLimitPerAccount);
}

/** Signs a platform admin in on the admin host. */
export async function signInAdmin(ctx: AuthContext, email: string, password: string) {
  const normalized = normalizeEmail(email);
  await limitSignIn(ctx, `admin:${normalized}`);
  const [[user]] = await ctx.db.platform().read((q) => [findAdminByEmail(q, normalized)] as const);
  if (!(await verifyPassword(password, user?.passwordHash)) || !user) throw badCredentials();
  const tokens = await openSession(
    ctx.db,
    ctx.keys,
    { audience: 'admin', vendorId: null, subjectId: user.id },
    { typ: 'admin', sub: user.id },
  );
  return { ...tokens, user: { id: user.id, email: user.email, name: user.name } };
}

/** Signs a team member in on their vendor's host; membership of this vendor is required. */
export async function signInTeam(ctx: AuthContext, vendorId: string, email: string, password: string) {
  const normalized = normalizeEmail(email);
  await limitSignIn(ctx, `team:${vendorId}:${normalized}`);
  const [[member]] = await ctx.db.vendor(vendorId).read((q) => [findMemberByEmail(q, vendorId, normalized)] as const);
  if (!(await verifyPassword(password, member?.user.passwordHash)) || !member) throw badCredentials();
  const { user, role } = member;
  const tokens = await openSession(
    ctx.db,
    ctx.keys,
    { audience: 'team', vendorId, subjectId: user.id },
    { typ: 'team', sub: user.id, vid: vendorId, role },
  );
  return { ...tokens, user: { id: user.id, email: user.email, name: user.name }, role };
}

/** Signs a shopper in on the shop they registered with. */
export async function signInCustomer(ctx: AuthContext, vendorId: string, email: string, password: string) {
  const normalized = normalizeEmail(email);
  await limitSignIn(ctx, `customer:${vendorId}:${normalized}`);
  const [[customer]] = await ctx.db.vendor(vendorId).read((q) => [findCustomerByEmail(q, vendorId, normalized)] as const);
  if (!(await verifyPassword(password, customer?.passwordHash)) || !customer) throw badCredentials();
  const tokens = await openSession(
    ctx.db,
    ctx.keys,
    { audience: 'customer', vendorId, subjectId: customer.id },
    { typ: 'customer', sub: customer.id, vid: vendorId },
  );
  return { ...tokens, customer: { id: customer.id, email: customer.email, name: customer.name } };
}

/** Registers a shopper with this vendor (and emits customer.registered.v1), then signs them in. */
export async function registerCustomer(
  ctx: AuthContext,
  vendorId: string,
  input: { email: string; name: string; password: string },
) {
  const email = normalizeEmail(input.email);
  await enforceLimit(ctx.redis, 'loginPerIp', ctx.ip, ctx.loginLimitPerIp);
  const id = crypto.randomUUID();
  const passwordHash = await hashPassword(input.password);
  try {
    await ctx.db
      .vendor(vendorId)
      .write(
        (q) =>
          [
            q.insert(customers).values({ id, vendorId, email, name: input.name.trim(), passwordHash }),
            q
              .insert(outbox)
              .values(outboxRow(customerRegisteredV1, { vendorId, aggregateId: id, payload: { customerId: id, email } })),
          ] as const,
      );
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
      throw new ApiError('CONFLICT', 'An account with this email already exists here; sign in instead', {
        details: { field: 'email' },
      });
    }
    throw error;
  }
  const tokens = await openSession(
    ctx.db,
    ctx.keys,
    { audience: 'customer', vendorId, subjectId: id },
    { typ: 'customer', sub: id, vid: vendorId },
  );
  return { ...tokens, customer: { id, email, name: input.name.trim() } };
}

/** Renews an admin session; the user must still be an enabled admin. */
export function refreshAdmin(ctx: AuthContext, refreshToken: string): Promise<IssuedTokens> {
  return rotateSession(ctx.db, ctx.redis, ctx.keys, refreshToken, { audience: 'admin', vendorId: null }, async (userId) => {
    const [[user]] = await ctx.db.platform().read((q) => [findUserById(q, userId)] as const);
    if (!user?.isPlatformAdmin || user.disabledAt) throw new ApiError('UNAUTHORIZED', 'This account can no longer sign in');
    return { typ: 'admin', sub: userId };
  });
}

/** Renews a team session with the member's current role (a changed role applies from here on). */
export function refreshTeam(ctx: AuthContext, vendorId: string, refreshToken: string): Promise<IssuedTokens> {
  return rotateSession(ctx.db, ctx.redis, ctx.keys, refreshToken, { audience: 'team', vendorId }, async (userId) => {
    const [[member]] = await ctx.db.vendor(vendorId).read((q) => [findMemberById(q, vendorId, userId)] as const);
    if (!member) throw new ApiError('UNAUTHORIZED', 'You are no longer on this team');
    return { typ: 'team', sub: userId, vid: vendorId, role: member.role };
  });
}

/** Renews a shopper's session. */
export function refreshCustomer(ctx: AuthContext, vendorId: string, refreshToken: string): Promise<IssuedTokens> {
  return rotateSession(ctx.db, ctx.redis, ctx.keys, refreshToken, { audience: 'customer', vendorId }, async (customerId) => {
    const [[customer]] = await ctx.db.vendor(vendorId).read((q) => [findCustomerById(q, vendorId, customerId)] as const);
    if (!customer) throw new ApiError('UNAUTHORIZED', 'This account no longer exists');
    return { typ: 'customer', sub: customerId, vid: vendorId };
  });
}
