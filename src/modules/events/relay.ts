import { Client } from '@upstash/qstash';
import { and, asc, count, inArray, isNull, min, sql } from 'drizzle-orm';
import { outbox } from '../../../drizzle/schema';
import { type ConsumerName, consumersOf, queueName } from '../../platform/consumers';
import type { Database, WsTx } from '../../platform/db';
import type { Envelope } from './envelope';

/** Where the consumers are and how to reach QStash: what publishing an event needs. */
export interface PublishEnv {
  QSTASH_URL: string;
  QSTASH_TOKEN: string;
  STOCK_URL: string;
  PRICING_URL: string;
  MARKETPLACE_IMPORT_URL: string;
  WEBHOOKS_URL: string;
  /** Delivery retries per message; unset means QStash's default (3), capped by the plan. */
  QSTASH_RETRIES?: string;
}

export type RelayEnv = PublishEnv;

export interface DrainResult {
  published: number;
  messages: number;
  busy: boolean;
}

/** One QStash message for one consumer, as `Client.batchJSON` takes it. */
export interface ConsumerMessage {
  queueName: string;
  url: string;
  body: Envelope;
  deduplicationId: string;
  retries?: number;
  headers: Record<string, string>;
}

/** Sends a batch of messages; QStash's batch API unless a caller (a test) supplies its own. */
export type Publisher = (messages: ConsumerMessage[]) => Promise<unknown>;

export interface DrainOptions {
  batchSize: number;
  maxBatches: number;
  publish?: Publisher;
}

type OutboxRow = typeof outbox.$inferSelect;

function consumerUrl(env: PublishEnv, consumer: ConsumerName): string {
  return {
    stock: env.STOCK_URL,
    pricing: env.PRICING_URL,
    'marketplace-import': env.MARKETPLACE_IMPORT_URL,
    webhooks: env.WEBHOOKS_URL,
  }[consumer];
}

/** The QStash message delivering `envelope` to `consumer`, in its queue for the event's vendor. */
export function consumerMessage(
  env: PublishEnv,
  consumer: ConsumerName,
  envelope: Envelope,
  deduplicationId: string,
): ConsumerMessage {
  const retries = env.QSTASH_RETRIES ? Number(env.QSTASH_RETRIES) : undefined;
  return {
    queueName: queueName(consumer, envelope.vendorId),
    url: consumerUrl(env, consumer),
    body: envelope,
    deduplicationId,
    ...(retries !== undefined && Number.isInteger(retries) && retries >= 0 ? { retries } : {}),
    headers: { 'Content-Type': 'application/json' },
  };
}

/** QStash's batch API: every message accepted (or deduplicated), or the call throws. */
export function qstashPublisher(env: PublishEnv): Publisher {
  const qstash = new Client({ baseUrl: env.QSTASH_URL, token: env.QSTASH_TOKEN });
  return (messages) => qstash.batchJSON(messages);
}

function toEnvelope(row: OutboxRow): Envelope {
  const { id, topic, vendorId, aggregateType, aggregateId, payload, createdAt } = row;
  return { id, topic, vendorId, aggregateType, aggregateId, payload, occurredAt: createdAt.toISOString() };
}

/** One QStash message per subscribed consumer, deduplicated by outbox id and consumer. */
function toMessages(env: RelayEnv, rows: OutboxRow[]): ConsumerMessage[] {
  return rows.flatMap((row) =>
    consumersOf(row.topic).map((consumer) => consumerMessage(env, consumer, toEnvelope(row), `${row.id}.${consumer}`)),
  );
}

async function takeBatch(tx: WsTx, size: number): Promise<OutboxRow[] | undefined> {
  // One drainer at a time keeps each vendor's events in commit order across relay invocations.
  const locked = await tx.execute<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(hashtext('vitrine.outbox-relay')) as locked`,
  );
  if (!locked.rows[0]?.locked) return undefined;
  return tx
    .select()
    .from(outbox)
    .where(isNull(outbox.publishedAt))
    .orderBy(asc(outbox.seq))
    .limit(size)
    .for('update', { skipLocked: true });
}

/**
 * Publishes unpublished outbox rows to the consumers' QStash queues in batches, marking each
 * batch published in the transaction that locked it. A crash after publishing republishes the
 * batch with the same deduplication ids; consumers apply each event once regardless.
 */
export async function drainOutbox(
  env: RelayEnv,
  db: Database,
  options: DrainOptions = { batchSize: 100, maxBatches: 50 },
): Promise<DrainResult> {
  const publish = options.publish ?? qstashPublisher(env);
  const result: DrainResult = { published: 0, messages: 0, busy: false };
  for (let i = 0; i < options.maxBatches; i++) {
    const taken = await publishBatch(env, db, publish, options.batchSize);
    if (taken === undefined) return { ...result, busy: true };
    result.published += taken.rows;
    result.messages += taken.messages;
    if (taken.rows < options.batchSize) break;
  }
  return result;
}

async function publishBatch(env: RelayEnv, db: Database, publish: Publisher, size: number) {
  let takenSeqs: number[] = [];
  try {
    return await db.platform().transaction(async (tx) => {
      const rows = await takeBatch(tx, size);
      if (rows === undefined) return undefined;
      if (rows.length === 0) return { rows: 0, messages: 0 };
      takenSeqs = rows.map((row) => row.seq);
      const messages = toMessages(env, rows);
      if (messages.length > 0) await publish(messages);
      await tx
        .update(outbox)
        .set({ publishedAt: sql`now()`, attempts: sql`${outbox.attempts} + 1`, lastError: null })
        .where(inArray(outbox.seq, takenSeqs));
      return { rows: rows.length, messages: messages.length };
    });
  } catch (error) {
    if (takenSeqs.length > 0) await recordFailure(db, takenSeqs, error);
    throw error;
  }
}

async function recordFailure(db: Database, seqs: number[], error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db.platform().write(
    (q) =>
      [
        q
          .update(outbox)
          .set({ attempts: sql`${outbox.attempts} + 1`, lastError: message.slice(0, 1000) })
          .where(and(inArray(outbox.seq, seqs), isNull(outbox.publishedAt))),
      ] as const,
  );
}

/** Backlog size and the age of the oldest unpublished event, for the relay's stats endpoint. */
export async function outboxBacklog(db: Database): Promise<{ backlog: number; lagMs: number }> {
  const [[row]] = await db.platform().read(
    (q) =>
      [
        q
          .select({ backlog: count(), oldest: min(outbox.createdAt) })
          .from(outbox)
          .where(isNull(outbox.publishedAt)),
      ] as const,
  );
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
  return { backlog: row?.backlog ?? 0, lagMs: oldest === undefined ? 0 : Math.max(0, Date.now() - oldest) };
}
