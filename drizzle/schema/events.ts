import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { vendorRowFilter } from './rls';

/**
 * Events leave a transaction as rows here, written in the same transaction as the change; the
 * relay publishes them to QStash. `seq` orders them; `id` is the deduplication id downstream.
 */
export const outbox = pgTable(
  'outbox',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    id: uuid('id').notNull().unique().defaultRandom(),
    topic: text('topic').notNull(),
    vendorId: uuid('vendor_id').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_vendor_idx').on(t.vendorId, t.seq),
    // The admin stats read the backlog (unpublished rows) and the last hour's published rows.
    index('outbox_unpublished_created_idx').on(t.createdAt).where(sql`${t.publishedAt} is null`),
    index('outbox_published_idx').on(t.publishedAt),
    pgPolicy('outbox_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);

/** One row per (consumer, message) applied: a redelivered message finds its row and does nothing. */
export const processedMessages = pgTable(
  'processed_messages',
  {
    consumer: text('consumer').notNull(),
    messageId: text('message_id').notNull(),
    vendorId: uuid('vendor_id').notNull(),
    topic: text('topic').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.consumer, t.messageId] }),
    index('processed_messages_vendor_idx').on(t.vendorId, t.processedAt),
    pgPolicy('processed_messages_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);

/** Messages a consumer could never apply (a permanent error), kept for inspection and replay. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consumer: text('consumer').notNull(),
    messageId: text('message_id').notNull(),
    vendorId: uuid('vendor_id').notNull(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    error: text('error').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dead_letters_vendor_idx').on(t.vendorId, t.createdAt),
    pgPolicy('dead_letters_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);
