import { beforeAll, describe, expect, test } from 'vitest';
import type { ShopCategory, ShopCategoryNode, ShopProduct, ShopProductPage } from '../../src/modules/catalog/shop-schemas';
import { request } from '../harness/http';
import { hostUrl, signIn } from '../harness/platform';
import { ACTIVE_HARDWARE, createShopVendor, hardwareCatalog, type ShopFixture } from './shop-fixtures';

let shop: ShopFixture;
let other: ShopFixture;

beforeAll(async () => {
  [shop, other] = await Promise.all([
    createShopVendor('Hardware Hut', hardwareCatalog()),
    createShopVendor('Zebra Goods', {
      products: [
        {
          title: 'Zebra Unique Widget',
          slug: 'zebra-unique-widget',
          brand: 'Zebrabrand',
          status: 'active',
          descriptionHtml: '<p>Only Zebra Goods sells this drill accessory.</p>',
          optionTypes: [{ name: 'Finish', values: ['Plain', 'Coded'] }],
          variants: [
            { sku: 'ZEB-UNIQUE-1', options: { Finish: 'Plain' }, priceMinor: 4200, stock: [5, 5] },
            // Hex-like runs (3E45) are numbers to Postgres' text parser: found by the SKU prefix match.
            { sku: 'ZB-3E45-9F', options: { Finish: 'Coded' }, priceMinor: 4300, stock: [1, 0] },
          ],
        },
      ],
    }),
  ]);
}, 120_000);

async function get<T>(path: string, host = shop.vendor.slug): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await request(hostUrl(host, `/api/v1/shop${path}`));
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function list(query: string, host?: string): Promise<ShopProductPage> {
  const { status, body } = await get<ShopProductPage>(`/products?${query}`, host);
  expect(status, `${query}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

const slugs = (page: ShopProductPage) => page.data.map((product) => product.slug);

/** Follows `nextCursor` until the end, returning every slug in order. */
async function walk(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: ShopProductPage = await list(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    seen.push(...slugs(page));
    cursor = page.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('pagination did not end');
}

async function expectError(path: string, status: number, code: string) {
  const { status: actual, body } = await get<{ error: { code: string } }>(path);
  expect(actual, `${path}: ${JSON.stringify(body)}`).toBe(status);
  expect(body.error.code).toBe(code);
}

describe('GET /shop/products: listing and sorting', () => {
  test('lists only active products with prices, stock and images; shared caches may keep it briefly', async () => {
    const { status, body, headers } = await get<ShopProductPage>('/products');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, max-age=30');
    expect(slugs(body).sort()).toEqual([...ACTIVE_HARDWARE].sort());
    expect(body.nextCursor).toBeNull();
    expect(body.facets).toBeUndefined();
    const drill = body.data.find((p) => p.slug === 'cordless-drill-18v');
    expect(drill).toEqual({
      id: shop.products.get('cordless-drill-18v')?.id,
      slug: 'cordless-drill-18v',
      title: 'Cordless Drill 18V',
      brand: 'Bosch',
      image: { url: 'https://img.example.com/drill-front.jpg', alt: 'The drill from the front' },
      minPriceMinor: 9900,
      maxPriceMinor: 12900,
      compareAtMinor: 12900,
      currency: 'EUR',
      inStock: true,
    });
    const hose = body.data.find((p) => p.slug === 'garden-hose-25m');
    expect(hose).toMatchObject({ inStock: false, image: null, compareAtMinor: null });
  });

  test('newest first by default, in creation order', async () => {
    const page = await list('');
    expect(slugs(page)).toEqual([...ACTIVE_HARDWARE].reverse());
  });

  test('sorts by price both ways and by title', async () => {
    const byPrice = (await list('sort=price')).data.map((p) => p.minPriceMinor);
    expect(byPrice).toEqual([...byPrice].sort((a, b) => a - b));
    const byPriceDesc = (await list('sort=-price')).data.map((p) => p.minPriceMinor);
    expect(byPriceDesc).toEqual([...byPrice].reverse());
    const titles = (await list('sort=title')).data.map((p) => p.title);
    expect(titles).toEqual([...titles].sort());
    expect(titles[0]).toBe('Bit Set for DRL-18-S');
  });

  test('keyset pagination walks every product exactly once, in order, for every sort', async () => {
    for (const sort of ['newest', 'price', '-price', 'title']) {
      const walked = await walk(`sort=${sort}&limit=3`);
      const all = slugs(await list(`sort=${sort}&limit=100`));
      expect(walked, sort).toEqual(all);
      expect(new Set(walked).size, sort).toBe(ACTIVE_HARDWARE.length);
    }
    const searched = await walk('q=drill&limit=1');
    expect(searched).toEqual(slugs(await list('q=drill')));
    expect(searched.length).toBeGreaterThanOrEqual(2);
  });
});

describe('GET /shop/products: search', () => {
  test('finds words in title, brand and description, never drafts or archived products', async () => {
    expect(slugs(await list('q=drill')).sort()).toEqual(['cordless-drill-18v', 'hammer-drill-pro']);
    expect(slugs(await list('q=makita'))).toEqual(['hammer-drill-pro']);
    expect(slugs(await list('q=concrete'))).toEqual(['hammer-drill-pro']);
    expect(slugs(await list('q=prototype'))).toEqual([]);
    expect(slugs(await list('q=old%20drill'))).toEqual([]);
  });

  test('the last word matches as a prefix, so results come while typing', async () => {
    expect(slugs(await list('q=dri')).sort()).toEqual(['cordless-drill-18v', 'hammer-drill-pro']);
    expect(slugs(await list('q=cordless%20dri'))).toEqual(['cordless-drill-18v']);
    expect(slugs(await list('q=gard'))).toEqual(['garden-hose-25m']);
  });

  test('an exact SKU ranks first, before a product that names it in its title; SKU prefixes and GTINs match', async () => {
    const exact = slugs(await list('q=DRL-18-S'));
    expect(exact[0]).toBe('cordless-drill-18v');
    expect(exact).toContain('bit-set');
    expect(slugs(await list('q=drl-18'))[0]).toBe('cordless-drill-18v');
    expect(slugs(await list('q=HMD-2'))).toEqual(['hammer-drill-pro']);
    expect(slugs(await list('q=4006381333931'))).toEqual(['hammer-drill-pro']);
    expect(slugs(await list('q=40063813'))).toEqual(['hammer-drill-pro']);
  });

  test('search operators work and odd input never fails', async () => {
    expect(slugs(await list(`q=${encodeURIComponent('drill -makita')}`))).toEqual(['cordless-drill-18v']);
    expect(slugs(await list(`q=${encodeURIComponent('"cordless drill"')}`))).toEqual(['cordless-drill-18v']);
    expect(slugs(await list(`q=${encodeURIComponent('hose or hammer')}`)).sort()).toEqual([
      'claw-hammer',
      'garden-hose-25m',
      'hammer-drill-pro',
    ]);
    for (const q of ['"', '-', 'or', ':*', "'", '&|!()', 'a:*b', 'drill or', '-drill', '\\', '%_', 'ü', '  ', '<script>']) {
      const { status } = await get(`/products?q=${encodeURIComponent(q)}&facets=true`);
      expect(status, q).toBe(200);
    }
    expect((await list('q=zzzzzz')).data).toEqual([]);
  });
});

describe('GET /shop/products: filters and facets', () => {
  test('filters by category (with its subcategories), brand, price, stock and featured', async () => {
    expect(slugs(await list('category=drills')).sort()).toEqual(['cordless-drill-18v', 'hammer-drill-pro']);
    const tools = slugs(await list('category=tools'));
    expect(tools).toContain('hammer-drill-pro');
    expect(tools).toContain('claw-hammer');
    expect(tools).not.toContain('garden-hose-25m');
    expect(slugs(await list('category=no-such-category'))).toEqual([]);
    expect(slugs(await list('brand=Makita&brand=Stanley')).sort()).toEqual(['claw-hammer', 'hammer-drill-pro']);
    expect(slugs(await list('minPrice=2000&maxPrice=15000')).sort()).toEqual(['cordless-drill-18v', 'garden-hose-25m']);
    const inStock = slugs(await list('inStock=true'));
    expect(inStock).not.toContain('garden-hose-25m');
    expect(inStock).toContain('cordless-drill-18v');
    expect(inStock).toHaveLength(ACTIVE_HARDWARE.length - 1);
    expect(slugs(await list('featured=true'))).toEqual(['cordless-drill-18v']);
    expect(slugs(await list('q=drill&brand=Bosch&inStock=true&category=tools'))).toEqual(['cordless-drill-18v']);
  });

  test('facets count brands without the brand filter and the price range without the price filter', async () => {
    const page = await list('category=tools&brand=Bosch&minPrice=1000&facets=true');
    expect(slugs(page).sort()).toEqual(['bit-set', 'cordless-drill-18v']);
    expect(page.facets?.total).toBe(2);
    // Most products first, then by name; Spax screws from €10.00 are two of the seven.
    expect(page.facets?.brands).toEqual([
      { name: 'Bosch', count: 2 },
      { name: 'Spax', count: 2 },
      { name: 'Makita', count: 1 },
      { name: 'Stanley', count: 1 },
    ]);
    expect(page.facets?.priceRange).toEqual({ min: 1499, max: 9900 });
    const none = await list('q=zzzzzz&facets=true');
    expect(none.facets).toEqual({ total: 0, brands: [], priceRange: null });
  });
});

describe('GET /shop/products/:slug', () => {
  test('answers the product with variants, availability over both locations and its category path', async () => {
    const { status, body, headers } = await get<ShopProduct>('/products/cordless-drill-18v');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, max-age=30');
    expect(body).toMatchObject({
      slug: 'cordless-drill-18v',
      title: 'Cordless Drill 18V',
      brand: 'Bosch',
      minPriceMinor: 9900,
      maxPriceMinor: 12900,
      currency: 'EUR',
      inStock: true,
      category: { slug: 'drills', name: 'Drills' },
      breadcrumb: [
        { slug: 'tools', name: 'Tools' },
        { slug: 'drills', name: 'Drills' },
      ],
      optionTypes: [{ name: 'Battery', values: ['2 Ah', '5 Ah'] }],
      attributes: { Voltage: '18 V' },
      description: 'Light, strong and ready for every job. Two speeds LED light',
    });
    expect(body.descriptionHtml).toContain('<em>strong</em>');
    expect(body.images).toHaveLength(2);
    expect(body.variants).toEqual([
      {
        id: shop.products.get('cordless-drill-18v')?.variants.get('DRL-18-S'),
        sku: 'DRL-18-S',
        gtin: null,
        options: { Battery: '2 Ah' },
        priceMinor: 9900,
        compareAtMinor: 12900,
        currency: 'EUR',
        available: 3,
        inStock: true,
      },
      {
        id: shop.products.get('cordless-drill-18v')?.variants.get('DRL-18-L'),
        sku: 'DRL-18-L',
        gtin: null,
        options: { Battery: '5 Ah' },
        priceMinor: 12900,
        compareAtMinor: null,
        currency: 'EUR',
        available: 0,
        inStock: false,
      },
    ]);
  });

  test('decodes entities in the plain-text description and has no category path without a category', async () => {
    const { body } = await get<ShopProduct>('/products/hammer-drill-pro');
    expect(body.description).toBe('Drills through concrete & brick.');
    expect(body.variants[0]).toMatchObject({ gtin: '4006381333931', available: 10, inStock: true });
    const zebra = await get<ShopProduct>('/products/zebra-unique-widget', other.vendor.slug);
    expect(zebra.body).toMatchObject({ category: null, breadcrumb: [] });
  });

  test('unknown, draft and archived products are NOT_FOUND', async () => {
    for (const slug of ['no-such-product', 'secret-prototype-drill', 'old-drill', 'CORDLESS-DRILL-18V'])
      await expectError(`/products/${slug}`, 404, 'NOT_FOUND');
  });
});

describe('GET /shop/categories', () => {
  test('answers the tree with counts of active products, subcategories included', async () => {
    const { status, body } = await get<{ data: ShopCategoryNode[] }>('/categories');
    expect(status).toBe(200);
    const byName = (nodes: ShopCategoryNode[]) =>
      nodes.map(({ name, productCount, children }) => ({ name, productCount, children: children.map((c) => c.name) }));
    expect(byName(body.data)).toEqual([
      { name: 'Tools', productCount: 11, children: ['Drills'] },
      { name: 'Garden', productCount: 1, children: [] },
      { name: 'Empty shelf', productCount: 0, children: [] },
    ]);
    expect(body.data[0]?.children[0]?.productCount).toBe(2);
  });

  test('answers one category with its path and subcategories; an unknown one is NOT_FOUND', async () => {
    const { status, body } = await get<ShopCategory>('/categories/drills');
    expect(status).toBe(200);
    expect(body).toEqual({
      category: { id: shop.categories.get('drills'), slug: 'drills', name: 'Drills', productCount: 2 },
      breadcrumb: [
        { slug: 'tools', name: 'Tools' },
        { slug: 'drills', name: 'Drills' },
      ],
      children: [],
    });
    const tools = await get<ShopCategory>('/categories/tools');
    expect(tools.body.children.map((c) => c.slug)).toEqual(['drills']);
    await expectError('/categories/no-such-category', 404, 'NOT_FOUND');
  });
});

describe('shop catalog: invalid requests', () => {
  test('bad query parameters are VALIDATION_FAILED', async () => {
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=ten',
      'sort=cheapest',
      'minPrice=-1',
      'minPrice=abc',
      'maxPrice=1.5',
      'minPrice=500&maxPrice=100',
      'inStock=maybe',
      'featured=yes',
      'facets=1x',
      `q=${'x'.repeat(201)}`,
      'cursor=not-a-cursor',
      `cursor=${'A'.repeat(601)}`,
    ])
      await expectError(`/products?${query}`, 422, 'VALIDATION_FAILED');
  });

  test('a cursor only continues the sort it came from, and a forged one is refused', async () => {
    const page = await list('sort=price&limit=2');
    expect(page.nextCursor).toBeTruthy();
    await expectError(`/products?sort=title&limit=2&cursor=${page.nextCursor}`, 422, 'VALIDATION_FAILED');
    const forged = btoa(JSON.stringify(['price', '1; drop table products', 'x'])).replace(/=+$/, '');
    await expectError(`/products?sort=price&cursor=${forged}`, 422, 'VALIDATION_FAILED');
  });
});

describe('shop catalog: isolation between vendors', () => {
  test("a search never finds another vendor's product, by title, SKU, brand or description", async () => {
    for (const q of ['Zebra Unique Widget', 'ZEB-UNIQUE-1', 'zeb-uniq', 'Zebrabrand', 'accessory', 'ZB-3E45-9F', 'zb-3e4'])
      expect((await list(`q=${encodeURIComponent(q)}&facets=true`)).data, q).toEqual([]);
    expect((await list('brand=Zebrabrand')).data).toEqual([]);
    const facets = (await list('facets=true')).facets;
    expect(facets?.brands.map((b) => b.name)).not.toContain('Zebrabrand');
    expect(facets?.total).toBe(ACTIVE_HARDWARE.length);
    // The other way round too, and the product is there on its own host.
    expect(slugs(await list('q=drill', other.vendor.slug))).toEqual(['zebra-unique-widget']);
    expect(slugs(await list('q=DRL-18-S', other.vendor.slug))).toEqual([]);
    for (const q of ['ZB-3E45-9F', 'zb-3e45', 'ZB-3E'])
      expect(slugs(await list(`q=${encodeURIComponent(q)}`, other.vendor.slug)), q).toEqual(['zebra-unique-widget']);
  });

  test("another vendor's product slug and category are NOT_FOUND on this host", async () => {
    await expectError('/products/zebra-unique-widget', 404, 'NOT_FOUND');
    const mine = await get('/products/cordless-drill-18v', other.vendor.slug);
    expect(mine.status).toBe(404);
    const theirCategories = await get<{ data: ShopCategoryNode[] }>('/categories', other.vendor.slug);
    expect(theirCategories.body.data).toEqual([]);
    expect((await get('/categories/drills', other.vendor.slug)).status).toBe(404);
  });

  test('signed-in shoppers browse the same catalog; a token of another vendor is refused', async () => {
    const token = await signIn('shop', 'acme', 'shopper@acme.test');
    const response = await request(hostUrl('acme', '/api/v1/shop/products?limit=1'), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const foreign = await request(hostUrl(shop.vendor.slug, '/api/v1/shop/products'), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(foreign.status).toBe(401);
  });
});
