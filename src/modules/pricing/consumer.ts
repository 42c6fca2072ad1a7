/**
 * What the pricing Worker does with each event it receives: a product event re-prices that
 * product's variants; a category move re-prices the moved subtree; a rule change re-prices what the rule's old and new scope cover (and what it
 * priced last); a sale-window message re-prices the rule's scope. All run inside the consumer's
 * vendor transaction, recorded once per message.
 */
import { z } from 'zod';
import type { EventHandler } from '../../platform/consumer';
import { PermanentError } from '../../platform/consumer';
import type { Database } from '../../platform/db';
import type { Envelope } from '../events/envelope';
import { repriceVariants } from './engine';
import { pricingWindowReachedV1, RULE_CHANGE_TOPICS, ruleScopeSchema } from './events';
import { findRule } from './repo';
import { selectionFor } from './rules';
import { type ScheduleEnv, scheduleWindows } from './schedule';

/** The product events that can change a variant's selling price (new variants, base, cost, category, brand). */
export const PRODUCT_TOPICS = ['product.created.v1', 'product.updated.v1', 'product.published.v1'] as const;

const productPayload = z.object({ productId: z.string().uuid() });
const ruleChangePayload = z.object({ ruleId: z.string().uuid(), scopes: z.array(ruleScopeSchema).min(1) });

function parse<T>(schema: z.ZodType<T>, event: Envelope): T {
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) throw new PermanentError(`invalid ${event.topic} payload: ${parsed.error.message}`);
  return parsed.data;
}

/** How many prices each applied event changed, so the Worker kicks the relay only when events wait. */
export const changedBy = new WeakMap<object, number>();

const repriceProduct: EventHandler = async (tx, event) => {
  const { productId } = parse(productPayload, event);
  const result = await repriceVariants(tx, event.vendorId, { productIds: [productId] }, new Date(), [productId]);
  changedBy.set(event, result.changed);
};

const categoryPayload = z.object({ categoryId: z.string().uuid() });

const repriceCategory: EventHandler = async (tx, event) => {
  const { categoryId } = parse(categoryPayload, event);
  // The moved category's subtree is everything whose ancestry changed.
  const result = await repriceVariants(tx, event.vendorId, { categoryIds: [categoryId] }, new Date());
  changedBy.set(event, result.changed);
};

const repriceRuleChange: EventHandler = async (tx, event) => {
  const { ruleId, scopes } = parse(ruleChangePayload, event);
  const selection = selectionFor(scopes, [ruleId]);
  const result = await repriceVariants(tx, event.vendorId, selection, new Date());
  changedBy.set(event, result.changed);
};

const repriceWindow: EventHandler = async (tx, event) => {
  const { ruleId } = parse(pricingWindowReachedV1.schema, event);
  const [rule] = await findRule(tx, event.vendorId, ruleId);
  const scopes = rule ? [{ scope: rule.scope, scopeValue: rule.scopeValue }] : [];
  const result = await repriceVariants(tx, event.vendorId, selectionFor(scopes, [ruleId]), new Date());
  changedBy.set(event, result.changed);
};

/** The pricing Worker's handlers by topic. */
export const pricingHandlers: Record<string, EventHandler> = {
  ...Object.fromEntries(PRODUCT_TOPICS.map((topic) => [topic, repriceProduct])),
  ...Object.fromEntries(RULE_CHANGE_TOPICS.map((topic) => [topic, repriceRuleChange])),
  'category.moved.v1': repriceCategory,
  [pricingWindowReachedV1.topic]: repriceWindow,
};

/** The topics that concern one rule, after which its next window bound gets scheduled. */
const RULE_TOPICS = new Set<string>([...RULE_CHANGE_TOPICS, pricingWindowReachedV1.topic]);

/**
 * After a rule's event committed: schedules its sale-window bounds still ahead. Runs again on a
 * redelivery (QStash drops the duplicate message), so a failed schedule is retried with the event.
 */
export async function scheduleAfterRuleEvent(env: ScheduleEnv, db: Database, event: Envelope): Promise<void> {
  if (!RULE_TOPICS.has(event.topic)) return;
  const ruleId = String(event.payload.ruleId ?? '');
  if (!z.string().uuid().safeParse(ruleId).success) return;
  const [[rule]] = await db.vendor(event.vendorId).read((q) => [findRule(q, event.vendorId, ruleId)] as const);
  if (rule) await scheduleWindows(env, rule);
}
