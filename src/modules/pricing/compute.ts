/**
 * The pricing engine's arithmetic, free of I/O: which rule prices a variant and what it makes of
 * the variant's base price or cost. Amounts are integer minor units (cents); rounding endings
 * assume two decimals, as every currency the catalog takes does.
 */

export type RuleKind = 'percent' | 'fixed';
export type RuleDirection = 'markup' | 'markdown';
export type RuleBasis = 'base' | 'cost';
export type RuleScope = 'all' | 'category' | 'brand' | 'source';
export type Rounding = 'none' | '99' | '95' | '00';

/** A pricing rule as the engine needs it. `value` is a percentage (`percent`) or minor units (`fixed`). */
export interface PricingRuleFacts {
  id: string;
  kind: RuleKind;
  direction: RuleDirection;
  basis: RuleBasis;
  value: number;
  scope: RuleScope;
  scopeValue: string | null;
  rounding: Rounding;
  minMarginPercent: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  priority: number;
  active: boolean;
  createdAt: Date;
}

/** What a variant's price depends on. `categoryPath` is its product's category and every ancestor. */
export interface VariantPricingFacts {
  basePriceMinor: number;
  costMinor: number | null;
  categoryPath: readonly string[];
  brand: string | null;
  source: string;
}

export interface SellingPrice {
  priceMinor: number;
  ruleId: string | null;
}

/** Whether `now` falls in the rule's sale window (open-ended where a bound is missing; the end is exclusive). */
export function inWindow(rule: Pick<PricingRuleFacts, 'startsAt' | 'endsAt'>, now: Date): boolean {
  const t = now.getTime();
  return (rule.startsAt === null || rule.startsAt.getTime() <= t) && (rule.endsAt === null || t < rule.endsAt.getTime());
}

/** Whether the rule's scope covers the variant (a category covers its descendants; brands match case-insensitively). */
export function scopeMatches(rule: Pick<PricingRuleFacts, 'scope' | 'scopeValue'>, variant: VariantPricingFacts): boolean {
  switch (rule.scope) {
    case 'all':
      return true;
    case 'category':
      return rule.scopeValue !== null && variant.categoryPath.includes(rule.scopeValue);
    case 'brand':
      return rule.scopeValue !== null && variant.brand?.toLowerCase() === rule.scopeValue.toLowerCase();
    case 'source':
      return variant.source === rule.scopeValue;
  }
}

/** Whether the rule prices this variant now: active, in its window, in scope, and with a cost when it needs one. */
export function ruleApplies(rule: PricingRuleFacts, variant: VariantPricingFacts, now: Date): boolean {
  return (
    rule.active && inWindow(rule, now) && scopeMatches(rule, variant) && (rule.basis === 'base' || variant.costMinor !== null)
  );
}

/** Rules in the order they win: highest priority first, then the newest, then by id (a total order). */
export function byPrecedence<R extends Pick<PricingRuleFacts, 'id' | 'priority' | 'createdAt'>>(rules: readonly R[]): R[] {
  return [...rules].sort(
    (a, b) =>
      b.priority - a.priority || b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Hundredths of `value` as an exact integer (12.5 → 1250), so percentages need no float arithmetic. */
const hundredths = (value: number) => Math.round(value * 100);

/** The smallest amount at or above `amount` that ends in the rounding's cents (12.34 → 12.99 with `99`). */
export function roundUpToEnding(amount: number, rounding: Rounding): number {
  if (rounding === 'none') return amount;
  const cents = Number(rounding);
  const candidate = Math.floor(amount / 100) * 100 + cents;
  return candidate >= amount ? candidate : candidate + 100;
}

/** The lowest price that keeps `minMarginPercent` over cost (rounded up to a whole minor unit). */
export function marginFloor(costMinor: number, minMarginPercent: number): number {
  return Math.ceil((costMinor * (10_000 + hundredths(minMarginPercent))) / 10_000);
}

/**
 * What `rule` makes of a variant: the basis (base price or cost) moved up or down by a percentage
 * (half-up to a minor unit) or a fixed amount, never below zero; then raised to the minimum
 * margin over cost when the rule has one and the cost is known; then rounded up to the ending,
 * which can only raise it, so it never falls below that floor.
 */
export function applyRule(rule: PricingRuleFacts, variant: Pick<VariantPricingFacts, 'basePriceMinor' | 'costMinor'>): number {
  const basis = rule.basis === 'cost' ? (variant.costMinor ?? variant.basePriceMinor) : variant.basePriceMinor;
  const delta = rule.kind === 'percent' ? Math.round((basis * hundredths(rule.value)) / 10_000) : Math.round(rule.value);
  let price = Math.max(0, rule.direction === 'markup' ? basis + delta : basis - delta);
  if (rule.minMarginPercent !== null && variant.costMinor !== null)
    price = Math.max(price, marginFloor(variant.costMinor, rule.minMarginPercent));
  return roundUpToEnding(price, rule.rounding);
}

/** The rule that prices the variant now: the first applicable one in precedence order (`rules` already sorted). */
export function selectRule<R extends PricingRuleFacts>(
  sortedRules: readonly R[],
  variant: VariantPricingFacts,
  now: Date,
): R | undefined {
  return sortedRules.find((rule) => ruleApplies(rule, variant, now));
}

/** The variant's selling price and the rule behind it; without an applicable rule, the base price. */
export function computeSellingPrice(
  sortedRules: readonly PricingRuleFacts[],
  variant: VariantPricingFacts,
  now: Date,
): SellingPrice {
  const rule = selectRule(sortedRules, variant, now);
  return rule ? { priceMinor: applyRule(rule, variant), ruleId: rule.id } : { priceMinor: variant.basePriceMinor, ruleId: null };
}

/** The rule's window bounds still ahead of `now`: when prices must change again by themselves. */
export function upcomingBoundaries(rule: Pick<PricingRuleFacts, 'startsAt' | 'endsAt'>, now: Date): Date[] {
  return [rule.startsAt, rule.endsAt].filter((at): at is Date => at !== null && at.getTime() > now.getTime());
}
