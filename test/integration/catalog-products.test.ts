import { beforeAll, describe, expect, test } from 'vitest';
import type { Product } from '../../src/modules/catalog/schemas';
import { insertApiKey } from '../harness/attackers';
import { signIn } from '../harness/platform';
import { vendorApi } from '../harness/team';
import {
  type CatalogVendor,
  catalogVendor,
  createProductVia,
  errorOf,
  issuePaths,
  listVia,
  productBody,
  productEvents,
} from './catalog-setup';

let vendor: CatalogVendor;
let other: CatalogVendor;

beforeAll(async () => {
  [vendor, other] = await Promise.all([catalogVendor('Catalog Products'), catalogVendor('Catalog Neighbour')]);
});

describe('creating products', () => {
  test('an editor creates a product with its variants, derived columns, sanitised description and event', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody({ title: 'Heavy Duty Jacket' }, 'HDJ'));
    expect(product).toMatchObject({
      slug: 'heavy-duty-jacket',
      status: 'draft',
      featured: false,
      version: 1,
      brand: 'Acme Wear',
      minPriceMinor: 4999,
      maxPriceMinor: 5499,
      currency: 'EUR',
      publishedAt: null,
      source: 'manual',
      descriptionHtml: '<p>Warm <strong>and</strong> tough.</p>',
    });
    expect(product.variants.map((v) => [v.sku, v.position, v.priceMinor, v.gtin])).toEqual([
      ['HDJ-S', 0, 4999, '4006381333931'],
      ['HDJ-M', 1, 5499, null],
    ]);

    const events = await productEvents(vendor.id, product.id);
    expect(events.map((e) => e.topic)).toEqual(['product.created.v1']);
    expect(events[0]?.payload).toMatchObject({
      productId: product.id,
      slug: 'heavy-duty-jacket',
      status: 'draft',
      version: 1,
      variants: product.variants.map((v) => ({ id: v.id, sku: v.sku, priceMinor: v.priceMinor })),
    });
    expect(String(events[0]?.payload.by)).toMatch(/^user:/);

    const read = await vendorApi<Product>(vendor.slug, vendor.tokens.viewer, 'GET', `/products/${product.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(product);
  });

  test('a derived slug that is taken gets a number; an explicit taken slug is CONFLICT', async () => {
    const title = `Ladder ${crypto.randomUUID().slice(0, 6)}`;
    const first = await createProductVia(vendor, vendor.tokens.editor, productBody({ title }));
    const second = await createProductVia(vendor, vendor.tokens.editor, productBody({ title }));
    const third = await createProductVia(vendor, vendor.tokens.editor, productBody({ title }));
    expect([second.slug, third.slug]).toEqual([`${first.slug}-2`, `${first.slug}-3`]);

    const taken = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/products', productBody({ slug: first.slug }));
    expect(taken.status).toBe(409);
    expect(errorOf(taken.body)).toMatchObject({ code: 'CONFLICT', details: { field: 'slug' } });
  });

  test('a product created active is published at once (created + published events)', async () => {
    const product = await createProductVia(vendor, vendor.tokens.owner, productBody({ status: 'active', featured: true }));
    expect(product.publishedAt).not.toBeNull();
    expect((await productEvents(vendor.id, product.id)).map((e) => e.topic)).toEqual([
      'product.created.v1',
      'product.published.v1',
    ]);
  });

  test('an API key with catalog:write creates products, recorded as the key', async () => {
    const key = await insertApiKey(vendor, { scopes: ['catalog:read', 'catalog:write'] });
    const product = await createProductVia(vendor, key.key, productBody());
    const [created] = await productEvents(vendor.id, product.id);
    expect(created?.payload.by).toBe(`api-key:${key.id}`);
  });
});

describe('refused creations', () => {
  test('validation problems come back with their paths', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ variants: [] }, ['variants']],
      [{ title: '' }, ['title']],
      [{ images: [{ url: 'http://example.com/a.jpg', alt: '' }] }, ['images.0.url']],
      [{ images: [{ url: 'javascript:alert(1)', alt: '' }] }, ['images.0.url']],
      [{ slug: 'Not A Slug!' }, ['slug']],
      [{ variants: [{ sku: 'GT-1', gtin: '4006381333932', options: { Size: 'S' }, priceMinor: 100 }] }, ['variants.0.gtin']],
      [{ variants: [{ sku: 'OPT-1', options: { Size: 'XL' }, priceMinor: 100 }] }, ['variants.0.options']],
      [{ variants: [{ sku: 'OPT-2', options: {}, priceMinor: 100 }] }, ['variants.0.options']],
      [{ variants: [{ sku: 'PR-1', options: { Size: 'S' }, priceMinor: -1 }] }, ['variants.0.priceMinor']],
      [
        { variants: [{ sku: 'PR-2', options: { Size: 'S' }, priceMinor: 500, compareAtMinor: 500 }] },
        ['variants.0.compareAtMinor'],
      ],
      [
        {
          variants: [
            { sku: 'CUR-1', options: { Size: 'S' }, priceMinor: 100, currency: 'EUR' },
            { sku: 'CUR-2', options: { Size: 'M' }, priceMinor: 100, currency: 'USD' },
          ],
        },
        ['variants.1.currency'],
      ],
      [
        {
          variants: [
            { sku: 'DUP-1', options: { Size: 'S' }, priceMinor: 100 },
            { sku: 'DUP-1', options: { Size: 'M' }, priceMinor: 100 },
          ],
        },
        ['variants.1.sku'],
      ],
      [
        {
          variants: [
            { sku: 'SAME-1', options: { Size: 'S' }, priceMinor: 100 },
            { sku: 'SAME-2', options: { Size: 'S' }, priceMinor: 100 },
          ],
        },
        ['variants.1.options'],
      ],
      [
        {
          optionTypes: [
            { name: 'Size', values: ['S'] },
            { name: 'size', values: ['M'] },
          ],
        },
        ['optionTypes.1.name'],
      ],
    ];
    for (const [overrides, paths] of cases) {
      const response = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/products', productBody(overrides));
      expect(response.status, JSON.stringify(overrides)).toBe(422);
      expect(errorOf(response.body).code).toBe('VALIDATION_FAILED');
      expect(issuePaths(response.body), JSON.stringify(overrides)).toEqual(expect.arrayContaining(paths));
    }
  });

  test("a SKU another product of the vendor uses is CONFLICT naming it; another vendor's SKUs don't count", async () => {
    const sku = `SHARED-${crypto.randomUUID().slice(0, 6)}`;
    const body = productBody({ variants: [{ sku, options: { Size: 'S' }, priceMinor: 100 }] });
    await createProductVia(vendor, vendor.tokens.editor, body);
    const again = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/products', body);
    expect(again.status).toBe(409);
    expect(errorOf(again.body)).toMatchObject({ code: 'CONFLICT', details: { sku } });
    expect(errorOf(again.body).message).toContain(sku);
    await createProductVia(other, other.tokens.editor, body);
  });

  test('an unknown category, or one of another vendor, is VALIDATION_FAILED', async () => {
    const category = await vendorApi<{ id: string }>(other.slug, other.tokens.owner, 'POST', '/categories', { name: 'Theirs' });
    for (const categoryId of [crypto.randomUUID(), category.body.id]) {
      const response = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/products', productBody({ categoryId }));
      expect(response.status).toBe(422);
      expect(issuePaths(response.body)).toEqual(['categoryId']);
    }
  });

  test('a viewer may read but not create; anonymous callers and other vendors are refused', async () => {
    const viewer = await vendorApi(vendor.slug, vendor.tokens.viewer, 'POST', '/products', productBody());
    expect([viewer.status, errorOf(viewer.body).code]).toEqual([403, 'FORBIDDEN']);
    expect((await vendorApi(vendor.slug, vendor.tokens.viewer, 'GET', '/products')).status).toBe(200);
    const anonymous = await vendorApi(vendor.slug, undefined, 'GET', '/products');
    expect([anonymous.status, errorOf(anonymous.body).code]).toEqual([401, 'UNAUTHORIZED']);
    const foreign = await vendorApi(vendor.slug, other.tokens.owner, 'POST', '/products', productBody());
    expect([foreign.status, errorOf(foreign.body).code]).toEqual([401, 'UNAUTHORIZED']);
    const demoOwner = await signIn('vendor', 'acme', 'owner@acme.test');
    const list = await vendorApi(vendor.slug, demoOwner, 'GET', '/products');
    expect([list.status, errorOf(list.body).code]).toEqual([401, 'UNAUTHORIZED']);
  });

  test("another vendor's product is NOT_FOUND here", async () => {
    const theirs = await createProductVia(other, other.tokens.editor, productBody());
    const response = await vendorApi(vendor.slug, vendor.tokens.owner, 'GET', `/products/${theirs.id}`);
    expect([response.status, errorOf(response.body).code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('listing products', () => {
  let listed: CatalogVendor;
  let made: Product[];

  beforeAll(async () => {
    listed = await catalogVendor('Catalog Lists');
    const category = await vendorApi<{ id: string }>(listed.slug, listed.tokens.owner, 'POST', '/categories', { name: 'Tools' });
    const specs = [
      { title: 'Claw Hammer', brand: 'Stanley', price: 1999, status: 'active', featured: true, sku: 'HAM-100' },
      { title: 'Sledge Hammer', brand: 'Fiskars', price: 4999, status: 'active', featured: false, sku: 'HAM-200' },
      { title: 'Tape Measure', brand: 'Stanley', price: 999, status: 'draft', featured: false, sku: 'TAPE-5M' },
      { title: 'angle grinder', brand: 'Bosch', price: 8999, status: 'archived', featured: false, sku: 'GRN-125' },
      { title: 'Wood Chisel', brand: 'Stanley', price: 1499, status: 'draft', featured: true, sku: 'CHS-20' },
    ];
    made = [];
    for (const spec of specs) {
      made.push(
        await createProductVia(listed, listed.tokens.editor, {
          title: spec.title,
          brand: spec.brand,
          status: spec.status,
          featured: spec.featured,
          categoryId: spec.title.includes('Hammer') ? category.body.id : null,
          variants: [{ sku: spec.sku, priceMinor: spec.price }],
        }),
      );
    }
  });

  const titles = (page: { data: { title: string }[] }) => page.data.map((p) => p.title);

  test('newest change first by default, with variant counts and prices', async () => {
    const page = await listVia(listed, listed.tokens.viewer);
    expect(titles(page)).toEqual([...made].reverse().map((p) => p.title));
    expect(page.data[0]).toMatchObject({ variantCount: 1, minPriceMinor: 1499, currency: 'EUR', version: 1 });
    expect(page.nextCursor).toBeNull();
  });

  test('search matches word starts in the title, the brand and SKUs', async () => {
    expect(titles(await listVia(listed, listed.tokens.viewer, '?q=hamm'))).toEqual(['Sledge Hammer', 'Claw Hammer']);
    expect(titles(await listVia(listed, listed.tokens.viewer, '?q=fisk'))).toEqual(['Sledge Hammer']);
    expect(titles(await listVia(listed, listed.tokens.viewer, '?q=TAPE-5'))).toEqual(['Tape Measure']);
    expect(titles(await listVia(listed, listed.tokens.viewer, '?q=stanley%20chis'))).toEqual(['Wood Chisel']);
    expect(titles(await listVia(listed, listed.tokens.viewer, `?q=${encodeURIComponent("'):*|!")}`))).toEqual([]);
  });

  test("a search never returns another vendor's products", async () => {
    await createProductVia(other, other.tokens.editor, productBody({ title: 'Claw Hammer Deluxe' }));
    expect(titles(await listVia(listed, listed.tokens.viewer, '?q=claw'))).toEqual(['Claw Hammer']);
  });

  test('any SKU is found as typed and by its start, hex-like runs included, only on its own vendor', async () => {
    // 3E45 reads as a number to Postgres' text parser; the SKU prefix match finds it anyway.
    await createProductVia(other, other.tokens.editor, productBody({ title: 'Hex Coded Jacket' }, 'QX-3E45-0B'));
    for (const q of ['QX-3E45-0B-S', 'qx-3e45-0b', 'QX-3E4', 'qx-3e45-0b-m'])
      expect(titles(await listVia(other, other.tokens.viewer, `?q=${encodeURIComponent(q)}`)), q).toEqual(['Hex Coded Jacket']);
    expect(titles(await listVia(listed, listed.tokens.viewer, '?q=QX-3E45'))).toEqual([]);
  });

  test('filters: status, category, brand, featured', async () => {
    expect(titles(await listVia(listed, listed.tokens.viewer, '?status=draft'))).toEqual(['Wood Chisel', 'Tape Measure']);
    const categoryId = made[0]?.categoryId;
    expect(titles(await listVia(listed, listed.tokens.viewer, `?categoryId=${categoryId}`))).toEqual([
      'Sledge Hammer',
      'Claw Hammer',
    ]);
    expect(titles(await listVia(listed, listed.tokens.viewer, '?brand=Stanley&featured=true'))).toEqual([
      'Wood Chisel',
      'Claw Hammer',
    ]);
  });

  test('sorts by title (case-insensitive) and price both ways', async () => {
    expect(titles(await listVia(listed, listed.tokens.viewer, '?sort=title'))).toEqual([
      'angle grinder',
      'Claw Hammer',
      'Sledge Hammer',
      'Tape Measure',
      'Wood Chisel',
    ]);
    expect(titles(await listVia(listed, listed.tokens.viewer, '?sort=price'))[0]).toBe('Tape Measure');
    expect(titles(await listVia(listed, listed.tokens.viewer, '?sort=-price'))[0]).toBe('angle grinder');
  });

  test('keyset pages cover every product once, in every sort', async () => {
    for (const sort of ['-updated', 'title', 'price', '-price']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await listVia(listed, listed.tokens.viewer, query);
        expect(page.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.data.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.length, sort).toBe(5);
      expect(new Set(seen).size, sort).toBe(5);
    }
  });

  test('a bad cursor, a cursor of another sort and a limit over 100 are VALIDATION_FAILED', async () => {
    const first = await listVia(listed, listed.tokens.viewer, '?limit=1');
    for (const query of ['?cursor=nonsense', `?sort=title&cursor=${first.nextCursor}`, '?limit=101', '?status=gone']) {
      const response = await vendorApi(listed.slug, listed.tokens.viewer, 'GET', `/products${query}`);
      expect(response.status, query).toBe(422);
      expect(errorOf(response.body).code).toBe('VALIDATION_FAILED');
    }
  });
});
