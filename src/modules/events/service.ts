import { Client } from '@upstash/qstash';
import type { Redis } from '@upstash/redis/cloudflare';
import { CONSUMER_NAMES, type ConsumerName } from '../../platform/consumers';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { envelopeSchema } from './envelope';
import { consumerMessage, type PublishEnv, type Publisher, qstashPublisher } from './relay';
import { RELAY_LAST_PUBLISH_KEY, readRelayRun } from './relay-runs';
import {
  deleteDeadLetterAndRecord,
  findDeadLetterCounts,
  findDeadLetterPage,
  findOutboxTotals,
  findProcessedTotals,
  findTopicTotals,
  lockDeadLetter,
} from './repo';
import type { DeadLetterView, EventStats, ListDeadLettersQuery, ReplayResult } from './schemas';

export interface EventsContext {
  db: Database;
  redis: Redis;
  env: Partial<PublishEnv> & { QSTASH_URL: string; QSTASH_TOKEN: string };
}

const QSTASH_DLQ_PAGE = 100;

/** The pipeline at a glance: outbox backlog and lag, throughput, dead letters, the relay's last run. */
export async function eventStats(ctx: EventsContext): Promise<EventStats> {
  const [[totals, topics, processed, dead], lastRun, lastPublishingRun, queueDeadLetters] = await Promise.all([
    ctx.db
      .platform()
      .read((q) => [findOutboxTotals(q), findTopicTotals(q), findProcessedTotals(q), findDeadLetterCounts(q)] as const),
    readRelayRun(ctx.redis).catch(() => null),
    readRelayRun(ctx.redis, RELAY_LAST_PUBLISH_KEY).catch(() => null),
    countQStashDeadLetters(ctx.env),
  ]);
  const total = totals[0];
  const deadBy = new Map(dead.map((row) => [row.consumer, row.total]));
  const processedBy = new Map(processed.map((row) => [row.consumer, row]));
  const round = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value)));
  return {
    backlog: total?.backlog ?? 0,
    lagMs: Math.round(total?.lagMs ?? 0),
    failing: total?.failing ?? 0,
    publishedLastMinute: total?.publishedLastMinute ?? 0,
    publishedLastHour: total?.publishedLastHour ?? 0,
    publishDelayMs: { p50: round(total?.p50), p99: round(total?.p99) },
    processedLastMinute: processed.reduce((sum, row) => sum + row.lastMinute, 0),
    processedLastHour: processed.reduce((sum, row) => sum + row.lastHour, 0),
    deadLetters: dead.reduce((sum, row) => sum + row.total, 0),
    queueDeadLetters,
    topics: topics.map((row) => ({ ...row, lagMs: Math.round(row.lagMs) })),
    consumers: [...new Set<string>([...CONSUMER_NAMES, ...processedBy.keys(), ...deadBy.keys()])].map((consumer) => ({
      consumer,
      processedLastHour: processedBy.get(consumer)?.lastHour ?? 0,
      deadLetters: deadBy.get(consumer) ?? 0,
    })),
    lastRun,
    lastPublishingRun,
    generatedAt: new Date().toISOString(),
  };
}

/** Messages whose QStash retries ran out (up to one page), or null when QStash can't be asked. */
async function countQStashDeadLetters(env: EventsContext['env']): Promise<number | null> {
  try {
    const qstash = new Client({ baseUrl: env.QSTASH_URL, token: env.QSTASH_TOKEN });
    const page = await qstash.dlq.listMessages({ count: QSTASH_DLQ_PAGE });
    return page.messages.length;
  } catch {
    return null;
  }
}

function encodeCursor(row: { createdAt: string; id: string }): string {
  return btoa(JSON.stringify([row.createdAt, row.id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))) as unknown[];
    if (
      typeof createdAt === 'string' &&
      !Number.isNaN(Date.parse(createdAt)) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(id)
    )
      return { createdAt, id };
  } catch {
    // fall through: not one of ours
  }
  throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
    details: [{ path: 'cursor', message: 'not a cursor this list returned' }],
  });
}

/** Dead letters, newest first, filtered by consumer and vendor; `nextCursor` continues. */
export async function listDeadLetters(
  db: Database,
  query: ListDeadLettersQuery,
): Promise<{ data: DeadLetterView[]; nextCursor: string | null }> {
  const before = query.cursor ? decodeCursor(query.cursor) : undefined;
  const [rows] = await db.platform().read(
    (q) =>
      [
        findDeadLetterPage(q, {
          consumer: query.consumer,
          vendorId: query.vendorId,
          ...(before ? { before } : {}),
          limit: query.limit + 1,
        }),
      ] as const,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

function isConsumer(name: string): name is ConsumerName {
  return (CONSUMER_NAMES as string[]).includes(name);
}

function publishEnv(env: EventsContext['env']): PublishEnv {
  const { STOCK_URL, PRICING_URL, MARKETPLACE_IMPORT_URL, WEBHOOKS_URL } = env;
  if (!STOCK_URL || !PRICING_URL || !MARKETPLACE_IMPORT_URL || !WEBHOOKS_URL)
    throw new ApiError('SERVICE_UNAVAILABLE', 'Replay is not configured: the consumer URLs are missing');
  return { ...env, STOCK_URL, PRICING_URL, MARKETPLACE_IMPORT_URL, WEBHOOKS_URL };
}

/**
 * Re-publishes a dead letter's message to its consumer queue and removes the dead letter, in one
 * transaction: the consumer's processed-message record goes too, so the message is applied again
 * (once: a delivery that arrives before the commit waits on the deleted record's lock). The
 * deduplication id is fresh, so QStash never drops a replay as a copy of the original.
 */
export async function replayDeadLetter(ctx: EventsContext, id: string, publish?: Publisher): Promise<ReplayResult> {
  const env = publishEnv(ctx.env);
  const send = publish ?? qstashPublisher(env);
  return ctx.db.platform().transaction(async (tx) => {
    const row = await lockDeadLetter(tx, id);
    if (!row) throw new ApiError('NOT_FOUND', 'No dead letter with this id (it may have been replayed already)');
    const envelope = envelopeSchema.safeParse(row.payload);
    if (!envelope.success || !isConsumer(row.consumer))
      throw new ApiError('CONFLICT', 'This dead letter holds no event a consumer could receive; it cannot be replayed');
    await deleteDeadLetterAndRecord(tx, row);
    const message = consumerMessage(
      env,
      row.consumer,
      envelope.data,
      `${row.messageId}.${row.consumer}.replay.${crypto.randomUUID()}`,
    );
    const [answer] = (await send([message])) as { messageId?: string }[];
    return { id: row.id, consumer: row.consumer, messageId: row.messageId, queueMessageId: answer?.messageId ?? '' };
  });
}
