import { and, asc, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import { type ImportJobStatus, importJobs, importRowErrors } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';

export type JobRow = typeof importJobs.$inferSelect;
export type NewJobRow = typeof importJobs.$inferInsert;

/** A job's columns with `created_at` as text too, for an exact keyset cursor. */
const jobColumns = { job: importJobs, createdAtText: sql<string>`${importJobs.createdAt}::text` };

export function insertJob(q: HttpDb, values: NewJobRow) {
  return q.insert(importJobs).values(values).returning();
}

export function findJob(q: HttpDb, vendorId: string, id: string) {
  return q
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.vendorId, vendorId), eq(importJobs.id, id)));
}

/** Newest first, keyset on (created_at, id). */
export function findJobs(
  q: HttpDb,
  vendorId: string,
  options: { status?: ImportJobStatus; after?: { at: string; id: string }; limit: number },
) {
  const { after } = options;
  return q
    .select(jobColumns)
    .from(importJobs)
    .where(
      and(
        eq(importJobs.vendorId, vendorId),
        options.status ? eq(importJobs.status, options.status) : undefined,
        after
          ? or(
              lt(importJobs.createdAt, sql`${after.at}::timestamptz`),
              and(eq(importJobs.createdAt, sql`${after.at}::timestamptz`), lt(importJobs.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(options.limit + 1);
}

/** Asks a queued or running job to stop at its next step boundary; no row when it has finished. */
export function updateCancelRequested(q: HttpDb, vendorId: string, id: string) {
  return q
    .update(importJobs)
    .set({ cancelRequested: true, updatedAt: sql`now()` })
    .where(and(eq(importJobs.vendorId, vendorId), eq(importJobs.id, id), inArray(importJobs.status, ['queued', 'running'])))
    .returning();
}

/** A job's row errors in file order, keyset on (line, id). */
export function findRowErrors(
  q: HttpDb,
  vendorId: string,
  jobId: string,
  options: { code?: string; after?: { line: number; id: number }; limit: number },
) {
  const { after } = options;
  return q
    .select({
      id: importRowErrors.id,
      line: importRowErrors.line,
      externalId: importRowErrors.externalId,
      column: importRowErrors.column,
      code: importRowErrors.code,
      message: importRowErrors.message,
      value: importRowErrors.value,
    })
    .from(importRowErrors)
    .where(
      and(
        eq(importRowErrors.vendorId, vendorId),
        eq(importRowErrors.jobId, jobId),
        options.code ? eq(importRowErrors.code, options.code) : undefined,
        after
          ? or(gt(importRowErrors.line, after.line), and(eq(importRowErrors.line, after.line), gt(importRowErrors.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(importRowErrors.line), asc(importRowErrors.id))
    .limit(options.limit + 1);
}
