import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { outbox, processedMessages, stockAlerts } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { signDelivery } from '../../scripts/local-platform/qstash-signature';
import { setStock } from '../../src/modules/inventory';
import { request } from '../harness/http';
import { settled } from '../harness/pipeline';
import { appDatabase, eventually, platform } from '../harness/platform';
import { errorCode, vendorApi } from '../harness/team';
import { type OrderShop, orderBody, orderShop, place, shopCall } from './order-fixtures';
import { verifySignature as verify, webhookReceiver } from './webhook-fixtures';

interface Alert {
  id: string;
  variantId: string;
  productId: string;
  sku: string;
  productTitle: string;
  status: 'open' | 'resolved';
  threshold: number;
  available: number;
  availableNow: number;
  resolvedAvailable: number | null;
  raisedAt: string;
  resolvedAt: string | null;
}

interface AlertPage {
  data: Alert[];
  nextCursor: string | null;
}

interface Settings {
  lowStockThreshold: number;
  updatedAt: string | null;
  raised?: number;
  resolved?: number;
}

let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

const api = <T>(shop: OrderShop, method: string, path: string, json?: unknown, token = shop.tokens.owner) =>
  vendorApi<T>(shop.vendor.slug, token, method, path, json);

const alerts = async (shop: OrderShop, query = '') => {
  const answer = await api<AlertPage>(shop, 'GET', `/inventory/alerts${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

/** The vendor's outbox rows of a topic. */
async function outboxTopics(vendorId: string, topic: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q
            .select()
            .from(outbox)
            .where(and(eq(outbox.vendorId, vendorId), eq(outbox.topic, topic))),
        ] as const,
    );
  return rows;
}

/** Delivers an envelope to the stock Worker as QStash would, signed; answers its outcome. */
async function deliverToStock(envelope: Record<string, unknown>): Promise<{ status: number; outcome: unknown }> {
  const url = platform().urls.stock;
  const body = JSON.stringify(envelope);
  const signature = await signDelivery(LOCAL_SECRETS.qstashCurrentSigningKey, url, new TextEncoder().encode(body));
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'upstash-signature': signature },
    body,
  });
  return { status: response.status, outcome: ((await response.json()) as { outcome?: unknown }).outcome };
}

const receivedFor = (vendorId: string, topic: string) =>
  receiver.received.filter((r) => r.event.vendorId === vendorId && r.event.topic === topic);

beforeAll(async () => {
  receiver = await webhookReceiver();
}, 60_000);

afterAll(() => receiver.close());

const widget = {
  title: 'Tiny Widget',
  slug: 'tiny-widget',
  status: 'active' as const,
  variants: [{ sku: 'TINY-1', priceMinor: 500, weightGrams: 50, stock: [7, 0] as [number, number] }],
};

describe('stock engine: an order placed in the shop', () => {
  test('lowers availability, raises a low-stock alert and a signed webhook; cancelling resolves it', {
    timeout: 90_000,
  }, async () => {
    const shop = await orderShop([widget]);
    const variantId = shop.variants['TINY-1'] as string;
    const endpoint = await api<{ id: string; secret: string }>(shop, 'POST', '/webhooks', {
      url: receiver.url('/stock'),
      events: ['inventory.low-stock.v1', 'inventory.restocked.v1'],
    });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);

    // 7 on hand, threshold 5 (the default): buying 3 leaves 4 available.
    const placed = await place(shop, orderBody(shop, [['TINY-1', 3]]));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = placed.body as { id: string };

    const product = await shopCall<{ variants: { sku: string; available: number; inStock: boolean }[] }>(
      shop.vendor.slug,
      'GET',
      '/products/tiny-widget',
    );
    expect(product.status).toBe(200);
    expect(product.body.variants.find((v) => v.sku === 'TINY-1')).toMatchObject({ available: 4, inStock: true });

    const [alert] = await eventually(
      async () => {
        const page = await alerts(shop);
        return page.data.length > 0 ? page.data : undefined;
      },
      30_000,
      'the low-stock alert to open',
    );
    expect(alert).toMatchObject({
      variantId,
      sku: 'TINY-1',
      productTitle: 'Tiny Widget',
      status: 'open',
      threshold: 5,
      available: 4,
      availableNow: 4,
      resolvedAt: null,
    });

    const hit = await eventually(
      async () => receivedFor(shop.vendor.id, 'inventory.low-stock.v1')[0],
      30_000,
      'the receiver to get inventory.low-stock.v1',
    );
    expect(hit.path).toBe('/stock');
    expect(hit.headers['vitrine-event']).toBe('inventory.low-stock.v1');
    expect(verify(endpoint.body.secret, hit.headers['vitrine-signature'] as string, hit.body)).toBe(true);
    expect(verify(`${endpoint.body.secret}x`, hit.headers['vitrine-signature'] as string, hit.body)).toBe(false);
    expect(hit.event.data).toEqual({
      alertId: alert?.id,
      variantId,
      productId: alert?.productId,
      sku: 'TINY-1',
      title: 'Tiny Widget',
      available: 4,
      threshold: 5,
    });

    // Cancelling releases the reservation: 7 available again, above the threshold.
    const current = await api<{ version: number }>(shop, 'GET', `/orders/${order.id}`);
    const cancelled = await api(shop, 'POST', `/orders/${order.id}/transitions`, {
      to: 'cancelled',
      version: current.body.version,
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    const resolved = await eventually(
      async () => {
        const page = await alerts(shop, '?status=resolved');
        return page.data[0];
      },
      30_000,
      'the alert to be resolved',
    );
    expect(resolved).toMatchObject({ id: alert?.id, status: 'resolved', available: 4, resolvedAvailable: 7, availableNow: 7 });
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await alerts(shop)).data).toEqual([]);

    const restocked = await eventually(
      async () => receivedFor(shop.vendor.id, 'inventory.restocked.v1')[0],
      30_000,
      'the receiver to get inventory.restocked.v1',
    );
    expect(verify(endpoint.body.secret, restocked.headers['vitrine-signature'] as string, restocked.body)).toBe(true);
    expect(restocked.event.data).toMatchObject({ alertId: alert?.id, variantId, available: 7, threshold: 5 });
    expect(receivedFor(shop.vendor.id, 'inventory.low-stock.v1')).toHaveLength(1);
  });
});

describe('stock engine: the consumer', () => {
  test('a message delivered twice raises the alert once; a bad payload is dead-lettered', { timeout: 60_000 }, async () => {
    const shop = await orderShop();
    const db = appDatabase();
    const variantId = shop.variants['HAM-1'] as string;
    const [main] = await db
      .vendor(shop.vendor.id)
      .read(
        (q) =>
          [
            q.execute<{ id: string }>(
              sql`select id from stock_locations where vendor_id = ${shop.vendor.id} and is_default limit 1`,
            ),
          ] as const,
      );
    const locationId = main.rows[0]?.id as string;
    // Stock set without events: nothing told the engine yet.
    await setStock(db, shop.vendor.id, [{ variantId, locationId, onHand: 2 }], { events: false });
    expect((await alerts(shop)).data).toEqual([]);

    const envelope = {
      id: crypto.randomUUID(),
      topic: 'inventory.adjusted.v1',
      vendorId: shop.vendor.id,
      aggregateType: 'variant-stock',
      aggregateId: variantId,
      payload: {
        variantId,
        locationId,
        onHandDelta: -8,
        reason: 'correction',
        onHand: 2,
        reserved: 0,
        available: 2,
        reference: null,
      },
      occurredAt: new Date().toISOString(),
    };
    expect(await deliverToStock(envelope)).toEqual({ status: 200, outcome: 'applied' });
    expect(await deliverToStock(envelope)).toEqual({ status: 200, outcome: 'duplicate' });

    const page = await alerts(shop);
    expect(page.data.map((a) => [a.sku, a.available, a.threshold])).toEqual([['HAM-1', 2, 5]]);
    const lowStock = await outboxTopics(shop.vendor.id, 'inventory.low-stock.v1');
    expect(lowStock).toHaveLength(1);
    expect(lowStock[0]?.payload).toMatchObject({ variantId, sku: 'HAM-1', available: 2, threshold: 5 });
    const [processed] = await db.vendor(shop.vendor.id).read(
      (q) =>
        [
          q
            .select()
            .from(processedMessages)
            .where(and(eq(processedMessages.consumer, 'stock'), eq(processedMessages.messageId, envelope.id))),
        ] as const,
    );
    expect(processed).toHaveLength(1);

    // Another event for a variant that is still low: nothing new.
    expect(await deliverToStock({ ...envelope, id: crypto.randomUUID() })).toEqual({ status: 200, outcome: 'applied' });
    expect(await outboxTopics(shop.vendor.id, 'inventory.low-stock.v1')).toHaveLength(1);

    const broken = { ...envelope, id: crypto.randomUUID(), payload: { variantId: 'not-a-uuid' } };
    expect(await deliverToStock(broken)).toEqual({ status: 200, outcome: 'dead-lettered' });
    expect(await deliverToStock(broken)).toEqual({ status: 200, outcome: 'duplicate' });
  });

  test('a stock adjustment through the API raises and resolves through the pipeline', { timeout: 60_000 }, async () => {
    const shop = await orderShop();
    const variantId = shop.variants['BOOK-1'] as string;
    const stock = await api<{ levels: { locationId: string; isDefault: boolean }[] }>(
      shop,
      'GET',
      `/inventory/variants/${variantId}`,
    );
    const locationId = stock.body.levels.find((l) => l.isDefault)?.locationId;
    const down = await api(shop, 'POST', '/inventory/adjustments', { variantId, locationId, delta: -17, reason: 'damaged' });
    expect(down.status, JSON.stringify(down.body)).toBe(200);
    const open = await eventually(async () => (await alerts(shop)).data[0], 30_000, 'the alert to open after the adjustment');
    expect(open).toMatchObject({ sku: 'BOOK-1', available: 3, threshold: 5 });

    const up = await api(shop, 'POST', '/inventory/adjustments', { variantId, locationId, delta: 10, reason: 'received' });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const resolved = await eventually(
      async () => (await alerts(shop, '?status=resolved')).data[0],
      30_000,
      'the alert to resolve after the delivery',
    );
    expect(resolved).toMatchObject({ id: open.id, resolvedAvailable: 13 });
  });
});

describe('stock engine: thresholds', () => {
  test('with alerts off (0) the consumer raises nothing; archived products never raise', { timeout: 60_000 }, async () => {
    const shop = await orderShop();
    expect((await api(shop, 'PUT', '/inventory/alert-settings', { lowStockThreshold: 0 })).status).toBe(200);
    const adjust = async (sku: string, delta: number) => {
      const variantId = shop.variants[sku] as string;
      const stock = await api<{ variant: { productId: string }; levels: { locationId: string; isDefault: boolean }[] }>(
        shop,
        'GET',
        `/inventory/variants/${variantId}`,
      );
      const locationId = stock.body.levels.find((l) => l.isDefault)?.locationId;
      const answer = await api(shop, 'POST', '/inventory/adjustments', { variantId, locationId, delta, reason: 'damaged' });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return stock.body.variant.productId;
    };
    await adjust('HAM-1', -9);
    const bookProduct = await adjust('BOOK-1', -18);
    expect((await api(shop, 'POST', `/products/${bookProduct}/archive`)).status).toBe(200);
    // Every event (the adjustments included) applied by every consumer, the stock engine too.
    await settled([shop.vendor.id], 30_000);
    expect((await alerts(shop, '?status=all')).data).toEqual([]);

    // Turned on again: HAM-1 (1), HOSE-1 (5) and PROTO-1 (5) are low; BOOK-1 (2) is archived.
    const on = await api<Settings>(shop, 'PUT', '/inventory/alert-settings', { lowStockThreshold: 5 });
    expect(on.body).toMatchObject({ raised: 3, resolved: 0 });
    expect((await alerts(shop)).data.map((a) => [a.sku, a.available]).sort()).toEqual([
      ['HAM-1', 1],
      ['HOSE-1', 5],
      ['PROTO-1', 5],
    ]);
  });
});

describe('stock engine: alert settings and the alert list', () => {
  test('the threshold defaults to 5; saving one judges every variant at once; 0 turns alerts off', {
    timeout: 60_000,
  }, async () => {
    const shop = await orderShop();
    expect((await api<Settings>(shop, 'GET', '/inventory/alert-settings', undefined, shop.tokens.viewer)).body).toEqual({
      lowStockThreshold: 5,
      cancelUnpaidAfterHours: null,
      updatedAt: null,
    });

    // HAM-1 10, HOSE-1 5 (3 + 2), BOOK-1 20, PROTO-1 5 (a draft product: still the vendor's stock).
    const saved = await api<Settings>(shop, 'PUT', '/inventory/alert-settings', { lowStockThreshold: 10 }, shop.tokens.manager);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ lowStockThreshold: 10, raised: 3, resolved: 0 });
    expect(saved.body.updatedAt).not.toBeNull();
    expect((await api<Settings>(shop, 'GET', '/inventory/alert-settings')).body.lowStockThreshold).toBe(10);

    const open = await alerts(shop);
    expect(open.data.map((a) => a.sku).sort()).toEqual(['HAM-1', 'HOSE-1', 'PROTO-1']);
    expect(open.data.every((a) => a.threshold === 10 && a.status === 'open')).toBe(true);
    expect(await outboxTopics(shop.vendor.id, 'inventory.low-stock.v1')).toHaveLength(3);

    // Keyset pages, newest first, every alert once.
    const first = await alerts(shop, '?limit=2');
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await alerts(shop, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.data, ...second.data].map((a) => a.id)).toEqual(open.data.map((a) => a.id));

    // Lower threshold: HAM-1 (10) is above 6 now, the others stay open.
    const lower = await api<Settings>(shop, 'PUT', '/inventory/alert-settings', { lowStockThreshold: 6 });
    expect(lower.body).toMatchObject({ lowStockThreshold: 6, raised: 0, resolved: 1 });
    expect((await alerts(shop, '?status=resolved')).data.map((a) => [a.sku, a.resolvedAvailable])).toEqual([['HAM-1', 10]]);

    // Saving the same threshold again changes nothing.
    expect((await api<Settings>(shop, 'PUT', '/inventory/alert-settings', { lowStockThreshold: 6 })).body).toMatchObject({
      raised: 0,
      resolved: 0,
    });

    const off = await api<Settings>(shop, 'PUT', '/inventory/alert-settings', { lowStockThreshold: 0 });
    expect(off.body).toMatchObject({ lowStockThreshold: 0, raised: 0, resolved: 2 });
    expect((await alerts(shop)).data).toEqual([]);
    const all = await alerts(shop, '?status=all');
    expect(all.data).toHaveLength(3);
    expect(all.data.every((a) => a.status === 'resolved')).toBe(true);
    expect(await outboxTopics(shop.vendor.id, 'inventory.restocked.v1')).toHaveLength(3);

    // The open-alert index: at most one open alert per variant, whatever writes them.
    const [rows] = await appDatabase()
      .vendor(shop.vendor.id)
      .read((q) => [q.select().from(stockAlerts).where(eq(stockAlerts.vendorId, shop.vendor.id))] as const);
    expect(rows).toHaveLength(3);
  });

  test('errors and refusals carry exact codes', { timeout: 60_000 }, async () => {
    const shop = await orderShop();
    const other = await orderShop();
    const put = (json: unknown, token?: string) => api(shop, 'PUT', '/inventory/alert-settings', json, token);

    for (const json of [
      { lowStockThreshold: -1 },
      { lowStockThreshold: 1.5 },
      { lowStockThreshold: 1_000_001 },
      {},
      { lowStockThreshold: 5, x: 1 },
    ]) {
      const answer = await put(json);
      expect(answer.status, JSON.stringify(json)).toBe(422);
      expect(errorCode(answer.body)).toBe('VALIDATION_FAILED');
    }
    for (const query of ['?status=closed', '?limit=0', '?limit=101', '?cursor=not-a-cursor']) {
      const answer = await api(shop, 'GET', `/inventory/alerts${query}`);
      expect(answer.status, query).toBe(422);
      expect(errorCode(answer.body)).toBe('VALIDATION_FAILED');
    }

    // A viewer and an editor read but may not write; no token and another vendor's token are refused.
    expect((await api(shop, 'GET', '/inventory/alerts', undefined, shop.tokens.viewer)).status).toBe(200);
    for (const token of [shop.tokens.viewer, shop.tokens.editor]) {
      const answer = await put({ lowStockThreshold: 9 }, token);
      expect(answer.status).toBe(403);
      expect(errorCode(answer.body)).toBe('FORBIDDEN');
    }
    for (const [method, path, json] of [
      ['GET', '/inventory/alerts', undefined],
      ['GET', '/inventory/alert-settings', undefined],
      ['PUT', '/inventory/alert-settings', { lowStockThreshold: 9 }],
    ] as const) {
      const anonymous = await vendorApi(shop.vendor.slug, undefined, method, path, json);
      expect(anonymous.status, `${method} ${path} without a token`).toBe(401);
      expect(errorCode(anonymous.body)).toBe('UNAUTHORIZED');
      const foreign = await vendorApi(shop.vendor.slug, other.tokens.owner, method, path, json);
      expect(foreign.status, `${method} ${path} with another vendor's token`).toBe(401);
    }
    // Nothing above changed the threshold.
    expect((await api<Settings>(shop, 'GET', '/inventory/alert-settings')).body.lowStockThreshold).toBe(5);

    // Another vendor's alerts never show here.
    await api(other, 'PUT', '/inventory/alert-settings', { lowStockThreshold: 50 });
    expect((await alerts(other)).data.length).toBeGreaterThan(0);
    expect((await alerts(shop, '?status=all')).data).toEqual([]);
  });
});
