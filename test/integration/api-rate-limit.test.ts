import { describe, expect, test } from 'vitest';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';
import { bearer, createVendorWithOwner, teamLogin, vendorApi } from '../harness/team';
import { testRedis } from './cart-fixtures';
import { createShopVendor } from './shop-fixtures';

/** The test platform sets API_RATE_LIMIT_PER_KEY=120 (see scripts/local-platform/platform.ts). */
const PER_KEY = 120;

describe('API rate limits', () => {
  test('an API key gets RATE_LIMITED with Retry-After past its per-minute limit; another key is unaffected', async () => {
    const vendor = await createVendorWithOwner();
    const { token } = await teamLogin(vendor.slug, vendor.owner);
    const mint = async (name: string) => {
      const response = await vendorApi<{ key: string }>(vendor.slug, token, 'POST', '/api-keys', {
        name,
        scopes: ['catalog:read'],
      });
      expect(response.status).toBe(201);
      return response.body.key;
    };
    const [busy, calm] = [await mint('busy script'), await mint('calm script')];
    const call = (key: string) => request(hostUrl(vendor.slug, '/api/v1/vendor/products?limit=1'), { headers: bearer(key) });
    // Sliding windows weigh the previous minute, so across a minute boundary a few more than the
    // limit may pass: expect at least the limit to succeed, then a 429 well before twice the limit.
    let succeeded = 0;
    let limited: Response | undefined;
    while (!limited && succeeded < 2 * PER_KEY) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => call(busy)));
      for (const response of batch) {
        if (response.status === 200) succeeded++;
        else if (response.status === 429) limited ??= response;
        else throw new Error(`unexpected status ${response.status}`);
      }
    }
    expect(succeeded).toBeGreaterThanOrEqual(PER_KEY);
    if (!limited) throw new Error(`no 429 after ${succeeded} requests`);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await call(calm)).status).toBe(200);
  });

  test("a page counts once against the vendor's limit, not once per API call it makes in-process", async () => {
    const shop = await createShopVendor('Counted Pages', {
      products: [
        { title: 'Counted Lamp', slug: 'counted-lamp', status: 'active', variants: [{ sku: 'CNT-1', priceMinor: 900 }] },
      ],
    });
    const redis = testRedis();
    // @upstash/ratelimit's sliding window: a counter per window under `<prefix>:<identifier>:<window>`.
    const counted = async () => {
      const keys = await redis.keys(`rl:apiPerVendor:${shop.vendor.id}:*`);
      const values = await Promise.all(keys.map((key) => redis.get<number>(key)));
      return values.reduce<number>((sum, value) => sum + Number(value ?? 0), 0);
    };
    const before = await counted();
    // The home page asks the API for featured products, new products and categories.
    const home = await request(hostUrl(shop.vendor.slug, '/'));
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Counted Lamp');
    expect(await counted()).toBe(before + 1);
    expect((await request(hostUrl(shop.vendor.slug, '/products/counted-lamp'))).status).toBe(200);
    expect(await counted()).toBe(before + 2);
    // A browser's (or script's) own API call still counts.
    expect((await request(hostUrl(shop.vendor.slug, '/api/v1/shop/products'))).status).toBe(200);
    expect(await counted()).toBe(before + 3);
  });

  test('a page past the vendor limit is a 429 page that says when to come back', async () => {
    const shop = await createShopVendor('Busy Pages', {
      products: [{ title: 'Busy Lamp', slug: 'busy-lamp', status: 'active', variants: [{ sku: 'BSY-1', priceMinor: 900 }] }],
    });
    // @upstash/ratelimit's sliding window keys are `<prefix>:<identifier>:<window number>`; fill this
    // minute's (and the next, in case the minute turns) so the shop is over its limit.
    const minute = Math.floor(Date.now() / 60_000);
    const redis = testRedis();
    for (const window of [minute, minute + 1]) await redis.set(`rl:apiPerVendor:${shop.vendor.id}:${window}`, 1_000_000_000);
    const page = await request(hostUrl(shop.vendor.slug, '/products/busy-lamp'));
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await page.text()).toContain('Too many requests');
  });
});
