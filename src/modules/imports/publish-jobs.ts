/**
 * Publish jobs: a publish too large for one request (every pending group, or more than
 * SYNC_PUBLISH_GROUPS of them) is recorded as a job with its `import.publish-requested.v1` event,
 * answered 202, and run by the import Worker in steps (see publish-job-steps.ts).
 */
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { outbox, type PublishJobStatus, publishJobs } from '../../../drizzle/schema';
import type { Database, HttpDb } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outboxRow } from '../../platform/outbox';
import type { CatalogActor } from '../catalog';
import { decodeCursor, encodeCursor } from '../orders/cursor';
import { importPublishRequestedV1 } from './events';
import type { PublishRequest } from './publish';
import { type PublishJob, type PublishJobQuery, type PublishTuning, publishTuningSchema } from './publish-job-schemas';
import { readTuningHeader } from './service';

export type PublishJobRow = typeof publishJobs.$inferSelect;

/** Selections of more groups than this (and every `background` request) become a publish job. */
export const SYNC_PUBLISH_GROUPS = 200;
/** Failures a job keeps to show (the count goes on). */
export const MAX_JOB_FAILURES = 100;

const FINISHED = new Set<PublishJobStatus>(['completed', 'failed', 'cancelled']);
const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function findPublishJob(q: HttpDb, vendorId: string, id: string) {
  return q
    .select()
    .from(publishJobs)
    .where(and(eq(publishJobs.vendorId, vendorId), eq(publishJobs.id, id)));
}

/** The job as the API shows it. */
export function toPublishJob(row: PublishJobRow): PublishJob {
  const finished = FINISHED.has(row.status);
  const fraction = finished ? 1 : row.groupsTotal > 0 ? Math.min(1, row.groupsDone / row.groupsTotal) : 0;
  return {
    id: row.id,
    status: row.status,
    cancelRequested: row.cancelRequested,
    selection: { all: row.selectAll, source: row.source, groupIds: row.groupIds ?? null, archiveMissing: row.archiveMissing },
    progress: { groupsTotal: row.groupsTotal, groupsDone: row.groupsDone, fraction, step: row.step },
    counts: {
      created: row.productsCreated,
      updated: row.productsUpdated,
      unchanged: row.productsUnchanged,
      variants: row.variants,
      archived: row.productsArchived,
      failed: row.failedCount,
    },
    failures: row.failures,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

/** Who a job publishes as: the team member or API key that started it. */
export function actorOfJob(row: PublishJobRow): CatalogActor {
  if (!row.createdBy) return { kind: 'system', name: 'publish job' };
  return row.createdByLabel === 'API key' ? { kind: 'api-key', keyId: row.createdBy } : { kind: 'user', userId: row.createdBy };
}

/** The publish request a job runs. */
export function requestOfJob(row: PublishJobRow): PublishRequest {
  return row.selectAll
    ? { all: true, source: row.source ?? undefined }
    : { groupIds: row.groupIds ?? [], source: row.source ?? undefined };
}

/**
 * The `X-Vitrine-Import-Tuning` header of a publish (JSON), honoured only on the local platform
 * (`LOCAL_FAULT_INJECTION=on`); everywhere else ignored.
 */
export function readPublishTuning(env: { LOCAL_FAULT_INJECTION?: string }, header: string | undefined): PublishTuning | null {
  return readTuningHeader(publishTuningSchema, env, header);
}

/** Records a publish job and its `import.publish-requested.v1` event in one transaction. */
export async function createPublishJob(
  db: Database,
  vendorId: string,
  request: PublishRequest,
  groups: number,
  actor: CatalogActor,
  tuning: PublishTuning | null,
): Promise<PublishJob> {
  const id = crypto.randomUUID();
  const createdBy = actor.kind === 'user' ? actor.userId : actor.kind === 'api-key' ? actor.keyId : null;
  const createdByLabel = actor.kind === 'api-key' ? 'API key' : actor.kind === 'user' ? 'team member' : actor.name;
  const [[row]] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .insert(publishJobs)
          .values({
            id,
            vendorId,
            selectAll: request.all === true,
            source: request.source ?? null,
            groupIds: request.all ? null : (request.groupIds ?? []),
            archiveMissing: request.archiveMissing === true,
            groupsTotal: groups,
            createdBy,
            createdByLabel,
            tuning,
          })
          .returning(),
        q.insert(outbox).values(
          outboxRow(importPublishRequestedV1, {
            vendorId,
            aggregateId: id,
            payload: { jobId: id, all: request.all === true, source: request.source ?? null, groups },
          }),
        ),
      ] as const,
  );
  if (!row) throw new Error('publish job insert returned no row');
  return toPublishJob(row);
}

/** One publish job of the vendor, or NOT_FOUND. */
export async function getPublishJob(db: Database, vendorId: string, id: string): Promise<PublishJob> {
  const [[row]] = await db.vendor(vendorId).read((q) => [findPublishJob(q, vendorId, id)] as const);
  if (!row) throw new ApiError('NOT_FOUND', 'No such publish job here');
  return toPublishJob(row);
}

/** The vendor's publish jobs, newest first (keyset on created_at, id). */
export async function listPublishJobs(db: Database, vendorId: string, query: PublishJobQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const [rows] = await db.vendor(vendorId).read(
    (q) =>
      [
        q
          .select({ job: publishJobs, at: sql<string>`${publishJobs.createdAt}::text` })
          .from(publishJobs)
          .where(
            and(
              eq(publishJobs.vendorId, vendorId),
              query.status ? eq(publishJobs.status, query.status) : undefined,
              after
                ? or(
                    lt(publishJobs.createdAt, sql`${after.at}::timestamptz`),
                    and(eq(publishJobs.createdAt, sql`${after.at}::timestamptz`), lt(publishJobs.id, after.id)),
                  )
                : undefined,
            ),
          )
          .orderBy(desc(publishJobs.createdAt), desc(publishJobs.id))
          .limit(query.limit + 1),
      ] as const,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => toPublishJob(row.job)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.job.id) : null,
  };
}

/** Asks a queued or running job to stop after its current batch; CONFLICT once it has finished. */
export async function cancelPublishJob(db: Database, vendorId: string, id: string): Promise<PublishJob> {
  const [[updated]] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(publishJobs)
          .set({ cancelRequested: true, updatedAt: sql`now()` })
          .where(
            and(eq(publishJobs.vendorId, vendorId), eq(publishJobs.id, id), inArray(publishJobs.status, ['queued', 'running'])),
          )
          .returning(),
      ] as const,
  );
  if (updated) return toPublishJob(updated);
  const current = await getPublishJob(db, vendorId, id);
  throw new ApiError(
    'CONFLICT',
    `The publish job has already ${current.status === 'cancelled' ? 'been cancelled' : current.status}`,
  );
}
