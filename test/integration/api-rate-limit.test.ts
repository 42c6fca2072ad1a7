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
});
