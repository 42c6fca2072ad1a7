import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { apiKeys } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Where the next page starts: after this key in (created, id) descending order. */
export interface ApiKeyCursor {
  /** The creation time to the microsecond (ISO 8601, UTC), so it compares exactly. */
  createdAt: string;
  id: string;
}

/** A page of the vendor's keys, newest first, secrets excluded (vendor scope). */
export function findApiKeys(db: HttpDb, vendorId: string, limit: number, after?: ApiKeyCursor) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      cursorAt: sql<string>`to_char(${apiKeys.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.vendorId, vendorId),
        after ? sql`(${apiKeys.createdAt}, ${apiKeys.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(limit);
}

export function insertApiKey(db: HttpDb, row: typeof apiKeys.$inferInsert) {
  return db.insert(apiKeys).values(row).returning();
}

/** A live key of this vendor, locked until the revoking transaction ends. */
export function findLiveApiKeyForUpdate(tx: WsTx, vendorId: string, id: string) {
  return tx
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.vendorId, vendorId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .limit(1)
    .for('update');
}

/** Whether this vendor has a key with this id, live or revoked. */
export function findApiKeyId(tx: WsTx, vendorId: string, id: string) {
  return tx
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.vendorId, vendorId), eq(apiKeys.id, id)))
    .limit(1);
}

export function markApiKeyRevoked(tx: WsTx, vendorId: string, id: string) {
  return tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.vendorId, vendorId), eq(apiKeys.id, id)));
}
