import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { mintApiKey } from './api-key-auth';
import {
  type ApiKeyCursor,
  type ApiKeyRow,
  findApiKeyId,
  findApiKeys,
  findLiveApiKeyForUpdate,
  insertApiKey,
  markApiKeyRevoked,
} from './api-key-repo';
import type { ApiKeyScope } from './permissions';
import { apiKeyCreatedV1, apiKeyRevokedV1 } from './team-events';
import type { ApiKeyDto, CreatedApiKey } from './team-schemas';
import type { TeamActor } from './team-service';

type ListedKey = Omit<ApiKeyRow, 'vendorId' | 'keyHash'>;
type PagedKey = ListedKey & { cursorAt: string };

function toApiKey(row: ListedKey): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKeyScope[],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a key with `scopes` (and api-key.created.v1); its secret is returned now and never again. */
export async function createApiKey(
  db: Database,
  actor: TeamActor,
  input: { name: string; scopes: ApiKeyScope[] },
): Promise<CreatedApiKey> {
  const { vendorId } = actor;
  const minted = await mintApiKey();
  const event = outboxRow(apiKeyCreatedV1, {
    vendorId,
    aggregateId: minted.id,
    payload: { apiKeyId: minted.id, name: input.name, scopes: input.scopes, createdBy: actor.userId },
  });
  const [[row]] = await db.vendor(vendorId).write(
    (q) =>
      [
        insertApiKey(q, {
          id: minted.id,
          vendorId,
          name: input.name,
          prefix: minted.prefix,
          keyHash: minted.hash,
          scopes: input.scopes,
          createdBy: actor.userId,
        }),
        q.insert(outbox).values(event),
      ] as const,
  );
  if (!row) throw new Error('insert returned no API key');
  const { id, name, prefix, scopes, createdAt } = toApiKey(row);
  return { id, name, prefix, scopes, createdAt, key: minted.key };
}

function encodeCursor(row: PagedKey): string {
  const text = btoa(JSON.stringify([row.cursorAt, row.id]));
  return text.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function decodeCursor(cursor: string): ApiKeyCursor {
  try {
    const [createdAt, id] = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))) as unknown[];
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('id');
    if (typeof createdAt !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(createdAt)) throw new Error('time');
    return { createdAt, id };
  } catch {
    throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
      details: [{ path: 'cursor', message: 'not a cursor this list returned' }],
    });
  }
}

/** The vendor's keys, newest first, without secrets; `nextCursor` continues the list. */
export async function listApiKeys(
  db: Database,
  vendorId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ data: ApiKeyDto[]; nextCursor: string | null }> {
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const [rows] = await db.vendor(vendorId).read((q) => [findApiKeys(q, vendorId, page.limit + 1, after)] as const);
  const more = rows.length > page.limit;
  const data = rows.slice(0, page.limit);
  const last = data.at(-1);
  return { data: data.map(toApiKey), nextCursor: more && last ? encodeCursor(last) : null };
}

/** Revokes a key (once, with api-key.revoked.v1); it is refused from the next request on. */
export async function revokeApiKey(db: Database, actor: TeamActor, id: string): Promise<void> {
  const { vendorId } = actor;
  await db.vendor(vendorId).transaction(async (tx) => {
    const [live] = await findLiveApiKeyForUpdate(tx, vendorId, id);
    if (!live) {
      // Revoking a revoked key changes nothing; an unknown (or another vendor's) key is not found.
      const [known] = await findApiKeyId(tx, vendorId, id);
      if (known) return;
      throw new ApiError('NOT_FOUND', 'No API key with this id here');
    }
    await markApiKeyRevoked(tx, vendorId, id);
    await tx
      .insert(outbox)
      .values(outboxRow(apiKeyRevokedV1, { vendorId, aggregateId: id, payload: { apiKeyId: id, revokedBy: actor.userId } }));
  });
}
