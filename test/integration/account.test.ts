import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { outbox } from '../../drizzle/schema';
import { expiredToken, insertApiKey } from '../harness/attackers';
import { request } from '../harness/http';
import { appDatabase, createTestVendor, DEMO_PASSWORD, hostUrl, signIn, uniqueSlug } from '../harness/platform';

interface Session {
  token: string;
  refreshToken: string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
const cookies = (session: Partial<Session>) => ({
  cookie: [session.token && `vt_access=${session.token}`, session.refreshToken && `vt_refresh=${session.refreshToken}`]
    .filter(Boolean)
    .join('; '),
});
/** The value each Set-Cookie header gives a cookie (an empty string when it is cleared). */
const setCookies = (response: Response) =>
  Object.fromEntries(
    response.headers.getSetCookie().map((line) => {
      const [pair = ''] = line.split(';');
      return [pair.slice(0, pair.indexOf('=')), { value: pair.slice(pair.indexOf('=') + 1), line }];
    }),
  );

async function login(audience: 'admin' | 'vendor' | 'shop', host: string, email: string, password = DEMO_PASSWORD) {
  const response = await request(hostUrl(host, `/api/v1/${audience}/auth/login`), { method: 'POST', json: { email, password } });
  expect(response.status, `${email} signs in on ${host}`).toBe(200);
  return (await response.json()) as Session;
}

/** A new shopper of `host` (so tests that rename or refresh never touch the demo accounts). */
async function newShopper(host: string, name = 'Ada Lovelace') {
  const email = `${uniqueSlug('account')}@example.com`;
  const response = await request(hostUrl(host, '/api/v1/shop/auth/register'), {
    method: 'POST',
    json: { email, name, password: 'a-long-password' },
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as Session & { customer: { id: string } };
  return { ...body, email, name, id: body.customer.id };
}

describe('GET /admin/me', () => {
  test('the signed-in admin', async () => {
    const response = await request(hostUrl('admin', '/api/v1/admin/me'), {
      headers: bearer(await signIn('admin', 'admin', 'admin@vitrine.test')),
    });
    expect(response.status).toBe(200);
    const me = (await response.json()) as { id: string; email: string; name: string };
    expect(me).toEqual({ id: expect.any(String), email: 'admin@vitrine.test', name: expect.any(String) });
  });

  test('anonymous and a team token are UNAUTHORIZED on the admin host', async () => {
    for (const headers of [{}, bearer(await signIn('vendor', 'acme', 'owner@acme.test'))]) {
      const response = await request(hostUrl('admin', '/api/v1/admin/me'), { headers });
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe('UNAUTHORIZED');
    }
  });
});

describe('GET /vendor/me', () => {
  test('a team member: user, role and vendor', async () => {
    const response = await request(hostUrl('acme', '/api/v1/vendor/me'), {
      headers: bearer(await signIn('vendor', 'acme', 'editor@acme.test')),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      kind: 'team',
      role: 'editor',
      user: { email: 'editor@acme.test' },
      vendor: { slug: 'acme', name: 'Acme Building Supplies' },
    });
  });

  test('an API key: its id and scopes', async () => {
    const vendor = await createTestVendor('Me Key Vendor');
    const key = await insertApiKey(vendor, { scopes: ['catalog:read', 'imports:write'] });
    const response = await request(hostUrl(vendor.slug, '/api/v1/vendor/me'), { headers: bearer(key.key) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      kind: 'api-key',
      key: { id: key.id, scopes: ['catalog:read', 'imports:write'] },
      vendor: { id: vendor.id, slug: vendor.slug, name: 'Me Key Vendor' },
    });
  });

  test("anonymous, another vendor's token and an admin token are UNAUTHORIZED", async () => {
    for (const headers of [
      {},
      bearer(await signIn('vendor', 'velo', 'owner@velo.test')),
      bearer(await signIn('admin', 'admin', 'admin@vitrine.test')),
    ]) {
      const response = await request(hostUrl('acme', '/api/v1/vendor/me'), { headers });
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe('UNAUTHORIZED');
    }
  });

  test("a shopper of this very shop is FORBIDDEN: the token is valid here, but it isn't the team's", async () => {
    const response = await request(hostUrl('acme', '/api/v1/vendor/me'), {
      headers: bearer(await signIn('shop', 'acme', 'shopper@acme.test')),
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('FORBIDDEN');
  });
});

describe('GET and PATCH /shop/me', () => {
  test('the signed-in shopper', async () => {
    const response = await request(hostUrl('acme', '/api/v1/shop/me'), {
      headers: bearer(await signIn('shop', 'acme', 'shopper@acme.test')),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ email: 'shopper@acme.test', name: expect.any(String) });
  });

  test("anonymous and another shop's shopper are UNAUTHORIZED; a team member is FORBIDDEN", async () => {
    for (const headers of [{}, bearer(await signIn('shop', 'velo', 'shopper@velo.test'))]) {
      const response = await request(hostUrl('acme', '/api/v1/shop/me'), { headers });
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe('UNAUTHORIZED');
    }
    const team = await request(hostUrl('acme', '/api/v1/shop/me'), {
      headers: bearer(await signIn('vendor', 'acme', 'viewer@acme.test')),
    });
    expect(team.status).toBe(403);
    expect(await errorCode(team)).toBe('FORBIDDEN');
  });

  test('a shopper renames themself, with customer.updated.v1 in the outbox', async () => {
    const vendor = await createTestVendor('Rename Shop');
    const shopper = await newShopper(vendor.slug);
    const response = await request(hostUrl(vendor.slug, '/api/v1/shop/me'), {
      method: 'PATCH',
      headers: bearer(shopper.token),
      json: { name: '  Ada King  ' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: shopper.id, email: shopper.email, name: 'Ada King' });
    const me = await request(hostUrl(vendor.slug, '/api/v1/shop/me'), { headers: bearer(shopper.token) });
    expect(((await me.json()) as { name: string }).name).toBe('Ada King');
    const [events] = await appDatabase()
      .vendor(vendor.id)
      .read(
        (q) =>
          [
            q
              .select()
              .from(outbox)
              .where(and(eq(outbox.topic, 'customer.updated.v1'), eq(outbox.aggregateId, shopper.id))),
          ] as const,
      );
    expect(events.map((event) => event.payload)).toEqual([{ customerId: shopper.id, name: 'Ada King' }]);
  });

  test('the name is validated: VALIDATION_FAILED with the field named', async () => {
    const shopper = await newShopper('acme');
    for (const json of [{}, { name: '   ' }, { name: 'x'.repeat(121) }, { name: 42 }]) {
      const response = await request(hostUrl('acme', '/api/v1/shop/me'), {
        method: 'PATCH',
        headers: bearer(shopper.token),
        json,
      });
      expect(response.status, JSON.stringify(json)).toBe(422);
      const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details[0]?.path).toBe('name');
    }
  });

  test('anonymous is UNAUTHORIZED; a cookie-authenticated rename from another site is FORBIDDEN (CSRF)', async () => {
    const anonymous = await request(hostUrl('acme', '/api/v1/shop/me'), { method: 'PATCH', json: { name: 'Nobody' } });
    expect(anonymous.status).toBe(401);
    const shopper = await newShopper('acme');
    const crossSite = await request(hostUrl('acme', '/api/v1/shop/me'), {
      method: 'PATCH',
      headers: { ...cookies(shopper), origin: 'http://evil.localhost' },
      json: { name: 'Pwned' },
    });
    expect(crossSite.status).toBe(403);
    expect(await errorCode(crossSite)).toBe('FORBIDDEN');
  });
});

describe('signed-in areas of the pages', () => {
  test('anonymous visitors of the dashboard and the admin host are sent to sign in, coming back afterwards', async () => {
    const cases: [string, string, string][] = [
      ['acme', '/dashboard', '/dashboard/login?next=%2Fdashboard'],
      ['acme', '/dashboard/products?page=2', '/dashboard/login?next=%2Fdashboard%2Fproducts%3Fpage%3D2'],
      ['admin', '/vendors', '/login?next=%2Fvendors'],
      ['acme', '/account', '/account/login?next=%2Faccount'],
    ];
    for (const [host, path, location] of cases) {
      const response = await request(hostUrl(host, path));
      expect(response.status, `${host} ${path}`).toBe(302);
      expect(response.headers.get('location'), `${host} ${path}`).toBe(location);
    }
  });

  test('a shopper is no team member: the dashboard sends them to its sign-in page too', async () => {
    const shopper = await login('shop', 'acme', 'shopper@acme.test');
    const response = await request(hostUrl('acme', '/dashboard'), { headers: cookies({ token: shopper.token }) });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/dashboard/login?next=%2Fdashboard');
  });

  test('sign-in pages are open and hold a labelled form with autocomplete hints', async () => {
    const pages: [string, string, RegExp[]][] = [
      ['admin', '/login', [/<title>Sign in — Vitrine Admin<\/title>/, /autocomplete="current-password"/]],
      [
        'acme',
        '/dashboard/login',
        [/<title>Sign in — Acme Building Supplies dashboard<\/title>/, /autocomplete="current-password"/],
      ],
      ['acme', '/account/login', [/<title>Sign in — Acme Building Supplies<\/title>/, /href="\/account\/register"/]],
      ['acme', '/account/register', [/autocomplete="new-password"/, /autocomplete="name"/, /Create account/]],
    ];
    for (const [host, path, patterns] of pages) {
      const response = await request(hostUrl(host, path));
      expect(response.status, `${host} ${path}`).toBe(200);
      const html = await response.text();
      expect(html).toMatch(/<form[^>]*x-data="signInForm\(/);
      expect(html).toMatch(/<label[^>]*for="[a-z]+-(?:login|register)-email"/);
      expect(html).toContain('autocomplete="email"');
      for (const pattern of patterns) expect(html, `${host} ${path}`).toMatch(pattern);
    }
  });

  test('a signed-in visitor skips the sign-in page: to a same-origin ?next=, never off-site', async () => {
    const owner = await login('vendor', 'acme', 'owner@acme.test');
    const visit = (query: string) =>
      request(hostUrl('acme', `/dashboard/login${query}`), { headers: cookies({ token: owner.token }) });
    const cases: [string, string][] = [
      ['', '/dashboard'],
      ['?next=%2Fdashboard%2Fteam', '/dashboard/team'],
      ['?next=%2F%2Fevil.example%2F', '/dashboard'],
      ['?next=%2F%5Cevil.example', '/dashboard'],
      ['?next=https%3A%2F%2Fevil.example', '/dashboard'],
      ['?next=%2F%09%2Fevil.example', '/dashboard'],
    ];
    for (const [query, location] of cases) {
      const response = await visit(query);
      expect(response.status, query).toBe(302);
      expect(response.headers.get('location'), query).toBe(location);
    }
  });

  test("the shopper's account page shows their name and email", async () => {
    const shopper = await newShopper('acme', 'Grace Hopper');
    const response = await request(hostUrl('acme', '/account'), { headers: cookies({ token: shopper.token }) });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Grace Hopper');
    expect(html).toContain(shopper.email);
    expect(html).toMatch(/No orders yet/);
  });

  test("a shop's cookie signs nobody in on another shop", async () => {
    const shopper = await newShopper('acme');
    const response = await request(hostUrl('velo', '/account'), { headers: cookies(shopper) });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/account/login?next=%2Faccount');
  });
});

describe('silent refresh for pages', () => {
  test('an expired access cookie with a valid refresh cookie renders signed in and sends new cookies', async () => {
    const shopper = await newShopper('acme', 'Refreshed Shopper');
    const expired = await expiredToken(shopper.token);
    const response = await request(hostUrl('acme', '/account'), {
      headers: cookies({ token: expired, refreshToken: shopper.refreshToken }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Refreshed Shopper');
    const set = setCookies(response);
    expect(set.vt_access?.value).toMatch(/^ey/);
    expect(set.vt_access?.line).toMatch(/HttpOnly/i);
    expect(set.vt_refresh?.value).toBeTruthy();
    expect(set.vt_refresh?.value).not.toBe(shopper.refreshToken);
    expect(set.vt_refresh?.line).toMatch(/SameSite=Strict/i);

    // The new cookies are a working session; the spent refresh token is not.
    const me = await request(hostUrl('acme', '/api/v1/shop/me'), { headers: bearer(set.vt_access?.value ?? '') });
    expect(me.status).toBe(200);
    const again = await request(hostUrl('acme', '/account'), {
      headers: cookies({ token: expired, refreshToken: set.vt_refresh?.value ?? '' }),
    });
    expect(again.status).toBe(200);
  });

  test('the dashboard and the admin host refresh their own audiences', async () => {
    const team = await login('vendor', 'acme', 'manager@acme.test');
    const toDashboard = await request(hostUrl('acme', '/dashboard/login'), {
      headers: cookies({ token: await expiredToken(team.token), refreshToken: team.refreshToken }),
    });
    expect(toDashboard.status).toBe(302);
    expect(toDashboard.headers.get('location')).toBe('/dashboard');
    expect(setCookies(toDashboard).vt_access?.value).toMatch(/^ey/);

    const admin = await login('admin', 'admin', 'admin@vitrine.test');
    const overview = await request(hostUrl('admin', '/'), {
      headers: cookies({ token: await expiredToken(admin.token), refreshToken: admin.refreshToken }),
    });
    expect(overview.status).toBe(200);
    expect(setCookies(overview).vt_refresh?.value).toBeTruthy();
  });

  test('a team member browsing their own shop keeps their session', async () => {
    const team = await login('vendor', 'acme', 'viewer@acme.test');
    const response = await request(hostUrl('acme', '/'), {
      headers: cookies({ token: await expiredToken(team.token), refreshToken: team.refreshToken }),
    });
    expect(response.status).toBe(200);
    expect(setCookies(response).vt_access?.value).toMatch(/^ey/);
  });

  test('a refresh token that no longer works clears the cookies and the page renders anonymous', async () => {
    const shopper = await newShopper('acme');
    const expired = await expiredToken(shopper.token);
    const response = await request(hostUrl('acme', '/account'), {
      headers: cookies({ token: expired, refreshToken: 'not-a-real-refresh-token' }),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/account/login?next=%2Faccount');
    const set = setCookies(response);
    expect(set.vt_access?.value).toBe('');
    expect(set.vt_refresh?.value).toBe('');
    expect(set.vt_refresh?.line).toMatch(/Max-Age=0/i);

    const home = await request(hostUrl('acme', '/'), { headers: cookies({ token: expired }) });
    expect(home.status).toBe(200);
  });

  test("a refresh cookie from another shop doesn't refresh here", async () => {
    const shopper = await newShopper('acme');
    const response = await request(hostUrl('velo', '/account'), {
      headers: cookies({ token: await expiredToken(shopper.token), refreshToken: shopper.refreshToken }),
    });
    expect(response.status).toBe(302);
    expect(setCookies(response).vt_access?.value).toBe('');
    // The acme session itself is untouched by the attempt.
    const acme = await request(hostUrl('acme', '/account'), {
      headers: cookies({ token: await expiredToken(shopper.token), refreshToken: shopper.refreshToken }),
    });
    expect(acme.status).toBe(200);
  });
});
