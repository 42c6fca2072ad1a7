import { and, count, desc, eq, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { deadLetters, outbox, processedMessages } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';

const lastMinute = sql`now() - interval '1 minute'`;
const lastHour = sql`now() - interval '1 hour'`;
const ageMs = (column: SQL | typeof outbox.createdAt) =>
  sql<number>`coalesce(extract(epoch from now() - ${column}) * 1000, 0)`.mapWith(Number);
const countWhere = (condition: SQL) => sql<number>`count(*) filter (where ${condition})`.mapWith(Number);
/** Commit-to-publish delay percentile (ms) over the rows published in the last hour. */
const publishDelay = (fraction: number) =>
  sql<
    number | null
  >`percentile_cont(${sql.raw(String(fraction))}) within group (order by extract(epoch from ${outbox.publishedAt} - ${outbox.createdAt}) * 1000) filter (where ${outbox.publishedAt} >= ${lastHour})`;

/** Outbox totals in one pass: backlog, its oldest row's age, failures and recent throughput. */
export function findOutboxTotals(q: HttpDb) {
  const unpublished = sql`${outbox.publishedAt} is null`;
  return q
    .select({
      backlog: countWhere(unpublished),
      lagMs: ageMs(sql`min(${outbox.createdAt}) filter (where ${unpublished})`),
      failing: countWhere(sql`${unpublished} and ${outbox.lastError} is not null`),
      publishedLastMinute: countWhere(sql`${outbox.publishedAt} >= ${lastMinute}`),
      publishedLastHour: countWhere(sql`${outbox.publishedAt} >= ${lastHour}`),
      p50: publishDelay(0.5),
      p99: publishDelay(0.99),
    })
    .from(outbox)
    .where(or(isNull(outbox.publishedAt), sql`${outbox.publishedAt} >= ${lastHour}`));
}

/** Backlog and last hour's throughput per topic, for topics with either. */
export function findTopicTotals(q: HttpDb) {
  const unpublished = sql`${outbox.publishedAt} is null`;
  return q
    .select({
      topic: outbox.topic,
      backlog: countWhere(unpublished),
      lagMs: ageMs(sql`min(${outbox.createdAt}) filter (where ${unpublished})`),
      publishedLastHour: countWhere(sql`${outbox.publishedAt} >= ${lastHour}`),
    })
    .from(outbox)
    .where(or(isNull(outbox.publishedAt), sql`${outbox.publishedAt} >= ${lastHour}`))
    .groupBy(outbox.topic)
    .orderBy(outbox.topic);
}

/** Messages each consumer applied in the last hour (and minute, summed by the caller). */
export function findProcessedTotals(q: HttpDb) {
  return q
    .select({
      consumer: processedMessages.consumer,
      lastMinute: countWhere(sql`${processedMessages.processedAt} >= ${lastMinute}`),
      lastHour: count(),
    })
    .from(processedMessages)
    .where(sql`${processedMessages.processedAt} >= ${lastHour}`)
    .groupBy(processedMessages.consumer);
}

export function findDeadLetterCounts(q: HttpDb) {
  return q.select({ consumer: deadLetters.consumer, total: count() }).from(deadLetters).groupBy(deadLetters.consumer);
}

/** Newest dead letters first, keyset by (created_at, id). */
export function findDeadLetterPage(
  q: HttpDb,
  filter: { consumer?: string; vendorId?: string; before?: { createdAt: string; id: string }; limit: number },
) {
  const conditions = [
    filter.consumer ? eq(deadLetters.consumer, filter.consumer) : undefined,
    filter.vendorId ? eq(deadLetters.vendorId, filter.vendorId) : undefined,
    filter.before
      ? or(
          lt(deadLetters.createdAt, sql`${filter.before.createdAt}::timestamptz`),
          and(eq(deadLetters.createdAt, sql`${filter.before.createdAt}::timestamptz`), lt(deadLetters.id, filter.before.id)),
        )
      : undefined,
  ];
  return q
    .select({
      id: deadLetters.id,
      consumer: deadLetters.consumer,
      messageId: deadLetters.messageId,
      vendorId: deadLetters.vendorId,
      topic: deadLetters.topic,
      error: deadLetters.error,
      payload: deadLetters.payload,
      // Full microseconds, so the keyset cursor matches the row exactly.
      createdAt: sql<string>`to_char(${deadLetters.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(deadLetters)
    .where(and(...conditions))
    .orderBy(desc(deadLetters.createdAt), desc(deadLetters.id))
    .limit(filter.limit);
}

/** The dead letter, locked until the replay's transaction ends, so two replays can't both publish it. */
export async function lockDeadLetter(tx: WsTx, id: string) {
  const [row] = await tx.select().from(deadLetters).where(eq(deadLetters.id, id)).for('update');
  return row;
}

/**
 * Forgets that the consumer processed the message (its dead-lettering wrote that record) and
 * removes the dead letter, so the re-published message is applied once more.
 */
export async function deleteDeadLetterAndRecord(tx: WsTx, row: { id: string; consumer: string; messageId: string }) {
  await tx
    .delete(processedMessages)
    .where(and(eq(processedMessages.consumer, row.consumer), eq(processedMessages.messageId, row.messageId)));
  await tx.delete(deadLetters).where(eq(deadLetters.id, row.id));
}
