import { sql } from 'drizzle-orm';
import { boolean, index, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { currentVendorId, isPlatformScope, vendorRowFilter } from './rls';
import { vendors } from './tenancy';

export type TeamRole = 'owner' | 'manager' | 'editor' | 'viewer';
export type SessionAudience = 'admin' | 'team' | 'customer';

/**
 * Platform identities: admins and vendor team members (one person, many vendors). Written only in
 * the platform scope; a vendor scope reads just the users who are members of that vendor.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    pgPolicy('users_read', {
      for: 'select',
      using: sql`(${isPlatformScope} or exists (select 1 from memberships m where m.user_id = users.id and m.vendor_id = ${currentVendorId}))`,
    }),
    pgPolicy('users_insert', { for: 'insert', withCheck: isPlatformScope }),
    pgPolicy('users_update', { for: 'update', using: isPlatformScope, withCheck: isPlatformScope }),
    pgPolicy('users_delete', { for: 'delete', using: isPlatformScope }),
  ],
);

/** A user's role on one vendor's team. */
export const memberships = pgTable(
  'memberships',
  {
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<TeamRole>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.vendorId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
    pgPolicy('memberships_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);

/** Shoppers belong to one vendor: the same email at two vendors is two customers. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_vendor_email_key').on(t.vendorId, t.email),
    // The target of other tables' composite (vendor_id, customer_id) foreign keys.
    uniqueIndex('customers_vendor_id_key').on(t.vendorId, t.id),
    pgPolicy('customers_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);

/**
 * Refresh tokens (stored as SHA-256 hashes). Each refresh rotates the token within its family;
 * presenting a rotated token again revokes the whole family. Admin sessions have no vendor and are
 * visible only in the platform scope.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    audience: text('audience').$type<SessionAudience>().notNull(),
    vendorId: uuid('vendor_id').references(() => vendors.id, { onDelete: 'cascade' }),
    subjectId: uuid('subject_id').notNull(),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_family_idx').on(t.familyId),
    index('sessions_vendor_subject_idx').on(t.vendorId, t.subjectId),
    pgPolicy('sessions_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);

/** Vendor API keys for scripts: shown once, stored hashed, limited to their scopes. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('api_keys_vendor_idx').on(t.vendorId, t.createdAt),
    pgPolicy('api_keys_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);

/** Team invitations: the link carries a token whose hash is stored; accepting it makes a membership. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').$type<TeamRole>().notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_vendor_idx').on(t.vendorId, t.createdAt),
    pgPolicy('invitations_scope', { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() }),
  ],
);
