import { beforeAll, describe, expect, test } from 'vitest';
import { inventoryAdjustedV1, inventoryTransferredV1 } from '../../src/modules/inventory/events';
import {
  adjust,
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
} from './inventory-fixtures';

let vendor: InventoryVendor;
let other: InventoryVendor;
let main: TestLocation;
let store: TestLocation;
let theirLocation: TestLocation;

beforeAll(async () => {
  [vendor, other] = await Promise.all([inventoryVendor('Transfers A'), inventoryVendor('Transfers B')]);
  main = await createLocation(vendor, 'main');
  store = await createLocation(vendor, 'store');
  theirLocation = await createLocation(other, 'main');
});

/** A variant with `onHand` at main. */
async function stocked(onHand: number): Promise<string> {
  const variantId = (await insertProduct(vendor, 'Paint roller')).variantIds[0] as string;
  if (onHand > 0)
    expect((await adjust(vendor, { variantId, locationId: main.id, delta: onHand, reason: 'received' })).status).toBe(200);
  return variantId;
}

const transfer = (body: Record<string, unknown>, token = vendor.tokens.manager) =>
  call<Record<string, unknown> & ErrorAnswer>(vendor, token, 'POST', '/inventory/transfers', body);

describe('transfers', () => {
  test('moves stock: both levels, two ledger entries with one reference, one event', async () => {
    const variantId = await stocked(10);
    const answer = await transfer({
      variantId,
      fromLocationId: main.id,
      toLocationId: store.id,
      quantity: 4,
      note: 'restock shop',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      quantity: 4,
      from: { variantId, locationId: main.id, onHand: 6, reserved: 0, available: 6 },
      to: { variantId, locationId: store.id, onHand: 4, reserved: 0, available: 4 },
    });
    const reference = answer.body.reference as string;
    const movements = (await storedMovements(vendor)).filter((m) => m.reference === reference);
    expect(movements.map((m) => [m.reason, m.locationId, m.onHandDelta, m.note])).toEqual([
      ['transfer-out', main.id, -4, 'restock shop'],
      ['transfer-in', store.id, 4, 'restock shop'],
    ]);
    const [event] = (await storedEvents(vendor, inventoryTransferredV1.topic)).filter((e) => e.aggregateId === variantId);
    expect(inventoryTransferredV1.schema.parse(event?.payload)).toEqual({
      variantId,
      fromLocationId: main.id,
      toLocationId: store.id,
      quantity: 4,
      reference,
      from: { onHand: 6, reserved: 0, available: 6 },
      to: { onHand: 4, reserved: 0, available: 4 },
    });
    // Back again, onto an existing level.
    const back = await transfer({ variantId, fromLocationId: store.id, toLocationId: main.id, quantity: 4 });
    expect(back.body).toMatchObject({ from: { onHand: 0 }, to: { onHand: 10 } });
  });

  test('only what is available moves: INSUFFICIENT_STOCK with the source level, nothing written', async () => {
    const variantId = await stocked(5);
    await reserve(vendor, variantId, main.id, 2);
    const before = (await storedMovements(vendor)).length;
    const answer = await transfer({ variantId, fromLocationId: main.id, toLocationId: store.id, quantity: 4 });
    expectError(answer, 409, 'INSUFFICIENT_STOCK');
    expect(answer.body.error.details).toEqual({
      variantId,
      locationId: main.id,
      onHand: 5,
      reserved: 2,
      available: 3,
      requested: { quantity: 4 },
    });
    expectError(
      await transfer({ variantId, fromLocationId: store.id, toLocationId: main.id, quantity: 1 }),
      409,
      'INSUFFICIENT_STOCK',
    );
    expect((await storedMovements(vendor)).length).toBe(before);
    expect(await storedLevel(vendor, variantId, store.id)).toBeUndefined();
    expect((await storedEvents(vendor, inventoryTransferredV1.topic)).filter((e) => e.aggregateId === variantId)).toEqual([]);
  });

  test('opposite transfers at the same time neither deadlock nor lose stock', async () => {
    const variantId = await stocked(20);
    await transfer({ variantId, fromLocationId: main.id, toLocationId: store.id, quantity: 10 });
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        transfer({
          variantId,
          fromLocationId: i % 2 ? main.id : store.id,
          toLocationId: i % 2 ? store.id : main.id,
          quantity: 1,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(201));
    const [a, b] = [await storedLevel(vendor, variantId, main.id), await storedLevel(vendor, variantId, store.id)];
    expect((a?.onHand ?? 0) + (b?.onHand ?? 0)).toBe(20);
  });

  test('errors: same location, bad quantity, unknown or foreign ids', async () => {
    const variantId = await stocked(3);
    expectError(
      await transfer({ variantId, fromLocationId: main.id, toLocationId: main.id, quantity: 1 }),
      422,
      'VALIDATION_FAILED',
    );
    for (const quantity of [0, -1, 1.5, 2_000_000])
      expectError(
        await transfer({ variantId, fromLocationId: main.id, toLocationId: store.id, quantity }),
        422,
        'VALIDATION_FAILED',
      );
    expectError(
      await transfer({ variantId, fromLocationId: main.id, toLocationId: theirLocation.id, quantity: 1 }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await transfer({ variantId, fromLocationId: theirLocation.id, toLocationId: main.id, quantity: 1 }),
      404,
      'NOT_FOUND',
    );
    const foreign = (await insertProduct(other, 'Foreign')).variantIds[0];
    expectError(
      await transfer({ variantId: foreign, fromLocationId: main.id, toLocationId: store.id, quantity: 1 }),
      404,
      'NOT_FOUND',
    );
    expect(await storedLevel(vendor, variantId, main.id)).toMatchObject({ onHand: 3 });
    expect(await storedLevel(other, variantId, theirLocation.id)).toBeUndefined();
  });
});

describe('bulk adjustments', () => {
  const bulk = (items: unknown[], token = vendor.tokens.manager) =>
    call<{ data: Record<string, unknown>[] } & ErrorAnswer>(vendor, token, 'POST', '/inventory/adjustments/bulk', { items });

  test('applies every item, in order, with a ledger entry and an event each', async () => {
    const product = await insertProduct(vendor, 'Sandpaper', 3);
    const [a, b, c] = product.variantIds;
    await adjust(vendor, { variantId: a, locationId: main.id, delta: 10, reason: 'received' });
    const answer = await bulk([
      { variantId: a, locationId: main.id, delta: -2, reason: 'damaged' },
      { variantId: b, locationId: main.id, setOnHand: 7, reason: 'correction', reference: 'COUNT-9' },
      { variantId: c, locationId: store.id, delta: 5, reason: 'received' },
      { variantId: c, locationId: main.id, setOnHand: 0, reason: 'correction' },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.data.map((l) => [l.variantId, l.locationId, l.onHand, l.onHandDelta])).toEqual([
      [a, main.id, 8, -2],
      [b, main.id, 7, 7],
      [c, store.id, 5, 5],
      [c, main.id, 0, 0],
    ]);
    expect(answer.body.data[3]?.movementId).toBeNull();
    const ids = new Set(product.variantIds);
    const movements = (await storedMovements(vendor)).filter((m) => ids.has(m.variantId));
    expect(movements).toHaveLength(4);
    expect(movements.find((m) => m.variantId === b)).toMatchObject({ reason: 'correction', reference: 'COUNT-9' });
    const events = (await storedEvents(vendor, inventoryAdjustedV1.topic)).filter((e) => ids.has(e.aggregateId));
    expect(events.map((e) => inventoryAdjustedV1.schema.parse(e.payload).onHandDelta).sort()).toEqual([-2, 10, 5, 7].sort());
  });

  test('all or nothing: one refused item leaves every level, the ledger and the outbox as they were', async () => {
    const product = await insertProduct(vendor, 'Masking tape', 2);
    const [a, b] = product.variantIds as [string, string];
    await adjust(vendor, { variantId: a, locationId: main.id, delta: 3, reason: 'received' });
    const before = {
      movements: (await storedMovements(vendor)).length,
      events: (await storedEvents(vendor, inventoryAdjustedV1.topic)).length,
    };
    const answer = await bulk([
      { variantId: b, locationId: main.id, delta: 50, reason: 'received' },
      { variantId: a, locationId: main.id, delta: -4, reason: 'lost' },
    ]);
    expectError(answer, 409, 'INSUFFICIENT_STOCK');
    expect(answer.body.error.details).toEqual({
      items: [{ index: 1, variantId: a, locationId: main.id, onHand: 3, reserved: 0, available: 3 }],
    });
    expect(await storedLevel(vendor, a, main.id)).toMatchObject({ onHand: 3 });
    expect(await storedLevel(vendor, b, main.id)).toBeUndefined();
    expect((await storedMovements(vendor)).length).toBe(before.movements);
    expect((await storedEvents(vendor, inventoryAdjustedV1.topic)).length).toBe(before.events);
  });

  test('errors: empty, too many, duplicates, invalid items, foreign ids', async () => {
    const variantId = (await insertProduct(vendor, 'Brush')).variantIds[0] as string;
    const item = { variantId, locationId: main.id, delta: 1, reason: 'received' };
    expectError(await bulk([]), 422, 'VALIDATION_FAILED');
    expectError(await bulk([item, item]), 422, 'VALIDATION_FAILED');
    expectError(await bulk([{ ...item, delta: -1 }]), 422, 'VALIDATION_FAILED');
    const many = Array.from({ length: 501 }, () => ({ ...item, variantId: crypto.randomUUID() }));
    expectError(await bulk(many), 422, 'VALIDATION_FAILED');
    const foreign = await bulk([item, { ...item, locationId: theirLocation.id }]);
    expectError(foreign, 404, 'NOT_FOUND');
    expect(foreign.body.error.details).toEqual({ missing: [{ kind: 'location', id: theirLocation.id }] });
    expect(await storedLevel(vendor, variantId, main.id)).toBeUndefined();
    expect(await storedLevel(other, variantId, theirLocation.id)).toBeUndefined();
  });
});
