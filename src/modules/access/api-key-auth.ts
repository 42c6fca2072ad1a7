import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { apiKeys } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { timingSafeEqual } from '../../platform/http';
import { newSecret, sha256 } from './passwords';
import type { ApiKeyScope } from './permissions';
import type { Principal } from './principal';

/** API keys read `vk_<key id>_<secret>`: the id finds the row, the secret's hash must match. */
export const API_KEY_PREFIX = 'vk_';
const KEY_PATTERN = /^vk_([0-9a-f]{32})_([A-Za-z0-9_-]{40,})$/;

/** A new key's secret text (shown once) and what is stored. */
export async function mintApiKey(): Promise<{ id: string; key: string; hash: string; prefix: string }> {
  const id = crypto.randomUUID();
  const { token } = await newSecret(32);
  const key = `${API_KEY_PREFIX}${id.replaceAll('-', '')}_${token}`;
  return { id, key, hash: await sha256(key), prefix: key.slice(0, 12) };
}

function idFromHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How fresh `last_used_at` is kept: written at most once a minute per key. */
const LAST_USE_RESOLUTION_MS = 60_000;

/** Records that a key was used; the condition makes concurrent requests write it once a minute at most. */
function recordKeyUse(db: Database, vendorId: string, id: string): Promise<unknown> {
  return db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(apiKeys)
          .set({ lastUsedAt: sql`now()` })
          .where(
            and(
              eq(apiKeys.id, id),
              or(
                isNull(apiKeys.lastUsedAt),
                lt(apiKeys.lastUsedAt, sql`now() - make_interval(secs => ${LAST_USE_RESOLUTION_MS / 1000})`),
              ),
            ),
          ),
      ] as const,
  );
}

/**
 * The key's principal, looked up in this vendor's scope only: another vendor's key finds nothing.
 * With `ctx`, its last use is recorded after the response (at most once a minute).
 */
export async function authenticateApiKey(
  db: Database,
  vendorId: string,
  key: string,
  ctx?: { waitUntil(promise: Promise<unknown>): void },
): Promise<Principal> {
  const match = KEY_PATTERN.exec(key);
  const invalid = new ApiError('UNAUTHORIZED', 'The API key is not valid here');
  if (!match?.[1]) throw invalid;
  const id = idFromHex(match[1]);
  const [[row]] = await db.vendor(vendorId).read(
    (q) =>
      [
        q
          .select()
          .from(apiKeys)
          .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
          .limit(1),
      ] as const,
  );
  if (!row || !timingSafeEqual(row.keyHash, await sha256(key))) throw invalid;
  if (ctx && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USE_RESOLUTION_MS)) {
    ctx.waitUntil(
      recordKeyUse(db, vendorId, row.id).catch((error: unknown) => console.warn('API key last use not recorded', error)),
    );
  }
  return { kind: 'api-key', keyId: row.id, vendorId, scopes: row.scopes as ApiKeyScope[], via: 'bearer' };
}
