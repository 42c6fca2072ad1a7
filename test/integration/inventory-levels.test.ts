import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { products as productsTable } from '../../drizzle/schema';
import { inventoryAdjustedV1 } from '../../src/modules/inventory/events';
import { appDatabase } from '../harness/platform';
import {
  adjust,
  apiKeyHeaders,
  call,
  createLocation,
  type ErrorAnswer,
  expectError,
  type InventoryVendor,
  insertProduct,
  inventoryVendor,
  reserve,
  storedEvents,
  storedLevel,
  storedMovements,
  type TestLocation,
  type TestProduct,
} from './inventory-fixtures';

interface LevelRow {
  variantId: string;
  locationId: string;
  sku: string;
  productTitle: string;
  locationCode: string;
  options: Record<string, string>;
  onHand: number;
  reserved: number;
  available: number;
  variantAvailable: number;
  lowStock: boolean;
}
type LevelPage = { data: LevelRow[]; lowStockThreshold: number; nextCursor: string | null };

let vendor: InventoryVendor;
let other: InventoryVendor;
let main: TestLocation;
let store: TestLocation;
let theirLocation: TestLocation;
let theirProduct: TestProduct;

beforeAll(async () => {
  [vendor, other] = await Promise.all([inventoryVendor('Levels A'), inventoryVendor('Levels B')]);
  main = await createLocation(vendor, 'main');
  store = await createLocation(vendor, 'store');
  theirLocation = await createLocation(other, 'main');
  theirProduct = await insertProduct(other, 'Their drill');
});

describe('adjustments', () => {
  test('received, damaged and a count: each changes the level, writes one ledger entry and one event', async () => {
    const { variantIds } = await insertProduct(vendor, 'Claw hammer');
    const variantId = variantIds[0] as string;
    const base = { variantId, locationId: main.id };

    const received = await adjust(vendor, { ...base, delta: 10, reason: 'received', reference: 'PO-1', note: 'delivery' });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ ...base, onHand: 10, reserved: 0, available: 10, onHandDelta: 10 });
    expect(received.body.movementId).toEqual(expect.any(Number));

    const damaged = await adjust(vendor, { ...base, delta: -3, reason: 'damaged' });
    expect(damaged.body).toMatchObject({ onHand: 7, available: 7, onHandDelta: -3 });

    const counted = await adjust(vendor, { ...base, setOnHand: 4, reason: 'correction' });
    expect(counted.body).toMatchObject({ onHand: 4, onHandDelta: -3 });

    const same = await adjust(vendor, { ...base, setOnHand: 4, reason: 'correction' });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ onHand: 4, onHandDelta: 0, movementId: null });

    const movements = (await storedMovements(vendor)).filter((m) => m.variantId === variantId);
    expect(movements.map((m) => [m.reason, m.onHandDelta])).toEqual([
      ['received', 10],
      ['damaged', -3],
      ['correction', -3],
    ]);
    expect(movements[0]).toMatchObject({ note: 'delivery', reference: 'PO-1', locationId: main.id });
    const events = (await storedEvents(vendor, inventoryAdjustedV1.topic)).filter((e) => e.aggregateId === variantId);
    expect(events.map((e) => inventoryAdjustedV1.schema.parse(e.payload))).toEqual([
      { ...base, onHandDelta: 10, reason: 'received', onHand: 10, reserved: 0, available: 10, reference: 'PO-1' },
      { ...base, onHandDelta: -3, reason: 'damaged', onHand: 7, reserved: 0, available: 7, reference: null },
      { ...base, onHandDelta: -3, reason: 'correction', onHand: 4, reserved: 0, available: 4, reference: null },
    ]);
    expect(await storedLevel(vendor, variantId, main.id)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
  });

  test('the ledger records the team member or the API key that made the change', async () => {
    const { variantIds } = await insertProduct(vendor, 'Spirit level');
    const variantId = variantIds[0] as string;
    await adjust(vendor, { variantId, locationId: main.id, delta: 2, reason: 'found' });
    const key = await apiKeyHeaders(vendor, ['inventory:write'], 'Nightly sync');
    const byKey = await call(vendor, key.headers, 'POST', '/inventory/adjustments', {
      variantId,
      locationId: main.id,
      delta: -1,
      reason: 'lost',
    });
    expect(byKey.status).toBe(200);
    const page = await call<{ data: { actor: unknown }[] }>(
      vendor,
      vendor.tokens.viewer,
      'GET',
      `/inventory/movements?variantId=${variantId}`,
    );
    expect(page.body.data.map((m) => m.actor)).toEqual([
      { kind: 'api-key', id: key.id, name: 'API key “Nightly sync”' },
      { kind: 'team-member', id: expect.any(String), name: vendor.names.manager },
    ]);
  });

  test('never below zero: INSUFFICIENT_STOCK with the level in details, and nothing written', async () => {
    const { variantIds } = await insertProduct(vendor, 'Chisel');
    const variantId = variantIds[0] as string;
    const before = (await storedMovements(vendor)).length;
    const none = await adjust(vendor, { variantId, locationId: main.id, delta: -1, reason: 'damaged' });
    expectError(none, 409, 'INSUFFICIENT_STOCK');
    expect((none.body as ErrorAnswer).error.details).toEqual({
      variantId,
      locationId: main.id,
      onHand: 0,
      reserved: 0,
      available: 0,
      requested: { delta: -1 },
    });
    expect(await storedLevel(vendor, variantId, main.id)).toBeUndefined();

    await adjust(vendor, { variantId, locationId: main.id, delta: 5, reason: 'received' });
    const tooMany = await adjust(vendor, { variantId, locationId: main.id, delta: -6, reason: 'lost' });
    expectError(tooMany, 409, 'INSUFFICIENT_STOCK');
    expect((tooMany.body as ErrorAnswer).error.details).toMatchObject({ onHand: 5, available: 5 });
    expect((await storedMovements(vendor)).length).toBe(before + 1);
    expect((await storedEvents(vendor, inventoryAdjustedV1.topic)).filter((e) => e.aggregateId === variantId)).toHaveLength(1);
  });

  test('never below what is reserved, by delta or by count', async () => {
    const { variantIds } = await insertProduct(vendor, 'Tape measure');
    const variantId = variantIds[0] as string;
    await adjust(vendor, { variantId, locationId: main.id, delta: 8, reason: 'received' });
    await reserve(vendor, variantId, main.id, 5);
    expectError(
      await adjust(vendor, { variantId, locationId: main.id, delta: -4, reason: 'damaged' }),
      409,
      'INSUFFICIENT_STOCK',
    );
    const count = await adjust(vendor, { variantId, locationId: main.id, setOnHand: 4, reason: 'correction' });
    expectError(count, 409, 'INSUFFICIENT_STOCK');
    expect((count.body as ErrorAnswer).error.details).toMatchObject({
      onHand: 8,
      reserved: 5,
      available: 3,
      requested: { setOnHand: 4 },
    });
    const ok = await adjust(vendor, { variantId, locationId: main.id, delta: -3, reason: 'damaged' });
    expect(ok.body).toMatchObject({ onHand: 5, reserved: 5, available: 0 });
  });

  test('invalid adjustments are VALIDATION_FAILED', async () => {
    const variantId = (await insertProduct(vendor, 'Saw')).variantIds[0];
    const base = { variantId, locationId: main.id };
    for (const body of [
      {},
      { ...base, reason: 'received' },
      { ...base, delta: 0, reason: 'correction' },
      { ...base, delta: 1, setOnHand: 1, reason: 'correction' },
      { ...base, delta: 1.5, reason: 'received' },
      { ...base, delta: -1, reason: 'received' },
      { ...base, delta: 1, reason: 'damaged' },
      { ...base, setOnHand: -1, reason: 'correction' },
      { ...base, delta: 2_000_000, reason: 'received' },
      { ...base, delta: 1, reason: 'sold' },
      { ...base, delta: 1, reason: 'received', note: 'x'.repeat(501) },
      { ...base, variantId: 'nope', delta: 1, reason: 'received' },
    ])
      expectError(await adjust(vendor, body), 422, 'VALIDATION_FAILED');
  });

  test("another vendor's variant or location is NOT_FOUND and nothing is written anywhere", async () => {
    const mine = (await insertProduct(vendor, 'Pliers')).variantIds[0] as string;
    const theirs = theirProduct.variantIds[0] as string;
    const before = { mine: (await storedMovements(vendor)).length, theirs: (await storedMovements(other)).length };
    for (const body of [
      { variantId: theirs, locationId: main.id },
      { variantId: mine, locationId: theirLocation.id },
      { variantId: theirs, locationId: theirLocation.id },
      { variantId: crypto.randomUUID(), locationId: main.id },
    ])
      expectError(await adjust(vendor, { ...body, delta: 5, reason: 'received' }), 404, 'NOT_FOUND');
    expect(await storedLevel(other, theirs, theirLocation.id)).toBeUndefined();
    expect(await storedLevel(vendor, mine, theirLocation.id)).toBeUndefined();
    expect((await storedMovements(vendor)).length).toBe(before.mine);
    expect((await storedMovements(other)).length).toBe(before.theirs);
  });
});

describe('levels and a variant’s stock', () => {
  let products: TestProduct[];

  beforeAll(async () => {
    const v = vendor;
    products = [await insertProduct(v, 'Wood screws', 3, 'LVL-SCR'), await insertProduct(v, 'Drill bit set', 1, 'LVL-DRL')];
    const [a, b, c] = products[0]?.variantIds ?? [];
    await adjust(v, { variantId: a, locationId: main.id, delta: 20, reason: 'received' });
    await adjust(v, { variantId: a, locationId: store.id, delta: 3, reason: 'received' });
    await adjust(v, { variantId: b, locationId: main.id, delta: 6, reason: 'received' });
    await adjust(v, { variantId: c, locationId: store.id, delta: 50, reason: 'received' });
  });

  const levels = async (query: string, token = vendor.tokens.viewer) =>
    (await call<LevelPage>(vendor, token, 'GET', `/inventory?${query}`)).body;

  test('every variant at every location, zeros where there is no stock yet, by SKU then location', async () => {
    const page = await levels('q=LVL-SCR');
    const [a, b, c] = products[0]?.variantIds ?? [];
    // Low is the variant's (all locations together, as the alerts judge it), against the default 5:
    // 3 at the store is not low when 20 more wait at main.
    expect(page.lowStockThreshold).toBe(5);
    expect(page.data.map((r) => [r.variantId, r.locationCode, r.onHand, r.available, r.variantAvailable, r.lowStock])).toEqual([
      [a, 'main', 20, 20, 23, false],
      [a, 'store', 3, 3, 23, false],
      [b, 'main', 6, 6, 6, false],
      [b, 'store', 0, 0, 6, false],
      [c, 'main', 0, 0, 50, false],
      [c, 'store', 50, 50, 50, false],
    ]);
    expect(page.data[0]).toMatchObject({ productTitle: 'Wood screws', options: { size: 'S' }, reserved: 0 });
  });

  test('filters: location, title search, low stock', async () => {
    expect((await levels(`q=LVL-SCR&locationId=${store.id}`)).data.map((r) => r.onHand)).toEqual([3, 0, 50]);
    expect((await levels('q=drill bit')).data.map((r) => r.sku)).toEqual([products[1]?.skus[0], products[1]?.skus[0]]);
    expect((await levels('q=LVL-SCR&lowStock=true')).data).toEqual([]);
    // The drill bit set has nothing anywhere: both its rows are low.
    const low = (await levels('q=LVL-&lowStock=true')).data;
    expect(low.map((r) => [r.sku, r.locationCode, r.variantAvailable, r.lowStock])).toEqual([
      [products[1]?.skus[0], 'main', 0, true],
      [products[1]?.skus[0], 'store', 0, true],
    ]);
    expect((await levels('q=100%25_')).data).toEqual([]);
  });

  test('keyset pagination walks every row exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LevelPage = await levels(`q=LVL-&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(4);
      seen.push(...page.data.map((r) => `${r.sku}@${r.locationCode}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen).toEqual([...seen].sort());
  });

  test("a variant's levels at every location with totals", async () => {
    const variantId = products[0]?.variantIds[0] as string;
    const answer = await call<{ variant: unknown; levels: unknown[]; totals: unknown; available: number; lowStock: boolean }>(
      vendor,
      vendor.tokens.editor,
      'GET',
      `/inventory/variants/${variantId}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.variant).toMatchObject({ id: variantId, productTitle: 'Wood screws', sku: products[0]?.skus[0] });
    expect(answer.body.levels).toEqual([
      expect.objectContaining({ locationId: main.id, isDefault: true, onHand: 20, available: 20, lowStock: false }),
      expect.objectContaining({ locationId: store.id, isDefault: false, onHand: 3, lowStock: false }),
    ]);
    expect(answer.body.totals).toEqual({ onHand: 23, reserved: 0, available: 23 });
    expect(answer.body).toMatchObject({ available: 23, lowStock: false, lowStockThreshold: 5 });
  });

  test('errors: unknown location, unknown or foreign variant, bad cursor and limit', async () => {
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', `/inventory?locationId=${theirLocation.id}`), 404, 'NOT_FOUND');
    const foreign = `/inventory/variants/${theirProduct.variantIds[0]}`;
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', foreign), 404, 'NOT_FOUND');
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', `/inventory/variants/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', '/inventory?cursor=garbage'), 422, 'VALIDATION_FAILED');
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', '/inventory?limit=101'), 422, 'VALIDATION_FAILED');
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', '/inventory?lowStock=maybe'), 422, 'VALIDATION_FAILED');
  });

  test("a vendor's list never shows another vendor's stock", async () => {
    await adjust(
      other,
      { variantId: theirProduct.variantIds[0], locationId: theirLocation.id, delta: 9, reason: 'received' },
      other.tokens.owner,
    );
    const page = await levels('limit=100');
    expect(page.data.some((r) => r.variantId === theirProduct.variantIds[0] || r.locationId === theirLocation.id)).toBe(false);
  });
});

describe("low stock follows the vendor's threshold, as the low-stock alerts do", () => {
  test('per variant over all locations; a new threshold moves the badge and the filter; 0 (alerts off) shows none', async () => {
    const shop = await inventoryVendor('Levels threshold');
    const [first, second] = [await createLocation(shop, 'main'), await createLocation(shop, 'store')];
    const spread = await insertProduct(shop, 'Spread stock', 1, 'THR-SPR');
    const scarce = await insertProduct(shop, 'Scarce stock', 1, 'THR-SCA');
    const retired = await insertProduct(shop, 'Retired stock', 1, 'THR-RET');
    const [spreadId, scarceId] = [spread.variantIds[0] as string, scarce.variantIds[0] as string];
    // Spread: 4 + 3 = 7 (each location alone would look low); scarce: 2; retired: 0 but archived.
    await adjust(shop, { variantId: spreadId, locationId: first.id, delta: 4, reason: 'received' });
    await adjust(shop, { variantId: spreadId, locationId: second.id, delta: 3, reason: 'received' });
    await adjust(shop, { variantId: scarceId, locationId: first.id, delta: 2, reason: 'received' });
    await appDatabase()
      .vendor(shop.id)
      .write(
        (q) =>
          [
            q
              .update(productsTable)
              .set({ status: 'archived' })
              .where(and(eq(productsTable.vendorId, shop.id), eq(productsTable.id, retired.id))),
          ] as const,
      );

    const list = async (query = '') => {
      const answer = await call<LevelPage>(shop, shop.tokens.viewer, 'GET', `/inventory?q=THR-${query}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };
    const lowSkus = (page: LevelPage) => [...new Set(page.data.filter((r) => r.lowStock).map((r) => r.sku))].sort();
    const variantLow = async (variantId: string) =>
      (
        await call<{ lowStock: boolean; lowStockThreshold: number }>(
          shop,
          shop.tokens.viewer,
          'GET',
          `/inventory/variants/${variantId}`,
        )
      ).body;
    const setThreshold = async (lowStockThreshold: number) => {
      const saved = await call(shop, shop.tokens.manager, 'PUT', '/inventory/alert-settings', { lowStockThreshold });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    };

    // The default threshold (5): only the scarce variant, on both its rows; the archived one never.
    let page = await list();
    expect(page.lowStockThreshold).toBe(5);
    expect(lowSkus(page)).toEqual([scarce.skus[0]]);
    expect(page.data.filter((r) => r.sku === scarce.skus[0]).map((r) => r.lowStock)).toEqual([true, true]);
    expect(page.data.filter((r) => r.sku === spread.skus[0]).map((r) => r.variantAvailable)).toEqual([7, 7]);
    expect((await list('&lowStock=true')).data.map((r) => `${r.sku}@${r.locationCode}`)).toEqual([
      `${scarce.skus[0]}@main`,
      `${scarce.skus[0]}@store`,
    ]);
    expect(await variantLow(spreadId)).toMatchObject({ lowStock: false, lowStockThreshold: 5 });
    expect(await variantLow(scarceId)).toMatchObject({ lowStock: true });

    // Raised to 7: the spread variant is low too (7 ≤ 7), on every row, as its alert is.
    await setThreshold(7);
    page = await list();
    expect(page.lowStockThreshold).toBe(7);
    expect(lowSkus(page)).toEqual([scarce.skus[0], spread.skus[0]].sort());
    expect((await list('&lowStock=true')).data).toHaveLength(4);
    expect(await variantLow(spreadId)).toMatchObject({ lowStock: true, lowStockThreshold: 7 });
    const alerts = await call<{ data: { sku: string }[] }>(shop, shop.tokens.viewer, 'GET', '/inventory/alerts');
    expect(alerts.body.data.map((a) => a.sku).sort()).toEqual(lowSkus(page));

    // Alerts off: nothing is low, the filter finds nothing.
    await setThreshold(0);
    page = await list();
    expect(page.lowStockThreshold).toBe(0);
    expect(lowSkus(page)).toEqual([]);
    expect((await list('&lowStock=true')).data).toEqual([]);
    expect(await variantLow(scarceId)).toMatchObject({ lowStock: false, lowStockThreshold: 0 });
  });
});

describe('inventory security', () => {
  test('viewers and editors read but may not adjust (403, nothing written); managers and owners may', async () => {
    const variantId = (await insertProduct(vendor, 'Crowbar')).variantIds[0] as string;
    const body = { variantId, locationId: main.id, delta: 1, reason: 'received' };
    for (const role of ['viewer', 'editor'] as const) {
      expect((await call(vendor, vendor.tokens[role], 'GET', '/inventory')).status).toBe(200);
      expect((await call(vendor, vendor.tokens[role], 'GET', '/inventory/movements')).status).toBe(200);
      expectError(await adjust(vendor, body, vendor.tokens[role]), 403, 'FORBIDDEN');
      expectError(
        await call(vendor, vendor.tokens[role], 'POST', '/inventory/adjustments/bulk', { items: [body] }),
        403,
        'FORBIDDEN',
      );
      const transfer = { variantId, fromLocationId: main.id, toLocationId: store.id, quantity: 1 };
      expectError(await call(vendor, vendor.tokens[role], 'POST', '/inventory/transfers', transfer), 403, 'FORBIDDEN');
    }
    expect(await storedLevel(vendor, variantId, main.id)).toBeUndefined();
    expect((await adjust(vendor, body, vendor.tokens.manager)).status).toBe(200);
    expect((await adjust(vendor, body, vendor.tokens.owner)).body).toMatchObject({ onHand: 2 });
  });

  test("another vendor's token and no token are UNAUTHORIZED on every inventory route", async () => {
    const variantId = (await insertProduct(vendor, 'Mallet')).variantIds[0] as string;
    const routes: [string, string, unknown?][] = [
      ['GET', '/inventory'],
      ['GET', `/inventory/variants/${variantId}`],
      ['GET', '/inventory/movements'],
      ['POST', '/inventory/adjustments', { variantId, locationId: main.id, delta: 1, reason: 'received' }],
      ['POST', '/inventory/adjustments/bulk', { items: [{ variantId, locationId: main.id, delta: 1, reason: 'received' }] }],
      ['POST', '/inventory/transfers', { variantId, fromLocationId: main.id, toLocationId: store.id, quantity: 1 }],
    ];
    for (const [method, path, body] of routes) {
      expectError(await call(vendor, other.tokens.owner, method, path, body), 401, 'UNAUTHORIZED');
      expectError(await call(vendor, {}, method, path, body), 401, 'UNAUTHORIZED');
    }
    expect(await storedLevel(vendor, variantId, main.id)).toBeUndefined();
  });
});
