/**
 * The staging review: staged items grouped into the products they will become, with how each
 * differs from before (field by field), and every vendor's import jobs for the platform admin.
 */
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import type { FeedItem } from './feed';
import { countItemsByStatus, findAllJobs, findGroupItems, findGroupKeys, type StagedRow } from './staging-repo';
import type { StagingQuery } from './staging-schemas';

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function badCursor(): ApiError {
  return new ApiError('VALIDATION_FAILED', 'The request is not valid', {
    details: [{ path: 'cursor', message: 'not a cursor this list returned' }],
  });
}

/** The keyset position in an opaque cursor: `[kind, a, b]` strings. */
function decode(cursor: string, kind: string): [string, string] {
  try {
    const [k, a, b] = JSON.parse(fromBase64url(cursor)) as unknown[];
    if (k !== kind || typeof a !== 'string' || typeof b !== 'string') throw new Error('shape');
    return [a, b];
  } catch {
    throw badCursor();
  }
}

/** Postgres' text form of a timestamptz, and a uuid: what an admin-imports cursor holds. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:[+-]\d{2}(?::?\d{2}){0,2}|Z)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const encode = (kind: string, a: string, b: string) => base64url(JSON.stringify([kind, a, b]));

/** Fields of a feed item a vendor reads in a diff (the line moves with every file, so it isn't one). */
const DIFF_FIELDS = [
  'title',
  'descriptionHtml',
  'brand',
  'link',
  'imageUrls',
  'priceMinor',
  'currency',
  'salePriceMinor',
  'saleStartsAt',
  'saleEndsAt',
  'availability',
  'quantity',
  'gtin',
  'mpn',
  'sku',
  'condition',
  'category',
  'options',
  'weightGrams',
  'costMinor',
  'status',
  'attributes',
  'groupId',
] as const;

/** Long values are cut for the review (a description can be 100 KB). */
function shown(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 300) return `${value.slice(0, 300)}…`;
  return value ?? null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-level changes of an item against its previous version (or, failing that, what was published). */
function changesOf(row: StagedRow) {
  if (row.diffStatus !== 'changed') return [];
  const before = (row.previousData ?? row.publishedData) as Record<string, unknown> | null;
  if (!before)
    return row.changedFields.map((field) => ({ field, old: null, new: shown((row.data as Record<string, unknown>)[field]) }));
  const data = row.data as Record<string, unknown>;
  const fields = row.changedFields.length > 0 ? row.changedFields : DIFF_FIELDS.filter((f) => !same(before[f], data[f]));
  return fields.map((field) => ({ field, old: shown(before[field]), new: shown(data[field]) }));
}

const isPending = (row: StagedRow) => row.diffStatus !== 'missing' && row.publishedHash !== row.contentHash;

function toItem(row: StagedRow) {
  const item = row.data as unknown as FeedItem;
  return {
    id: row.id,
    externalId: row.externalId,
    line: row.line,
    diffStatus: row.diffStatus,
    changedFields: row.changedFields,
    changes: changesOf(row),
    pending: isPending(row),
    title: item.title ?? '',
    sku: item.sku ?? null,
    gtin: item.gtin ?? null,
    priceMinor: item.priceMinor,
    salePriceMinor: item.salePriceMinor ?? null,
    currency: item.currency,
    availability: item.availability,
    quantity: item.quantity ?? null,
    options: item.options ?? [],
    variantId: row.variantId,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

function groupStatus(rows: StagedRow[]): 'new' | 'changed' | 'unchanged' | 'missing' {
  if (rows.every((row) => row.diffStatus === 'missing')) return 'missing';
  if (rows.every((row) => !row.productId) && rows.some((row) => row.diffStatus === 'new')) return 'new';
  if (rows.some((row) => row.diffStatus === 'new' || row.diffStatus === 'changed')) return 'changed';
  return 'unchanged';
}

/** A page of staged groups (products to be) with their items and diffs, and the item counts per status. */
export async function listStaging(db: Database, vendorId: string, query: StagingQuery) {
  const after = query.cursor ? decode(query.cursor, 'staging') : undefined;
  const filter = {
    status: query.status,
    source: query.source,
    q: query.q,
    after: after ? { source: after[0], groupId: after[1] } : undefined,
  };
  const [keys, [counts]] = await db
    .vendor(vendorId)
    .read((q) => [findGroupKeys(q, vendorId, filter, query.limit + 1), countItemsByStatus(q, vendorId, query.source)] as const);
  const page = keys.slice(0, query.limit);
  const rows = page.length > 0 ? (await db.vendor(vendorId).read((q) => [findGroupItems(q, vendorId, page)] as const))[0] : [];
  const data = page.map((key) => {
    const items = rows.filter((row) => row.source === key.source && row.groupId === key.groupId);
    const first = items.find((row) => row.diffStatus !== 'missing') ?? items[0];
    const item = (first?.data ?? {}) as Partial<FeedItem>;
    return {
      source: key.source,
      groupId: key.groupId,
      title: item.title ?? key.groupId,
      brand: item.brand ?? null,
      category: item.category ?? null,
      imageUrl: item.imageUrls?.[0] ?? null,
      diffStatus: groupStatus(items),
      pending: items.some(isPending),
      variantCount: items.filter((row) => row.diffStatus !== 'missing').length,
      changedFields: [...new Set(items.flatMap((row) => (row.diffStatus === 'changed' ? row.changedFields : [])))],
      productId: items.find((row) => row.productId)?.productId ?? null,
      items: items.map(toItem),
    };
  });
  const last = page.at(-1);
  return {
    data,
    counts: counts ?? { new: 0, changed: 0, unchanged: 0, missing: 0, pending: 0 },
    nextCursor: keys.length > query.limit && last ? encode('staging', last.source, last.groupId) : null,
  };
}

/** Every vendor's import jobs, newest first (platform scope, the admin host). */
export async function listAllImports(
  db: Database,
  query: { vendorId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const position = query.cursor ? decode(query.cursor, 'admin-imports') : undefined;
  if (position && (!TIMESTAMP.test(position[0]) || !UUID.test(position[1]))) throw badCursor();
  const [rows] = await db.platform().read(
    (q) =>
      [
        findAllJobs(q, {
          vendorId: query.vendorId,
          after: position ? { createdAt: position[0], id: position[1] } : undefined,
          limit: query.limit + 1,
        }),
      ] as const,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ cursorKey: _key, ...row }) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > query.limit && last ? encode('admin-imports', last.cursorKey, last.id) : null,
  };
}
