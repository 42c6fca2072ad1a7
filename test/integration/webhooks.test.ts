import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { outbox } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { signDelivery } from '../../scripts/local-platform/qstash-signature';
import { request } from '../harness/http';
import { appDatabase, eventually, hostUrl, platform } from '../harness/platform';
import { errorCode, vendorApi } from '../harness/team';
import { inventoryVendor } from './inventory-fixtures';
import { type OrderShop, orderBody, orderShop, place } from './order-fixtures';
import { verifySignature as verify } from './webhook-fixtures';

/** What the local receiver got: one entry per request, with the verdict on its signature. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; topic: string; vendorId: string; occurredAt: string; data: Record<string, unknown> };
}

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  secret?: string;
}

interface Delivery {
  id: string;
  eventId: string;
  topic: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
}

let shop: OrderShop;
let server: Server;
let base: string;
const received: Received[] = [];
/** Paths that answer 500 this many more times before they answer 200. */
const failures = new Map<string, number>();

const owner = () => shop.tokens.owner;
const api = <T>(method: string, path: string, json?: unknown, token = owner()) =>
  vendorApi<T>(shop.vendor.slug, token, method, path, json);

async function createEndpoint(name: string, events: string[], extra: Record<string, unknown> = {}): Promise<Endpoint> {
  const created = await api<Endpoint>('POST', '/webhooks', { url: `${base}/${name}`, events, ...extra });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

const deliveriesOf = async (endpointId: string) =>
  (await api<{ data: Delivery[] }>('GET', `/webhooks/${endpointId}/deliveries`)).body.data;

const receivedAt = (name: string) => received.filter((r) => r.path === `/${name}`);

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body, event: JSON.parse(body) });
      const left = failures.get(path) ?? 0;
      if (left > 0) failures.set(path, left - 1);
      res.writeHead(left > 0 ? 500 : 200, { 'content-type': 'text/plain' }).end(left > 0 ? 'not yet' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  shop = await orderShop();
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('webhook endpoints', () => {
  test('an order placed in the shop reaches matching endpoints, signed; filters and inactive endpoints hold', {
    timeout: 60_000,
  }, async () => {
    const orders = await createEndpoint('orders', ['order.placed.v1']);
    const flaky = await createEndpoint('flaky', ['order.placed.v1']);
    const products = await createEndpoint('products', ['product.created.v1']);
    const paused = await createEndpoint('paused', ['*'], { active: false });
    expect(orders.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    failures.set('/flaky', 1);

    const placed = await place(shop, orderBody(shop, [['HAM-1', 1]]));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const orderId = (placed.body as { id: string }).id;

    const [hit] = await eventually(
      async () => {
        const hits = receivedAt('orders');
        return hits.length > 0 ? hits : undefined;
      },
      30_000,
      'the receiver to get order.placed.v1',
    );
    expect(hit?.headers['vitrine-event']).toBe('order.placed.v1');
    expect(hit?.event).toMatchObject({ topic: 'order.placed.v1', vendorId: shop.vendor.id, data: { orderId } });
    expect(verify(orders.secret as string, hit?.headers['vitrine-signature'] as string, hit?.body as string)).toBe(true);
    expect(verify(flaky.secret as string, hit?.headers['vitrine-signature'] as string, hit?.body as string)).toBe(false);

    const [delivery] = await eventually(
      async () => {
        const rows = await deliveriesOf(orders.id);
        return rows[0]?.status === 'succeeded' ? rows : undefined;
      },
      20_000,
      'the delivery to be recorded as succeeded',
    );
    expect(delivery).toMatchObject({ topic: 'order.placed.v1', status: 'succeeded', attempts: 1, lastStatusCode: 200 });
    expect(hit?.headers['vitrine-delivery']).toBe(delivery?.id);
    expect(hit?.event.id).toBe(delivery?.eventId);

    // The endpoint answering 500 first: QStash retries, and the log shows both attempts.
    const flakyDelivery = await eventually(
      async () => {
        const rows = await deliveriesOf(flaky.id);
        const row = rows.find((d) => d.topic === 'order.placed.v1');
        return row?.status === 'succeeded' ? row : undefined;
      },
      30_000,
      'the flaky endpoint to succeed on a retry',
    );
    expect(flakyDelivery.attempts).toBeGreaterThanOrEqual(2);
    const flakyHits = receivedAt('flaky').filter((r) => r.event.topic === 'order.placed.v1');
    expect(flakyHits.length).toBeGreaterThanOrEqual(2);
    for (const r of flakyHits)
      expect(verify(flaky.secret as string, r.headers['vitrine-signature'] as string, r.body)).toBe(true);

    // The filter and the inactive flag: nothing recorded, nothing received.
    expect(await deliveriesOf(products.id)).toEqual([]);
    expect(await deliveriesOf(paused.id)).toEqual([]);
    expect(receivedAt('products')).toEqual([]);
    expect(receivedAt('paused')).toEqual([]);

    // The event delivered to the webhooks Worker twice more (at least once): still one delivery.
    const [[row]] = await appDatabase()
      .vendor(shop.vendor.id)
      .read(
        (q) =>
          [
            q
              .select()
              .from(outbox)
              .where(and(eq(outbox.vendorId, shop.vendor.id), eq(outbox.topic, 'order.placed.v1'))),
          ] as const,
      );
    if (!row) throw new Error('no order.placed.v1 in the outbox');
    const envelope = JSON.stringify({
      id: row.id,
      topic: row.topic,
      vendorId: row.vendorId,
      aggregateType: row.aggregateType,
      aggregateId: row.aggregateId,
      payload: row.payload,
      occurredAt: row.createdAt.toISOString(),
    });
    const url = platform().urls.webhooks;
    for (let i = 0; i < 2; i++) {
      const signature = await signDelivery(LOCAL_SECRETS.qstashCurrentSigningKey, url, new TextEncoder().encode(envelope));
      const again = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'upstash-signature': signature },
        body: envelope,
      });
      expect(await again.json()).toEqual({ outcome: 'duplicate' });
    }
    expect((await deliveriesOf(orders.id)).filter((d) => d.topic === 'order.placed.v1')).toHaveLength(1);
    expect(receivedAt('orders').filter((r) => r.event.topic === 'order.placed.v1')).toHaveLength(1);

    // Replay: a new attempt of the same delivery, the count continuing.
    const replay = await api<Delivery>('POST', `/webhook-deliveries/${delivery?.id}/replay`);
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    const replayed = await eventually(
      async () => {
        const rows = await deliveriesOf(orders.id);
        const d = rows.find((r) => r.id === delivery?.id);
        return d?.attempts === 2 && d.status === 'succeeded' ? d : undefined;
      },
      20_000,
      'the replay to be recorded',
    );
    expect(replayed.lastStatusCode).toBe(200);
    const replays = receivedAt('orders').filter((r) => r.headers['vitrine-delivery'] === delivery?.id);
    expect(replays).toHaveLength(2);
    expect(verify(orders.secret as string, replays[1]?.headers['vitrine-signature'] as string, replays[1]?.body as string)).toBe(
      true,
    );
  });

  test('test ping and secret rotation: the ping is signed with the new secret', { timeout: 30_000 }, async () => {
    const endpoint = await createEndpoint('ping', ['order.shipped.v1']);
    const rotated = await api<Endpoint>('POST', `/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const listed = await api<{ data: Endpoint[] }>('GET', '/webhooks');
    expect(listed.body.data.find((e) => e.id === endpoint.id)).not.toHaveProperty('secret');

    const ping = await api<Delivery>('POST', `/webhooks/${endpoint.id}/test`);
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ topic: 'webhook.test', status: 'pending', attempts: 0 });
    const [hit] = await eventually(
      async () => {
        const hits = receivedAt('ping');
        return hits.length > 0 ? hits : undefined;
      },
      20_000,
      'the ping',
    );
    expect(hit?.event.topic).toBe('webhook.test');
    expect(verify(rotated.body.secret as string, hit?.headers['vitrine-signature'] as string, hit?.body as string)).toBe(true);
    expect(verify(endpoint.secret as string, hit?.headers['vitrine-signature'] as string, hit?.body as string)).toBe(false);
    await eventually(
      async () => {
        const rows = await deliveriesOf(endpoint.id);
        return rows[0]?.status === 'succeeded' ? rows : undefined;
      },
      20_000,
      'the ping to be recorded',
    );
  });

  test('a failing endpoint: pending with its status code, then failed when QStash gives up', { timeout: 30_000 }, async () => {
    const endpoint = await createEndpoint('down', ['*']);
    failures.set('/down', 1_000);
    const ping = await api<Delivery>('POST', `/webhooks/${endpoint.id}/test`);
    expect(ping.status).toBe(202);
    const pending = await eventually(
      async () => {
        const rows = await deliveriesOf(endpoint.id);
        return rows[0] && rows[0].attempts >= 1 ? rows[0] : undefined;
      },
      20_000,
      'the first failed attempt',
    );
    expect(pending).toMatchObject({ status: 'pending', lastStatusCode: 500 });
    const byStatus = async (status: string) =>
      (await api<{ data: Delivery[] }>('GET', `/webhooks/${endpoint.id}/deliveries?status=${status}`)).body.data.map((d) => d.id);
    expect(await byStatus('pending')).toEqual([ping.body.id]);
    expect(await byStatus('succeeded')).toEqual([]);

    // QStash's failure callback once retries are spent (sent here, signed as QStash signs it).
    const callbackUrl = `${platform().urls.webhooks}/callback`;
    const callback = JSON.stringify({
      status: 500,
      body: Buffer.from('not yet').toString('base64'),
      retried: 8,
      maxRetries: 8,
      sourceHeader: { 'Vitrine-Delivery': [ping.body.id] },
      sourceBody: Buffer.from(JSON.stringify({ vendorId: shop.vendor.id })).toString('base64'),
      dlqId: 'dlq-test',
    });
    const unsigned = await request(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: callback,
    });
    expect(unsigned.status).toBe(401);
    const signature = await signDelivery(LOCAL_SECRETS.qstashCurrentSigningKey, callbackUrl, new TextEncoder().encode(callback));
    const answered = await request(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'upstash-signature': signature },
      body: callback,
    });
    expect(await answered.json()).toEqual({ outcome: 'recorded' });
    expect(await byStatus('failed')).toEqual([ping.body.id]);
    const [failed] = await deliveriesOf(endpoint.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 9, lastStatusCode: 500 });
    // Later callbacks of earlier attempts don't turn it back.
    failures.set('/down', 0);
  });

  test('CRUD: validation with stable codes, update, delete', async () => {
    const bad = async (json: unknown, path: string) => {
      const answer = await api('POST', '/webhooks', json);
      expect(answer.status, JSON.stringify(answer.body)).toBe(422);
      expect(errorCode(answer.body)).toBe('VALIDATION_FAILED');
      expect((answer.body as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(path);
    };
    await bad({ url: 'not a url', events: ['*'] }, 'url');
    await bad({ url: 'http://example.com/hook', events: ['*'] }, 'url');
    await bad({ url: 'ftp://example.com/hook', events: ['*'] }, 'url');
    await bad({ url: 'https://user:pw@example.com/hook', events: ['*'] }, 'url');
    await bad({ url: 'https://example.com/hook', events: ['order.exploded.v1'] }, 'events');
    await bad({ url: 'https://example.com/hook', events: ['*', 'order.placed.v1'] }, 'events');
    await bad({ url: 'https://example.com/hook', events: [] }, 'events');

    const created = await createEndpoint('crud', ['order.placed.v1', 'order.placed.v1']);
    expect(created.events).toEqual(['order.placed.v1']);
    const patched = await api<Endpoint>('PATCH', `/webhooks/${created.id}`, { active: false, events: ['inventory.adjusted.v1'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, events: ['inventory.adjusted.v1'] });
    expect(errorCode((await api('PATCH', `/webhooks/${created.id}`, { url: 'http://example.com' })).body)).toBe(
      'VALIDATION_FAILED',
    );
    expect((await api('GET', `/webhooks/${created.id}`)).status).toBe(200);
    expect((await api('DELETE', `/webhooks/${created.id}`)).status).toBe(204);
    const gone = await api('GET', `/webhooks/${created.id}`);
    expect(gone.status).toBe(404);
    expect(errorCode(gone.body)).toBe('NOT_FOUND');
    expect(errorCode((await api('DELETE', `/webhooks/${created.id}`)).body)).toBe('NOT_FOUND');
  });

  test('a viewer reads but cannot write; another vendor sees and replays nothing', async () => {
    const endpoint = await createEndpoint('guarded', ['order.placed.v1']);
    const ping = await api<Delivery>('POST', `/webhooks/${endpoint.id}/test`);
    const viewer = shop.tokens.viewer;
    expect((await api('GET', '/webhooks', undefined, viewer)).status).toBe(200);
    expect((await api('GET', `/webhooks/${endpoint.id}/deliveries`, undefined, viewer)).status).toBe(200);
    for (const [method, path] of [
      ['POST', '/webhooks'],
      ['PATCH', `/webhooks/${endpoint.id}`],
      ['DELETE', `/webhooks/${endpoint.id}`],
      ['POST', `/webhooks/${endpoint.id}/rotate-secret`],
      ['POST', `/webhooks/${endpoint.id}/test`],
      ['POST', `/webhook-deliveries/${ping.body.id}/replay`],
    ] as const) {
      const answer = await api(
        method,
        path,
        method === 'POST' && path === '/webhooks' ? { url: `${base}/x`, events: ['*'] } : {},
        viewer,
      );
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(errorCode(answer.body)).toBe('FORBIDDEN');
    }
    expect((await api('PATCH', `/webhooks/${endpoint.id}`, { active: false }, shop.tokens.manager)).status).toBe(200);

    const other = await inventoryVendor('Webhook Outsider');
    const theirs = (method: string, path: string) => vendorApi(other.slug, other.tokens.owner, method, path);
    expect((await theirs('GET', `/webhooks/${endpoint.id}`)).status).toBe(404);
    expect((await theirs('GET', `/webhooks/${endpoint.id}/deliveries`)).status).toBe(404);
    expect((await theirs('POST', `/webhook-deliveries/${ping.body.id}/replay`)).status).toBe(404);
    expect((await theirs('GET', '/webhooks')).body).toEqual({ data: [] });
  });

  test('dashboard pages: the list and an endpoint with its deliveries, writable by managers only', async () => {
    const endpoint = await createEndpoint('pages', ['order.placed.v1'], { description: 'ERP bridge' });
    const ping = await api<Delivery>('POST', `/webhooks/${endpoint.id}/test`);
    expect(ping.status).toBe(202);
    const page = async (path: string, role: 'manager' | 'viewer') => {
      const response = await request(hostUrl(shop.vendor.slug, path), { headers: { cookie: `vt_access=${shop.tokens[role]}` } });
      return { status: response.status, html: await response.text() };
    };
    const list = await page('/dashboard/webhooks', 'manager');
    expect(list.status).toBe(200);
    expect(list.html).toContain('href="/dashboard/webhooks"');
    expect(list.html).toContain('Add an endpoint');
    expect(list.html).toContain(endpoint.url);
    expect(list.html).not.toContain(endpoint.secret as string);
    const viewerList = await page('/dashboard/webhooks', 'viewer');
    expect(viewerList.status).toBe(200);
    expect(viewerList.html).not.toContain('Add an endpoint');
    expect(viewerList.html).toContain('Only owners and managers');

    const detail = await page(`/dashboard/webhooks/${endpoint.id}`, 'manager');
    expect(detail.status).toBe(200);
    expect(detail.html).toContain('ERP bridge');
    expect(detail.html).toContain('Rotate signing secret');
    expect(detail.html).toContain(ping.body.id);
    expect((await page(`/dashboard/webhooks/${endpoint.id}`, 'viewer')).html).not.toContain('Rotate signing secret');
    expect((await page(`/dashboard/webhooks/${endpoint.id}?status=failed`, 'manager')).html).toContain('No failed deliveries');
    expect((await page(`/dashboard/webhooks/${crypto.randomUUID()}`, 'manager')).status).toBe(404);
  });
});
