import { and, eq, sql } from 'drizzle-orm';
import { importJobs, outbox } from '../../../drizzle/schema';
import type { Env } from '../../env';
import type { ConsumerEnv } from '../../platform/consumer';
import type { Database, WsTx } from '../../platform/db';
import { outboxRow } from '../../platform/outbox';
import { importFinishedV1 } from './events';
import { type FeedBatch, type FeedDialect, FeedError, type FeedRowError, readFeed, sniffFeed } from './feed';
import { FeedFetchError, type FeedUrlEnv, fetchFeed } from './feed-url';
import {
  advanceCheckpoint,
  countDiff,
  type DiffCounts,
  deleteJobRows,
  insertJobRows,
  insertRowErrors,
  lockJob,
  markMissing,
  planBulkApply,
  refreshDiff,
  upsertStaging,
} from './pipeline-repo';
import { findJob, type JobRow } from './repo';
import type { StepMessage, Tuning } from './schemas';
import { maxImportBytes } from './service';
import { publishStep, type StepEnv } from './steps';
import { storeStream, TooLargeError } from './storage';

/** The marketplace-import Worker's bindings. */
export interface ImportWorkerEnv extends ConsumerEnv, StepEnv, FeedUrlEnv, Pick<Env, 'OUTBOX_RELAY' | 'OUTBOX_RELAY_URL'> {
  /** Raw import files (this Worker owns the bucket). */
  IMPORTS: R2Bucket;
  JWT_SIGNING_KEYS: string;
  IMPORT_MAX_BYTES?: string;
  /** Records per batch (default 10,000): one transaction each. */
  IMPORT_BATCH_SIZE?: string;
  /** Wall time a step may spend reading before it hands over to the next message (default 20 s). */
  IMPORT_STEP_BUDGET_MS?: string;
  /** Records a step may read before handing over (default: no limit but the time budget). */
  IMPORT_STEP_ROWS?: string;
}

export type StepOutcome = 'continued' | 'completed' | 'failed' | 'cancelled' | 'stale' | 'missing';

/** Thrown by the local-only crash injection after a committed batch: QStash redelivers the step. */
export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
}

/** Currency for feeds that name none (Shopify exports); vendors have no currency setting yet. */
const DEFAULT_CURRENCY = 'EUR';
const SNIFF_BYTES = 64 * 1024;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

interface StepContext {
  env: ImportWorkerEnv;
  db: Database;
  message: StepMessage;
  retried: number;
  maxRetries: number;
}

const numberVar = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

function tuningOf(ctx: StepContext, job: JobRow): Tuning {
  return ctx.env.LOCAL_FAULT_INJECTION === 'on' && job.tuning ? (job.tuning as Tuning) : {};
}

/**
 * Runs one step of an import: loads the job, and unless this message is stale (an earlier step
 * delivered again) starts it (fetch the feed URL, sniff the dialect), reads batches from the
 * checkpoint for up to a time budget (each batch, its errors, counters and the new checkpoint in
 * one transaction), then either hands over to the next step's message or applies the diff to
 * staging in one transaction. A crash anywhere resumes from the last committed checkpoint.
 */
export async function runImportStep(ctx: StepContext): Promise<StepOutcome> {
  const { db, message } = ctx;
  const [[job]] = await db.vendor(message.vendorId).read((q) => [findJob(q, message.vendorId, message.jobId)] as const);
  if (!job) return 'missing';
  if (FINISHED.has(job.status)) return 'stale';
  if (message.step < job.step) {
    // A redelivery of a step that already handed over: make sure its successor was published (deduplicated).
    await publishStep(ctx.env, { ...message, step: job.step });
    return 'stale';
  }
  if (message.step > job.step) return 'stale';
  if (job.cancelRequested) return finishJob(ctx, { status: 'cancelled' });
  try {
    const running = job.status === 'queued' ? await startJob(ctx, job) : job;
    if (!running) return 'stale';
    if (!running.parsedAt) {
      const outcome = await readBatches(ctx, running);
      if (outcome !== 'parsed') return outcome;
    }
    return await applyJob(ctx, running);
  } catch (error) {
    if (error instanceof FeedError) return finishJob(ctx, { status: 'failed', code: error.code, message: error.message });
    if (error instanceof FeedFetchError)
      return finishJob(ctx, { status: 'failed', code: 'FETCH_FAILED', message: error.message });
    if (error instanceof TooLargeError)
      return finishJob(ctx, { status: 'failed', code: 'PAYLOAD_TOO_LARGE', message: error.message });
    if (ctx.retried >= ctx.maxRetries && !(error instanceof InjectedCrash)) {
      console.error(JSON.stringify({ import: message.jobId, gaveUp: String(error) }));
      return finishJob(ctx, { status: 'failed', code: 'INTERNAL', message: 'The import stopped on an unexpected error' });
    }
    throw error;
  }
}

/** Fetches a feed URL into R2 when needed, sniffs the dialect and marks the job running. */
async function startJob(ctx: StepContext, job: JobRow): Promise<JobRow | undefined> {
  const { env, message } = ctx;
  let bytesTotal = job.bytesTotal;
  if (job.fileUrl && bytesTotal === null) {
    const response = await fetchFeed(env, job.fileUrl);
    const limit = maxImportBytes(env, tuningOf(ctx, job));
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel();
      throw new TooLargeError(limit);
    }
    bytesTotal = await storeStream(env.IMPORTS, job.fileKey, response.body, limit);
  }
  const size = bytesTotal ?? (await env.IMPORTS.head(job.fileKey))?.size;
  if (size === undefined) throw new Error(`import file ${job.fileKey} is not in the bucket`);
  // An empty object has no range to read (R2 refuses one): sniff nothing, which says EMPTY_FILE.
  const head =
    size > 0 ? await env.IMPORTS.get(job.fileKey, { range: { offset: 0, length: Math.min(SNIFF_BYTES, size) } }) : null;
  if (size > 0 && !head) throw new Error(`import file ${job.fileKey} is not in the bucket`);
  const dialect = sniffFeed(head ? new Uint8Array(await head.arrayBuffer()) : new Uint8Array(), { fileSize: size });
  return ctx.db.vendor(message.vendorId).transaction(async (tx) => {
    const locked = await lockJob(tx, message.vendorId, message.jobId);
    if (!locked || locked.step !== message.step || locked.status !== 'queued') return undefined;
    const [row] = await tx
      .update(importJobs)
      .set({
        status: 'running',
        startedAt: sql`clock_timestamp()`,
        format: dialect.format,
        dialect: dialect as unknown as Record<string, unknown>,
        source: job.source || dialect.format,
        checkpointOffset: dialect.dataOffset,
        bytesTotal: size,
        updatedAt: sql`now()`,
      })
      .where(and(eq(importJobs.vendorId, message.vendorId), eq(importJobs.id, message.jobId)))
      .returning();
    return row;
  });
}

type BatchOutcome = 'committed' | 'stale' | 'cancel';

/** Reads and commits batches from the checkpoint until the file ends or the step's budget is spent. */
async function readBatches(ctx: StepContext, job: JobRow): Promise<StepOutcome | 'parsed'> {
  const { env, message } = ctx;
  const tuning = tuningOf(ctx, job);
  const started = Date.now();
  const budgetMs = numberVar(env.IMPORT_STEP_BUDGET_MS, 20_000);
  const stepRows = tuning.stepRows ?? numberVar(env.IMPORT_STEP_ROWS, Number.POSITIVE_INFINITY);
  const batchSize = tuning.batchSize ?? numberVar(env.IMPORT_BATCH_SIZE, 10_000);
  const { resumeLine, ...dialect } = job.dialect as unknown as FeedDialect & { resumeLine?: number };
  let offset = job.checkpointOffset;
  let line = resumeLine ?? dialect.dataLine;
  const size = job.bytesTotal ?? 0;
  const object = offset < size ? await env.IMPORTS.get(job.fileKey, { range: { offset } }) : null;
  if (offset < size && !object) throw new Error(`import file ${job.fileKey} is not in the bucket`);
  const stream = object?.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  const batches = readFeed(stream, dialect, {
    startOffset: offset,
    startLine: line,
    batchSize,
    defaultCurrency: DEFAULT_CURRENCY,
    yieldEvery: 500,
  });
  let rows = 0;
  let committed = 0;
  let pending: Promise<IteratorResult<FeedBatch>> | undefined;
  try {
    pending = batches.next();
    while (pending) {
      const next: IteratorResult<FeedBatch> = await pending;
      pending = undefined;
      if (next.done) break;
      const batch = next.value;
      // Parse the next batch while this one's rows are inserted: started once the insert is sent,
      // and yielding to the event loop every 500 records, the parse runs while the database works.
      // Started before the batch's transaction (as it was), it held the thread first and the
      // insert only went out after it: parse and insert took their sum, not their maximum.
      const readAhead = batch.done
        ? undefined
        : () => {
            pending = batches.next();
            pending.catch(() => {});
          };
      const outcome = await commitBatch(ctx, offset, batch, dialect, job.source, readAhead);
      if (outcome === 'stale') return 'stale';
      if (outcome === 'cancel') return finishJob(ctx, { status: 'cancelled' });
      offset = batch.endOffset;
      line = batch.nextLine ?? line;
      rows += batch.rowsRead;
      committed += 1;
      if (batch.done) return 'parsed';
      if (tuning.crashAfterBatches && ctx.retried === 0 && committed >= tuning.crashAfterBatches)
        throw new InjectedCrash(`injected crash after ${committed} batches of step ${message.step}`);
      if (Date.now() - started >= budgetMs || rows >= stepRows) return handOver(ctx, tuning);
    }
  } finally {
    // A batch read ahead but not committed is read again by the next step, from the checkpoint.
    await pending?.catch(() => undefined);
    await batches.return(undefined);
    await stream.cancel().catch(() => {});
  }
  // The reader ended without a last batch: record the end of the file all the same.
  const end: FeedBatch = { items: [], errors: [], rowsRead: 0, endOffset: offset, nextLine: line, done: true };
  const outcome = await commitBatch(ctx, offset, end, dialect, job.source);
  if (outcome === 'stale') return 'stale';
  if (outcome === 'cancel') return finishJob(ctx, { status: 'cancelled' });
  return 'parsed';
}

/** One batch in one transaction: its items, its row errors (and repeated ids), counters, checkpoint. */
async function commitBatch(
  ctx: StepContext,
  expectedOffset: number,
  batch: FeedBatch,
  dialect: FeedDialect,
  source: string,
  whileInserting?: () => void,
): Promise<BatchOutcome> {
  const { vendorId, jobId, step } = ctx.message;
  return ctx.db.vendor(vendorId).transaction(async (tx) => {
    const locked = await lockJob(tx, vendorId, jobId);
    if (!locked || locked.step !== step || locked.status !== 'running' || locked.checkpointOffset !== expectedOffset)
      return 'stale';
    if (locked.cancelRequested) return 'cancel';
    const inserting = insertJobRows(tx, vendorId, jobId, source, batch.items);
    whileInserting?.();
    const stored = await inserting;
    const idColumn = dialect.format === 'shopify' ? 'Variant SKU' : 'id';
    const repeated: FeedRowError[] = batch.items
      .filter((item) => !stored.has(item.line))
      .map((item) => ({
        line: item.line,
        externalId: item.externalId,
        column: idColumn,
        code: 'DUPLICATE_ID',
        message: `The id "${item.externalId.slice(0, 100)}" appears more than once in the file; only its first row is imported`,
        value: item.externalId.slice(0, 200),
      }));
    // Warnings (a value dropped from a kept row) go to the same table; they don't fail the row.
    await insertRowErrors(tx, vendorId, jobId, [...batch.errors, ...(batch.warnings ?? []), ...repeated]);
    await advanceCheckpoint(tx, vendorId, jobId, {
      offset: batch.endOffset,
      line: batch.nextLine,
      rowsRead: batch.rowsRead,
      rowsValid: stored.size,
      rowsFailed: failedLines(batch.errors, repeated),
      parsed: batch.done,
    });
    return 'committed';
  });
}

/**
 * Rows that failed: the distinct lines with a row error or a repeated id (a row may have several
 * errors). Not `rowsRead - items`: a Shopify image-only row is read but neither an item nor a failure.
 */
function failedLines(errors: readonly FeedRowError[], repeated: readonly FeedRowError[]): number {
  return new Set([...errors, ...repeated].map((error) => error.line)).size;
}

/** Ends this step and publishes the next one (deduplicated by job and step). */
async function handOver(ctx: StepContext, tuning: Tuning): Promise<StepOutcome> {
  const { vendorId, jobId, step } = ctx.message;
  const moved = await ctx.db.vendor(vendorId).transaction(async (tx) => {
    const locked = await lockJob(tx, vendorId, jobId);
    if (!locked || locked.step !== step || locked.status !== 'running') return false;
    await tx.execute(
      sql`update import_jobs set step = step + 1, updated_at = now() where vendor_id = ${vendorId} and id = ${jobId}`,
    );
    return true;
  });
  if (!moved) return 'stale';
  await publishStep(ctx.env, { vendorId, jobId, step: step + 1 }, tuning.stepDelaySeconds ?? 0);
  return 'continued';
}

/** Applies the whole diff in one transaction (a dry run only records it on the job's rows). */
async function applyJob(ctx: StepContext, job: JobRow): Promise<StepOutcome> {
  const { vendorId, jobId, step } = ctx.message;
  const source = job.source;
  const outcome = await ctx.db.vendor(vendorId).transaction(async (tx) => {
    const locked = await lockJob(tx, vendorId, jobId);
    if (!locked || locked.step !== step || locked.status !== 'running' || !locked.parsed) return 'stale' as const;
    if (locked.cancelRequested) return 'cancel' as const;
    await planBulkApply(tx);
    await refreshDiff(tx, vendorId, jobId, source, job.startedAt ?? new Date(0));
    const counts = await countDiff(tx, vendorId, jobId, source);
    if (!job.dryRun) {
      await upsertStaging(tx, vendorId, jobId, source);
      await markMissing(tx, vendorId, jobId, source);
      await deleteJobRows(tx, vendorId, jobId);
    }
    await recordFinish(tx, ctx, { status: 'completed' }, counts);
    return 'completed' as const;
  });
  if (outcome === 'cancel') return finishJob(ctx, { status: 'cancelled' });
  return outcome;
}

type Finish = { status: 'completed' } | { status: 'cancelled' } | { status: 'failed'; code: string; message: string };

/** Sets the final status (and counts), bumps the step so no message runs it again, and writes the event. */
async function recordFinish(tx: WsTx, ctx: StepContext, finish: Finish, counts?: DiffCounts): Promise<void> {
  const { vendorId, jobId } = ctx.message;
  const [row] = await tx
    .update(importJobs)
    .set({
      status: finish.status,
      errorCode: finish.status === 'failed' ? finish.code : null,
      errorMessage: finish.status === 'failed' ? finish.message.slice(0, 2000) : null,
      ...(counts ?? {}),
      step: sql`${importJobs.step} + 1`,
      finishedAt: sql`clock_timestamp()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(importJobs.vendorId, vendorId), eq(importJobs.id, jobId)))
    .returning();
  if (!row) return;
  await tx.insert(outbox).values(
    outboxRow(importFinishedV1, {
      vendorId,
      aggregateId: jobId,
      payload: {
        jobId,
        status: finish.status,
        dryRun: row.dryRun,
        source: row.source,
        fileName: row.fileName,
        errorCode: row.errorCode,
        errorMessage: row.errorMessage,
        rowsRead: row.rowsRead,
        rowsValid: row.rowsValid,
        rowsFailed: row.rowsFailed,
        newCount: row.newCount,
        changedCount: row.changedCount,
        unchangedCount: row.unchangedCount,
        missingCount: row.missingCount,
      },
    }),
  );
}

/** Fails or cancels the job: its staged rows so far are dropped, staging itself was never touched. */
async function finishJob(ctx: StepContext, finish: Exclude<Finish, { status: 'completed' }>): Promise<StepOutcome> {
  const { vendorId, jobId } = ctx.message;
  await ctx.db.vendor(vendorId).transaction(async (tx) => {
    const locked = await lockJob(tx, vendorId, jobId);
    if (!locked || FINISHED.has(locked.status)) return;
    await deleteJobRows(tx, vendorId, jobId);
    await recordFinish(tx, ctx, finish);
  });
  return finish.status;
}
