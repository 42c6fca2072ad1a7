/**
 * Runs a publish job in the import Worker, one QStash step message at a time (deduplicated by
 * job and step). A step publishes batches of groups after the job's cursor: each batch's catalog
 * writes carry the counters of the groups they publish, then one guarded statement records the
 * batch's failures and moves the cursor. A redelivered step finds the step or cursor moved and
 * does nothing; a crash resumes after the last recorded batch (groups it had already published
 * are no longer pending, so nothing is published twice).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { publishJobs } from '../../../drizzle/schema';
import type { Database, HttpDb } from '../../platform/db';
import type { ImportWorkerEnv } from './pipeline';
import {
  archiveMissing,
  type BatchTally,
  GROUPS_PER_TRANSACTION,
  nextGroups,
  openPublish,
  type PublishFailure,
  publishGroups,
} from './publish';
import type { PublishTuning } from './publish-job-schemas';
import { actorOfJob, findPublishJob, MAX_JOB_FAILURES, type PublishJobRow, requestOfJob } from './publish-jobs';
import type { StepMessage } from './schemas';
import { publishStep } from './steps';

export type PublishStepOutcome = 'continued' | 'completed' | 'failed' | 'cancelled' | 'stale' | 'missing';

/** Thrown by the local-only crash injection after a recorded batch: QStash redelivers the step. */
export class InjectedPublishCrash extends Error {
  override readonly name = 'InjectedPublishCrash';
}

interface PublishStepContext {
  env: ImportWorkerEnv & { PUBLISH_STEP_BUDGET_MS?: string };
  db: Database;
  message: StepMessage;
  retried: number;
  maxRetries: number;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);
const STEP_BUDGET_MS = 20_000;

async function loadJob(ctx: PublishStepContext): Promise<PublishJobRow | undefined> {
  const { vendorId, jobId } = ctx.message;
  const [[job]] = await ctx.db.vendor(vendorId).read((q) => [findPublishJob(q, vendorId, jobId)] as const);
  return job;
}

const where = (vendorId: string, jobId: string) => and(eq(publishJobs.vendorId, vendorId), eq(publishJobs.id, jobId));

/** The counters of the groups a write publishes, committed with that write. */
function progressStatements(vendorId: string, jobId: string) {
  return (q: HttpDb, tally: BatchTally) => [
    q
      .update(publishJobs)
      .set({
        groupsDone: sql`${publishJobs.groupsDone} + ${tally.groups}`,
        productsCreated: sql`${publishJobs.productsCreated} + ${tally.created}`,
        productsUpdated: sql`${publishJobs.productsUpdated} + ${tally.updated}`,
        productsUnchanged: sql`${publishJobs.productsUnchanged} + ${tally.unchanged}`,
        variants: sql`${publishJobs.variants} + ${tally.variants}`,
        updatedAt: sql`now()`,
      })
      .where(where(vendorId, jobId)),
  ];
}

/**
 * Records a batch: its failures (the first MAX_JOB_FAILURES kept, each counts as a group done)
 * and the cursor; only when the job is still at this step and cursor (else another delivery got
 * there first: no row comes back).
 */
async function recordBatch(
  ctx: PublishStepContext,
  expected: { source: string | null; groupId: string | null },
  next: { source: string; groupId: string },
  failed: PublishFailure[],
): Promise<PublishJobRow | undefined> {
  const { vendorId, jobId, step } = ctx.message;
  const added = JSON.stringify(failed);
  const [[row]] = await ctx.db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(publishJobs)
          .set({
            groupsDone: sql`${publishJobs.groupsDone} + ${failed.length}`,
            failedCount: sql`${publishJobs.failedCount} + ${failed.length}`,
            failures: sql`(select coalesce(jsonb_agg(e order by n), '[]'::jsonb) from (select e, n from jsonb_array_elements(${publishJobs.failures} || ${added}::jsonb) with ordinality as t(e, n) order by n limit ${MAX_JOB_FAILURES}) f)`,
            cursorSource: next.source,
            cursorGroupId: next.groupId,
            updatedAt: sql`now()`,
          })
          .where(
            and(
              where(vendorId, jobId),
              eq(publishJobs.step, step),
              eq(publishJobs.status, 'running'),
              sql`${publishJobs.cursorSource} is not distinct from ${expected.source}`,
              sql`${publishJobs.cursorGroupId} is not distinct from ${expected.groupId}`,
            ),
          )
          .returning(),
      ] as const,
  );
  return row;
}

type Finish =
  | { status: 'completed'; archived: number }
  | { status: 'cancelled' }
  | { status: 'failed'; code: string; message: string };

/** Sets the final status and bumps the step so no message runs the job again. */
async function finishJob(ctx: PublishStepContext, finish: Finish): Promise<PublishStepOutcome> {
  const { vendorId, jobId } = ctx.message;
  await ctx.db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(publishJobs)
          .set({
            status: finish.status,
            errorCode: finish.status === 'failed' ? finish.code : null,
            errorMessage: finish.status === 'failed' ? finish.message.slice(0, 2000) : null,
            productsArchived: finish.status === 'completed' ? finish.archived : sql`${publishJobs.productsArchived}`,
            step: sql`${publishJobs.step} + 1`,
            finishedAt: sql`clock_timestamp()`,
            updatedAt: sql`now()`,
          })
          .where(and(where(vendorId, jobId), inArray(publishJobs.status, ['queued', 'running']))),
      ] as const,
  );
  return finish.status;
}

/** Ends this step and publishes the next one's message (deduplicated by job and step). */
async function handOver(ctx: PublishStepContext, tuning: PublishTuning): Promise<PublishStepOutcome> {
  const { vendorId, jobId, step } = ctx.message;
  const [moved] = await ctx.db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(publishJobs)
          .set({ step: sql`${publishJobs.step} + 1`, updatedAt: sql`now()` })
          .where(and(where(vendorId, jobId), eq(publishJobs.step, step), eq(publishJobs.status, 'running')))
          .returning({ id: publishJobs.id }),
      ] as const,
  );
  if (moved.length === 0) return 'stale';
  await publishStep(ctx.env, { vendorId, jobId, step: step + 1 }, tuning.stepDelaySeconds ?? 0, '/publish-steps');
  return 'continued';
}

/** Marks a queued job running (once: a second delivery of step 0 finds it running). */
async function startJob(ctx: PublishStepContext): Promise<void> {
  const { vendorId, jobId, step } = ctx.message;
  await ctx.db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(publishJobs)
          .set({ status: 'running', startedAt: sql`clock_timestamp()`, updatedAt: sql`now()` })
          .where(and(where(vendorId, jobId), eq(publishJobs.step, step), eq(publishJobs.status, 'queued'))),
      ] as const,
  );
}

/**
 * Runs one step of a publish job: unless the message is stale, publishes batches of groups after
 * the job's cursor until the selection is done (then archives missing products if asked and
 * completes), the job is cancelled, or the step's budget is spent (then hands over to the next step).
 */
export async function runPublishStep(ctx: PublishStepContext): Promise<PublishStepOutcome> {
  const { message, env } = ctx;
  const job = await loadJob(ctx);
  if (!job) return 'missing';
  if (FINISHED.has(job.status)) return 'stale';
  if (message.step < job.step) {
    // A redelivery of a step that handed over: make sure its successor was published (deduplicated).
    await publishStep(env, { ...message, step: job.step }, 0, '/publish-steps');
    return 'stale';
  }
  if (message.step > job.step) return 'stale';
  if (job.cancelRequested) return finishJob(ctx, { status: 'cancelled' });
  try {
    if (job.status === 'queued') await startJob(ctx);
    return await publishBatches(ctx, job);
  } catch (error) {
    if (ctx.retried >= ctx.maxRetries && !(error instanceof InjectedPublishCrash)) {
      console.error(JSON.stringify({ publishJob: message.jobId, gaveUp: String(error) }));
      return finishJob(ctx, { status: 'failed', code: 'INTERNAL', message: 'The publish stopped on an unexpected error' });
    }
    throw error;
  }
}

async function publishBatches(ctx: PublishStepContext, job: PublishJobRow): Promise<PublishStepOutcome> {
  const { vendorId, jobId } = ctx.message;
  const tuning: PublishTuning = ctx.env.LOCAL_FAULT_INJECTION === 'on' && job.tuning ? (job.tuning as PublishTuning) : {};
  const budgetMs = Number(ctx.env.PUBLISH_STEP_BUDGET_MS) > 0 ? Number(ctx.env.PUBLISH_STEP_BUDGET_MS) : STEP_BUDGET_MS;
  const batchSize = tuning.groupsPerBatch ?? GROUPS_PER_TRANSACTION;
  const stepGroups = tuning.groupsPerStep ?? Number.POSITIVE_INFINITY;
  const request = requestOfJob(job);
  const actor = actorOfJob(job);
  const session = await openPublish(ctx.db, vendorId, actor);
  const progress = progressStatements(vendorId, jobId);
  const started = Date.now();
  let cursor = { source: job.cursorSource, groupId: job.cursorGroupId };
  let groups = 0;
  let batches = 0;
  for (;;) {
    const after =
      cursor.source !== null && cursor.groupId !== null ? { source: cursor.source, groupId: cursor.groupId } : undefined;
    const keys = await nextGroups(ctx.db, vendorId, request, after, batchSize);
    const last = keys.at(-1);
    if (!last) {
      const archived = job.archiveMissing
        ? await archiveMissing(ctx.db, vendorId, { ...request, archiveMissing: true }, actor)
        : 0;
      return finishJob(ctx, { status: 'completed', archived });
    }
    const { failed } = await publishGroups(ctx.db, vendorId, session, keys, progress);
    // `written` was counted with its writes; groups published meanwhile by someone else count nowhere,
    // so a duplicate delivery that lost every write to the first one adds nothing here either.
    const recorded = await recordBatch(ctx, cursor, last, failed);
    if (!recorded) return 'stale';
    cursor = last;
    groups += keys.length;
    batches += 1;
    if (recorded.cancelRequested) return finishJob(ctx, { status: 'cancelled' });
    if (tuning.crashAfterBatches && ctx.retried === 0 && batches >= tuning.crashAfterBatches)
      throw new InjectedPublishCrash(`injected crash after ${batches} batches of step ${ctx.message.step}`);
    if (Date.now() - started >= budgetMs || groups >= stepGroups) return handOver(ctx, tuning);
  }
}
