import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { vendorRowFilter } from './rls';
import { vendors } from './tenancy';

const policy = (name: string) => pgPolicy(name, { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() });

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/**
 * A vendor's webhook endpoint: where events go, which topics (`['*']` for all), and the secret
 * that signs each delivery. The secret is stored as issued because the webhooks Worker signs with it.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    events: text('events').array().notNull(),
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_endpoints_vendor_id_key').on(t.vendorId, t.id),
    index('webhook_endpoints_vendor_created_idx').on(t.vendorId, t.createdAt),
    check('webhook_endpoints_events_check', sql`cardinality(${t.events}) > 0`),
    policy('webhook_endpoints_scope'),
  ],
);

/**
 * One event sent to one endpoint, with the outcome QStash reported back. Unique per endpoint and
 * event, so a redelivered event never makes a second delivery.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id').notNull(),
    endpointId: uuid('endpoint_id').notNull(),
    eventId: uuid('event_id').notNull(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_vendor_id_key').on(t.vendorId, t.id),
    uniqueIndex('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_vendor_endpoint_idx').on(t.vendorId, t.endpointId, t.createdAt),
    foreignKey({
      columns: [t.vendorId, t.endpointId],
      foreignColumns: [webhookEndpoints.vendorId, webhookEndpoints.id],
      name: 'webhook_deliveries_endpoint_fk',
    }).onDelete('cascade'),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    policy('webhook_deliveries_scope'),
  ],
);
