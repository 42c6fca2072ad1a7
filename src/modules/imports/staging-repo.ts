/**
 * Queries on the staging area for review and publish. Items of one product share (source,
 * group_id); an item is pending while the catalog doesn't have its current version
 * (`published_hash` differs from `content_hash`) and the feed still has it (not `missing`).
 */
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { importJobs, type StagedDiffStatus, stagedProducts, vendors } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';

export type StagedRow = typeof stagedProducts.$inferSelect;

const PENDING = sql`(${stagedProducts.publishedHash} is distinct from ${stagedProducts.contentHash} and ${stagedProducts.diffStatus} <> 'missing')`;

export interface GroupFilter {
  status?: StagedDiffStatus | 'pending' | undefined;
  source?: string | undefined;
  q?: string | undefined;
  groupIds?: readonly string[] | undefined;
  /** Keyset: groups after this (source, groupId). */
  after?: { source: string; groupId: string } | undefined;
}

function itemFilter(vendorId: string, filter: GroupFilter): SQL {
  const parts: SQL[] = [sql`${stagedProducts.vendorId} = ${vendorId}`];
  if (filter.status === 'pending') parts.push(PENDING);
  else if (filter.status) parts.push(sql`${stagedProducts.diffStatus} = ${filter.status}`);
  if (filter.source) parts.push(sql`${stagedProducts.source} = ${filter.source}`);
  if (filter.groupIds) parts.push(inArray(stagedProducts.groupId, [...filter.groupIds]));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      sql`(${stagedProducts.data}->>'title' ilike ${like} or ${stagedProducts.groupId} ilike ${like} or ${stagedProducts.externalId} ilike ${like} or ${stagedProducts.data}->>'sku' ilike ${like})`,
    );
  }
  if (filter.after)
    parts.push(sql`(${stagedProducts.source}, ${stagedProducts.groupId}) > (${filter.after.source}, ${filter.after.groupId})`);
  return sql.join(parts, sql` and `);
}

/** Up to `limit` groups (source, group id) with an item matching the filter, in key order. */
export function findGroupKeys(db: HttpDb, vendorId: string, filter: GroupFilter, limit: number) {
  return db
    .selectDistinct({ source: stagedProducts.source, groupId: stagedProducts.groupId })
    .from(stagedProducts)
    .where(itemFilter(vendorId, filter))
    .orderBy(asc(stagedProducts.source), asc(stagedProducts.groupId))
    .limit(limit);
}

/** How many groups have an item matching the filter. */
export function countGroups(db: HttpDb, vendorId: string, filter: GroupFilter) {
  return db
    .select({ groups: sql<number>`count(distinct (${stagedProducts.source}, ${stagedProducts.groupId}))::int` })
    .from(stagedProducts)
    .where(itemFilter(vendorId, filter));
}

/**
 * Products of groups whose every item left the feed (`missing`), up to `limit`: what "archive
 * missing" archives. `groupIds`/`source` narrow it like a publish selection.
 */
export function findMissingGroupProducts(
  db: HttpDb,
  vendorId: string,
  filter: { source?: string | undefined; groupIds?: readonly string[] | undefined },
  limit: number,
) {
  return db
    .select({ productId: sql<string>`min(${stagedProducts.productId}::text)` })
    .from(stagedProducts)
    .where(itemFilter(vendorId, filter))
    .groupBy(stagedProducts.source, stagedProducts.groupId)
    .having(sql`bool_and(${stagedProducts.diffStatus} = 'missing') and count(${stagedProducts.productId}) > 0`)
    .orderBy(asc(stagedProducts.source), asc(stagedProducts.groupId))
    .limit(limit);
}

/** Every item of the given groups, in group and line order. */
export function findGroupItems(db: HttpDb, vendorId: string, keys: readonly { source: string; groupId: string }[]) {
  const pairs = sql.join(
    keys.map((k) => sql`(${k.source}, ${k.groupId})`),
    sql`, `,
  );
  return db
    .select()
    .from(stagedProducts)
    .where(and(eq(stagedProducts.vendorId, vendorId), sql`(${stagedProducts.source}, ${stagedProducts.groupId}) in (${pairs})`))
    .orderBy(asc(stagedProducts.source), asc(stagedProducts.groupId), asc(stagedProducts.line), asc(stagedProducts.id));
}

/** Items per diff status, and how many are pending publication, of the vendor (one source or all). */
export function countItemsByStatus(db: HttpDb, vendorId: string, source: string | undefined) {
  return db
    .select({
      new: sql<number>`count(*) filter (where ${stagedProducts.diffStatus} = 'new')::int`,
      changed: sql<number>`count(*) filter (where ${stagedProducts.diffStatus} = 'changed')::int`,
      unchanged: sql<number>`count(*) filter (where ${stagedProducts.diffStatus} = 'unchanged')::int`,
      missing: sql<number>`count(*) filter (where ${stagedProducts.diffStatus} = 'missing')::int`,
      pending: sql<number>`count(*) filter (where ${PENDING})::int`,
    })
    .from(stagedProducts)
    .where(itemFilter(vendorId, { source }));
}

/** One item as publish marks it: the version it published and what it became. */
export interface PublishedMark {
  id: string;
  contentHash: string;
  /** `published_hash` as read when the publish was planned: another publish meanwhile changes it. */
  previousHash: string | null;
  productId: string;
  variantId: string;
}

/**
 * Marks items published (hash, data, product and variant, time) when they still hold the version
 * that was published and were not published by anyone else since the plan was made, then rolls
 * the batch back (40001) unless every one of them was: an item re-imported meanwhile must not be
 * marked with a stale version, and a concurrent publish of the same items must not make a second
 * product. The job that last brought each newly published item counts it (`published_count`).
 */
export function markPublished(db: HttpDb, vendorId: string, marks: readonly PublishedMark[], now: Date) {
  const records = JSON.stringify(
    marks.map((m) => ({
      id: m.id,
      content_hash: m.contentHash,
      previous_hash: m.previousHash,
      product_id: m.productId,
      variant_id: m.variantId,
    })),
  );
  return db.execute(sql`
    with marked as (
      update staged_products s set published_hash = s.content_hash, published_data = s.data,
        product_id = x.product_id, variant_id = x.variant_id, published_at = ${now.toISOString()}::timestamptz,
        updated_at = now()
      from jsonb_to_recordset(${records}::jsonb) as x(id uuid, content_hash text, previous_hash text, product_id uuid, variant_id uuid)
      where s.vendor_id = ${vendorId} and s.id = x.id and s.content_hash = x.content_hash
        and s.published_hash is not distinct from x.previous_hash
      returning s.id, s.last_job_id, x.previous_hash is distinct from x.content_hash as fresh
    ),
    counted as (
      update import_jobs j set published_count = j.published_count + c.n, updated_at = now()
      from (select last_job_id, count(*) filter (where fresh) as n from marked group by last_job_id) c
      where j.vendor_id = ${vendorId} and j.id = c.last_job_id and c.n > 0
    )
    select import_publish_check((select count(*) from marked) = ${marks.length}, 'staged items changed meanwhile')`);
}

/** A page of every vendor's import jobs, newest first, with the vendor's name and slug (platform scope). */
export function findAllJobs(
  db: HttpDb,
  options: { after?: { createdAt: string; id: string } | undefined; limit: number; vendorId?: string | undefined },
) {
  const parts: SQL[] = [sql`true`];
  if (options.vendorId) parts.push(sql`${importJobs.vendorId} = ${options.vendorId}`);
  if (options.after)
    parts.push(
      sql`(${importJobs.createdAt}, ${importJobs.id}) < (${options.after.createdAt}::timestamptz, ${options.after.id}::uuid)`,
    );
  return db
    .select({
      id: importJobs.id,
      vendorId: importJobs.vendorId,
      vendorName: vendors.name,
      vendorSlug: vendors.slug,
      source: importJobs.source,
      format: importJobs.format,
      fileName: importJobs.fileName,
      status: importJobs.status,
      dryRun: importJobs.dryRun,
      rowsRead: importJobs.rowsRead,
      rowsValid: importJobs.rowsValid,
      rowsFailed: importJobs.rowsFailed,
      newCount: importJobs.newCount,
      changedCount: importJobs.changedCount,
      unchangedCount: importJobs.unchangedCount,
      missingCount: importJobs.missingCount,
      errorCode: importJobs.errorCode,
      createdByLabel: importJobs.createdByLabel,
      createdAt: importJobs.createdAt,
      /** Postgres' exact text of `created_at` (microseconds), for the keyset cursor. */
      cursorKey: sql<string>`${importJobs.createdAt}::text`,
      finishedAt: importJobs.finishedAt,
    })
    .from(importJobs)
    .innerJoin(vendors, eq(vendors.id, importJobs.vendorId))
    .where(sql.join(parts, sql` and `))
    .orderBy(sql`${importJobs.createdAt} desc, ${importJobs.id} desc`)
    .limit(options.limit);
}
