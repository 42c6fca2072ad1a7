/**
 * Neon's two serverless endpoints on one local HTTP server, in front of a plain Postgres:
 * - `POST /sql`: the SQL-over-HTTP protocol of `neon()` (`@neondatabase/serverless` 1.2), run on
 *   pooled server-side connections like Neon's proxy does;
 * - `GET /v1?address=host:port` (WebSocket upgrade): raw Postgres wire protocol tunnelled to TCP,
 *   for the driver's `Pool`/`Client`.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { createWebSocketStream, type WebSocket, WebSocketServer } from 'ws';
import { keepConnectionsAlive } from './keep-alive';

export interface NeonProxy {
  /** `http://127.0.0.1:<port>`: `/sql` and `/v1` live under it. */
  url: string;
  close(): Promise<void>;
}

export interface NeonProxyOptions {
  /** 0 picks a free port; `url` reports the real one. */
  port: number;
  host?: string;
  postgresHost: string;
  postgresPort: number;
}

interface PostgresTarget {
  host: string;
  port: number;
}

/** Starts the `/sql` endpoint and the WebSocket proxy, both reaching only postgresHost:postgresPort. */
export async function startNeonProxy(opts: NeonProxyOptions): Promise<NeonProxy> {
  const target: PostgresTarget = { host: opts.postgresHost, port: opts.postgresPort };
  const pools = new PoolRegistry(target);
  const tunnels = new TunnelServer(target);
  const server = keepConnectionsAlive(createServer((req, res) => handleRequest(pools, req, res)));
  server.on('upgrade', (req, socket, head) => tunnels.handleUpgrade(req, socket, head));

  const host = opts.host ?? '127.0.0.1';
  const port = await listen(server, opts.port, host);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      tunnels.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pools.end();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// POST /sql
// ---------------------------------------------------------------------------------------------

/** Neon's proxy refuses bodies and results above 10 MiB; failing here too shows it before production does. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const CONNECTIONS_PER_POOL = 10;

/** Every value leaves Postgres as text; the driver parses it by `dataTypeID`. */
const RAW_TEXT_TYPES = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/** The driver's `isolationLevel` values (sent as Neon-Batch-Isolation-Level) in SQL. */
const ISOLATION_LEVELS = new Map([
  ['ReadUncommitted', 'READ UNCOMMITTED'],
  ['ReadCommitted', 'READ COMMITTED'],
  ['RepeatableRead', 'REPEATABLE READ'],
  ['Serializable', 'SERIALIZABLE'],
]);

/** The error fields Neon copies from Postgres into a 400 answer (and the driver onto NeonDbError). */
const ERROR_FIELDS = [
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'severity',
  'where',
  'table',
  'column',
  'schema',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

interface SqlQuery {
  query: string;
  params: unknown[];
}

interface Credentials {
  user: string;
  password: string | undefined;
  database: string;
}

interface BatchOptions {
  isolationLevel: string | undefined;
  readOnly: boolean;
  deferrable: boolean;
}

/** An expected refusal (bad header, bad body): answered 400 like Neon, with a message only. */
class BadRequest extends Error {}

function handleRequest(pools: PoolRegistry, req: IncomingMessage, res: ServerResponse): void {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname !== '/sql') {
    sendJson(res, 404, { message: `no endpoint at ${pathname}; use POST /sql` });
  } else if (req.method !== 'POST') {
    sendJson(res, 405, { message: 'use POST /sql' });
  } else {
    void answerSql(pools, req, res);
  }
}

/** Every failure is a 400 with a `message` (plus Postgres' fields), as Neon's proxy answers. */
async function answerSql(pools: PoolRegistry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const credentials = parseConnectionString(req.headers['neon-connection-string']);
    const body = parseBody(await readBody(req));
    // Neon treats anything but the exact string 'true' as false.
    const arrayMode = req.headers['neon-array-mode'] === 'true';
    const pool = pools.get(credentials);
    const result = Array.isArray(body)
      ? { results: await runBatch(pool, body, parseBatchOptions(req), arrayMode) }
      : await runSingle(pool, body, arrayMode);
    const json = JSON.stringify(result);
    if (Buffer.byteLength(json) > MAX_RESPONSE_BYTES) {
      throw new BadRequest(`response is too large (max is ${MAX_RESPONSE_BYTES} bytes)`);
    }
    sendBody(res, 200, json);
  } catch (error) {
    sendJson(res, 400, errorBody(error));
  }
}

function parseConnectionString(header: string | string[] | undefined): Credentials {
  if (typeof header !== 'string' || header === '') throw new BadRequest('missing Neon-Connection-String header');
  let url: URL;
  try {
    url = new URL(header);
  } catch {
    throw new BadRequest('Neon-Connection-String is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new BadRequest('connection string must start with postgres: or postgresql:');
  }
  const user = decodeURIComponent(url.username);
  const database = decodeURIComponent(url.pathname.slice(1));
  if (!user) throw new BadRequest('missing username in Neon-Connection-String');
  if (!database) throw new BadRequest('missing database name in Neon-Connection-String');
  // Host and port are ignored: this endpoint serves one Postgres only.
  return { user, password: url.password ? decodeURIComponent(url.password) : undefined, database };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new BadRequest(`request is too large (max is ${MAX_REQUEST_BYTES} bytes)`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `{query, params}` is one statement in autocommit; `{queries: [...]}` is a batch (an array here). */
function parseBody(text: string): SqlQuery | SqlQuery[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest('request body is not valid JSON');
  }
  if (isRecord(body) && Array.isArray(body.queries)) return body.queries.map(parseQuery);
  return parseQuery(body);
}

function parseQuery(value: unknown): SqlQuery {
  if (!isRecord(value) || typeof value.query !== 'string') {
    throw new BadRequest('expected {query, params} or {queries: [{query, params}, …]}');
  }
  const params = value.params ?? [];
  if (!Array.isArray(params)) throw new BadRequest('params must be an array');
  return { query: value.query, params };
}

function parseBatchOptions(req: IncomingMessage): BatchOptions {
  const level = req.headers['neon-batch-isolation-level'];
  const isolationLevel = typeof level === 'string' ? ISOLATION_LEVELS.get(level) : undefined;
  if (level !== undefined && isolationLevel === undefined) throw new BadRequest('invalid isolation level');
  return {
    isolationLevel,
    readOnly: req.headers['neon-batch-read-only'] === 'true',
    deferrable: req.headers['neon-batch-deferrable'] === 'true',
  };
}

function beginStatement({ isolationLevel, readOnly, deferrable }: BatchOptions): string {
  return ['BEGIN', isolationLevel && `ISOLATION LEVEL ${isolationLevel}`, readOnly && 'READ ONLY', deferrable && 'DEFERRABLE']
    .filter(Boolean)
    .join(' ');
}

function runSingle(pool: pg.Pool, query: SqlQuery, arrayMode: boolean) {
  return withConnection(pool, (client) => execute(client, query, arrayMode));
}

function runBatch(pool: pg.Pool, queries: SqlQuery[], options: BatchOptions, arrayMode: boolean) {
  return withConnection(pool, async (client) => {
    await client.query(beginStatement(options));
    try {
      const results = [];
      for (const query of queries) results.push(await execute(client, query, arrayMode));
      await client.query('COMMIT');
      return results;
    } catch (error) {
      // If even ROLLBACK fails the connection is not idle, and withConnection discards it.
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

/**
 * Lends a pooled connection for one request. A connection that is not idle afterwards (a
 * statement ran BEGIN itself, or the link broke) is destroyed: reusing it would run the next
 * request inside someone else's transaction and scope.
 */
async function withConnection<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    return await work(client);
  } catch (error) {
    broken = !(error instanceof pg.DatabaseError) || error.severity === 'FATAL' || error.severity === 'PANIC';
    throw error;
  } finally {
    client.release(broken || !isIdle(client));
  }
}

/**
 * pg keeps the transaction status of the last ReadyForQuery ('I' idle, 'T' in a transaction,
 * 'E' failed transaction) in a private field; anything unexpected counts as not idle.
 */
function isIdle(client: pg.PoolClient): boolean {
  return (client as unknown as { _txStatus?: unknown })._txStatus === 'I';
}

async function execute(client: pg.PoolClient, { query, params }: SqlQuery, arrayMode: boolean) {
  const result = await client.query({
    text: query,
    values: params,
    rowMode: arrayMode ? 'array' : undefined,
    // Always the extended protocol, as Neon: one statement per query, `$n` parameters.
    queryMode: 'extended',
  } as pg.QueryConfig);
  return {
    command: result.command,
    rowCount: result.rowCount,
    rows: result.rows,
    fields: result.fields.map(({ name, dataTypeID, tableID, columnID, dataTypeSize, dataTypeModifier }) => ({
      name,
      dataTypeID,
      tableID,
      columnID,
      dataTypeSize,
      dataTypeModifier,
      format: 'text',
    })),
    rowAsArray: arrayMode,
  };
}

function errorBody(error: unknown): Record<string, unknown> {
  if (error instanceof pg.DatabaseError) {
    const body: Record<string, unknown> = { message: error.message };
    for (const field of ERROR_FIELDS) body[field] = error[field] ?? null;
    return body;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: error instanceof BadRequest ? message : `could not reach Postgres: ${message}` };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendBody(res, status, JSON.stringify(body));
}

function sendBody(res: ServerResponse, status: number, json: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One pool per (user, password, database), as Neon keeps one per role and database. */
class PoolRegistry {
  private readonly pools = new Map<string, pg.Pool>();

  constructor(private readonly target: PostgresTarget) {}

  get(credentials: Credentials): pg.Pool {
    const key = JSON.stringify([credentials.user, credentials.password, credentials.database]);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new pg.Pool({
        ...credentials,
        host: this.target.host,
        port: this.target.port,
        max: CONNECTIONS_PER_POOL,
        idleTimeoutMillis: 60_000,
        application_name: 'vitrine-neon-http',
        types: RAW_TEXT_TYPES,
      });
      // An idle connection that dies (server restart) is dropped by the pool; without a
      // listener the 'error' event would crash the process.
      pool.on('error', () => {});
      this.pools.set(key, pool);
    }
    return pool;
  }

  async end(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

// ---------------------------------------------------------------------------------------------
// WebSocket /v1?address=host:port
// ---------------------------------------------------------------------------------------------

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1']);

/** Tunnels each WebSocket to a fresh TCP connection to the one allowed Postgres. */
class TunnelServer {
  // Postgres messages can be up to 1 GiB; ws' default 100 MiB cap would cut a large COPY.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 * 1024 });
  private readonly upstreams = new Set<Socket>();

  constructor(private readonly target: PostgresTarget) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/v1') {
      refuseUpgrade(socket, 404, 'Not Found');
    } else if (!this.isAllowed(url.searchParams.get('address'))) {
      refuseUpgrade(socket, 403, 'Forbidden');
    } else {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.bridge(ws));
    }
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    for (const upstream of this.upstreams) upstream.destroy();
    this.wss.close();
  }

  /** Only the configured Postgres, by its own name or, when it is on loopback, by any loopback name. */
  private isAllowed(address: string | null): boolean {
    const separator = address?.lastIndexOf(':') ?? -1;
    if (!address || separator < 0) return false;
    const host = address.slice(0, separator).replace(/^\[(.*)\]$/, '$1');
    const port = Number(address.slice(separator + 1));
    if (port !== this.target.port) return false;
    return host === this.target.host || (LOOPBACK_NAMES.has(host) && LOOPBACK_NAMES.has(this.target.host));
  }

  private bridge(ws: WebSocket): void {
    const upstream = connect(this.target.port, this.target.host);
    // The driver sends small, latency-bound messages (pipelined startup, queries).
    upstream.setNoDelay(true);
    this.upstreams.add(upstream);
    const client = createWebSocketStream(ws);
    let closed = false;
    const teardown = () => {
      if (closed) return;
      closed = true;
      this.upstreams.delete(upstream);
      upstream.destroy();
      // A close frame, not a dropped socket: the driver has sent Terminate and expects a clean end;
      // an abrupt one surfaces in workerd as "Network connection lost" on an idle client.
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
      setTimeout(() => client.destroy(), 2000).unref();
    };
    for (const side of [client, upstream]) {
      side.on('error', teardown);
      side.on('close', teardown);
    }
    // Bytes written before the TCP connect completes are buffered by the socket.
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
