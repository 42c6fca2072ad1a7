/**
 * The opt-in reservation expiry: the stock Worker's cron cancels pending orders still unpaid after
 * the vendor's `cancelUnpaidAfterHours`, through the orders module (history, release, event).
 * Orders are made old by moving `placed_at` back directly, as the app role may.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { orders } from '../../drizzle/schema';
import { request } from '../harness/http';
import { appDatabase, eventually, platform } from '../harness/platform';
import { errorCode, vendorApi } from '../harness/team';
import { levelOf, type OrderShop, orderBody, orderShop, place, topicsOf } from './order-fixtures';

interface Settings {
  lowStockThreshold: number;
  cancelUnpaidAfterHours: number | null;
  updatedAt: string | null;
  raised?: number;
  resolved?: number;
}

interface TeamOrder {
  id: string;
  status: string;
  version: number;
  history: { from: string | null; to: string; actor: { kind: string; id: string | null }; note: string | null }[];
}

const api = <T>(shop: OrderShop, method: string, path: string, json?: unknown, token = shop.tokens.owner) =>
  vendorApi<T>(shop.vendor.slug, token, method, path, json);

async function settings(shop: OrderShop, body: Record<string, unknown>, token = shop.tokens.manager) {
  const saved = await api<Settings>(shop, 'PUT', '/inventory/alert-settings', body, token);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return saved.body;
}

async function placeOrder(shop: OrderShop, sku: string, quantity: number): Promise<string> {
  const placed = await place(shop, orderBody(shop, [[sku, quantity]]));
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return (placed.body as { id: string }).id;
}

/** Moves the order's `placed_at` back by `hours`, as if it had been placed then. */
async function backdate(shop: OrderShop, orderId: string, hours: number) {
  await appDatabase()
    .vendor(shop.vendor.id)
    .write(
      (q) =>
        [
          q
            .update(orders)
            .set({ placedAt: sql`now() - make_interval(hours => ${hours}::int)` })
            .where(and(eq(orders.vendorId, shop.vendor.id), eq(orders.id, orderId))),
        ] as const,
    );
}

async function order(shop: OrderShop, id: string): Promise<TeamOrder> {
  const answer = await api<TeamOrder>(shop, 'GET', `/orders/${id}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** Fires the stock Worker's cron as the local platform does (wrangler's `/__scheduled`). */
async function runExpiry() {
  const response = await request(`${platform().urls.stock}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`);
  const text = await response.text();
  expect(response.status, text).toBe(200);
}

describe('unpaid-order expiry (stock Worker cron)', () => {
  test('cancels old unpaid pending orders as the system, releases their stock and resolves the alert; leaves the rest', {
    timeout: 120_000,
  }, async () => {
    const [shop, without, patient] = await Promise.all([orderShop(), orderShop(), orderShop()]);
    expect((await settings(shop, { cancelUnpaidAfterHours: 2 })).cancelUnpaidAfterHours).toBe(2);
    // Another vendor with a longer limit, and one that never turned it on.
    await settings(patient, { cancelUnpaidAfterHours: 48 });
    const hammer = shop.variants['HAM-1'] as string;
    const before = await levelOf(shop.vendor.id, hammer);

    // HAM-1 has 10: the stale order holds 6, leaving 4 (≤ 5, an alert opens).
    const stale = await placeOrder(shop, 'HAM-1', 6);
    const young = await placeOrder(shop, 'BOOK-1', 1);
    const confirmed = await placeOrder(shop, 'BOOK-1', 2);
    const confirmedVersion = (await order(shop, confirmed)).version;
    const moved = await api(shop, 'POST', `/orders/${confirmed}/transitions`, { to: 'confirmed', version: confirmedVersion });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const paid = await placeOrder(shop, 'BOOK-1', 1);
    const untouched = await placeOrder(without, 'HAM-1', 1);
    const tooYoung = await placeOrder(patient, 'HAM-1', 1);
    await backdate(shop, stale, 3);
    await backdate(shop, confirmed, 3);
    await backdate(shop, paid, 3);
    // No payment provider marks orders paid yet; this one is, as a captured payment would leave it.
    await appDatabase()
      .vendor(shop.vendor.id)
      .write(
        (q) =>
          [
            q
              .update(orders)
              .set({ paymentStatus: 'paid' })
              .where(and(eq(orders.vendorId, shop.vendor.id), eq(orders.id, paid))),
          ] as const,
      );
    await backdate(without, untouched, 300);
    await backdate(patient, tooYoung, 3);
    expect((await levelOf(shop.vendor.id, hammer)).reserved).toBe(before.reserved + 6);
    const alert = await eventually(
      async () => (await api<{ data: { id: string; sku: string }[] }>(shop, 'GET', '/inventory/alerts')).body.data[0],
      30_000,
      'the low-stock alert of the stale order',
    );
    expect(alert.sku).toBe('HAM-1');

    // Two runs at once (and the platform's own tick): the order is cancelled once, neither fails.
    await Promise.all([runExpiry(), runExpiry()]);
    const cancelled = await eventually(
      async () => {
        const current = await order(shop, stale);
        return current.status === 'cancelled' ? current : undefined;
      },
      30_000,
      'the stale order to be cancelled',
    );
    const cancels = cancelled.history.filter((entry) => entry.to === 'cancelled');
    expect(cancels).toEqual([
      {
        ...cancels[0],
        from: 'pending',
        to: 'cancelled',
        actor: { kind: 'system', id: null },
        note: 'Cancelled automatically: unpaid after 2 hours',
      },
    ]);
    // The reservation is released through the ledger, and the event is the orders module's.
    const after = await levelOf(shop.vendor.id, hammer);
    expect(after).toEqual({
      onHand: before.onHand,
      reserved: before.reserved,
      ledgerOnHand: before.onHand,
      ledgerReserved: before.reserved,
    });
    expect((await topicsOf(shop.vendor.id, stale)).filter((t) => t === 'order.cancelled.v1')).toHaveLength(1);
    // The stock engine resolved the alert from order.cancelled.v1, as for any cancel.
    const resolved = await eventually(
      async () =>
        (await api<{ data: { id: string; resolvedAvailable: number }[] }>(shop, 'GET', '/inventory/alerts?status=resolved')).body
          .data[0],
      30_000,
      'the alert to resolve',
    );
    expect(resolved).toMatchObject({ id: alert.id, resolvedAvailable: 10 });

    // Everything else as it was: a young order, a confirmed one, a paid one, a vendor without the
    // setting, and a vendor whose limit (48 h) the order has not reached.
    expect((await order(shop, young)).status).toBe('pending');
    expect((await order(shop, confirmed)).status).toBe('confirmed');
    expect((await order(shop, paid)).status).toBe('pending');
    expect((await order(without, untouched)).status).toBe('pending');
    expect((await order(patient, tooYoung)).status).toBe('pending');

    // Another run changes nothing more.
    await runExpiry();
    expect((await order(shop, stale)).history.filter((entry) => entry.to === 'cancelled')).toHaveLength(1);
    expect((await order(shop, young)).status).toBe('pending');
    expect((await topicsOf(shop.vendor.id, stale)).filter((t) => t === 'order.cancelled.v1')).toHaveLength(1);
  });

  test('an order the team cancelled first is skipped; turning the setting off stops the expiry', {
    timeout: 90_000,
  }, async () => {
    const shop = await orderShop();
    await settings(shop, { cancelUnpaidAfterHours: 1 });
    const first = await placeOrder(shop, 'HAM-1', 1);
    const byTeam = await placeOrder(shop, 'HAM-1', 1);
    await backdate(shop, byTeam, 2);
    const version = (await order(shop, byTeam)).version;
    expect((await api(shop, 'POST', `/orders/${byTeam}/transitions`, { to: 'cancelled', version })).status).toBe(200);

    // Off again before the first order is old: it stays pending however old it gets.
    expect((await settings(shop, { cancelUnpaidAfterHours: null })).cancelUnpaidAfterHours).toBeNull();
    await backdate(shop, first, 2);
    await runExpiry();
    expect((await order(shop, first)).status).toBe('pending');
    const team = await order(shop, byTeam);
    expect(team.history.filter((entry) => entry.to === 'cancelled')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ kind: 'team-member' }), note: null }),
    ]);

    // On again: the first order goes, the team's cancel stays the only one on the other.
    await settings(shop, { cancelUnpaidAfterHours: 1 });
    await runExpiry();
    const expired = await eventually(
      async () => {
        const current = await order(shop, first);
        return current.status === 'cancelled' ? current : undefined;
      },
      30_000,
      'the first order to be cancelled',
    );
    expect(expired.history.at(-1)).toMatchObject({
      actor: { kind: 'system', id: null },
      note: 'Cancelled automatically: unpaid after 1 hour',
    });
    expect((await order(shop, byTeam)).history.filter((entry) => entry.to === 'cancelled')).toHaveLength(1);
  });
});

describe('the expiry setting through the API', () => {
  test('off by default; saved on its own or with the threshold, each keeping the other', { timeout: 60_000 }, async () => {
    const shop = await orderShop();
    const read = async (token = shop.tokens.viewer) =>
      (await api<Settings>(shop, 'GET', '/inventory/alert-settings', undefined, token)).body;
    expect(await read()).toEqual({ lowStockThreshold: 5, cancelUnpaidAfterHours: null, updatedAt: null });

    const on = await settings(shop, { cancelUnpaidAfterHours: 720 });
    expect(on).toMatchObject({ lowStockThreshold: 5, cancelUnpaidAfterHours: 720, raised: 0, resolved: 0 });
    expect(on.updatedAt).not.toBeNull();
    expect(await settings(shop, { lowStockThreshold: 10 })).toMatchObject({
      lowStockThreshold: 10,
      cancelUnpaidAfterHours: 720,
      raised: 3,
    });
    expect(await settings(shop, { lowStockThreshold: 10, cancelUnpaidAfterHours: 1 })).toMatchObject({
      lowStockThreshold: 10,
      cancelUnpaidAfterHours: 1,
      raised: 0,
      resolved: 0,
    });
    expect(await settings(shop, { cancelUnpaidAfterHours: null })).toMatchObject({
      lowStockThreshold: 10,
      cancelUnpaidAfterHours: null,
    });
    expect(await read()).toMatchObject({ lowStockThreshold: 10, cancelUnpaidAfterHours: null });
  });

  test('errors and refusals carry exact codes; nothing changes', { timeout: 60_000 }, async () => {
    const shop = await orderShop();
    const other = await orderShop();
    await settings(shop, { cancelUnpaidAfterHours: 24 });
    for (const json of [
      { cancelUnpaidAfterHours: 0 },
      { cancelUnpaidAfterHours: 721 },
      { cancelUnpaidAfterHours: 1.5 },
      { cancelUnpaidAfterHours: '24' },
      { cancelUnpaidAfterHours: 24, extra: true },
    ]) {
      const answer = await api(shop, 'PUT', '/inventory/alert-settings', json);
      expect(answer.status, JSON.stringify(json)).toBe(422);
      expect(errorCode(answer.body)).toBe('VALIDATION_FAILED');
    }
    for (const role of ['viewer', 'editor'] as const) {
      const answer = await api(shop, 'PUT', '/inventory/alert-settings', { cancelUnpaidAfterHours: 1 }, shop.tokens[role]);
      expect(answer.status, role).toBe(403);
      expect(errorCode(answer.body)).toBe('FORBIDDEN');
    }
    const foreign = await api(shop, 'PUT', '/inventory/alert-settings', { cancelUnpaidAfterHours: 1 }, other.tokens.owner);
    expect(foreign.status).toBe(401);
    expect(errorCode(foreign.body)).toBe('UNAUTHORIZED');
    const anonymous = await vendorApi(shop.vendor.slug, undefined, 'PUT', '/inventory/alert-settings', {
      cancelUnpaidAfterHours: 1,
    });
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous.body)).toBe('UNAUTHORIZED');
    // The other vendor's own setting is its own.
    expect((await api<Settings>(other, 'GET', '/inventory/alert-settings')).body.cancelUnpaidAfterHours).toBeNull();
    expect((await api<Settings>(shop, 'GET', '/inventory/alert-settings')).body.cancelUnpaidAfterHours).toBe(24);
  });
});
