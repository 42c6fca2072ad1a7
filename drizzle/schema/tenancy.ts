import { sql } from 'drizzle-orm';
import { index, jsonb, pgPolicy, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { vendorRowFilter } from './rls';

export type VendorStatus = 'active' | 'suspended';

export interface VendorTheme {
  primary: string;
  accent: string;
  logoUrl: string | null;
}

/** A vendor is the tenant: its own row is visible in its scope, every row in the platform scope. */
export const vendors = pgTable(
  'vendors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    status: text('status').$type<VendorStatus>().notNull().default('active'),
    theme: jsonb('theme').$type<VendorTheme>().notNull().default({ primary: '#1f4fd1', accent: '#f59e0b', logoUrl: null }),
    /** Set when a platform admin has checked the vendor's identity. */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('vendors_slug_key').on(t.slug),
    pgPolicy('vendors_scope', { for: 'all', using: vendorRowFilter(sql`id`), withCheck: vendorRowFilter(sql`id`) }),
  ],
);

/** Custom domains a vendor's shop answers on, once verified. */
export const vendorDomains = pgTable(
  'vendor_domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('vendor_domains_domain_key').on(t.domain),
    index('vendor_domains_vendor_idx').on(t.vendorId),
    pgPolicy('vendor_domains_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);
