import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

/**
 * Pricing events. A rule change (created, updated, deleted) names the scopes it touched — the old
 * and the new one — so the pricing Worker re-prices exactly the variants they cover. Every
 * selling price the engine changes is one price.changed.v1.
 */

const uuid = z.string().uuid();

/** A rule's scope as events carry it. */
export const ruleScopeSchema = z.object({
  scope: z.enum(['all', 'category', 'brand', 'source']),
  scopeValue: z.string().nullable(),
});

const ruleChange = z.object({
  ruleId: uuid,
  version: z.number().int(),
  by: z.string(),
  /** The scopes before and after the change (one for create and delete). */
  scopes: z.array(ruleScopeSchema).min(1).max(2),
});

/** A pricing rule was created. */
export const pricingRuleCreatedV1 = defineEvent('pricing-rule.created.v1', 'pricing-rule', ruleChange);

/** A pricing rule changed (any field, including its active flag or sale window). */
export const pricingRuleUpdatedV1 = defineEvent('pricing-rule.updated.v1', 'pricing-rule', ruleChange);

/** A pricing rule was deleted. */
export const pricingRuleDeletedV1 = defineEvent('pricing-rule.deleted.v1', 'pricing-rule', ruleChange);

/**
 * A rule's sale window opens or closes now. Never in the outbox: the pricing Worker schedules it
 * through QStash (with a delay) for itself when it prices a rule with a bound still ahead.
 */
export const pricingWindowReachedV1 = defineEvent(
  'pricing-rule.window-reached.v1',
  'pricing-rule',
  z.object({ ruleId: uuid, at: z.string() }),
);

/** The engine changed a variant's selling price. `ruleId` null: back to the base price. */
export const priceChangedV1 = defineEvent(
  'price.changed.v1',
  'variant',
  z.object({
    variantId: uuid,
    productId: uuid,
    sku: z.string(),
    oldPriceMinor: z.number().int(),
    newPriceMinor: z.number().int(),
    basePriceMinor: z.number().int(),
    currency: z.string().length(3),
    ruleId: uuid.nullable(),
  }),
);

export const RULE_CHANGE_TOPICS = [pricingRuleCreatedV1.topic, pricingRuleUpdatedV1.topic, pricingRuleDeletedV1.topic];
