import { describe, expect, test } from 'vitest';
import type { SellableVariant } from '../../src/modules/catalog';
import { includedTax, mergeLines, priceOrder, shippingPrice } from '../../src/modules/orders/pricing';
import { allowedTransitions, canTransition, stockEffect, TRANSITIONS } from '../../src/modules/orders/status';

describe('the order status machine', () => {
  test('only the documented transitions are legal', () => {
    const legal = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}→${to}`));
    expect(legal.sort()).toEqual(
      [
        'pending→confirmed',
        'pending→cancelled',
        'confirmed→processing',
        'confirmed→cancelled',
        'processing→shipped',
        'processing→cancelled',
        'shipped→delivered',
        'shipped→refunded',
        'delivered→refunded',
      ].sort(),
    );
    expect(canTransition('pending', 'shipped')).toBe(false);
    expect(canTransition('shipped', 'cancelled')).toBe(false);
    expect(allowedTransitions('cancelled')).toEqual([]);
    expect(allowedTransitions('refunded')).toEqual([]);
  });

  test('cancelling releases stock, shipping takes it off the shelf, nothing else touches it', () => {
    expect(stockEffect('cancelled')).toBe('release');
    expect(stockEffect('shipped')).toBe('ship');
    for (const to of ['confirmed', 'processing', 'delivered', 'refunded'] as const) expect(stockEffect(to)).toBeNull();
  });
});

const variant = (id: string, priceMinor: number, extra: Partial<SellableVariant> = {}): SellableVariant => ({
  variantId: id,
  productId: `p-${id}`,
  productTitle: `Product ${id}`,
  categoryId: null,
  sku: id.toUpperCase(),
  options: {},
  priceMinor,
  currency: 'EUR',
  weightGrams: 100,
  ...extra,
});

describe('pricing', () => {
  test('VAT is extracted from tax-inclusive prices', () => {
    expect(includedTax(11_700, 1700)).toBe(1700);
    expect(includedTax(1990, 1700)).toBe(289);
    expect(includedTax(1000, 0)).toBe(0);
  });

  test('lines of the same variant merge', () => {
    expect(
      mergeLines([
        { variantId: 'a', quantity: 1 },
        { variantId: 'b', quantity: 2 },
        { variantId: 'a', quantity: 3 },
      ]),
    ).toEqual([
      { variantId: 'a', quantity: 4 },
      { variantId: 'b', quantity: 2 },
    ]);
  });

  test('category rate before the standard rate; shipping at the standard rate; breakdown per rate', () => {
    const variants = new Map([
      ['a', variant('a', 1170)],
      ['b', variant('b', 1030, { categoryId: 'books' })],
    ]);
    const rates = [
      { name: 'Standard', rateBp: 1700, categoryId: null },
      { name: 'Reduced', rateBp: 300, categoryId: 'books' },
    ];
    const method = {
      id: 'm',
      name: 'Parcel',
      kind: 'flat' as const,
      priceMinor: 585,
      brackets: [],
      freeOverMinor: null,
      active: true,
    };
    const quote = priceOrder(
      [
        { variantId: 'a', quantity: 10 },
        { variantId: 'b', quantity: 1 },
      ],
      variants,
      rates,
      method,
    );
    expect(quote).toMatchObject({ subtotalMinor: 12_730, shippingMinor: 585, totalMinor: 13_315 });
    expect(quote.taxBreakdown).toEqual([
      { name: 'Standard', rateBp: 1700, grossMinor: 12_285, taxMinor: 1700 + 85 },
      { name: 'Reduced', rateBp: 300, grossMinor: 1030, taxMinor: 30 },
    ]);
    expect(quote.taxMinor).toBe(1815);
  });

  test('no rates configured: no VAT', () => {
    const quote = priceOrder([{ variantId: 'a', quantity: 1 }], new Map([['a', variant('a', 500)]]), [], null);
    expect(quote).toMatchObject({ taxMinor: 0, shippingMinor: 0, taxBreakdown: [{ name: 'No VAT', rateBp: 0 }] });
  });

  test('weight brackets, free-over threshold, and a parcel too heavy', () => {
    const method = {
      id: 'w',
      name: 'Freight',
      kind: 'weight' as const,
      priceMinor: 0,
      brackets: [
        { upToGrams: 10_000, priceMinor: 1290 },
        { upToGrams: 2000, priceMinor: 590 },
      ],
      freeOverMinor: 50_000,
      active: true,
    };
    expect(shippingPrice(method, 100, 2000)).toBe(590);
    expect(shippingPrice(method, 100, 2001)).toBe(1290);
    expect(shippingPrice(method, 50_000, 9000)).toBe(0);
    expect(() => shippingPrice(method, 100, 10_001)).toThrow(/not valid/);
  });

  test('mixed currencies are refused', () => {
    const variants = new Map([
      ['a', variant('a', 100)],
      ['b', variant('b', 100, { currency: 'CHF' })],
    ]);
    expect(() =>
      priceOrder(
        [
          { variantId: 'a', quantity: 1 },
          { variantId: 'b', quantity: 1 },
        ],
        variants,
        [],
        null,
      ),
    ).toThrow();
  });
});
