import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { inventoryLevels, inventoryMovements } from '../../drizzle/schema';
import { ensureDefaultLocations, inventoryAdjustedV1, setStock } from '../../src/modules/inventory';
import { pgErrorCode } from '../../src/platform/db';
import { appDatabase } from '../harness/platform';
import {
  adjust,
  call,
  createLocation,
  expectError,
  type InventoryVendor,
  insertProduct,
  inventoryVendor,
  storedEvents,
  storedLevel,
  storedMovements,
  type TestLocation,
} from './inventory-fixtures';

/** For every (variant, location): the stored level next to the sums of its ledger entries. */
async function ledgerAgainstLevels(vendorId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q.execute<{
            variant_id: string;
            location_id: string;
            on_hand: number;
            reserved: number;
            sum_on_hand: number;
            sum_reserved: number;
          }>(sql`
            select coalesce(l.variant_id, m.variant_id) as variant_id, coalesce(l.location_id, m.location_id) as location_id,
              coalesce(l.on_hand, 0) as on_hand, coalesce(l.reserved, 0) as reserved,
              coalesce(m.sum_on_hand, 0)::int as sum_on_hand, coalesce(m.sum_reserved, 0)::int as sum_reserved
            from inventory_levels l
            full join (
              select variant_id, location_id, sum(on_hand_delta) as sum_on_hand, sum(reserved_delta) as sum_reserved
              from inventory_movements where vendor_id = ${vendorId} group by 1, 2
            ) m on m.variant_id = l.variant_id and m.location_id = l.location_id
            where l.vendor_id = ${vendorId} or l.vendor_id is null`),
        ] as const,
    );
  return rows.rows;
}

/** A small deterministic random generator, so a failing sequence can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

let vendor: InventoryVendor;
let locations: TestLocation[];

beforeAll(async () => {
  vendor = await inventoryVendor('Ledger');
  locations = [
    await createLocation(vendor, 'main'),
    await createLocation(vendor, 'store'),
    await createLocation(vendor, 'depot'),
  ];
});

describe('the ledger always sums to the level', () => {
  test('after 200 random adjustments, counts and transfers (some refused), run a few at a time', async () => {
    const variantIds = (await insertProduct(vendor, 'Random stock', 4)).variantIds;
    const next = random(20261125);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const operations = Array.from({ length: 200 }, () => {
      const variantId = pick(variantIds);
      const kind = next();
      if (kind < 0.45) {
        const delta = Math.floor(next() * 21) - 10 || 1;
        return () =>
          adjust(vendor, { variantId, locationId: pick(locations).id, delta, reason: delta > 0 ? 'received' : 'damaged' });
      }
      if (kind < 0.6)
        return () =>
          adjust(vendor, { variantId, locationId: pick(locations).id, setOnHand: Math.floor(next() * 15), reason: 'correction' });
      const from = pick(locations);
      const to = pick(locations.filter((l) => l.id !== from.id));
      const quantity = 1 + Math.floor(next() * 8);
      return () =>
        call(vendor, vendor.tokens.manager, 'POST', '/inventory/transfers', {
          variantId,
          fromLocationId: from.id,
          toLocationId: to.id,
          quantity,
        });
    });
    const statuses: number[] = [];
    for (let i = 0; i < operations.length; i += 4)
      statuses.push(...(await Promise.all(operations.slice(i, i + 4).map((run) => run()))).map((a) => a.status));

    expect(
      statuses.every((s) => [200, 201, 409].includes(s)),
      statuses.join(','),
    ).toBe(true);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== 409).length).toBeGreaterThan(100);

    const rows = (await ledgerAgainstLevels(vendor.id)).filter((r) => variantIds.includes(r.variant_id));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.on_hand, `${row.variant_id}@${row.location_id}`).toBe(row.sum_on_hand);
      expect(row.reserved, `${row.variant_id}@${row.location_id}`).toBe(row.sum_reserved);
      expect(row.on_hand).toBeGreaterThanOrEqual(row.reserved);
    }
  }, 180_000);

  test('20 concurrent decrements of 1 on a level of 10: exactly 10 succeed', async () => {
    const variantId = (await insertProduct(vendor, 'Contended')).variantIds[0] as string;
    const locationId = locations[0]?.id as string;
    await adjust(vendor, { variantId, locationId, delta: 10, reason: 'received' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => adjust(vendor, { variantId, locationId, delta: -1, reason: 'damaged' })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'INSUFFICIENT_STOCK')).toBe(true);
    expect(await storedLevel(vendor, variantId, locationId)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
    const movements = (await storedMovements(vendor)).filter((m) => m.variantId === variantId);
    expect(movements.filter((m) => m.onHandDelta === -1)).toHaveLength(10);
    const events = (await storedEvents(vendor, inventoryAdjustedV1.topic)).filter((e) => e.aggregateId === variantId);
    expect(events.map((e) => inventoryAdjustedV1.schema.parse(e.payload).onHandDelta).filter((d) => d === -1)).toHaveLength(10);
    // Each success saw its own level: on hand 9, 8, … 0, once each.
    expect(
      answers
        .filter((a) => a.status === 200)
        .map((a) => a.body.onHand)
        .sort((x, y) => (x ?? 0) - (y ?? 0)),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('the app role can neither change nor remove a ledger entry (42501)', async () => {
    const variantId = (await insertProduct(vendor, 'Immutable')).variantIds[0] as string;
    await adjust(vendor, { variantId, locationId: locations[0]?.id, delta: 3, reason: 'received' });
    const db = appDatabase().vendor(vendor.id);
    const update = await db
      .write(
        (q) =>
          [q.update(inventoryMovements).set({ onHandDelta: 300 }).where(eq(inventoryMovements.variantId, variantId))] as const,
      )
      .catch((e: unknown) => e);
    expect(pgErrorCode(update)).toBe('42501');
    const remove = await db
      .write((q) => [q.delete(inventoryMovements).where(eq(inventoryMovements.variantId, variantId))] as const)
      .catch((e: unknown) => e);
    expect(pgErrorCode(remove)).toBe('42501');
    expect((await storedMovements(vendor)).filter((m) => m.variantId === variantId).map((m) => m.onHandDelta)).toEqual([3]);
  });
});

describe('the movements API', () => {
  type MovementPage = {
    data: { id: number; reason: string; onHandDelta: number; locationCode: string; actor: { kind: string } }[];
    nextCursor: string | null;
  };

  test('newest first, filtered by variant and location, paginated without gaps', async () => {
    const variantId = (await insertProduct(vendor, 'Paged')).variantIds[0] as string;
    const [main, store] = locations as [TestLocation, TestLocation];
    for (let i = 1; i <= 5; i++) await adjust(vendor, { variantId, locationId: main.id, delta: i, reason: 'received' });
    await adjust(vendor, { variantId, locationId: store.id, delta: 9, reason: 'found' });
    const first = await call<MovementPage>(
      vendor,
      vendor.tokens.viewer,
      'GET',
      `/inventory/movements?variantId=${variantId}&limit=4`,
    );
    expect(first.body.data.map((m) => m.onHandDelta)).toEqual([9, 5, 4, 3]);
    const second = await call<MovementPage>(
      vendor,
      vendor.tokens.viewer,
      'GET',
      `/inventory/movements?variantId=${variantId}&limit=4&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((m) => m.onHandDelta)).toEqual([2, 1]);
    expect(second.body.nextCursor).toBeNull();
    const atStore = await call<MovementPage>(
      vendor,
      vendor.tokens.viewer,
      'GET',
      `/inventory/movements?variantId=${variantId}&locationId=${store.id}`,
    );
    expect(atStore.body.data.map((m) => [m.reason, m.locationCode])).toEqual([['found', 'store']]);
  });

  test('errors: foreign or unknown filters are NOT_FOUND, a bad cursor is VALIDATION_FAILED', async () => {
    const other = await inventoryVendor('Ledger other');
    const theirs = (await insertProduct(other, 'Theirs')).variantIds[0];
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', `/inventory/movements?variantId=${theirs}`), 404, 'NOT_FOUND');
    expectError(
      await call(vendor, vendor.tokens.viewer, 'GET', `/inventory/movements?locationId=${crypto.randomUUID()}`),
      404,
      'NOT_FOUND',
    );
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', '/inventory/movements?cursor=WyJ4Il0'), 422, 'VALIDATION_FAILED');
    expectError(await call(vendor, vendor.tokens.viewer, 'GET', '/inventory/movements?variantId=nope'), 422, 'VALIDATION_FAILED');
  });
});

describe('the service functions the seed uses', () => {
  test('ensureDefaultLocations and setStock are idempotent, record "system" and keep the ledger in step', async () => {
    const v = await inventoryVendor('Seeded');
    const db = appDatabase();
    const created = await ensureDefaultLocations(db, v.id);
    expect(created.map((l) => [l.code, l.isDefault])).toEqual([
      ['main', true],
      ['store', false],
    ]);
    expect((await ensureDefaultLocations(db, v.id)).map((l) => l.id)).toEqual(created.map((l) => l.id));

    const { variantIds } = await insertProduct(v, 'Seeded product', 3);
    const lines = variantIds.flatMap((variantId, i) =>
      created.map((l) => ({ variantId, locationId: l.id, onHand: 10 * (i + 1) })),
    );
    expect(await setStock(db, v.id, lines)).toEqual({ changed: 6, refused: 0 });
    expect(await setStock(db, v.id, lines)).toEqual({ changed: 0, refused: 0 });
    const lower = lines.map((line) => ({ ...line, onHand: 1 }));
    expect(await setStock(db, v.id, lower, { events: false })).toEqual({ changed: 6, refused: 0 });

    const movements = await storedMovements(v);
    expect(movements.map((m) => m.reason)).toEqual([...Array(6).fill('received'), ...Array(6).fill('correction')]);
    expect(movements.every((m) => m.actorId === null)).toBe(true);
    expect(await storedEvents(v, inventoryAdjustedV1.topic)).toHaveLength(6);
    for (const row of await ledgerAgainstLevels(v.id)) expect(row.on_hand).toBe(row.sum_on_hand);

    const page = await call<{ data: { actor: unknown }[] }>(v, v.tokens.viewer, 'GET', '/inventory/movements?limit=1');
    expect(page.body.data[0]?.actor).toEqual({ kind: 'system', id: null, name: 'System' });
    const [levels] = await db.vendor(v.id).read((q) => [q.select().from(inventoryLevels)] as const);
    expect(levels.map((l) => l.onHand)).toEqual(Array(6).fill(1));
  });
});
