import { describe, expect, it } from 'vitest';
import {
  applyRule,
  byPrecedence,
  computeSellingPrice,
  inWindow,
  marginFloor,
  type PricingRuleFacts,
  roundUpToEnding,
  upcomingBoundaries,
  type VariantPricingFacts,
} from '../../src/modules/pricing/compute';

const NOW = new Date('2026-06-01T12:00:00Z');

function rule(overrides: Partial<PricingRuleFacts> = {}): PricingRuleFacts {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'percent',
    direction: 'markup',
    basis: 'base',
    value: 10,
    scope: 'all',
    scopeValue: null,
    rounding: 'none',
    minMarginPercent: null,
    startsAt: null,
    endsAt: null,
    priority: 0,
    active: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

const variant = (overrides: Partial<VariantPricingFacts> = {}): VariantPricingFacts => ({
  basePriceMinor: 1000,
  costMinor: 600,
  categoryPath: [],
  brand: null,
  source: 'manual',
  ...overrides,
});

describe('applyRule', () => {
  it('marks up and down by a percentage, half-up to a minor unit', () => {
    expect(applyRule(rule({ value: 10 }), variant({ basePriceMinor: 1234 }))).toBe(1357); // 123.4 → 123
    expect(applyRule(rule({ value: 12.5 }), variant({ basePriceMinor: 1000 }))).toBe(1125);
    expect(applyRule(rule({ value: 15, direction: 'markdown' }), variant({ basePriceMinor: 1999 }))).toBe(1699); // 299.85 → 300
    expect(applyRule(rule({ value: 0.5 }), variant({ basePriceMinor: 101 }))).toBe(102); // 0.505 → 1
  });

  it('adds or takes a fixed amount, never below zero', () => {
    expect(applyRule(rule({ kind: 'fixed', value: 250 }), variant())).toBe(1250);
    expect(applyRule(rule({ kind: 'fixed', value: 250, direction: 'markdown' }), variant())).toBe(750);
    expect(applyRule(rule({ kind: 'fixed', value: 5000, direction: 'markdown' }), variant({ costMinor: null }))).toBe(0);
  });

  it('prices from cost when the basis is cost', () => {
    expect(applyRule(rule({ basis: 'cost', value: 50 }), variant({ costMinor: 600 }))).toBe(900);
  });

  it('raises a price below the minimum margin over cost to it', () => {
    // 40 % off 1000 = 600, but cost 600 with 20 % margin needs 720.
    expect(applyRule(rule({ value: 40, direction: 'markdown', minMarginPercent: 20 }), variant())).toBe(720);
    // Above the floor: untouched.
    expect(applyRule(rule({ value: 10, direction: 'markdown', minMarginPercent: 20 }), variant())).toBe(900);
    // No cost, no floor.
    expect(applyRule(rule({ value: 40, direction: 'markdown', minMarginPercent: 20 }), variant({ costMinor: null }))).toBe(600);
  });

  it('rounds after the margin floor, up to the ending, never below the floor', () => {
    // floor 720 → .99 ending 799, .95 → 795, .00 → 800
    const sale = { value: 40, direction: 'markdown' as const, minMarginPercent: 20 };
    expect(applyRule(rule({ ...sale, rounding: '99' }), variant())).toBe(799);
    expect(applyRule(rule({ ...sale, rounding: '95' }), variant())).toBe(795);
    expect(applyRule(rule({ ...sale, rounding: '00' }), variant())).toBe(800);
  });
});

describe('roundUpToEnding', () => {
  it('moves up to the next amount with the ending, keeping one that has it', () => {
    expect(roundUpToEnding(1234, '99')).toBe(1299);
    expect(roundUpToEnding(1299, '99')).toBe(1299);
    expect(roundUpToEnding(1296, '95')).toBe(1395);
    expect(roundUpToEnding(1234, '00')).toBe(1300);
    expect(roundUpToEnding(1300, '00')).toBe(1300);
    expect(roundUpToEnding(0, '99')).toBe(99);
    expect(roundUpToEnding(1234, 'none')).toBe(1234);
  });
});

describe('marginFloor', () => {
  it('is cost times one plus the margin, rounded up', () => {
    expect(marginFloor(600, 20)).toBe(720);
    expect(marginFloor(333, 10)).toBe(367); // 366.3
    expect(marginFloor(1000, 12.34)).toBe(1124); // 1123.4
  });
});

describe('computeSellingPrice', () => {
  it('is the base price without an applicable rule', () => {
    expect(computeSellingPrice([], variant(), NOW)).toEqual({ priceMinor: 1000, ruleId: null });
    expect(computeSellingPrice([rule({ active: false })], variant(), NOW)).toEqual({ priceMinor: 1000, ruleId: null });
  });

  it('takes the highest-priority rule whose scope matches', () => {
    const broad = rule({ id: 'a', value: 10, priority: 1 });
    const brand = rule({ id: 'b', value: 20, priority: 5, scope: 'brand', scopeValue: 'ACME' });
    const rules = byPrecedence([broad, brand]);
    expect(computeSellingPrice(rules, variant({ brand: 'acme' }), NOW)).toEqual({ priceMinor: 1200, ruleId: 'b' });
    expect(computeSellingPrice(rules, variant({ brand: 'Other' }), NOW)).toEqual({ priceMinor: 1100, ruleId: 'a' });
  });

  it('breaks priority ties by the newest rule', () => {
    const older = rule({ id: 'old', value: 10, createdAt: new Date('2026-01-01T00:00:00Z') });
    const newer = rule({ id: 'new', value: 30, createdAt: new Date('2026-02-01T00:00:00Z') });
    expect(computeSellingPrice(byPrecedence([older, newer]), variant(), NOW).ruleId).toBe('new');
  });

  it('covers a category and its descendants, a source, and skips cost rules without a cost', () => {
    const tools = rule({ id: 'c', scope: 'category', scopeValue: 'tools' });
    expect(computeSellingPrice([tools], variant({ categoryPath: ['drills', 'tools'] }), NOW).ruleId).toBe('c');
    expect(computeSellingPrice([tools], variant({ categoryPath: ['garden'] }), NOW).ruleId).toBeNull();
    const feed = rule({ id: 's', scope: 'source', scopeValue: 'letzshop' });
    expect(computeSellingPrice([feed], variant({ source: 'letzshop' }), NOW).ruleId).toBe('s');
    expect(computeSellingPrice([feed], variant({ source: 'manual' }), NOW).ruleId).toBeNull();
    const fromCost = rule({ id: 'k', basis: 'cost', priority: 9 });
    expect(
      computeSellingPrice(byPrecedence([fromCost, tools]), variant({ costMinor: null, categoryPath: ['tools'] }), NOW),
    ).toEqual({ priceMinor: 1100, ruleId: 'c' });
  });

  it('applies a sale only inside its window (end exclusive)', () => {
    const sale = rule({
      id: 'sale',
      direction: 'markdown',
      value: 50,
      startsAt: new Date('2026-06-01T00:00:00Z'),
      endsAt: new Date('2026-06-02T00:00:00Z'),
    });
    expect(computeSellingPrice([sale], variant(), NOW)).toEqual({ priceMinor: 500, ruleId: 'sale' });
    expect(computeSellingPrice([sale], variant(), new Date('2026-05-31T23:59:59Z')).ruleId).toBeNull();
    expect(inWindow(sale, new Date('2026-06-02T00:00:00Z'))).toBe(false);
    expect(upcomingBoundaries(sale, new Date('2026-05-01T00:00:00Z'))).toHaveLength(2);
    expect(upcomingBoundaries(sale, NOW)).toEqual([new Date('2026-06-02T00:00:00Z')]);
  });
});
