import { SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { request } from '../harness/http';
import { DEMO_PASSWORD, hostUrl, platform, uniqueSlug } from '../harness/platform';

interface Session {
  token: string;
  refreshToken: string;
  role?: string;
}

async function login(audience: 'admin' | 'vendor' | 'shop', host: string, email: string, password: string = DEMO_PASSWORD) {
  return request(hostUrl(host, `/api/v1/${audience}/auth/login`), { method: 'POST', json: { email, password } });
}

async function session(audience: 'admin' | 'vendor' | 'shop', host: string, email: string): Promise<Session> {
  const response = await login(audience, host, email);
  expect(response.status).toBe(200);
  return (await response.json()) as Session;
}

const code = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const logout = (audience: string, host: string, token: string) =>
  request(hostUrl(host, `/api/v1/${audience}/auth/logout`), { method: 'POST', headers: bearer(token) });

describe('sign-in', () => {
  test('each audience signs in on its own host', async () => {
    expect((await session('admin', 'admin', 'admin@vitrine.test')).token).toMatch(/^ey/);
    expect((await session('vendor', 'acme', 'owner@acme.test')).role).toBe('owner');
    expect((await session('vendor', 'velo', 'viewer@velo.test')).role).toBe('viewer');
    const shopper = await login('shop', 'nordlicht', 'shopper@nordlicht.test');
    expect(shopper.status).toBe(200);
    expect(((await shopper.json()) as { customer: { email: string } }).customer.email).toBe('shopper@nordlicht.test');
  });

  test('a wrong password, an unknown email and a member of another vendor are all UNAUTHORIZED', async () => {
    for (const response of [
      await login('vendor', 'acme', 'owner@acme.test', 'wrong-password'),
      await login('vendor', 'acme', 'nobody@acme.test'),
      await login('vendor', 'acme', 'owner@velo.test'),
      await login('admin', 'admin', 'owner@acme.test'),
      await login('shop', 'acme', 'shopper@velo.test'),
    ]) {
      expect(response.status).toBe(401);
      expect(await code(response)).toBe('UNAUTHORIZED');
    }
  });

  test('login sets host-bound HttpOnly cookies', async () => {
    const response = await login('vendor', 'acme', 'editor@acme.test');
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((c) => /^vt_access=.+HttpOnly/i.test(c) && /Secure/i.test(c) && !/Domain=/i.test(c))).toBe(true);
    expect(cookies.some((c) => /^vt_refresh=.+SameSite=Strict/i.test(c))).toBe(true);
  });
});

describe('tokens are bound to their host', () => {
  test("acme's token is refused on velo and an admin token on a vendor host", async () => {
    const acme = await session('vendor', 'acme', 'owner@acme.test');
    const admin = await session('admin', 'admin', 'admin@vitrine.test');
    for (const response of [
      await logout('vendor', 'velo', acme.token),
      await logout('vendor', 'acme', admin.token),
      await logout('admin', 'admin', acme.token),
    ]) {
      expect(response.status).toBe(401);
    }
  });

  test('alg none, a wrong key and an expired token are refused', async () => {
    const acme = await session('vendor', 'acme', 'manager@acme.test');
    const [header, payload] = acme.token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const wrongKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'local-1' })
      .sign(new TextEncoder().encode('x'.repeat(48)));
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })
      .setProtectedHeader({ alg: 'HS256', kid: 'local-1' })
      .sign(new TextEncoder().encode(LOCAL_SECRETS.jwtSecret));
    expect(header).toBeTruthy();
    for (const token of [none, wrongKey, expired, `${acme.token}x`]) {
      const response = await logout('vendor', 'acme', token);
      expect(response.status, token.slice(0, 20)).toBe(401);
      expect(await code(response)).toBe('UNAUTHORIZED');
    }
  });
});

describe('refresh and logout', () => {
  test('a refresh token rotates, and replaying a spent one revokes the family', async () => {
    const first = await session('vendor', 'acme', 'viewer@acme.test');
    const refresh = (token: string) =>
      request(hostUrl('acme', '/api/v1/vendor/auth/refresh'), { method: 'POST', json: { refreshToken: token } });
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    const rotated = (await second.json()) as Session;
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    // The family is gone: the rotated refresh token and its access token stop working too.
    expect((await refresh(rotated.refreshToken)).status).toBe(401);
    expect((await logout('vendor', 'acme', rotated.token)).status).toBe(401);
  });

  test('logout ends the session at once', async () => {
    const admin = await session('admin', 'admin', 'admin@vitrine.test');
    expect((await logout('admin', 'admin', admin.token)).status).toBe(204);
    expect((await logout('admin', 'admin', admin.token)).status).toBe(401);
  });

  test('a cookie-authenticated write from another site is refused (CSRF), from the same origin accepted', async () => {
    const acme = await session('shop', 'acme', 'shopper@acme.test');
    const cookie = `vt_access=${acme.token}`;
    const url = hostUrl('acme', '/api/v1/shop/auth/logout');
    const crossSite = await request(url, { method: 'POST', headers: { cookie, origin: 'http://evil.localhost:18787' } });
    expect(crossSite.status).toBe(403);
    const sameSite = await request(url, { method: 'POST', headers: { cookie, origin: new URL(url).origin } });
    expect(sameSite.status).toBe(204);
  });
});

describe('customers belong to one vendor', () => {
  test('the same email registers independently at two shops, once per shop', async () => {
    const email = `${uniqueSlug('buyer')}@example.com`;
    const register = (host: string) =>
      request(hostUrl(host, '/api/v1/shop/auth/register'), {
        method: 'POST',
        json: { email, name: 'Buyer', password: 'a-long-password' },
      });
    expect((await register('acme')).status).toBe(201);
    expect((await register('velo')).status).toBe(201);
    const again = await register('acme');
    expect(again.status).toBe(409);
    expect(await code(again)).toBe('CONFLICT');
    expect((await login('shop', 'velo', email, 'a-long-password')).status).toBe(200);
  });

  test('registration validates its input', async () => {
    const response = await request(hostUrl('acme', '/api/v1/shop/auth/register'), {
      method: 'POST',
      json: { email: 'not-an-email', name: '', password: 'short' },
    });
    expect(response.status).toBe(422);
    expect(await code(response)).toBe('VALIDATION_FAILED');
  });
});

describe('sign-in is rate limited', () => {
  test('per account: past the per-minute limit the next attempt is RATE_LIMITED with Retry-After', async () => {
    const email = `${uniqueSlug('guess')}@acme.test`;
    const limit = Number(platform().workerVars.LOGIN_RATE_LIMIT_PER_ACCOUNT ?? 8);
    const statuses: number[] = [];
    for (let i = 0; i < limit; i++) statuses.push((await login('vendor', 'acme', email, 'guess-0000')).status);
    expect(statuses).toEqual(Array(limit).fill(401));
    // The window slides: attempts that straddle a minute boundary weigh less, so a few more may be
    // answered before the limit bites, never twice the limit.
    let limited = await login('vendor', 'acme', email, 'guess-0000');
    for (let extra = 0; limited.status === 401 && extra < limit; extra++)
      limited = await login('vendor', 'acme', email, 'guess-0000');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await code(limited)).toBe('RATE_LIMITED');
  });
});
