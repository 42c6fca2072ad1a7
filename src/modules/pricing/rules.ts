import type { VariantSelection } from '../catalog';
import type { PricingRuleFacts, RuleScope } from './compute';
import type { RuleRow } from './repo';
import type { Rule } from './schemas';

/** A stored rule as the engine computes with it. */
export function toFacts(row: RuleRow): PricingRuleFacts {
  return {
    id: row.id,
    kind: row.kind,
    direction: row.direction,
    basis: row.basis,
    value: Number(row.value),
    scope: row.scope,
    scopeValue: row.scopeValue,
    rounding: row.rounding,
    minMarginPercent: row.minMarginPercent === null ? null : Number(row.minMarginPercent),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    priority: row.priority,
    active: row.active,
    createdAt: row.createdAt,
  };
}

/** A stored rule as the API shows it. */
export function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    direction: row.direction,
    basis: row.basis,
    value: Number(row.value),
    scope: row.scope,
    scopeValue: row.scopeValue,
    rounding: row.rounding,
    minMarginPercent: row.minMarginPercent === null ? null : Number(row.minMarginPercent),
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    priority: row.priority,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The variants a set of scopes covers, plus those the given rules priced last. */
export function selectionFor(
  scopes: { scope: RuleScope; scopeValue: string | null }[],
  ruleIds: string[] = [],
): VariantSelection {
  const selection: Required<Omit<VariantSelection, 'all' | 'productIds'>> & { all: boolean } = {
    all: false,
    categoryIds: [],
    brands: [],
    sources: [],
    ruleIds,
  };
  for (const { scope, scopeValue } of scopes) {
    if (scope === 'all') selection.all = true;
    else if (scopeValue === null) continue;
    else if (scope === 'category') selection.categoryIds.push(scopeValue);
    else if (scope === 'brand') selection.brands.push(scopeValue);
    else selection.sources.push(scopeValue);
  }
  return selection;
}
