import { Redis } from '@upstash/redis';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { vendors } from '../../drizzle/schema';
import { hostCacheKey } from '../../src/modules/tenancy/host-cache';
import { request } from '../harness/http';
import { adminAuth, appDatabase, createTestVendor, eventually, hostUrl, platform, uniqueSlug } from '../harness/platform';

async function errorCode(response: Response): Promise<string | undefined> {
  return ((await response.json()) as { error?: { code?: string } }).error?.code;
}

async function admin(method: string, path: string, json?: unknown): Promise<Response> {
  const response = await request(hostUrl('admin', `/api/v1/admin${path}`), {
    method,
    headers: await adminAuth(),
    ...(json === undefined ? {} : { json }),
  });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** A request to the Worker with any Host header (custom domains aren't *.localhost). */
function onHost(host: string, path = '/', options: { method?: string; json?: unknown } = {}): Promise<Response> {
  return request(`http://127.0.0.1:${platform().ports.worker}${path}`, { ...options, headers: { host } });
}

function redis(): Redis {
  const vars = platform().workerVars;
  return new Redis({ url: vars.UPSTASH_REDIS_REST_URL ?? '', token: vars.UPSTASH_REDIS_REST_TOKEN ?? '' });
}

const domainName = () => `shop-${crypto.randomUUID().slice(0, 8)}.example.test`;

describe('suspending and reactivating a vendor', () => {
  test('the shop shows "unavailable" on every page and its API answers VENDOR_SUSPENDED at once; reactivating reopens it at once', async () => {
    const vendor = await createTestVendor('Suspendable Shop');
    // Warm the host cache: the change must replace what it holds.
    expect((await request(hostUrl(vendor.slug))).status).toBe(200);

    await admin('POST', `/vendors/${vendor.id}/suspend`, { reason: 'Unpaid invoices' });
    for (const path of ['/', '/products/some-product', '/no/such/page', '/dashboard/login']) {
      const page = await request(hostUrl(vendor.slug, path));
      expect(page.status, path).toBe(503);
      const html = await page.text();
      expect(html).toContain('This shop is currently unavailable');
      expect(html).toContain('Suspendable Shop');
    }
    for (const [method, path] of [
      ['GET', '/api/v1/shop/products'],
      ['POST', '/api/v1/vendor/auth/login'],
      ['POST', '/api/v1/shop/auth/login'],
      ['GET', '/api/v1/vendor/me'],
    ]) {
      const response = await request(hostUrl(vendor.slug, path), {
        method,
        ...(method === 'POST' ? { json: { email: 'owner@example.test', password: 'whatever-it-is' } } : {}),
      });
      expect(response.status, path).toBe(403);
      expect(await errorCode(response)).toBe('VENDOR_SUSPENDED');
    }
    // Health answers on every host, and the admin host is unaffected.
    expect((await request(hostUrl(vendor.slug, '/api/v1/health'))).status).toBe(200);
    expect((await request(hostUrl('admin', `/api/v1/admin/vendors/${vendor.id}`), { headers: await adminAuth() })).status).toBe(
      200,
    );

    await admin('POST', `/vendors/${vendor.id}/reactivate`);
    const home = await request(hostUrl(vendor.slug));
    expect(home.status).toBe(200);
    expect(await home.text()).not.toContain('currently unavailable');
    const login = await request(hostUrl(vendor.slug, '/api/v1/vendor/auth/login'), {
      method: 'POST',
      json: { email: 'nobody@example.test', password: 'whatever-it-is' },
    });
    expect(login.status).toBe(401);
    expect(await errorCode(login)).toBe('UNAUTHORIZED');
  });

  test("a suspended vendor's custom domain shows the unavailable page too", async () => {
    const vendor = await createTestVendor('Suspended Custom');
    const domain = domainName();
    const added = (await (await admin('POST', `/vendors/${vendor.id}/domains`, { domain })).json()) as { id: string };
    await admin('POST', `/vendors/${vendor.id}/domains/${added.id}/verify`);
    expect((await onHost(domain)).status).toBe(200);
    await admin('POST', `/vendors/${vendor.id}/suspend`, {});
    const page = await onHost(domain, '/products/x');
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('This shop is currently unavailable');
  });
});

describe('deleting a vendor', () => {
  test('its shop is a 404 page and its API VENDOR_NOT_FOUND at once', async () => {
    const vendor = await createTestVendor('Short Lived Shop');
    expect((await request(hostUrl(vendor.slug))).status).toBe(200);
    await admin('DELETE', `/vendors/${vendor.id}`);
    const page = await request(hostUrl(vendor.slug));
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('Short Lived Shop');
    const api = await request(hostUrl(vendor.slug, '/api/v1/shop/products'));
    expect(api.status).toBe(404);
    expect(await errorCode(api)).toBe('VENDOR_NOT_FOUND');
  });
});

describe('custom domains', () => {
  test('an unverified domain is unknown; once verified it serves the shop at once; once removed it is unknown again', async () => {
    const vendor = await createTestVendor('Custom Domain Shop');
    const domain = domainName();
    const added = (await (await admin('POST', `/vendors/${vendor.id}/domains`, { domain })).json()) as { id: string };

    const unverified = await onHost(domain);
    expect(unverified.status).toBe(404);
    expect(await unverified.text()).not.toContain('Custom Domain Shop');
    const unverifiedApi = await onHost(domain, '/api/v1/shop/products');
    expect(await errorCode(unverifiedApi)).toBe('VENDOR_NOT_FOUND');

    await admin('POST', `/vendors/${vendor.id}/domains/${added.id}/verify`);
    const shop = await onHost(domain);
    expect(shop.status).toBe(200);
    expect(await shop.text()).toContain('Custom Domain Shop');
    // The host decides the tenant: the shop's API answers there (a wrong password, not an unknown host).
    const login = await onHost(`${domain.toUpperCase()}:443`, '/api/v1/shop/auth/login', {
      method: 'POST',
      json: { email: 'nobody@example.test', password: 'whatever-it-is' },
    });
    expect(login.status).toBe(401);
    expect(await errorCode(login)).toBe('UNAUTHORIZED');

    await admin('DELETE', `/vendors/${vendor.id}/domains/${added.id}`);
    expect((await onHost(domain)).status).toBe(404);
  });

  test("a deleted vendor's verified domain is unknown at once", async () => {
    const vendor = await createTestVendor('Deleted Custom');
    const domain = domainName();
    const added = (await (await admin('POST', `/vendors/${vendor.id}/domains`, { domain })).json()) as { id: string };
    await admin('POST', `/vendors/${vendor.id}/domains/${added.id}/verify`);
    expect((await onHost(domain)).status).toBe(200);
    await admin('DELETE', `/vendors/${vendor.id}`);
    expect((await onHost(domain)).status).toBe(404);
  });
});

describe('the host cache', () => {
  test('holds a resolved shop in Redis for 5 minutes', { timeout: 20_000 }, async () => {
    const vendor = await createTestVendor('Cached Shop');
    const key = hostCacheKey(`${vendor.slug}.localhost`);
    // Creating the vendor left a hold (no cache fills for 5 s); then the next request fills it.
    const entry = await eventually(
      async () => {
        expect((await request(hostUrl(vendor.slug))).status).toBe(200);
        const value = (await redis().get(key)) as { vendor?: { id: string; slug: string } | null } | null;
        return value?.vendor ? value : undefined;
      },
      10_000,
      'the cache fill',
    );
    expect(entry.vendor).toMatchObject({ id: vendor.id, slug: vendor.slug });
    const ttl = await redis().ttl(key);
    expect(ttl).toBeGreaterThan(240);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  test('caches an unknown host briefly as a miss', async () => {
    const host = `${uniqueSlug('nobody')}.localhost`;
    expect((await request(`http://${host}:${platform().ports.worker}/`)).status).toBe(404);
    const key = hostCacheKey(host);
    expect(await redis().get(key)).toEqual({ v: 1, vendor: null });
    const ttl = await redis().ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  test("serves from the cache: a change behind the API's back is not seen, a change through it is seen at once", async () => {
    const vendor = await createTestVendor('Original Name');
    expect(await (await request(hostUrl(vendor.slug))).text()).toContain('Original Name');
    await appDatabase()
      .platform()
      .write((q) => [q.update(vendors).set({ name: 'Sneaky Name' }).where(eq(vendors.id, vendor.id))] as const);
    expect(await (await request(hostUrl(vendor.slug))).text()).toContain('Original Name');
    await admin('PATCH', `/vendors/${vendor.id}`, { name: 'Official Name' });
    expect(await (await request(hostUrl(vendor.slug))).text()).toContain('Official Name');
  });

  test('a shop created on a host that was just cached as unknown is served at once', async () => {
    const slug = uniqueSlug();
    expect((await request(hostUrl(slug))).status).toBe(404);
    await admin('POST', '/vendors', { name: 'Just In Time', slug });
    const shop = await request(hostUrl(slug));
    expect(shop.status).toBe(200);
    expect(await shop.text()).toContain('Just In Time');
  });

  test('hosts resolve whatever their case, port or trailing dot', async () => {
    const vendor = await createTestVendor('Loose Host');
    for (const host of [`${vendor.slug.toUpperCase()}.LOCALHOST`, `${vendor.slug}.localhost.`, `${vendor.slug}.localhost:1234`]) {
      const response = await onHost(host);
      expect(response.status, host).toBe(200);
      expect(await response.text()).toContain('Loose Host');
    }
  });
});
