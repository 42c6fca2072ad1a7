import { describe, expect, test } from 'vitest';
import { request } from '../harness/http';
import { adminAuth, createTestVendor, hostUrl, uniqueSlug } from '../harness/platform';

const vendorsUrl = hostUrl('admin', '/api/v1/admin/vendors');

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; details?: unknown } }).error;
}

describe('POST /api/v1/admin/vendors: happy', () => {
  test('creates a vendor and answers 201 with it', async () => {
    const slug = uniqueSlug();
    const response = await request(vendorsUrl, {
      method: 'POST',
      headers: await adminAuth(),
      json: { name: 'Happy Hardware', slug, theme: { primary: '#123456', accent: '#abc', logoUrl: null } },
    });
    expect(response.status).toBe(201);
    const vendor = (await response.json()) as Record<string, unknown>;
    expect(vendor).toMatchObject({
      slug,
      name: 'Happy Hardware',
      status: 'active',
      theme: { primary: '#123456', accent: '#abc', logoUrl: null },
    });
    expect(vendor.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('lists it among the active vendors', async () => {
    const created = await createTestVendor('Listed Vendor');
    const response = await request(vendorsUrl, { headers: await adminAuth() });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { slug: string }[] };
    expect(data.map((v) => v.slug)).toContain(created.slug);
  });
});

describe('POST /api/v1/admin/vendors: errors', () => {
  test('a taken slug is CONFLICT and changes nothing', async () => {
    const response = await request(vendorsUrl, {
      method: 'POST',
      headers: await adminAuth(),
      json: { name: 'Second Acme', slug: 'acme' },
    });
    expect(response.status).toBe(409);
    expect((await errorOf(response)).code).toBe('CONFLICT');
    const shop = await request(hostUrl('acme'));
    expect(await shop.text()).not.toContain('Second Acme');
  });

  test.each([
    ['a missing name', { slug: 'fine-slug' }],
    ['an upper-case slug', { name: 'X', slug: 'BadSlug' }],
    ['a reserved slug', { name: 'X', slug: 'admin' }],
    ['a one-letter slug', { name: 'X', slug: 'a' }],
    [
      'a theme colour that is not hex',
      { name: 'X', slug: 'fine-slug-2', theme: { primary: 'red;}', accent: '#fff', logoUrl: null } },
    ],
  ])('%s is VALIDATION_FAILED with details', async (_, body) => {
    const response = await request(vendorsUrl, { method: 'POST', headers: await adminAuth(), json: body });
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(Array.isArray(error.details)).toBe(true);
  });

  test('a body that is not JSON is BAD_REQUEST', async () => {
    const response = await request(vendorsUrl, {
      method: 'POST',
      headers: { ...(await adminAuth()), 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('BAD_REQUEST');
  });
});

describe('/api/v1/admin/vendors: security', () => {
  test('no token is UNAUTHORIZED', async () => {
    const response = await request(vendorsUrl, { method: 'POST', json: { name: 'Nope', slug: uniqueSlug() } });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('UNAUTHORIZED');
  });

  test('a forged token is UNAUTHORIZED', async () => {
    const response = await request(vendorsUrl, { headers: { authorization: 'Bearer not-the-token' } });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('UNAUTHORIZED');
  });

  test('the admin API does not exist on a vendor host or the apex, even with the admin token', async () => {
    for (const host of ['acme', { apex: true as const }]) {
      const response = await request(hostUrl(host, '/api/v1/admin/vendors'), { headers: await adminAuth() });
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
  });
});
