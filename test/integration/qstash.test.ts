/**
 * The local QStash against the real `@upstash/qstash` Client and Receiver. Every test starts its
 * own server and destination on free ports, so tests share nothing.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, QstashError, Receiver, SignatureError } from '@upstash/qstash';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type QStashServer, type QStashServerOptions, startQStashServer } from '../../scripts/local-platform/qstash';

const TOKEN = 'test-qstash-token';
const CURRENT_KEY = 'sig_test_current_1f2e3d';
const NEXT_KEY = 'sig_test_next_4c5b6a';

/** One request as the destination saw it. */
interface Delivery {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A destination that records every request and answers with `respond` (200 "ok" by default). */
interface Destination {
  url: string;
  deliveries: Delivery[];
  maxConcurrent: number;
  respond: (delivery: Delivery) => Answer | Promise<Answer>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function startDestination(): Promise<Destination> {
  let active = 0;
  const destination: Destination = { url: '', deliveries: [], maxConcurrent: 0, respond: () => ({ status: 200, body: 'ok' }) };
  const server = createServer((req, res) => {
    active += 1;
    destination.maxConcurrent = Math.max(destination.maxConcurrent, active);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const delivery: Delivery = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      destination.deliveries.push(delivery);
      const answer = await destination.respond(delivery);
      active -= 1;
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  destination.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return destination;
}

async function setup(options: Partial<QStashServerOptions> = {}) {
  const server = await startQStashServer({
    port: 0,
    token: TOKEN,
    currentSigningKey: CURRENT_KEY,
    nextSigningKey: NEXT_KEY,
    retryDelay: () => 10,
    ...options,
  });
  cleanups.push(() => server.close());
  const destination = await startDestination();
  const client = new Client({ baseUrl: server.url, token: TOKEN });
  return { server, destination, client };
}

const receiver = new Receiver({ currentSigningKey: CURRENT_KEY, nextSigningKey: NEXT_KEY });

function signatureOf(delivery: Delivery): string {
  return String(delivery.headers['upstash-signature']);
}

function verify(destination: Destination, delivery: Delivery, r: Receiver = receiver): Promise<boolean> {
  return r.verify({ signature: signatureOf(delivery), body: delivery.body, url: destination.url + delivery.path });
}

function seqOf(delivery: Delivery): number {
  return (JSON.parse(delivery.body) as { seq: number }).seq;
}

async function local(server: QStashServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...init.headers } });
}

describe('publish and signature', () => {
  it('listens on a free port when asked for port 0', async () => {
    const { server } = await setup();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url.endsWith(':0')).toBe(false);
  });

  it('publishJSON delivers the exact body and headers, signed so the Receiver verifies it', async () => {
    const { server, destination, client } = await setup();
    const url = `${destination.url}/hooks/order?attempt=1`;
    const published = await client.publishJSON({
      url,
      body: { orderId: 'o-1', total: 1250 },
      headers: { 'X-Vendor-Id': 'acme' },
    });
    expect(published).toEqual({ messageId: expect.stringMatching(/^msg_/), url });
    await server.idle();

    expect(destination.deliveries).toHaveLength(1);
    const [delivery] = destination.deliveries as [Delivery];
    expect(delivery.method).toBe('POST');
    expect(delivery.path).toBe('/hooks/order?attempt=1');
    expect(delivery.body).toBe('{"orderId":"o-1","total":1250}');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-vendor-id']).toBe('acme');
    expect(delivery.headers['user-agent']).toBe('Upstash-QStash');
    expect(delivery.headers['upstash-message-id']).toBe(published.messageId);
    expect(delivery.headers['upstash-retried']).toBe('0');
    expect(
      Object.keys(delivery.headers)
        .filter((name) => name.startsWith('upstash-'))
        .sort(),
    ).toEqual(['upstash-caller-ip', 'upstash-message-id', 'upstash-retried', 'upstash-signature']);
    expect(await verify(destination, delivery)).toBe(true);

    const claims = decodeJwt(signatureOf(delivery));
    const bodyHash = createHash('sha256').update(delivery.body).digest('base64').replaceAll('+', '-').replaceAll('/', '_');
    expect(decodeProtectedHeader(signatureOf(delivery))).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toEqual({
      iss: 'Upstash',
      sub: url,
      body: bodyHash,
      iat: expect.any(Number),
      nbf: claims.iat,
      exp: (claims.iat ?? 0) + 300,
      jti: expect.stringMatching(/^jwt_/),
    });
  });

  it('rejects a forged signature, a tampered body and another URL', async () => {
    const { server, destination, client } = await setup();
    await client.publishJSON({ url: `${destination.url}/stock`, body: { sku: 'A-1', delta: -2 } });
    await server.idle();
    const [delivery] = destination.deliveries as [Delivery];
    const claims = decodeJwt(signatureOf(delivery));
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode('sig_attacker'));

    await expect(receiver.verify({ signature: forged, body: delivery.body, url: `${destination.url}/stock` })).rejects.toThrow(
      SignatureError,
    );
    await expect(
      receiver.verify({ signature: signatureOf(delivery), body: '{"sku":"A-1","delta":-200}', url: `${destination.url}/stock` }),
    ).rejects.toThrow(/body hash does not match/);
    await expect(
      receiver.verify({ signature: signatureOf(delivery), body: delivery.body, url: `${destination.url}/pricing` }),
    ).rejects.toThrow(/invalid subject/);
  });

  it('verifies a signature made with the next signing key (key rotation)', async () => {
    const { server, destination, client } = await setup({ currentSigningKey: NEXT_KEY, nextSigningKey: 'sig_after_next' });
    await client.publishJSON({ url: `${destination.url}/rotated`, body: { n: 1 } });
    await server.idle();
    const [delivery] = destination.deliveries as [Delivery];
    expect(await verify(destination, delivery)).toBe(true);
    const stranger = new Receiver({ currentSigningKey: 'sig_other_a', nextSigningKey: 'sig_other_b' });
    await expect(verify(destination, delivery, stranger)).rejects.toThrow(SignatureError);
  });

  it('publish passes the method, content type and body through; GET sends no body', async () => {
    const { server, destination, client } = await setup();
    await client.publish({
      url: `${destination.url}/put`,
      body: 'plain text',
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
    });
    await client.publish({ url: `${destination.url}/get`, method: 'GET' });
    await server.idle();
    const byPath = Object.fromEntries(destination.deliveries.map((delivery) => [delivery.path, delivery]));
    expect(byPath['/put']).toMatchObject({ method: 'PUT', body: 'plain text', headers: { 'content-type': 'text/plain' } });
    expect(byPath['/get']).toMatchObject({ method: 'GET', body: '' });
    for (const delivery of destination.deliveries) expect(await verify(destination, delivery)).toBe(true);
  });

  it('answers 401 without the right token', async () => {
    const { server, destination } = await setup();
    const stranger = new Client({ baseUrl: server.url, token: 'wrong-token', retry: false });
    const error = await stranger.publishJSON({ url: `${destination.url}/x`, body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QstashError);
    expect((error as QstashError).status).toBe(401);
    expect((await fetch(`${server.url}/v2/keys`)).status).toBe(401);
    const keys = await local(server, '/v2/keys');
    expect(await keys.json()).toEqual({ current: CURRENT_KEY, next: NEXT_KEY });
    expect(server.stats().published).toBe(0);
  });
});

describe('deduplication', () => {
  it('delivers a deduplication id once per destination', async () => {
    const { server, destination, client } = await setup();
    const url = `${destination.url}/events`;
    const first = await client.publishJSON({ url, body: { n: 1 }, deduplicationId: 'outbox-42' });
    const second = await client.publishJSON({ url, body: { n: 1 }, deduplicationId: 'outbox-42' });
    const elsewhere = await client.publishJSON({ url: `${url}/other`, body: { n: 1 }, deduplicationId: 'outbox-42' });
    expect(second).toEqual({ messageId: first.messageId, url, deduplicated: true });
    expect(elsewhere.messageId).not.toBe(first.messageId);
    expect(elsewhere.deduplicated).toBeUndefined();
    await server.idle();
    expect(destination.deliveries.map((delivery) => delivery.path).sort()).toEqual(['/events', '/events/other']);
    expect(server.stats()).toMatchObject({ published: 2, deduplicated: 1, delivered: 2 });
  });

  it('deduplicates on content when asked', async () => {
    const { server, destination, client } = await setup();
    const url = `${destination.url}/content`;
    const first = await client.publishJSON({ url, body: { n: 1 }, contentBasedDeduplication: true });
    const same = await client.publishJSON({ url, body: { n: 1 }, contentBasedDeduplication: true });
    const different = await client.publishJSON({ url, body: { n: 2 }, contentBasedDeduplication: true });
    expect(same).toEqual({ messageId: first.messageId, url, deduplicated: true });
    expect(different.deduplicated).toBeUndefined();
    await server.idle();
    expect(destination.deliveries.map((delivery) => delivery.body)).toEqual(expect.arrayContaining(['{"n":1}', '{"n":2}']));
    expect(destination.deliveries).toHaveLength(2);
  });
});

describe('retries and the DLQ', () => {
  it('retries after 500s with backoff, then succeeds', async () => {
    const backoffCalls: number[] = [];
    const { server, destination, client } = await setup({
      retryDelay: (retried) => {
        backoffCalls.push(retried);
        return 40;
      },
    });
    destination.respond = () => (destination.deliveries.length <= 2 ? { status: 500, body: 'try later' } : { status: 200 });
    const { messageId } = await client.publishJSON({ url: `${destination.url}/flaky`, body: { n: 1 } });
    await server.idle();

    expect(destination.deliveries.map((d) => d.headers['upstash-retried'])).toEqual(['0', '1', '2']);
    expect(new Set(destination.deliveries.map((d) => d.headers['upstash-message-id']))).toEqual(new Set([messageId]));
    expect(backoffCalls).toEqual([0, 1]);
    const [a, b, c] = destination.deliveries.map((d) => d.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(38);
    expect(c - b).toBeGreaterThanOrEqual(38);
    for (const delivery of destination.deliveries) expect(await verify(destination, delivery)).toBe(true);
    expect(server.stats()).toMatchObject({ attempts: 3, failed: 2, delivered: 1, deadLettered: 0, dlq: 0, pending: 0 });
  });

  it('dead-letters after the retries run out, keeping the last response', async () => {
    const { server, destination, client } = await setup();
    destination.respond = () => ({ status: 500, body: 'database down', headers: { 'x-reason': 'db' } });
    const byDefault = await client.publishJSON({ url: `${destination.url}/default`, body: { n: 1 } });
    const once = await client.publishJSON({ url: `${destination.url}/once`, body: { n: 2 }, retries: 1 });
    await server.idle();

    const retried = (path: string) =>
      destination.deliveries.filter((d) => d.path === path).map((d) => d.headers['upstash-retried']);
    expect(retried('/default')).toEqual(['0', '1', '2', '3']);
    expect(retried('/once')).toEqual(['0', '1']);

    const { messages, cursor } = await client.dlq.listMessages();
    expect(cursor).toBeUndefined();
    expect(messages).toHaveLength(2);
    const dead = messages.find((message) => message.messageId === byDefault.messageId);
    expect(dead).toMatchObject({
      messageId: byDefault.messageId,
      url: `${destination.url}/default`,
      method: 'POST',
      body: '{"n":1}',
      maxRetries: 3,
      header: { 'Content-Type': ['application/json'] },
      responseStatus: 500,
      responseBody: 'database down',
      responseHeader: { 'X-Reason': ['db'] },
      dlqId: expect.any(String),
    });
    expect(messages.find((message) => message.messageId === once.messageId)?.maxRetries).toBe(1);
    expect(server.stats()).toMatchObject({ published: 2, attempts: 6, failed: 6, deadLettered: 2, dlq: 2 });

    destination.respond = () => ({ status: 200 });
    const { responses } = await client.dlq.retry((dead as { dlqId: string }).dlqId);
    expect(responses).toEqual([{ messageId: expect.stringMatching(/^msg_/) }]);
    await server.idle();
    const redelivered = destination.deliveries.at(-1) as Delivery;
    expect(redelivered).toMatchObject({
      path: '/default',
      body: '{"n":1}',
      headers: { 'upstash-message-id': responses[0]?.messageId, 'upstash-retried': '0' },
    });

    const rest = await client.dlq.listMessages();
    expect(rest.messages.map((message) => message.messageId)).toEqual([once.messageId]);
    expect(await client.dlq.delete(rest.messages[0]?.dlqId ?? '')).toEqual({ deleted: 1 });
    expect((await client.dlq.listMessages()).messages).toEqual([]);
  });

  it('pages through the DLQ with a cursor', async () => {
    const { server, destination, client } = await setup();
    destination.respond = () => ({ status: 500 });
    // A FIFO queue dead-letters in publish order; plain publishes would race each other.
    const queue = client.queue({ queueName: 'doomed' });
    for (let seq = 0; seq < 5; seq += 1) await queue.enqueueJSON({ url: `${destination.url}/dead`, body: { seq }, retries: 0 });
    await server.idle();
    const first = await client.dlq.listMessages({ count: 2 });
    const second = await client.dlq.listMessages({ count: 2, cursor: first.cursor });
    const third = await client.dlq.listMessages({ count: 2, cursor: second.cursor });
    const bodies = [first, second, third].map((page) => page.messages.map((message) => message.body));
    expect(bodies).toEqual([['{"seq":0}', '{"seq":1}'], ['{"seq":2}', '{"seq":3}'], ['{"seq":4}']]);
    expect(third.cursor).toBeUndefined();
  });

  it('sends a 489 with Upstash-NonRetryable-Error straight to the DLQ', async () => {
    const { server, destination, client } = await setup();
    destination.respond = () => ({ status: 489, body: 'bad payload', headers: { 'Upstash-NonRetryable-Error': 'true' } });
    const { messageId } = await client.publishJSON({ url: `${destination.url}/poison`, body: { n: 1 } });
    await server.idle();
    expect(destination.deliveries).toHaveLength(1);
    const { messages } = await client.dlq.listMessages();
    expect(messages).toMatchObject([{ messageId, responseStatus: 489, responseBody: 'bad payload' }]);
  });
});

describe('queues', () => {
  it('keeps 20 messages in order while the first one fails and retries', async () => {
    const { server, destination, client } = await setup({ retryDelay: () => 20 });
    let firstAttempts = 0;
    destination.respond = async (delivery) => {
      if (seqOf(delivery) !== 0) return { status: 200 };
      firstAttempts += 1;
      await sleep(30);
      return { status: firstAttempts < 3 ? 500 : 200 };
    };
    const queue = client.queue({ queueName: 'vendor-acme' });
    for (let seq = 0; seq < 20; seq += 1) await queue.enqueueJSON({ url: `${destination.url}/stock`, body: { seq } });
    await server.idle();

    const expected = [0, 0, 0, ...Array.from({ length: 19 }, (_, i) => i + 1)];
    expect(destination.deliveries.map(seqOf)).toEqual(expected);
    expect(destination.deliveries.filter((d) => seqOf(d) === 0).map((d) => d.headers['upstash-retried'])).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(destination.maxConcurrent).toBe(1);
    expect(await queue.get()).toMatchObject({ name: 'vendor-acme', parallelism: 1, paused: false, lag: 0 });
  });

  it('honours parallelism, pause and resume, and deletes queues', async () => {
    const { server, destination, client } = await setup();
    destination.respond = async () => {
      await sleep(40);
      return { status: 200 };
    };
    const queue = client.queue({ queueName: 'pricing' });
    // Enqueued while paused, so all six are waiting when it resumes and parallelism alone limits them.
    await queue.upsert({ parallelism: 2, paused: true });
    for (let seq = 0; seq < 6; seq += 1) await queue.enqueueJSON({ url: `${destination.url}/price`, body: { seq } });
    await sleep(100);
    expect(destination.deliveries).toHaveLength(0);
    expect(await queue.get()).toEqual({
      name: 'pricing',
      parallelism: 2,
      paused: true,
      lag: 6,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });

    await queue.resume();
    await server.idle();
    expect(destination.maxConcurrent).toBe(2);
    expect(destination.deliveries.map(seqOf).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await queue.get()).toMatchObject({ paused: false, lag: 0 });

    await queue.pause();
    await queue.enqueueJSON({ url: `${destination.url}/price`, body: { seq: 6 } });
    await sleep(100);
    expect(destination.deliveries).toHaveLength(6);
    await queue.resume();
    await server.idle();
    expect(destination.deliveries.map(seqOf).at(-1)).toBe(6);

    expect((await client.queue().list()).map((q) => q.name)).toEqual(['pricing']);
    await queue.delete();
    const error = await queue.get().catch((e: unknown) => e);
    expect((error as QstashError).status).toBe(404);
  });
  it('limits each flow-control key to its parallelism, keys independent of each other', async () => {
    const { server, destination, client } = await setup();
    const active: Record<string, number> = {};
    const maxActive: Record<string, number> = {};
    destination.respond = async ({ path }) => {
      active[path] = (active[path] ?? 0) + 1;
      maxActive[path] = Math.max(maxActive[path] ?? 0, active[path] ?? 0);
      await sleep(30);
      active[path] = (active[path] ?? 1) - 1;
      return { status: 200 };
    };
    for (let seq = 0; seq < 3; seq += 1) {
      for (const vendor of ['acme', 'velo']) {
        await client.publishJSON({
          url: `${destination.url}/${vendor}`,
          body: { seq },
          flowControl: { key: vendor, parallelism: 1 },
        });
      }
    }
    await server.idle();
    expect(destination.deliveries).toHaveLength(6);
    expect(maxActive).toEqual({ '/acme': 1, '/velo': 1 });
    expect(destination.deliveries.filter((d) => d.path === '/acme').map(seqOf)).toEqual([0, 1, 2]);
  });
});

describe('batch, delay and cancel', () => {
  it('batchJSON publishes every entry, into queues and with deduplication', async () => {
    const { server, destination, client } = await setup();
    const results = await client.batchJSON([
      { url: `${destination.url}/a`, body: { n: 1 } },
      { url: `${destination.url}/b`, body: { n: 2 }, headers: { 'X-Tenant': 'velo' } },
      { url: `${destination.url}/c`, body: { n: 3 }, queueName: 'relay', deduplicationId: 'outbox-7' },
      { url: `${destination.url}/c`, body: { n: 3 }, queueName: 'relay', deduplicationId: 'outbox-7' },
    ]);
    expect(results).toEqual([
      { messageId: expect.stringMatching(/^msg_/), url: `${destination.url}/a` },
      { messageId: expect.stringMatching(/^msg_/), url: `${destination.url}/b` },
      { messageId: expect.stringMatching(/^msg_/), url: `${destination.url}/c` },
      { messageId: (results[2] as { messageId: string }).messageId, url: `${destination.url}/c`, deduplicated: true },
    ]);
    await server.idle();
    const byPath = Object.fromEntries(destination.deliveries.map((delivery) => [delivery.path, delivery]));
    expect(Object.keys(byPath).sort()).toEqual(['/a', '/b', '/c']);
    expect(destination.deliveries).toHaveLength(3);
    expect(byPath['/b']).toMatchObject({ body: '{"n":2}', headers: { 'x-tenant': 'velo', 'content-type': 'application/json' } });
    for (const delivery of destination.deliveries) expect(await verify(destination, delivery)).toBe(true);
    expect((await client.queue({ queueName: 'relay' }).get()).name).toBe('relay');
  });

  it('delays delivery by Upstash-Delay and Upstash-Not-Before', async () => {
    const { server, destination, client } = await setup();
    const publishedAt = Date.now();
    const delayed = await client.publishJSON({ url: `${destination.url}/later`, body: { n: 1 }, delay: 1 });
    const pending = await client.messages.get(delayed.messageId);
    expect(pending).toMatchObject({ messageId: delayed.messageId, url: `${destination.url}/later`, state: 'CREATED' });
    expect(pending.notBefore).toBe(pending.createdAt + 1000);
    // Unix seconds: +2 puts it at least a full second ahead whatever the current millisecond.
    const notBefore = Math.floor(Date.now() / 1000) + 2;
    const scheduled = await client.publishJSON({ url: `${destination.url}/at`, body: { n: 2 }, notBefore });
    expect(await client.messages.get(scheduled.messageId)).toMatchObject({ notBefore: notBefore * 1000, state: 'CREATED' });

    await server.idle();
    const at = (path: string) => (destination.deliveries.find((d) => d.path === path) as Delivery).at;
    expect(at('/later') - publishedAt).toBeGreaterThanOrEqual(1000);
    expect(at('/at')).toBeGreaterThanOrEqual(notBefore * 1000);
    expect(await client.messages.get(delayed.messageId)).toMatchObject({ state: 'DELIVERED' });
  });

  it('cancels delayed messages, one by id and the rest in bulk', async () => {
    const { server, destination, client } = await setup();
    const { messageId } = await client.publishJSON({ url: `${destination.url}/never`, body: { n: 1 }, delay: 60 });
    await client.publishJSON({ url: `${destination.url}/never`, body: { n: 2 }, delay: 60 });
    await client.publishJSON({ url: `${destination.url}/never`, body: { n: 3 }, delay: 60 });
    await expect(server.idle(50)).rejects.toThrow('still 3 message(s) pending');

    expect(await client.messages.cancel(messageId)).toEqual({ cancelled: 1 });
    expect(await client.messages.get(messageId)).toMatchObject({ state: 'CANCELED' });
    const again = await client.messages.cancel(messageId).catch((e: unknown) => e);
    expect((again as QstashError).status).toBe(404);
    expect(await client.messages.cancel({ all: true })).toEqual({ cancelled: 2 });
    await server.idle(100);
    expect(destination.deliveries).toEqual([]);
    expect(server.stats()).toMatchObject({ published: 3, canceled: 3, delivered: 0, pending: 0 });
  });
});

describe('callbacks', () => {
  it('posts the callback after each attempt and the failure callback on dead-lettering', async () => {
    const { server, destination, client } = await setup();
    destination.respond = (delivery) => (delivery.path === '/work' ? { status: 500, body: 'nope' } : { status: 200 });
    const { messageId } = await client.publishJSON({
      url: `${destination.url}/work`,
      body: { job: 7 },
      retries: 1,
      callback: `${destination.url}/callback`,
      failureCallback: `${destination.url}/failed`,
      headers: { 'Upstash-Callback-Forward-X-Hook': 'cb' },
    });
    await server.idle();

    const bodiesAt = (path: string) =>
      destination.deliveries.filter((d) => d.path === path).map((d) => JSON.parse(d.body) as Record<string, unknown>);
    const callbacks = bodiesAt('/callback');
    expect(callbacks.map((body) => body.retried).sort()).toEqual([0, 1]);
    expect(callbacks[0]).toMatchObject({
      status: 500,
      body: Buffer.from('nope').toString('base64'),
      maxRetries: 1,
      sourceMessageId: messageId,
      url: `${destination.url}/work`,
      method: 'POST',
      sourceBody: Buffer.from('{"job":7}').toString('base64'),
    });
    const dlqId = (await client.dlq.listMessages()).messages[0]?.dlqId;
    expect(dlqId).toEqual(expect.any(String));
    expect(bodiesAt('/failed')).toMatchObject([{ status: 500, retried: 1, sourceMessageId: messageId, dlqId }]);
    const callbackDeliveries = destination.deliveries.filter((d) => d.path !== '/work');
    expect(callbackDeliveries.every((d) => d.headers['content-type'] === 'application/json')).toBe(true);
    expect(destination.deliveries.filter((d) => d.path === '/callback').every((d) => d.headers['x-hook'] === 'cb')).toBe(true);
    for (const delivery of callbackDeliveries) expect(await verify(destination, delivery)).toBe(true);
  });
});

describe('fault injection', () => {
  it('duplicateRate delivers a success twice with the same id and Upstash-Retried', async () => {
    const { server, destination, client } = await setup();
    server.setFaults({ duplicateRate: 1 });
    const { messageId } = await client.publishJSON({ url: `${destination.url}/dup`, body: { n: 1 } });
    await server.idle();
    expect(destination.deliveries.map((d) => [d.headers['upstash-message-id'], d.headers['upstash-retried']])).toEqual([
      [messageId, '0'],
      [messageId, '0'],
    ]);
    for (const delivery of destination.deliveries) expect(await verify(destination, delivery)).toBe(true);
    expect(server.stats()).toMatchObject({ delivered: 1, duplicated: 1, attempts: 1 });
  });

  it('failRate fails attempts without sending them, so the message is retried', async () => {
    let server: QStashServer | undefined;
    // Turning the fault off while computing the second backoff makes the third attempt the first real one.
    const setupResult = await setup({
      retryDelay: (retried) => {
        if (retried === 1) server?.setFaults({ failRate: 0 });
        return 10;
      },
    });
    server = setupResult.server;
    const { destination, client } = setupResult;
    server.setFaults({ failRate: 1 });
    await client.publishJSON({ url: `${destination.url}/unlucky`, body: { n: 1 } });
    await server.idle();
    expect(destination.deliveries.map((d) => d.headers['upstash-retried'])).toEqual(['2']);
    expect(server.stats()).toMatchObject({ attempts: 3, failed: 2, delivered: 1 });
  });

  it('delayRate holds attempts back by delayMs', async () => {
    const { server, destination, client } = await setup();
    server.setFaults({ delayRate: 1, delayMs: 150 });
    const publishedAt = Date.now();
    await client.publishJSON({ url: `${destination.url}/slow`, body: { n: 1 } });
    await server.idle();
    expect((destination.deliveries[0] as Delivery).at - publishedAt).toBeGreaterThanOrEqual(150);
  });

  it('onlyMatching narrows the faults to messages naming it', async () => {
    const { server, destination, client } = await setup();
    server.setFaults({ failRate: 1, onlyMatching: 'doomed' });
    await client.publishJSON({ url: `${destination.url}/spared`, body: { n: 1 } });
    await client.publishJSON({ url: `${destination.url}/hit`, body: { tag: 'doomed' }, retries: 0 });
    await server.idle();
    expect(destination.deliveries.map((delivery) => delivery.path)).toEqual(['/spared']);
    expect(server.stats()).toMatchObject({ delivered: 1, deadLettered: 1 });
  });

  it('exposes faults and stats over HTTP behind the token', async () => {
    const { server, destination, client } = await setup();
    const set = await local(server, '/__local/faults', { method: 'POST', body: JSON.stringify({ duplicateRate: 1 }) });
    expect(await set.json()).toEqual({ duplicateRate: 1, failRate: 0, delayMs: 0, delayRate: 0, onlyMatching: '' });
    const invalid = await local(server, '/__local/faults', { method: 'POST', body: JSON.stringify({ failRate: 2 }) });
    expect(invalid.status).toBe(400);
    expect((await fetch(`${server.url}/__local/stats`)).status).toBe(401);

    await client.publishJSON({ url: `${destination.url}/counted`, body: { n: 1 } });
    await server.idle();
    expect(destination.deliveries).toHaveLength(2);
    expect(await (await local(server, '/__local/stats')).json()).toEqual({
      published: 1,
      deduplicated: 0,
      callbacks: 0,
      attempts: 1,
      delivered: 1,
      duplicated: 1,
      failed: 0,
      deadLettered: 0,
      canceled: 0,
      dlq: 0,
      pending: 0,
    });
  });
});
