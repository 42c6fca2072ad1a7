import { describe, expect, test } from 'vitest';
import { DEMO_PRODUCTS, DEMO_TRADES, demoCatalog, wholesaleCatalog } from '../../scripts/local-platform/demo-catalog';
import { gtin13 } from '../../scripts/local-platform/demo-catalog/random';
import { isAllowedImageUrl, isValidGtin, prepareProduct } from '../../src/modules/catalog';

const VENDOR = '00000000-0000-4000-8000-000000000000';
const slugs = Object.keys(DEMO_TRADES);

describe('demo catalog generator', () => {
  test('makes the same catalog every time', () => {
    for (const slug of slugs) expect(JSON.stringify(demoCatalog(slug))).toBe(JSON.stringify(demoCatalog(slug)));
    expect(JSON.stringify(wholesaleCatalog(500))).toBe(JSON.stringify(wholesaleCatalog(500)));
  });

  test.each(slugs)('%s: every product passes the catalog rules, with unique slugs and SKUs', (slug) => {
    const { items, categories } = demoCatalog(slug);
    expect(items).toHaveLength(DEMO_PRODUCTS);
    const categorySlugs = new Set(categories.map((c) => c.slug));
    for (const item of items) {
      expect(categorySlugs.has(item.category)).toBe(true);
      // Throws VALIDATION_FAILED on anything the API would refuse.
      const prepared = prepareProduct(VENDOR, { ...item.input, categoryId: null }, { kind: 'system', name: 'seed' });
      expect(prepared.product.slug).toBe(item.input.slug);
      expect(prepared.product.descriptionHtml).toBe(item.input.descriptionHtml);
      expect(item.stock).toHaveLength(item.input.variants.length);
      expect(item.input.images?.every((image) => isAllowedImageUrl(image.url))).toBe(true);
    }
    const variants = items.flatMap((item) => item.input.variants);
    expect(new Set(items.map((item) => item.input.slug)).size).toBe(items.length);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    expect(variants.filter((v) => v.gtin && !isValidGtin(v.gtin))).toEqual([]);
    expect(items.filter((item) => item.input.variants.length > 1).length).toBeGreaterThan(items.length / 2);
  });

  test('the wholesale catalog has about 1.5 variants per product and unique keys', () => {
    const { items, categories } = wholesaleCatalog(3000);
    const variants = items.flatMap((item) => item.input.variants);
    expect(variants.length / items.length).toBeGreaterThan(1.35);
    expect(variants.length / items.length).toBeLessThan(1.65);
    expect(new Set(items.map((item) => item.input.slug)).size).toBe(items.length);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    expect(new Set(variants.flatMap((v) => (v.gtin ? [v.gtin] : []))).size).toBe(variants.filter((v) => v.gtin).length);
    expect(new Set(categories.map((c) => c.slug)).size).toBe(categories.length);
  });

  test('GTIN-13 check digits', () => {
    expect(gtin13('400638133393')).toBe('4006381333931');
    expect(isValidGtin(gtin13('426000000001'))).toBe(true);
  });
});
