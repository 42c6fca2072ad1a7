import { beforeAll, describe, expect, test } from 'vitest';
import { vendorApi } from '../harness/team';
import { levelOf, type OrderShop, orderBody, orderShop, place, registerShopper, topicsOf } from './order-fixtures';

let shop: OrderShop;

beforeAll(async () => {
  shop = await orderShop();
}, 60_000);

type TeamOrder = {
  id: string;
  number: number;
  status: string;
  version: number;
  allowedTransitions: string[];
  history: { from: string | null; to: string; actor: { kind: string; id: string | null }; note: string | null }[];
};
const code = (body: unknown) => (body as { error?: { code?: string } }).error?.code;
const api = <T = Record<string, unknown>>(token: string, method: string, path: string, json?: unknown) =>
  vendorApi<T>(shop.vendor.slug, token, method, path, json);

async function placeOne(sku = 'HAM-1', quantity = 1, extra: Record<string, unknown> = {}) {
  const placed = await place(shop, orderBody(shop, [[sku, quantity]], extra));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body as unknown as { id: string; number: number };
}

async function move(id: string, to: string, version: number, token = shop.tokens.manager, note?: string) {
  return api<TeamOrder>(token, 'POST', `/orders/${id}/transitions`, { to, version, ...(note ? { note } : {}) });
}

describe('the status machine through the API', () => {
  test('pending → confirmed → processing → shipped → delivered → refunded, with history and events', async () => {
    const order = await placeOne('HAM-1', 2);
    const variantId = shop.variants['HAM-1'] as string;
    const before = await levelOf(shop.vendor.id, variantId);

    const detail = await api<TeamOrder>(shop.tokens.viewer, 'GET', `/orders/${order.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'pending', version: 1, allowedTransitions: ['confirmed', 'cancelled'] });
    expect(detail.body.history).toEqual([
      expect.objectContaining({ from: null, to: 'pending', actor: { kind: 'guest', id: null } }),
    ]);

    let current = (await move(order.id, 'confirmed', 1, shop.tokens.manager, 'Paid by transfer')).body;
    expect(current).toMatchObject({ status: 'confirmed', version: 2, allowedTransitions: ['processing', 'cancelled'] });
    current = (await move(order.id, 'processing', current.version)).body;
    const shipped = await move(order.id, 'shipped', current.version);
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    // Shipping takes the reserved units off the shelf, with `sold` ledger entries.
    const after = await levelOf(shop.vendor.id, variantId);
    expect(after).toEqual({
      onHand: before.onHand - 2,
      reserved: before.reserved - 2,
      ledgerOnHand: before.onHand - 2,
      ledgerReserved: before.reserved - 2,
    });
    current = (await move(order.id, 'delivered', shipped.body.version)).body;
    current = (await move(order.id, 'refunded', current.version, shop.tokens.owner)).body;
    expect(current).toMatchObject({ status: 'refunded', allowedTransitions: [] });
    // A refund leaves stock alone (returns are booked as stock adjustments).
    expect(await levelOf(shop.vendor.id, variantId)).toEqual(after);
    expect(current.history.map((h) => h.to)).toEqual(['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'refunded']);
    expect(current.history[1]).toMatchObject({ from: 'pending', actor: { kind: 'team-member' }, note: 'Paid by transfer' });
    expect(await topicsOf(shop.vendor.id, order.id)).toEqual([
      'order.placed.v1',
      'order.confirmed.v1',
      'order.shipped.v1',
      'order.delivered.v1',
      'order.refunded.v1',
    ]);
  });

  test('cancelling releases the reservation (ledger `released`), once', async () => {
    const variantId = shop.variants['BOOK-1'] as string;
    const before = await levelOf(shop.vendor.id, variantId);
    const order = await placeOne('BOOK-1', 3);
    expect((await levelOf(shop.vendor.id, variantId)).reserved).toBe(before.reserved + 3);
    const confirmed = await move(order.id, 'confirmed', 1);
    const cancelled = await move(order.id, 'cancelled', confirmed.body.version);
    expect(cancelled.status).toBe(200);
    expect(await levelOf(shop.vendor.id, variantId)).toEqual(before);
    const again = await move(order.id, 'cancelled', cancelled.body.version);
    expect([again.status, code(again.body)]).toEqual([409, 'INVALID_TRANSITION']);
    expect(await levelOf(shop.vendor.id, variantId)).toEqual(before);
    expect(await topicsOf(shop.vendor.id, order.id)).toEqual(['order.placed.v1', 'order.confirmed.v1', 'order.cancelled.v1']);
  });

  test('an illegal transition is INVALID_TRANSITION with the allowed ones; a stale version is CONFLICT', async () => {
    const order = await placeOne();
    const skip = await move(order.id, 'shipped', 1);
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({
      error: { code: 'INVALID_TRANSITION', details: { from: 'pending', to: 'shipped', allowed: ['confirmed', 'cancelled'] } },
    });
    await move(order.id, 'confirmed', 1);
    const stale = await move(order.id, 'processing', 1);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'CONFLICT', details: { currentVersion: 2 } } });
    const unknown = await move(crypto.randomUUID(), 'confirmed', 1);
    expect([unknown.status, code(unknown.body)]).toEqual([404, 'NOT_FOUND']);
    const invalid = await api(shop.tokens.manager, 'POST', `/orders/${order.id}/transitions`, { to: 'lost', version: 2 });
    expect([invalid.status, code(invalid.body)]).toEqual([422, 'VALIDATION_FAILED']);
  });

  test('viewers and editors read orders but may not move them', async () => {
    const order = await placeOne();
    for (const token of [shop.tokens.viewer, shop.tokens.editor]) {
      expect((await api(token, 'GET', `/orders/${order.id}`)).status).toBe(200);
      const refused = await move(order.id, 'confirmed', 1, token);
      expect([refused.status, code(refused.body)]).toEqual([403, 'FORBIDDEN']);
    }
  });
});

describe('the order list', () => {
  test('newest first, keyset pages, filters by status, number, customer and time', async () => {
    const own = await orderShop();
    const shopper = await registerShopper(own.vendor.slug);
    const placed = [];
    for (let i = 0; i < 5; i++) {
      const answer = await place(own, orderBody(own, [['BOOK-1', 1]]), i === 2 ? { token: shopper.token } : {});
      placed.push(answer.body as unknown as { id: string; number: number; version: number });
    }
    const call = <T>(path: string) => vendorApi<T>(own.vendor.slug, own.tokens.viewer, 'GET', path);
    type Page = { data: { number: number; status: string; itemCount: number }[]; nextCursor: string | null };
    const first = await call<Page>('/orders?limit=2');
    expect(first.body.data.map((o) => o.number)).toEqual([1005, 1004]);
    const second = await call<Page>(`/orders?limit=2&cursor=${first.body.nextCursor}`);
    const third = await call<Page>(`/orders?limit=2&cursor=${second.body.nextCursor}`);
    expect([...second.body.data, ...third.body.data].map((o) => o.number)).toEqual([1003, 1002, 1001]);
    expect(third.body.nextCursor).toBeNull();

    await vendorApi(own.vendor.slug, own.tokens.manager, 'POST', `/orders/${placed[0]?.id}/transitions`, {
      to: 'confirmed',
      version: 1,
    });
    expect((await call<Page>('/orders?status=confirmed')).body.data.map((o) => o.number)).toEqual([1001]);
    expect((await call<Page>('/orders?number=1004')).body.data.map((o) => o.number)).toEqual([1004]);
    expect((await call<Page>(`/orders?customerId=${shopper.customerId}`)).body.data.map((o) => o.number)).toEqual([1003]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await call<Page>(`/orders?from=${encodeURIComponent(future)}`)).body.data).toEqual([]);
    expect((await call<Page>(`/orders?to=${encodeURIComponent(future)}`)).body.data).toHaveLength(5);
    const bad = await call('/orders?cursor=nonsense');
    expect([bad.status, code(bad.body)]).toEqual([422, 'VALIDATION_FAILED']);
  });
});

describe('customers for the team', () => {
  test('list with search, detail with their orders', async () => {
    const own = await orderShop();
    const shopper = await registerShopper(own.vendor.slug);
    await registerShopper(own.vendor.slug);
    await place(own, orderBody(own, [['BOOK-1', 2]], { email: shopper.email }), { token: shopper.token });
    type Page = { data: { id: string; email: string; orderCount: number; totalSpentMinor: number }[]; nextCursor: string | null };
    const list = await vendorApi<Page>(own.vendor.slug, own.tokens.viewer, 'GET', '/customers');
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    const found = await vendorApi<Page>(
      own.vendor.slug,
      own.tokens.viewer,
      'GET',
      `/customers?q=${encodeURIComponent(shopper.email)}`,
    );
    expect(found.body.data).toEqual([
      expect.objectContaining({ id: shopper.customerId, orderCount: 1, totalSpentMinor: 2060 + 490 }),
    ]);
    const paged = await vendorApi<Page>(own.vendor.slug, own.tokens.viewer, 'GET', '/customers?limit=1');
    expect(paged.body.nextCursor).not.toBeNull();
    const detail = await vendorApi<{ orders: { number: number }[]; email: string }>(
      own.vendor.slug,
      own.tokens.viewer,
      'GET',
      `/customers/${shopper.customerId}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.orders.map((o) => o.number)).toEqual([1001]);
    const missing = await vendorApi(own.vendor.slug, own.tokens.viewer, 'GET', `/customers/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
  });
});

describe('checkout settings', () => {
  test('managers manage shipping methods and VAT rates; editors read; validation', async () => {
    const own = await orderShop();
    const created = await vendorApi<{ id: string; kind: string }>(
      own.vendor.slug,
      own.tokens.manager,
      'POST',
      '/settings/shipping-methods',
      {
        name: 'Pickup',
        kind: 'flat',
        priceMinor: 0,
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const changed = await vendorApi<{ active: boolean }>(
      own.vendor.slug,
      own.tokens.manager,
      'PATCH',
      `/settings/shipping-methods/${created.body.id}`,
      { active: false },
    );
    expect(changed.body.active).toBe(false);
    const shopList = await vendorApi(own.vendor.slug, own.tokens.editor, 'GET', '/settings/shipping-methods');
    expect((shopList.body as { data: unknown[] }).data).toHaveLength(3);
    const editorWrite = await vendorApi(own.vendor.slug, own.tokens.editor, 'POST', '/settings/shipping-methods', {
      name: 'Nope',
      kind: 'flat',
    });
    expect(editorWrite.status).toBe(403);
    const noBrackets = await vendorApi(own.vendor.slug, own.tokens.manager, 'POST', '/settings/shipping-methods', {
      name: 'Heavy',
      kind: 'weight',
    });
    expect([noBrackets.status, code(noBrackets.body)]).toEqual([422, 'VALIDATION_FAILED']);
    const deleted = await vendorApi(
      own.vendor.slug,
      own.tokens.manager,
      'DELETE',
      `/settings/shipping-methods/${created.body.id}`,
    );
    expect(deleted.status).toBe(204);

    const second = await vendorApi(own.vendor.slug, own.tokens.owner, 'POST', '/settings/tax-rates', {
      name: 'Another standard',
      rateBp: 800,
    });
    expect([second.status, code(second.body)]).toEqual([409, 'CONFLICT']);
    const rates = await vendorApi<{ data: { id: string; rateBp: number; categoryId: string | null }[] }>(
      own.vendor.slug,
      own.tokens.viewer,
      'GET',
      '/settings/tax-rates',
    );
    const standard = rates.body.data.find((r) => r.categoryId === null);
    const updated = await vendorApi<{ rateBp: number }>(
      own.vendor.slug,
      own.tokens.manager,
      'PATCH',
      `/settings/tax-rates/${standard?.id}`,
      {
        rateBp: 1600,
      },
    );
    expect(updated.body.rateBp).toBe(1600);
    const tooHigh = await vendorApi(own.vendor.slug, own.tokens.manager, 'POST', '/settings/tax-rates', {
      name: 'x',
      rateBp: 20_000,
      categoryId: crypto.randomUUID(),
    });
    expect(tooHigh.status).toBe(422);
    const unknownCategory = await vendorApi(own.vendor.slug, own.tokens.manager, 'POST', '/settings/tax-rates', {
      name: 'x',
      rateBp: 500,
      categoryId: crypto.randomUUID(),
    });
    expect([unknownCategory.status, code(unknownCategory.body)]).toEqual([422, 'VALIDATION_FAILED']);
  });
});
