import { describe, expect, test } from 'vitest';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';
import { bearer, createVendorWithOwner, teamLogin, vendorApi } from '../harness/team';

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
    const statuses: number[] = [];
    for (let batch = 0; batch < PER_KEY / 10; batch++) {
      statuses.push(...(await Promise.all(Array.from({ length: 10 }, () => call(busy)))).map((r) => r.status));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const limited = await call(busy);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await call(calm)).status).toBe(200);
  });
});
