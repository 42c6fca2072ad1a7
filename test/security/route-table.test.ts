import { describe, expect, test } from 'vitest';
import { PUBLIC_ROUTES } from '../../src/modules/access/public-routes';
import { attackCases } from '../harness/attacks';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';
import { allMethodHandlers, enumerateRoutes, openApiOperations } from '../harness/routes';

const routes = enumerateRoutes();
const names = new Set(routes.map((route) => route.name));

describe('the route table the security suite attacks', () => {
  test('holds every operation of the OpenAPI document the Worker serves', async () => {
    const response = await request(hostUrl('acme', '/api/v1/openapi.json'));
    expect(response.status).toBe(200);
    const documented = openApiOperations(await response.json());
    expect(documented.length).toBeGreaterThan(0);
    expect(documented.filter((operation) => !names.has(operation))).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(documented.length);
    console.log(`route table: ${routes.length} routes enumerated, ${documented.length} operations in the OpenAPI document`);
  });

  test('lists only real routes as public', () => {
    expect([...PUBLIC_ROUTES].filter((route) => !names.has(route))).toEqual([]);
  });

  test('has routes of every audience, and no middleware entries', () => {
    for (const audience of ['admin', 'team', 'shop'] as const)
      expect(routes.filter((route) => route.audience === audience && !route.isPublic).length, audience).toBeGreaterThan(0);
    expect(routes.filter((route) => route.method === 'ALL' || route.pattern.includes('*'))).toEqual([]);
    // An `app.all()` handler would be skipped as middleware: register routes per method instead.
    expect(allMethodHandlers()).toEqual([]);
    expect(routes.every((route) => !route.path.includes(':'))).toBe(true);
  });

  test('gives every non-public route at least the anonymous attack', () => {
    const attacked = new Set(
      attackCases(routes)
        .filter((c) => c.attack.name === 'no credentials')
        .map((c) => c.route.name),
    );
    expect(routes.filter((route) => !route.isPublic && !attacked.has(route.name)).map((r) => r.name)).toEqual([]);
    console.log(
      `security suite: ${routes.length} routes (${routes.filter((r) => r.isPublic).length} public), ` +
        `${attackCases(routes).length} route × attack cases`,
    );
  });
});
