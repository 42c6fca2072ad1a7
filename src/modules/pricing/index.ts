/** What others may use of pricing: the vendor routes (main Worker), the rules for dashboard pages, and the consumer's handlers. */
export { changedBy, PRODUCT_TOPICS, pricingHandlers, scheduleAfterRuleEvent } from './consumer';
export { priceChangedV1, RULE_CHANGE_TOPICS } from './events';
export type { ScheduleEnv } from './schedule';
export type { Rule as PricingRule } from './schemas';
export { getRule, listRules } from './service';
