import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { variants } from './catalog';
import { vendorRowFilter } from './rls';
import { vendors } from './tenancy';

const policy = (name: string) => pgPolicy(name, { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() });

export type StockAlertStatus = 'open' | 'resolved';

/**
 * The stock engine's settings of a vendor: at or below `low_stock_threshold` units available (all
 * locations together) a variant raises a low-stock alert; 0 turns alerts off. With
 * `cancel_unpaid_after_hours` set, pending orders still unpaid that long are cancelled (their
 * reservations released) by the stock Worker's cron; null: reservations never expire. No row: the defaults.
 */
export const stockSettings = pgTable(
  'stock_settings',
  {
    vendorId: uuid('vendor_id')
      .primaryKey()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    lowStockThreshold: integer('low_stock_threshold').notNull().default(5),
    cancelUnpaidAfterHours: integer('cancel_unpaid_after_hours'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('stock_settings_threshold_check', sql`${t.lowStockThreshold} >= 0 and ${t.lowStockThreshold} <= 1000000`),
    check(
      'stock_settings_cancel_unpaid_check',
      sql`${t.cancelUnpaidAfterHours} is null or ${t.cancelUnpaidAfterHours} between 1 and 720`,
    ),
    policy('stock_settings_scope'),
  ],
);

/**
 * A variant running low: raised when its available stock fell to the threshold, resolved when it
 * rose above it again. At most one open alert per variant; resolved ones stay as history.
 */
export const stockAlerts = pgTable(
  'stock_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    vendorId: uuid('vendor_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    threshold: integer('threshold').notNull(),
    available: integer('available').notNull(),
    status: text('status').$type<StockAlertStatus>().notNull().default('open'),
    resolvedAvailable: integer('resolved_available'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('stock_alerts_vendor_id_key').on(t.vendorId, t.id),
    uniqueIndex('stock_alerts_open_key').on(t.vendorId, t.variantId).where(sql`status = 'open'`),
    index('stock_alerts_vendor_seq_idx').on(t.vendorId, t.seq),
    index('stock_alerts_vendor_status_seq_idx').on(t.vendorId, t.status, t.seq),
    foreignKey({
      columns: [t.vendorId, t.variantId],
      foreignColumns: [variants.vendorId, variants.id],
      name: 'stock_alerts_variant_fk',
    }).onDelete('cascade'),
    check('stock_alerts_status_check', sql`${t.status} in ('open', 'resolved')`),
    check(
      'stock_alerts_resolution_check',
      sql`(${t.status} = 'open') = (${t.resolvedAt} is null) and (${t.status} = 'open') = (${t.resolvedAvailable} is null)`,
    ),
    policy('stock_alerts_scope'),
  ],
);
