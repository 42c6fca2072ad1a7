import { and, eq, isNull } from 'drizzle-orm';
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

/** The key's principal, looked up in this vendor's scope only: another vendor's key finds nothing. */
export async function authenticateApiKey(db: Database, vendorId: string, key: string): Promise<Principal> {
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
  return { kind: 'api-key', keyId: row.id, vendorId, scopes: row.scopes as ApiKeyScope[], via: 'bearer' };
}
