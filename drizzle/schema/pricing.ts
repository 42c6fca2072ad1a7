import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  numeric,
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

export type PricingRuleKind = 'percent' | 'fixed';
export type PricingRuleDirection = 'markup' | 'markdown';
export type PricingRuleBasis = 'base' | 'cost';
export type PricingRuleScope = 'all' | 'category' | 'brand' | 'source';
export type PricingRounding = 'none' | '99' | '95' | '00';

/**
 * A vendor's pricing rule: how a selling price follows from a variant's base price (or cost).
 * `value` is a percentage for `percent` rules and minor units for `fixed` ones. `scope_value` is
 * the category id, brand or import source the rule covers (null for `all`). The highest-priority
 * active rule whose scope and sale window (`starts_at`/`ends_at`) match prices a variant.
 * `version` is the optimistic-concurrency token.
 */
export const pricingRules = pgTable(
  'pricing_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').$type<PricingRuleKind>().notNull(),
    direction: text('direction').$type<PricingRuleDirection>().notNull(),
    basis: text('basis').$type<PricingRuleBasis>().notNull().default('base'),
    value: numeric('value', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    scope: text('scope').$type<PricingRuleScope>().notNull().default('all'),
    scopeValue: text('scope_value'),
    rounding: text('rounding').$type<PricingRounding>().notNull().default('none'),
    minMarginPercent: numeric('min_margin_percent', { precision: 7, scale: 2, mode: 'number' }),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    priority: integer('priority').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pricing_rules_vendor_id_key').on(t.vendorId, t.id),
    index('pricing_rules_vendor_priority_idx').on(t.vendorId, t.priority, t.createdAt),
    check('pricing_rules_kind_check', sql`${t.kind} in ('percent', 'fixed')`),
    check('pricing_rules_direction_check', sql`${t.direction} in ('markup', 'markdown')`),
    check('pricing_rules_basis_check', sql`${t.basis} in ('base', 'cost')`),
    check('pricing_rules_scope_check', sql`${t.scope} in ('all', 'category', 'brand', 'source')`),
    check('pricing_rules_rounding_check', sql`${t.rounding} in ('none', '99', '95', '00')`),
    check('pricing_rules_value_check', sql`${t.value} >= 0`),
    check('pricing_rules_window_check', sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.startsAt} < ${t.endsAt}`),
    policy('pricing_rules_scope_policy'),
  ],
);
