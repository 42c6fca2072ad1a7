import { describe, expect, test, vi } from 'vitest';
import { accessCookie, TARGET } from '../harness/attackers';
import { ATTACK_CONCURRENCY, expectRefusal, launch } from '../harness/attacks';
import { request } from '../harness/http';
import { hostUrl, signIn } from '../harness/platform';
import { type ApiRoute, type Audience, enumerateRoutes, isRead } from '../harness/routes';

/**
 * Pages authenticate with the access cookie, and browsers attach it to requests other sites
 * trigger. Every write reachable with a cookie must come from a page of the same origin.
 */

const HOST: Record<Exclude<Audience, 'any'>, string> = { admin: 'admin', team: TARGET, shop: TARGET };

/**
 * This file's own sessions (not shared with other files), of the most powerful principal of each
 * audience: if the origin check failed, the guards would let the request through.
 */
const cookieFor = (audience: Exclude<Audience, 'any'>): Promise<string> =>
  audience === 'admin'
    ? signIn('admin', 'admin', 'admin@vitrine.test')
    : audience === 'team'
      ? signIn('vendor', TARGET, `owner@${TARGET}.test`)
      : signIn('shop', TARGET, `shopper@${TARGET}.test`);

const origin = (host: string) => new URL(hostUrl(host)).origin;

interface CrossSite {
  name: string;
  headers: Record<string, string>;
}

/** Ways a cross-site page's request arrives: Origin when browsers send one, else Sec-Fetch-Site. */
const EVERY_ROUTE: CrossSite[] = [
  { name: 'Origin of another site', headers: { origin: 'http://evil.example' } },
  { name: 'no Origin, Sec-Fetch-Site cross-site', headers: { 'sec-fetch-site': 'cross-site' } },
];
/** The same check in more disguises, tried on one write of each audience. */
const ONE_ROUTE: CrossSite[] = [
  { name: "Origin of a sibling vendor's shop", headers: { origin: origin('velo') } },
  { name: 'Origin null (sandboxed frame)', headers: { origin: 'null' } },
  { name: 'no Origin, Sec-Fetch-Site same-site (a sibling subdomain)', headers: { 'sec-fetch-site': 'same-site' } },
  { name: 'no Origin and no Sec-Fetch-Site', headers: {} },
];

const cookieWrites = enumerateRoutes().filter(
  (route): route is ApiRoute & { audience: Exclude<Audience, 'any'> } =>
    !route.isPublic && !isRead(route) && route.audience !== 'any',
);

/** Per audience, a write that changes nothing if it got through: an id route (random id), never logout. */
const representatives = (['admin', 'team', 'shop'] as const).flatMap((audience) => {
  const writes = cookieWrites.filter((route) => route.audience === audience && !route.pattern.endsWith('/logout'));
  const pick = writes.find((route) => route.params.length > 0) ?? writes[0];
  return pick ? [pick] : [];
});

const cases = [
  ...cookieWrites.flatMap((route) => EVERY_ROUTE.map((attempt) => ({ route, attempt }))),
  ...representatives.flatMap((route) => ONE_ROUTE.map((attempt) => ({ route, attempt }))),
].map(({ route, attempt }) => ({ label: `${route.name} — cookie with ${attempt.name}`, route, attempt }));

vi.setConfig({ maxConcurrency: ATTACK_CONCURRENCY });

describe('a cookie-authenticated write from another site is FORBIDDEN', () => {
  test.concurrent.each(cases)('$label', async ({ label, route, attempt }) => {
    const cookie = accessCookie(await cookieFor(route.audience));
    const response = await launch(route, { host: HOST[route.audience], headers: { ...cookie, ...attempt.headers } });
    await expectRefusal(response, { status: 403, code: 'FORBIDDEN' }, label);
  });
});

describe('the same cookie from the same origin', () => {
  test('is accepted for reads without an Origin, and for a write from the same origin', async () => {
    const cookie = accessCookie(await cookieFor('team'));
    const me = await request(hostUrl(TARGET, '/api/v1/vendor/me'), { headers: cookie });
    expect(me.status).toBe(200);
    // A write the owner may do that changes nothing: an invitation revoke of an unknown id is 404, not 403.
    const revoke = await request(hostUrl(TARGET, `/api/v1/vendor/team/invitations/${crypto.randomUUID()}`), {
      method: 'DELETE',
      headers: { ...cookie, origin: origin(TARGET), 'sec-fetch-site': 'same-origin' },
    });
    expect(revoke.status).toBe(404);
  });

  test('covers at least one write of each audience', () => {
    for (const audience of ['admin', 'team', 'shop'] as const)
      expect(
        cookieWrites.some((route) => route.audience === audience),
        audience,
      ).toBe(true);
  });
});
