import type { Redis } from '@upstash/redis/cloudflare';
import { and, eq, isNull } from 'drizzle-orm';
import { type SessionAudience, sessions } from '../../../drizzle/schema';
import type { Database, ScopedDb } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { newSecret, sha256 } from './passwords';
import { ACCESS_TOKEN_SECONDS, type AccessClaims, signAccessToken } from './tokens';

/** Refresh tokens last 30 days unless used (each use rotates them) or revoked. */
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 3600;

export interface IssuedTokens {
  token: string;
  refreshToken: string;
  expiresIn: number;
}

export interface SessionSubject {
  audience: SessionAudience;
  vendorId: string | null;
  subjectId: string;
}

type ClaimsWithoutSession = AccessClaims extends infer C ? (C extends AccessClaims ? Omit<C, 'sid'> : never) : never;

const revokedKey = (sessionId: string) => `session:revoked:${sessionId}`;

/** Admin sessions live in the platform scope; team and customer sessions in their vendor's. */
export function sessionScope(db: Database, vendorId: string | null): ScopedDb {
  return vendorId ? db.vendor(vendorId) : db.platform();
}

async function issue(
  scoped: ScopedDb,
  keys: string | undefined,
  subject: SessionSubject,
  familyId: string | undefined,
  claims: ClaimsWithoutSession,
) {
  const id = crypto.randomUUID();
  const refresh = await newSecret();
  await scoped.write(
    (q) =>
      [
        q.insert(sessions).values({
          id,
          audience: subject.audience,
          vendorId: subject.vendorId,
          subjectId: subject.subjectId,
          familyId: familyId ?? id,
          tokenHash: refresh.hash,
          expiresAt: new Date(Date.now() + REFRESH_TOKEN_SECONDS * 1000),
        }),
      ] as const,
  );
  const token = await signAccessToken(keys, { ...claims, sid: id } as AccessClaims);
  return { token, refreshToken: refresh.token, expiresIn: ACCESS_TOKEN_SECONDS };
}

/** Starts a session after a successful sign-in: a short-lived access token and a refresh token. */
export function openSession(
  db: Database,
  keys: string | undefined,
  subject: SessionSubject,
  claims: ClaimsWithoutSession,
): Promise<IssuedTokens> {
  return issue(sessionScope(db, subject.vendorId), keys, subject, undefined, claims);
}

/**
 * Trades a refresh token for new tokens, rotating it. A token that was already rotated is being
 * replayed (stolen, or a race we can't tell apart): the whole family is revoked.
 */
export async function rotateSession(
  db: Database,
  redis: Redis,
  keys: string | undefined,
  refreshToken: string,
  expected: { audience: SessionAudience; vendorId: string | null },
  claimsFor: (subjectId: string) => Promise<ClaimsWithoutSession>,
): Promise<IssuedTokens> {
  const scoped = sessionScope(db, expected.vendorId);
  const hash = await sha256(refreshToken);
  const [[session]] = await scoped.read((q) => [q.select().from(sessions).where(eq(sessions.tokenHash, hash)).limit(1)] as const);
  const invalid = new ApiError('UNAUTHORIZED', 'The refresh token is not valid; sign in again');
  if (!session || session.audience !== expected.audience || session.revokedAt || session.expiresAt.getTime() < Date.now())
    throw invalid;
  if (session.rotatedAt) {
    await revokeFamily(db, redis, session.familyId, expected.vendorId);
    throw invalid;
  }
  const [rotated] = await scoped.write(
    (q) =>
      [
        q
          .update(sessions)
          .set({ rotatedAt: new Date() })
          .where(and(eq(sessions.id, session.id), isNull(sessions.rotatedAt)))
          .returning({ id: sessions.id }),
      ] as const,
  );
  if (rotated.length === 0) throw invalid;
  const claims = await claimsFor(session.subjectId);
  return issue(
    scoped,
    keys,
    { audience: session.audience, vendorId: session.vendorId, subjectId: session.subjectId },
    session.familyId,
    claims,
  );
}

/** Revokes every session of a family and refuses their access tokens from now on. */
export async function revokeFamily(db: Database, redis: Redis, familyId: string, vendorId: string | null): Promise<void> {
  const [revoked] = await sessionScope(db, vendorId).write(
    (q) =>
      [
        q.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.familyId, familyId)).returning({ id: sessions.id }),
      ] as const,
  );
  await denySessions(
    redis,
    revoked.map((row) => row.id),
  );
}

/** Revokes every session of a subject (a disabled user, a removed team member). */
export async function revokeSubject(db: Database, redis: Redis, subjectId: string, vendorId: string | null): Promise<void> {
  const [revoked] = await sessionScope(db, vendorId).write(
    (q) =>
      [
        q
          .update(sessions)
          .set({ revokedAt: new Date() })
          .where(and(eq(sessions.subjectId, subjectId), isNull(sessions.revokedAt)))
          .returning({ id: sessions.id }),
      ] as const,
  );
  await denySessions(
    redis,
    revoked.map((row) => row.id),
  );
}

/** Access tokens are checked against this list, so a revoked session stops working at once. */
async function denySessions(redis: Redis, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.set(revokedKey(id), 1, { ex: ACCESS_TOKEN_SECONDS });
  await pipeline.exec();
}

/** Whether the session behind an access token was revoked after the token was issued. */
export async function isSessionRevoked(redis: Redis, sessionId: string): Promise<boolean> {
  return (await redis.exists(revokedKey(sessionId))) > 0;
}

/** Signs out: revokes the session's whole family (every rotation of this sign-in). */
export async function endSession(db: Database, redis: Redis, sessionId: string, vendorId: string | null): Promise<void> {
  const [[session]] = await sessionScope(db, vendorId).read(
    (q) => [q.select({ familyId: sessions.familyId }).from(sessions).where(eq(sessions.id, sessionId)).limit(1)] as const,
  );
  if (session) await revokeFamily(db, redis, session.familyId, vendorId);
  else await denySessions(redis, [sessionId]);
}
