/**
 * A local QStash for development and tests: speaks the v2 REST API the real `@upstash/qstash`
 * Client uses, delivers signed requests the SDK's Receiver verifies, retries with backoff, keeps
 * queues FIFO and dead-letters, all in memory. It stands in for `@upstash/qstash-cli`, which
 * downloads a binary and cannot work offline (DESIGN.md, "The local platform").
 *
 * Files: qstash-routes (endpoints), qstash-publish (Upstash-* request headers), qstash-delivery
 * (scheduling, retries, DLQ, callbacks, faults), qstash-lanes (queues and flow control),
 * qstash-attempt (one signed HTTP delivery), qstash-store / qstash-views (state and its JSON).
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepConnectionsAlive } from './keep-alive';
import { Dispatcher, type QStashFaults, type QStashStats } from './qstash-delivery';
import { PublishError } from './qstash-publish';
import { buildRoutes, HttpError, type Route, validateFaults } from './qstash-routes';
import { MessageStore } from './qstash-store';

export type { QStashFaults, QStashStats } from './qstash-delivery';

/** A running local QStash. */
export interface QStashServer {
  url: string;
  close(): Promise<void>;
  setFaults(f: Partial<QStashFaults>): void;
  /** Counters as `GET /__local/stats` reports them. */
  stats(): QStashStats;
  /** resolves when no message is pending delivery or retry (for tests) */
  idle(timeoutMs?: number): Promise<void>;
}

/** How to start it; port 0 picks a free port (read the real one from `url`). */
export interface QStashServerOptions {
  port: number;
  host?: string;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** ms to wait before retry number `retried + 1`; default exponential 1s, 2s, 4s … capped at 30s. */
  retryDelay?: (retried: number) => number;
  /** Retries when the publisher sends no `Upstash-Retries`; default 3, as on QStash's free plan. */
  maxRetries?: number;
}

/** QStash allows messages up to 10 MB on paid plans; more is a publisher bug worth a 413. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

/** Exponential backoff like QStash's, capped low because nobody waits hours in development. */
export function defaultRetryDelay(retried: number): number {
  return Math.min(30_000, 1000 * 2 ** retried);
}

/** Starts the local QStash and resolves once it listens. */
export async function startQStashServer(opts: QStashServerOptions): Promise<QStashServer> {
  const host = opts.host ?? '127.0.0.1';
  const store = new MessageStore();
  const dispatcher = new Dispatcher({
    store,
    signingKey: opts.currentSigningKey,
    retryDelay: opts.retryDelay ?? defaultRetryDelay,
  });
  const routes = buildRoutes({
    store,
    dispatcher,
    keys: { current: opts.currentSigningKey, next: opts.nextSigningKey },
    maxRetries: opts.maxRetries ?? 3,
  });
  const server = keepConnectionsAlive(createServer((req, res) => void serve(req, res, routes, opts.token)));
  const port = await listen(server, opts.port, host);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      dispatcher.close();
      await closeServer(server);
    },
    setFaults: (faults) => dispatcher.setFaults(validateFaults(faults)),
    stats: () => dispatcher.stats(),
    idle: (timeoutMs = DEFAULT_IDLE_TIMEOUT_MS) => dispatcher.idle(timeoutMs),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, routes: Route[], token: string): Promise<void> {
  try {
    if (req.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, 'unauthorized');
    const url = new URL(req.url ?? '/', 'http://local');
    const { route, params } = matchRoute(routes, req.method ?? 'GET', url.pathname);
    const reply = await route.handle({ req, url, params, body: () => readBody(req) });
    send(res, reply.status, reply.body);
  } catch (error) {
    if (error instanceof HttpError) return send(res, error.status, { error: error.message });
    if (error instanceof PublishError) return send(res, 400, { error: error.message });
    console.error('local qstash: unexpected error', error);
    send(res, 500, { error: 'internal error' });
  }
}

function matchRoute(routes: Route[], method: string, pathname: string): { route: Route; params: string[] } {
  let pathKnown = false;
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    pathKnown = true;
    if (route.method === method) return { route, params: match.slice(1) as string[] };
  }
  throw pathKnown ? new HttpError(405, `method ${method} not allowed`) : new HttpError(404, `no such endpoint: ${pathname}`);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `message larger than ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Drops keep-alive connections too, or close() would wait for clients to hang up. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
