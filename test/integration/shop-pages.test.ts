import { beforeAll, describe, expect, test } from 'vitest';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';
import { createShopVendor, hardwareCatalog, type ShopFixture } from './shop-fixtures';

let shop: ShopFixture;
let other: ShopFixture;

beforeAll(async () => {
  [shop, other] = await Promise.all([
    createShopVendor('Pages Hardware', hardwareCatalog()),
    createShopVendor('Other Pages Shop', {
      products: [
        { title: 'Foreign Gadget', slug: 'foreign-gadget', status: 'active', variants: [{ sku: 'FG-1', priceMinor: 100 }] },
      ],
    }),
  ]);
}, 120_000);

async function page(path: string, host = shop.vendor.slug): Promise<{ status: number; html: string; response: Response }> {
  const response = await request(hostUrl(host, path));
  return { status: response.status, html: await response.text(), response };
}

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const metaOf = (html: string, attribute: 'name' | 'property', key: string) =>
  new RegExp(`<meta ${attribute}="${key}" content="([^"]*)"`).exec(html)?.[1];

function jsonLdOf(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(match, 'JSON-LD script').toBeTruthy();
  return JSON.parse(match?.[1] ?? 'null') as Record<string, unknown>;
}

describe('shop pages', () => {
  test('home shows featured products, category tiles, new arrivals and the dismissable announcement', async () => {
    const { status, html } = await page('/');
    expect(status).toBe(200);
    expect(html).toContain('Pages Hardware');
    expect(html).toContain('Featured products');
    expect(html).toContain('Cordless Drill 18V');
    expect(html).toContain('href="/categories/tools"');
    expect(html).not.toContain('href="/categories/empty-shelf"');
    expect(html).toContain('New arrivals');
    expect(html).toContain('aria-label="Dismiss announcement"');
    expect(html).not.toContain('Secret Prototype Drill');
  });

  test('a product page has its title, meta tags, canonical link and Product JSON-LD with offers', async () => {
    const { status, html } = await page('/products/cordless-drill-18v');
    expect(status).toBe(200);
    expect(titleOf(html)).toBe('Cordless Drill 18V — Pages Hardware');
    const description = metaOf(html, 'name', 'description');
    expect(description).toBe('Light, strong and ready for every job. Two speeds LED light');
    expect(html).toContain(`<link rel="canonical" href="${hostUrl(shop.vendor.slug, '/products/cordless-drill-18v')}"`);
    expect(metaOf(html, 'property', 'og:type')).toBe('product');
    expect(metaOf(html, 'property', 'og:title')).toBe('Cordless Drill 18V');
    expect(metaOf(html, 'property', 'og:image')).toBe('https://img.example.com/drill-front.jpg');
    const ld = jsonLdOf(html);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Cordless Drill 18V',
      brand: { '@type': 'Brand', name: 'Bosch' },
      offers: {
        '@type': 'AggregateOffer',
        lowPrice: '99.00',
        highPrice: '129.00',
        priceCurrency: 'EUR',
        offerCount: 2,
        availability: 'https://schema.org/InStock',
      },
    });
    const offers = (ld.offers as { offers: { sku: string; availability: string; price: string }[] }).offers;
    expect(offers.map((o) => [o.sku, o.price, o.availability])).toEqual([
      ['DRL-18-S', '99.00', 'https://schema.org/InStock'],
      ['DRL-18-L', '129.00', 'https://schema.org/OutOfStock'],
    ]);
    // The variant picker starts on the variant in stock, its compare-at price struck through.
    expect(html).toContain('€99.00');
    expect(html).toContain('€129.00');
    expect(html).toContain('Only 3 left');
    expect(html).toContain('x-data="variantPicker(');
    expect(html).toContain('<em>strong</em>');
    expect(html).toMatch(/<a href="\/categories\/drills"[^>]*>Drills<\/a>/);
  });

  test('a single-variant product has one Offer; out of stock disables adding to the cart', async () => {
    const { status, html } = await page('/products/garden-hose-25m');
    expect(status).toBe(200);
    expect(jsonLdOf(html)).toMatchObject({
      '@type': 'Product',
      sku: 'GH-25',
      offers: { '@type': 'Offer', price: '29.99', priceCurrency: 'EUR', availability: 'https://schema.org/OutOfStock' },
    });
    expect(html).toContain('Out of stock');
    expect(html).toMatch(/<button[^>]*class="btn btn-primary btn-lg variant-add[^"]*"[^>]*disabled/);
  });

  test('unknown, draft and foreign products are a 404 page inside the shop', async () => {
    for (const slug of ['no-such-thing', 'secret-prototype-drill', 'old-drill', 'foreign-gadget']) {
      const { status, html } = await page(`/products/${slug}`);
      expect(status, slug).toBe(404);
      expect(titleOf(html), slug).toBe('Product not found — Pages Hardware');
      expect(html).toContain('We couldn&#39;t find that product');
      expect(html).not.toContain('application/ld+json');
    }
    expect((await page('/products/foreign-gadget', other.vendor.slug)).status).toBe(200);
  });

  test('search lists matches with a count, filters and sort; no match gets a helpful empty state', async () => {
    const found = await page('/search?q=drill');
    expect(found.status).toBe(200);
    expect(found.html).toContain('Cordless Drill 18V');
    expect(found.html).toContain('Hammer Drill Pro');
    expect(found.html).toContain('2 products found for “drill”');
    expect(found.html).toContain('name="brand" value="Bosch"');
    expect(found.html).toContain('<option value="relevance" selected');
    const none = await page('/search?q=zzzzzz');
    expect(none.status).toBe(200);
    expect(none.html).toContain('No products match “zzzzzz”');
    expect(none.html).toContain('Browse all products');
  });

  test('the all-products listing pages with a cursor link, and a broken cursor starts over', async () => {
    const first = await page('/search?sort=price');
    expect(first.html).toContain('12 products');
    const all = await page('/search?sort=title&brand=Spax&min=7');
    expect(all.html).toContain('5 products');
    const small = await request(hostUrl(shop.vendor.slug, '/search?cursor=broken'));
    expect(small.status).toBe(302);
    expect(small.headers.get('location')).toBe('/search');
    const redirect = await request(hostUrl(shop.vendor.slug, '/products?q=drill'));
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/search?q=drill');
  });

  test('a category page shows its path, subcategories and products; an unknown one is a 404 page', async () => {
    const tools = await page('/categories/tools');
    expect(tools.status).toBe(200);
    expect(titleOf(tools.html)).toBe('Tools — Pages Hardware');
    expect(tools.html).toContain('href="/categories/drills"');
    expect(tools.html).toContain('Claw Hammer');
    const drills = await page('/categories/drills?inStock=true');
    expect(drills.html).toContain('Cordless Drill 18V');
    expect(drills.html).not.toContain('Claw Hammer');
    expect(drills.html).toMatch(/<a href="\/categories\/tools"[^>]*>Tools<\/a>/);
    const missing = await page('/categories/no-such-category');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('find that category');
  });
});
