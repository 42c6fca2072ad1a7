import { z } from '@hono/zod-openapi';
import { CONSUMER_NAMES, type ConsumerName } from '../../platform/consumers';

const timestamp = z.string().datetime();
const consumerSchema = z.enum(CONSUMER_NAMES as [ConsumerName, ...ConsumerName[]]);

export const relayRunViewSchema = z
  .object({
    at: timestamp,
    trigger: z.enum(['cron', 'kick']),
    published: z.number().int().openapi({ description: 'Outbox rows published by the run' }),
    messages: z.number().int().openapi({ description: 'QStash messages sent (one per subscribed consumer)' }),
    durationMs: z.number(),
    error: z.string().optional(),
  })
  .openapi('RelayRun');

export const eventStatsSchema = z
  .object({
    backlog: z.number().int().openapi({ description: 'Outbox rows not yet published' }),
    lagMs: z.number().int().openapi({ description: 'Age of the oldest unpublished row (0 when none)' }),
    failing: z.number().int().openapi({ description: 'Unpublished rows whose last publish attempt failed' }),
    publishedLastMinute: z.number().int(),
    publishedLastHour: z.number().int(),
    publishDelayMs: z
      .object({ p50: z.number().nullable(), p99: z.number().nullable() })
      .openapi({ description: 'Commit-to-publish delay of the rows published in the last hour' }),
    processedLastMinute: z.number().int().openapi({ description: 'Messages the consumers applied in the last minute' }),
    processedLastHour: z.number().int(),
    deadLetters: z.number().int().openapi({ description: 'Messages a consumer refused for good, awaiting replay' }),
    queueDeadLetters: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Messages in QStash's own DLQ (retries exhausted), up to 100; null if QStash didn't answer" }),
    topics: z.array(
      z.object({
        topic: z.string(),
        backlog: z.number().int(),
        lagMs: z.number().int(),
        publishedLastHour: z.number().int(),
      }),
    ),
    consumers: z.array(z.object({ consumer: z.string(), processedLastHour: z.number().int(), deadLetters: z.number().int() })),
    lastRun: relayRunViewSchema.nullable().openapi({ description: "The relay's last run (kept a day)" }),
    lastPublishingRun: relayRunViewSchema
      .nullable()
      .openapi({ description: "The relay's last run that published something (kept a day)" }),
    generatedAt: timestamp,
  })
  .openapi('EventStats');

export const deadLetterSchema = z
  .object({
    id: z.string().uuid(),
    consumer: z.string(),
    messageId: z.string().openapi({ description: 'The outbox id of the event' }),
    vendorId: z.string().uuid(),
    topic: z.string(),
    error: z.string(),
    payload: z.unknown().openapi({ description: 'The envelope the consumer received' }),
    createdAt: timestamp,
  })
  .openapi('DeadLetter');

export const deadLetterPageSchema = z
  .object({ data: z.array(deadLetterSchema), nextCursor: z.string().nullable() })
  .openapi('DeadLetterPage');

export const listDeadLettersQuerySchema = z.object({
  consumer: consumerSchema.optional(),
  vendorId: z.string().uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const deadLetterIdParamSchema = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const replayResultSchema = z
  .object({
    id: z.string().uuid().openapi({ description: 'The dead letter, now removed' }),
    consumer: z.string(),
    messageId: z.string(),
    queueMessageId: z.string().openapi({ description: "QStash's id of the re-published message" }),
  })
  .openapi('DeadLetterReplay');

export type EventStats = z.infer<typeof eventStatsSchema>;
export type DeadLetterView = z.infer<typeof deadLetterSchema>;
export type ListDeadLettersQuery = z.infer<typeof listDeadLettersQuerySchema>;
export type ReplayResult = z.infer<typeof replayResultSchema>;
