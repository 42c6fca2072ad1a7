import { describe, expect, test } from 'vitest';
import { request } from '../harness/http';
import { createTestVendor, hostUrl } from '../harness/platform';

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; requestId: string } }).error;
}

describe('host → tenant resolution', () => {
  test("a vendor's subdomain serves its shop with its name", async () => {
    const response = await request(hostUrl('acme'));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Acme Building Supplies');
    expect(html).toContain('--brand');
  });

  test('a vendor created through the API has its shop at once', async () => {
    const vendor = await createTestVendor('Freshly Made Shop');
    const response = await request(hostUrl(vendor.slug));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Freshly Made Shop');
  });

  test('the admin host serves the admin pages, behind its sign-in page', async () => {
    const response = await request(hostUrl('admin'));
    expect(response.status).toBe(200);
    const front = await response.text();
    expect(front).toContain('Vitrine Admin');
    expect(front).toMatch(/type="password"/);
    const login = await request(hostUrl('admin', '/login'));
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Vitrine Admin');
  });

  test('the apex serves the landing page with the directory of shops', async () => {
    const response = await request(hostUrl({ apex: true }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Vitrine');
    // The directory is alphabetical and bounded; tests add vendors, so only the first demo shop is sure to show.
    expect(html).toContain('acme.localhost');
    expect(html).toContain('Acme Building Supplies');
  });

  test('an unknown shop host is a 404 page', async () => {
    const response = await request(hostUrl('nosuchshop'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toMatch(/not found/i);
  });

  test('an unknown path on a shop is a 404 page', async () => {
    const response = await request(hostUrl('acme', '/no/such/page'));
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/not found/i);
  });

  test("an unknown host's API answers VENDOR_NOT_FOUND in the error envelope", async () => {
    const response = await request(hostUrl('nosuchshop', '/api/v1/shop/products'));
    expect(response.status).toBe(404);
    const error = await errorOf(response);
    expect(error.code).toBe('VENDOR_NOT_FOUND');
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
  });

  test('a nested subdomain is not a shop', async () => {
    const response = await request(hostUrl('x.acme', '/api/v1/shop/products'));
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('VENDOR_NOT_FOUND');
  });

  test('pages under another audience folder are not reachable from a shop host', async () => {
    for (const path of ['/admin', '/platform', '/shop']) {
      const response = await request(hostUrl('acme', path));
      expect(response.status, path).toBe(404);
    }
  });

  test('an unknown API path is NOT_FOUND in the envelope', async () => {
    const response = await request(hostUrl('acme', '/api/v1/nothing-here'));
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('NOT_FOUND');
  });
});
