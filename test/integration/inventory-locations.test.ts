import { beforeAll, describe, expect, test } from 'vitest';
import { stockLocationCreatedV1, stockLocationDeletedV1, stockLocationUpdatedV1 } from '../../src/modules/inventory/events';
import { signIn } from '../harness/platform';
import {
  adjust,
  apiKeyHeaders,
  call,
  createLocation,
  expectError,
  type InventoryVendor,
  insertProduct,
  inventoryVendor,
  storedEvents,
  type TestLocation,
} from './inventory-fixtures';

type LocationList = { data: (TestLocation & { onHand: number; reserved: number })[] };

let vendor: InventoryVendor;
let other: InventoryVendor;

beforeAll(async () => {
  [vendor, other] = await Promise.all([inventoryVendor('Locations A'), inventoryVendor('Locations B')]);
});

const list = async (v: InventoryVendor) => (await call<LocationList>(v, v.tokens.viewer, 'GET', '/locations')).body.data;
const defaults = async (v: InventoryVendor) => (await list(v)).filter((l) => l.isDefault);

describe('stock locations: happy paths', () => {
  test('the first location is the default; a later one is not, unless asked; one default at a time', async () => {
    const v = await inventoryVendor();
    expect(await list(v)).toEqual([]);
    const main = await createLocation(v, 'main');
    expect(main).toMatchObject({ code: 'main', name: 'Location main', isDefault: true, onHand: 0, reserved: 0 });
    const store = await createLocation(v, 'store');
    expect(store.isDefault).toBe(false);
    const depot = await createLocation(v, 'depot', { isDefault: true });
    expect(depot.isDefault).toBe(true);
    expect((await defaults(v)).map((l) => l.code)).toEqual(['depot']);
    // The list: the default first, then by code.
    expect((await list(v)).map((l) => l.code)).toEqual(['depot', 'main', 'store']);

    const created = await storedEvents(v, stockLocationCreatedV1.topic);
    expect(created.map((e) => stockLocationCreatedV1.schema.parse(e.payload).code)).toEqual(['main', 'store', 'depot']);
    const updated = await storedEvents(v, stockLocationUpdatedV1.topic);
    expect(updated.map((e) => e.payload)).toEqual([
      { locationId: main.id, code: 'main', name: 'Location main', isDefault: false },
    ]);
  });

  test('codes are trimmed and lower-cased', async () => {
    const answer = await call<TestLocation>(vendor, vendor.tokens.manager, 'POST', '/locations', {
      code: ' Back-Room ',
      name: 'Back room',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.code).toBe('back-room');
  });

  test('rename and set default; the old default stops being one', async () => {
    const v = await inventoryVendor();
    const main = await createLocation(v, 'main');
    const store = await createLocation(v, 'store');
    const renamed = await call<TestLocation>(v, v.tokens.manager, 'PATCH', `/locations/${store.id}`, { name: 'Shop floor' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: store.id, name: 'Shop floor', isDefault: false });
    const promoted = await call<TestLocation>(v, v.tokens.manager, 'PATCH', `/locations/${store.id}`, { isDefault: true });
    expect(promoted.body.isDefault).toBe(true);
    expect((await defaults(v)).map((l) => l.id)).toEqual([store.id]);
    expect((await list(v)).find((l) => l.id === main.id)?.isDefault).toBe(false);
  });

  test('an empty location can be deleted (with its event); the default only when it is the last', async () => {
    const v = await inventoryVendor();
    const main = await createLocation(v, 'main');
    const spare = await createLocation(v, 'spare');
    const removed = await call(v, v.tokens.manager, 'DELETE', `/locations/${spare.id}`);
    expect(removed.status).toBe(204);
    expect((await list(v)).map((l) => l.code)).toEqual(['main']);
    const events = await storedEvents(v, stockLocationDeletedV1.topic);
    expect(events.map((e) => e.payload)).toEqual([{ locationId: spare.id, code: 'spare' }]);
    expect((await call(v, v.tokens.manager, 'DELETE', `/locations/${main.id}`)).status).toBe(204);
    expect(await list(v)).toEqual([]);
  });

  test('a location whose stock went back to zero can be deleted; its totals show in the list', async () => {
    const v = await inventoryVendor();
    await createLocation(v, 'main');
    const spare = await createLocation(v, 'spare');
    const product = await insertProduct(v, 'Hammer');
    const variantId = product.variantIds[0];
    expect((await adjust(v, { variantId, locationId: spare.id, delta: 4, reason: 'received' })).status).toBe(200);
    expect((await list(v)).find((l) => l.id === spare.id)).toMatchObject({ onHand: 4, reserved: 0 });
    expectError(await call(v, v.tokens.manager, 'DELETE', `/locations/${spare.id}`), 409, 'CONFLICT');
    expect((await adjust(v, { variantId, locationId: spare.id, setOnHand: 0, reason: 'correction' })).status).toBe(200);
    expect((await call(v, v.tokens.manager, 'DELETE', `/locations/${spare.id}`)).status).toBe(204);
  });

  test('concurrent creations marked default still leave exactly one default', async () => {
    const v = await inventoryVendor();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(v, v.tokens.owner, 'POST', '/locations', { code: `loc-${i}`, name: `Location ${i}`, isDefault: true }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(await defaults(v)).toHaveLength(1);
  });
});

describe('stock locations: errors', () => {
  test('a taken code is CONFLICT, naming the field', async () => {
    await createLocation(vendor, 'dup');
    const again = await call<{ error: { details: unknown } }>(vendor, vendor.tokens.owner, 'POST', '/locations', {
      code: 'DUP',
      name: 'Again',
    });
    expectError(again, 409, 'CONFLICT');
    expect(again.body.error.details).toEqual({ field: 'code' });
  });

  test('invalid bodies are VALIDATION_FAILED', async () => {
    for (const body of [
      {},
      { code: 'ok', name: '' },
      { code: 'has space', name: 'x' },
      { code: '-dash', name: 'x' },
      { code: 'x'.repeat(41), name: 'x' },
      { code: 'ok', name: 'x', isDefault: 'yes' },
    ])
      expectError(await call(vendor, vendor.tokens.owner, 'POST', '/locations', body), 422, 'VALIDATION_FAILED');
    const location = await createLocation(vendor, 'valid');
    for (const body of [{}, { isDefault: false }, { name: '  ' }])
      expectError(await call(vendor, vendor.tokens.owner, 'PATCH', `/locations/${location.id}`, body), 422, 'VALIDATION_FAILED');
    expectError(
      await call(vendor, vendor.tokens.owner, 'PATCH', '/locations/not-a-uuid', { name: 'x' }),
      422,
      'VALIDATION_FAILED',
    );
  });

  test('the default cannot be deleted while other locations exist', async () => {
    const v = await inventoryVendor();
    const main = await createLocation(v, 'main');
    await createLocation(v, 'store');
    expectError(await call(v, v.tokens.owner, 'DELETE', `/locations/${main.id}`), 409, 'CONFLICT');
  });

  test('unknown ids are NOT_FOUND', async () => {
    const id = crypto.randomUUID();
    expectError(await call(vendor, vendor.tokens.owner, 'PATCH', `/locations/${id}`, { name: 'x' }), 404, 'NOT_FOUND');
    expectError(await call(vendor, vendor.tokens.owner, 'DELETE', `/locations/${id}`), 404, 'NOT_FOUND');
  });
});

describe('stock locations: security', () => {
  test('viewers and editors read but may not write; managers and owners may', async () => {
    const v = await inventoryVendor();
    for (const role of ['viewer', 'editor'] as const) {
      expect((await call(v, v.tokens[role], 'GET', '/locations')).status).toBe(200);
      expectError(await call(v, v.tokens[role], 'POST', '/locations', { code: `by-${role}`, name: 'x' }), 403, 'FORBIDDEN');
    }
    const location = await createLocation(v, 'main');
    for (const role of ['viewer', 'editor'] as const) {
      expectError(await call(v, v.tokens[role], 'PATCH', `/locations/${location.id}`, { name: 'Hacked' }), 403, 'FORBIDDEN');
      expectError(await call(v, v.tokens[role], 'DELETE', `/locations/${location.id}`), 403, 'FORBIDDEN');
    }
    expect((await call(v, v.tokens.manager, 'POST', '/locations', { code: 'by-manager', name: 'x' })).status).toBe(201);
    expect((await list(v)).map((l) => l.code).sort()).toEqual(['by-manager', 'main']);
  });

  test("another vendor's location is NOT_FOUND and stays as it was", async () => {
    const theirs = await createLocation(other, 'theirs');
    expectError(
      await call(vendor, vendor.tokens.owner, 'PATCH', `/locations/${theirs.id}`, { name: 'Mine now' }),
      404,
      'NOT_FOUND',
    );
    expectError(await call(vendor, vendor.tokens.owner, 'DELETE', `/locations/${theirs.id}`), 404, 'NOT_FOUND');
    expect((await list(other)).find((l) => l.id === theirs.id)).toMatchObject({ name: 'Location theirs' });
    expect((await list(vendor)).some((l) => l.id === theirs.id)).toBe(false);
  });

  test("another vendor's token, no token and a shopper are refused", async () => {
    expectError(await call(vendor, other.tokens.owner, 'GET', '/locations'), 401, 'UNAUTHORIZED');
    expectError(await call(vendor, other.tokens.owner, 'POST', '/locations', { code: 'x', name: 'x' }), 401, 'UNAUTHORIZED');
    expectError(await call(vendor, {}, 'GET', '/locations'), 401, 'UNAUTHORIZED');
    const shopper = await signIn('shop', 'acme', 'shopper@acme.test');
    expectError(await call({ ...vendor, slug: 'acme' }, shopper, 'GET', '/locations'), 403, 'FORBIDDEN');
  });

  test('API keys: inventory:read lists, inventory:write creates, catalog scopes alone do neither', async () => {
    const reader = await apiKeyHeaders(vendor, ['inventory:read']);
    const writer = await apiKeyHeaders(vendor, ['inventory:read', 'inventory:write']);
    const catalog = await apiKeyHeaders(vendor, ['catalog:read', 'catalog:write']);
    expect((await call(vendor, reader.headers, 'GET', '/locations')).status).toBe(200);
    expectError(await call(vendor, reader.headers, 'POST', '/locations', { code: 'by-key', name: 'x' }), 403, 'FORBIDDEN');
    expectError(await call(vendor, catalog.headers, 'GET', '/locations'), 403, 'FORBIDDEN');
    expect((await call(vendor, writer.headers, 'POST', '/locations', { code: 'by-key', name: 'By key' })).status).toBe(201);
  });
});
