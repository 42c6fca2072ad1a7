import { and, asc, desc, eq } from 'drizzle-orm';
import { pricingRules } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';

export type RuleRow = typeof pricingRules.$inferSelect;
export type NewRuleRow = typeof pricingRules.$inferInsert;

/** Every rule of the vendor, the winning order first (priority, then newest). */
export function findRules(q: HttpDb | WsTx, vendorId: string) {
  return q
    .select()
    .from(pricingRules)
    .where(eq(pricingRules.vendorId, vendorId))
    .orderBy(desc(pricingRules.priority), desc(pricingRules.createdAt), asc(pricingRules.id));
}

export function findRule(q: HttpDb | WsTx, vendorId: string, id: string) {
  return q
    .select()
    .from(pricingRules)
    .where(and(eq(pricingRules.vendorId, vendorId), eq(pricingRules.id, id)));
}
