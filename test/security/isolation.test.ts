import { beforeAll, describe, expect, test, vi } from 'vitest';
import { registerShopper } from '../harness/attackers';
import { ATTACK_CONCURRENCY, expectRefusal } from '../harness/attacks';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';
import { type ApiRoute, enumerateRoutes, fillPath } from '../harness/routes';
import { bearer, createVendorWithOwner, teamLogin } from '../harness/team';
import { type Fixture, fixtureFor, type Made, type Tenant } from './isolation-fixtures';

/**
 * Every vendor-host route that names an object in its path, called on vendor B's host by B's own
 * owner (or shopper) with an object of vendor A: not found, and A's object stays as it was.
 */

const idRoutes = enumerateRoutes().filter(
  (route) => route.params.length > 0 && (route.audience === 'team' || route.audience === 'shop'),
);

async function tenant(): Promise<Tenant> {
  const vendor = await createVendorWithOwner('Isolation');
  return { vendor, owner: (await teamLogin(vendor.slug, vendor.owner)).token };
}

let a: Tenant;
let b: Tenant;
let shopperOfB: string;

beforeAll(async () => {
  [a, b] = await Promise.all([tenant(), tenant()]);
  shopperOfB = (await registerShopper(b.vendor.slug)).token;
});

/**
 * Calls the route on `host`'s host as its owner (its shopper on shop routes) for the object `made`;
 * `shopper` replaces B's shopper, for the control calls on a shopper's own object.
 */
function call(route: ApiRoute, host: Tenant, made: Made, fixture: Fixture, shopper = shopperOfB): Promise<Response> {
  const token = fixture.anonymous ? undefined : route.audience === 'shop' ? shopper : host.owner;
  const withBody = route.method !== 'GET' && route.method !== 'DELETE';
  return request(hostUrl(host.vendor.slug, fillPath(route.pattern, made.params)), {
    method: route.method,
    headers: token ? bearer(token) : {},
    ...(withBody ? { json: fixture.body?.(route, made) ?? {} } : {}),
  });
}

vi.setConfig({ maxConcurrency: ATTACK_CONCURRENCY });

const cases = idRoutes.flatMap((route) => {
  const fixture = fixtureFor(route);
  return fixture ? [{ label: route.name, route, fixture }] : [];
});

describe("an object of vendor A, named on vendor B's host", () => {
  test('every id-taking vendor-host route has an isolation fixture', () => {
    expect(idRoutes.length).toBeGreaterThan(0);
    expect(idRoutes.filter((route) => !fixtureFor(route)).map((route) => route.name)).toEqual([]);
  });

  test.concurrent.each(cases)(
    "$label, A's object on B's host → NOT_FOUND, A's object unchanged",
    async ({ label, route, fixture }) => {
      const made = await fixture.make(a);
      const before = await made.readBack();
      expect(before, `${label}: the fixture made nothing`).toBeDefined();
      const response = await call(route, b, made, fixture);
      await expectRefusal(response, { status: 404, code: 'NOT_FOUND' }, `${label} (B's caller, A's object)`, [
        a.vendor.id,
        ...made.secrets,
      ]);
      expect(await made.readBack(), `${label}: A's object changed`).toEqual(before);
    },
  );

  // Without this the 404 above could come from a route that finds nothing for anyone.
  test.concurrent.each(cases)("$label, B's own object on B's host succeeds (control)", async ({ label, route, fixture }) => {
    const made = await fixture.make(b);
    // A shopper's own object (address, order) is called by the shopper who owns it.
    const response = await call(route, b, made, fixture, made.token);
    expect(response.status, `${label}: ${await response.text()}`).toBeLessThan(300);
  });
});
