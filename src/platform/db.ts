import { neon, neonConfig, Pool } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import { drizzle as drizzleHttp, type NeonHttpDatabase } from 'drizzle-orm/neon-http';
import { drizzle as drizzleWs, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from '../../drizzle/schema';

export type Schema = typeof schema;
/** The query builder handed to batch builders: its queries run over Neon's HTTP path. */
export type HttpDb = NeonHttpDatabase<Schema>;
/** An interactive transaction over a WebSocket connection. */
export type WsTx = Parameters<Parameters<NeonDatabase<Schema>['transaction']>[0]>[0];

export type DbScope = { kind: 'vendor'; vendorId: string } | { kind: 'platform' };

export interface DbConfig {
  DATABASE_URL: string;
  NEON_FETCH_ENDPOINT?: string;
  NEON_WS_PROXY?: string;
  /** 'false' where the local server doesn't ask for a password (trust auth): the driver must wait to be asked. */
  NEON_PIPELINE_CONNECT?: string;
}

type Items = readonly [BatchItem<'pg'>, ...BatchItem<'pg'>[]];

/**
 * Points the driver at this machine's `/sql` endpoint and WebSocket proxy in development; in
 * production both settings are absent and the driver talks to Neon. Global by the driver's design.
 */
export function configureDriver(config: DbConfig): void {
  if (config.NEON_FETCH_ENDPOINT) neonConfig.fetchEndpoint = config.NEON_FETCH_ENDPOINT;
  const proxy = config.NEON_WS_PROXY;
  if (proxy) {
    neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = config.NEON_PIPELINE_CONNECT === 'false' ? false : 'password';
  }
}

function scopeStatement(scope: DbScope) {
  // Bound parameters and transaction-local settings: a pooled connection never keeps a scope.
  return scope.kind === 'vendor'
    ? sql`select set_config('app.vendor_id', ${scope.vendorId}, true)`
    : sql`select set_config('app.platform', 'on', true)`;
}

/** All database access of one request or message, in one scope (a vendor, or the platform). */
export class ScopedDb {
  constructor(
    private readonly database: Database,
    readonly scope: DbScope,
  ) {}

  /** Runs the queries as one read-only batch over HTTP, scope first; returns their results. */
  read<T extends Items>(build: (db: HttpDb) => T): Promise<BatchResponse<T>> {
    return this.batch(this.database.httpReader, build);
  }

  /** Runs the queries as one read-write batch (a single transaction) over HTTP, scope first. */
  write<T extends Items>(build: (db: HttpDb) => T): Promise<BatchResponse<T>> {
    return this.batch(this.database.httpWriter, build);
  }

  /** An interactive transaction over a WebSocket connection opened for this request only. */
  async transaction<T>(work: (tx: WsTx) => Promise<T>): Promise<T> {
    const db = this.database.websocket();
    return db.transaction(async (tx) => {
      await tx.execute(scopeStatement(this.scope));
      return work(tx);
    });
  }

  private async batch<T extends Items>(db: HttpDb, build: (db: HttpDb) => T): Promise<BatchResponse<T>> {
    const items = build(db);
    const [, ...results] = await db.batch([db.execute(scopeStatement(this.scope)), ...items]);
    return results as BatchResponse<T>;
  }
}

/**
 * One per request (or per consumed message). Reads and one-shot writes go over Neon's HTTP path
 * (pooled server-side, fastest here); interactive transactions get a WebSocket pool that is
 * created lazily and must be ended with `close()` when the request ends (a pool at module scope
 * hangs the next request in workerd).
 */
export class Database {
  readonly httpReader: HttpDb;
  readonly httpWriter: HttpDb;
  private pool: Pool | undefined;

  constructor(private readonly config: DbConfig) {
    configureDriver(config);
    this.httpReader = drizzleHttp({ client: neon(config.DATABASE_URL, { readOnly: true }), schema });
    this.httpWriter = drizzleHttp({ client: neon(config.DATABASE_URL), schema });
  }

  /** Work inside one vendor's rows only: RLS filters every table by this vendor. */
  vendor(vendorId: string): ScopedDb {
    return new ScopedDb(this, { kind: 'vendor', vendorId });
  }

  /** Work across vendors, for the admin host, host resolution and the relay. */
  platform(): ScopedDb {
    return new ScopedDb(this, { kind: 'platform' });
  }

  /** @internal the WebSocket-backed drizzle instance, its pool ended when the request ends. */
  websocket(): NeonDatabase<Schema> {
    if (!this.pool) {
      this.pool = new Pool({ connectionString: this.config.DATABASE_URL, max: 1 });
      // A socket dropped while the client sits idle (or as the pool ends) must not crash the
      // isolate; the next query reconnects, and a query in flight rejects on its own.
      this.pool.on('error', (error: Error) => console.warn('database connection dropped:', error.message));
    }
    return drizzleWs({ client: this.pool, schema });
  }

  /** Ends the WebSocket pool, if one was opened; call when the request or message is done. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await pool.end();
  }
}

/** The Postgres error code behind a failed query, whether drizzle wrapped the driver's error or not. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const PG_UNIQUE_VIOLATION = '23505';
