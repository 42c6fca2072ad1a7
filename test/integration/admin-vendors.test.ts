import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { invitations } from '../../drizzle/schema';
import {
  adminCall as admin,
  uniqueDomain as domainName,
  errorOf,
  expectStatus as ok,
  outboxTopics as topicsOf,
  type AdminVendor as Vendor,
  type AdminVendorDetail as VendorDetail,
} from '../harness/admin';
import { request } from '../harness/http';
import { adminAuth, appDatabase, createTestVendor, hostUrl, signIn, uniqueSlug } from '../harness/platform';

const vendorsUrl = hostUrl('admin', '/api/v1/admin/vendors');

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
    // Other tests create vendors too: search for this one rather than hoping it is on page one.
    const response = await request(`${vendorsUrl}?q=${created.slug}`, { headers: await adminAuth() });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { slug: string }[] };
    expect(data.map((v) => v.slug)).toEqual([created.slug]);
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

describe('POST /api/v1/admin/vendors with ownerEmail', () => {
  test('creates an owner invitation in the same batch and returns its link on the new host', async () => {
    const slug = uniqueSlug();
    const created = await ok<Vendor & { ownerInvite: { email: string; acceptUrl: string; expiresAt: string } }>(
      await admin('POST', '/vendors', { name: 'Invited Owner Shop', slug, ownerEmail: '  New.Owner@Example.com ' }),
      201,
    );
    expect(created.ownerInvite.email).toBe('new.owner@example.com');
    const url = new URL(created.ownerInvite.acceptUrl);
    expect(url.origin).toBe(new URL(hostUrl(slug)).origin);
    expect(url.pathname).toMatch(/^\/dashboard\/invite\/[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(created.ownerInvite.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const [[invitation]] = await appDatabase()
      .vendor(created.id)
      .read((q) => [q.select().from(invitations).where(eq(invitations.vendorId, created.id))] as const);
    expect(invitation).toMatchObject({ email: 'new.owner@example.com', role: 'owner', acceptedAt: null });
    // Only the hash is stored, never the token of the link.
    expect(invitation?.tokenHash).not.toContain(url.pathname.split('/').at(-1));
    expect(await topicsOf(created.id)).toEqual(['vendor.created.v1', 'team.member-invited.v1']);
  });

  test('the invited owner accepts the link, joins as owner and signs in', async () => {
    const slug = uniqueSlug();
    const email = `${uniqueSlug('owner')}@example.com`;
    const created = await ok<{ ownerInvite: { acceptUrl: string } }>(
      await admin('POST', '/vendors', { name: 'Owner Onboarding', slug, ownerEmail: email }),
      201,
    );
    const token = created.ownerInvite.acceptUrl.split('/').at(-1) ?? '';
    const accepted = await request(hostUrl(slug, `/api/v1/vendor/invitations/${token}/accept`), {
      method: 'POST',
      json: { name: 'Olga Owner', password: 'a-long-owner-password' },
    });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(((await accepted.json()) as { role: string }).role).toBe('owner');
    const login = await request(hostUrl(slug, '/api/v1/vendor/auth/login'), {
      method: 'POST',
      json: { email, password: 'a-long-owner-password' },
    });
    expect(login.status).toBe(200);
    // The link works once.
    const again = await request(hostUrl(slug, `/api/v1/vendor/invitations/${token}/accept`), {
      method: 'POST',
      json: { name: 'Olga Owner', password: 'a-long-owner-password' },
    });
    expect(again.status).toBe(404);
  });

  test('an invalid ownerEmail is VALIDATION_FAILED and creates no vendor', async () => {
    const slug = uniqueSlug();
    const response = await admin('POST', '/vendors', { name: 'Bad Email', slug, ownerEmail: 'not-an-email' });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).code).toBe('VALIDATION_FAILED');
    const list = await ok<{ data: Vendor[] }>(await admin('GET', `/vendors?q=${slug}`));
    expect(list.data).toEqual([]);
  });
});

describe('GET /api/v1/admin/vendors: search, filters, pagination', () => {
  test('searches by name or slug, case-insensitively, and treats % and _ literally', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const one = await createTestVendor(`Searchable ${tag} Tools`);
    const byName = await ok<{ data: Vendor[] }>(await admin('GET', `/vendors?q=SEARCHABLE%20${tag}`));
    expect(byName.data.map((v) => v.id)).toEqual([one.id]);
    const bySlug = await ok<{ data: Vendor[] }>(await admin('GET', `/vendors?q=${one.slug}`));
    expect(bySlug.data.map((v) => v.id)).toEqual([one.id]);
    const wildcard = await ok<{ data: Vendor[] }>(await admin('GET', `/vendors?q=${encodeURIComponent(`%${tag}_`)}`));
    expect(wildcard.data).toEqual([]);
  });

  test('pages through every match by name then id with an opaque cursor', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const made = await Promise.all(['C', 'A', 'B', 'A'].map((letter) => createTestVendor(`Paged ${tag} ${letter}`)));
    const seen: Vendor[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/vendors?q=${encodeURIComponent(`Paged ${tag}`)}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { data: Vendor[]; nextCursor: string | null } = await ok(await admin('GET', query));
      seen.push(...page.data);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 5);
    expect(pages).toBe(2);
    expect(seen.map((v) => v.name)).toEqual([`Paged ${tag} A`, `Paged ${tag} A`, `Paged ${tag} B`, `Paged ${tag} C`]);
    expect(new Set(seen.map((v) => v.id))).toEqual(new Set(made.map((v) => v.id)));
  });

  test('filters active, suspended and deleted; without a filter deleted vendors are left out', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const [active, suspended, deleted] = await Promise.all(
      ['active', 'suspended', 'deleted'].map((state) => createTestVendor(`Filter ${tag} ${state}`)),
    );
    await ok(await admin('POST', `/vendors/${suspended?.id}/suspend`, {}));
    await ok(await admin('DELETE', `/vendors/${deleted?.id}`), 204);
    const names = async (status?: string) =>
      (
        await ok<{ data: Vendor[] }>(
          await admin('GET', `/vendors?q=${encodeURIComponent(`Filter ${tag}`)}${status ? `&status=${status}` : ''}`),
        )
      ).data.map((v) => v.id);
    expect(await names()).toEqual([active?.id, suspended?.id]);
    expect(await names('active')).toEqual([active?.id]);
    expect(await names('suspended')).toEqual([suspended?.id]);
    expect(await names('deleted')).toEqual([deleted?.id]);
  });

  test.each([
    ['a bad status', '?status=gone'],
    ['a limit over 100', '?limit=101'],
    ['a limit of 0', '?limit=0'],
    ['a forged cursor', `?cursor=${Buffer.from('["x","not-a-uuid"]').toString('base64url')}`],
    ['a cursor that is not base64 JSON', '?cursor=%%%'],
  ])('%s is VALIDATION_FAILED', async (_, query) => {
    const response = await admin('GET', `/vendors${query}`);
    expect(response.status).toBe(422);
    expect((await errorOf(response)).code).toBe('VALIDATION_FAILED');
  });

  test('stats count vendors by state', async () => {
    const before = await ok<Record<string, number>>(await admin('GET', '/vendors/stats'));
    expect(Object.keys(before).sort()).toEqual(['active', 'deleted', 'suspended', 'total', 'unverified']);
    const vendor = await createTestVendor('Counted');
    await ok(await admin('DELETE', `/vendors/${vendor.id}`), 204);
    const after = await ok<Record<string, number>>(await admin('GET', '/vendors/stats'));
    // Other tests create vendors meanwhile: only lower bounds hold.
    expect(after.deleted).toBeGreaterThanOrEqual((before.deleted ?? 0) + 1);
    expect(after.total).toBeGreaterThanOrEqual(3);
    expect(after.total).toBe((after.active ?? 0) + (after.suspended ?? 0));
  });
});

describe('GET and PATCH /api/v1/admin/vendors/:id', () => {
  test('shows one vendor with its domains, team size and verification', async () => {
    const vendor = await createTestVendor('Detailed Vendor');
    const detail = await ok<VendorDetail>(await admin('GET', `/vendors/${vendor.id}`));
    expect(detail).toMatchObject({ id: vendor.id, slug: vendor.slug, verified: false, memberCount: 0, domains: [] });
    const acme = (await ok<{ data: Vendor[] }>(await admin('GET', '/vendors?q=acme'))).data.find((v) => v.slug === 'acme');
    const acmeDetail = await ok<VendorDetail>(await admin('GET', `/vendors/${acme?.id}`));
    expect(acmeDetail.memberCount).toBeGreaterThanOrEqual(4);
  });

  test('renames and re-themes, with vendor.updated.v1; the shop shows it at once', async () => {
    const vendor = await createTestVendor('Before Rename');
    expect(await (await request(hostUrl(vendor.slug))).text()).toContain('Before Rename');
    const theme = { primary: '#112233', accent: '#445566', logoUrl: null };
    const updated = await ok<Vendor>(await admin('PATCH', `/vendors/${vendor.id}`, { name: 'After Rename', theme }));
    expect(updated).toMatchObject({ name: 'After Rename', slug: vendor.slug, theme });
    const html = await (await request(hostUrl(vendor.slug))).text();
    expect(html).toContain('After Rename');
    expect(html).toContain('#112233');
    expect(await topicsOf(vendor.id)).toEqual(['vendor.created.v1', 'vendor.updated.v1']);
  });

  test('the slug is immutable, an empty change and a bad colour are VALIDATION_FAILED', async () => {
    const vendor = await createTestVendor('Immutable Slug');
    for (const body of [{ slug: 'new-slug' }, {}, { name: '' }, { theme: { primary: 'blue', accent: '#fff', logoUrl: null } }]) {
      const response = await admin('PATCH', `/vendors/${vendor.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await errorOf(response)).code).toBe('VALIDATION_FAILED');
    }
    expect((await ok<Vendor>(await admin('GET', `/vendors/${vendor.id}`))).slug).toBe(vendor.slug);
  });

  test('unknown ids are NOT_FOUND and malformed ids VALIDATION_FAILED, on every vendor route', async () => {
    const id = crypto.randomUUID();
    for (const [method, path, body] of [
      ['GET', `/vendors/${id}`],
      ['PATCH', `/vendors/${id}`, { name: 'X' }],
      ['POST', `/vendors/${id}/verify`],
      ['POST', `/vendors/${id}/suspend`, {}],
      ['POST', `/vendors/${id}/reactivate`],
      ['DELETE', `/vendors/${id}`],
      ['POST', `/vendors/${id}/domains`, { domain: domainName() }],
      ['POST', `/vendors/${id}/domains/${crypto.randomUUID()}/verify`],
      ['DELETE', `/vendors/${id}/domains/${crypto.randomUUID()}`],
    ] as const) {
      const response = await admin(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
    const malformed = await admin('GET', '/vendors/not-a-uuid');
    expect(malformed.status).toBe(422);
  });
});

describe('/api/v1/admin/vendors/*: security', () => {
  const routes = (id: string, domainId: string) =>
    [
      ['GET', '/vendors'],
      ['GET', '/vendors/stats'],
      ['GET', `/vendors/${id}`],
      ['PATCH', `/vendors/${id}`, { name: 'Hijacked' }],
      ['POST', `/vendors/${id}/verify`],
      ['POST', `/vendors/${id}/suspend`, {}],
      ['POST', `/vendors/${id}/reactivate`],
      ['DELETE', `/vendors/${id}`],
      ['POST', `/vendors/${id}/domains`, { domain: domainName() }],
      ['POST', `/vendors/${id}/domains/${domainId}/verify`],
      ['DELETE', `/vendors/${id}/domains/${domainId}`],
    ] as const;

  test('no token, a team token and a customer token are UNAUTHORIZED on the admin host, and nothing changes', async () => {
    const vendor = await createTestVendor('Target Of Attacks');
    const domain = await ok<{ id: string }>(await admin('POST', `/vendors/${vendor.id}/domains`, { domain: domainName() }), 201);
    const owner = await signIn('vendor', 'acme', 'owner@acme.test');
    const shopper = await signIn('shop', 'acme', 'shopper@acme.test');
    const callers: Record<string, string>[] = [{}, { authorization: `Bearer ${owner}` }, { authorization: `Bearer ${shopper}` }];
    for (const headers of callers) {
      for (const [method, path, json] of routes(vendor.id, domain.id)) {
        const response = await request(hostUrl('admin', `/api/v1/admin${path}`), { method, headers, ...(json ? { json } : {}) });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect((await errorOf(response)).code).toBe('UNAUTHORIZED');
      }
    }
    const detail = await ok<VendorDetail>(await admin('GET', `/vendors/${vendor.id}`));
    expect(detail).toMatchObject({ name: 'Target Of Attacks', status: 'active', deletedAt: null, verified: false });
    expect(detail.domains).toEqual([expect.objectContaining({ id: domain.id, verifiedAt: null })]);
  });

  test('with the admin token on a vendor host the admin API is NOT_FOUND', async () => {
    const vendor = await createTestVendor('Not Here');
    for (const [method, path, json] of routes(vendor.id, crypto.randomUUID())) {
      const response = await request(hostUrl(vendor.slug, `/api/v1/admin${path}`), {
        method,
        headers: await adminAuth(),
        ...(json ? { json } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
    expect((await ok<Vendor>(await admin('GET', `/vendors/${vendor.id}`))).status).toBe('active');
  });
});
