/**
 * The local Neon endpoints driven by the real `@neondatabase/serverless` driver, against real
 * Postgres (embedded by default, DATABASE_URL when set), as the app role under forced RLS.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, NeonDbError, type NeonQueryFunction, neon, neonConfig, Pool } from '@neondatabase/serverless';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { APP_ROLE, LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { type NeonProxy, startNeonProxy } from '../../scripts/local-platform/neon-proxy';
import { ensureRoles, type LocalPostgres, startPostgres } from '../../scripts/local-platform/postgres';

const DATA_DIR = fileURLToPath(new URL('../../.data/test-pg-neon', import.meta.url));
const EMBEDDED_PORT = 54349;

const SCHEMA = `
  drop table if exists t_items;
  create table t_items (
    id serial primary key,
    vendor_id uuid not null,
    name text,
    price int,
    created timestamptz default now(),
    meta jsonb,
    big bigint,
    num numeric,
    unique (vendor_id, name)
  );
  alter table t_items enable row level security;
  alter table t_items force row level security;
  create policy t_items_vendor on t_items
    using (vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid))
    with check (vendor_id = (select nullif(current_setting('app.vendor_id', true), '')::uuid));
  grant select, insert, update, delete on t_items to ${APP_ROLE};
  grant usage on sequence t_items_id_seq to ${APP_ROLE};
`;

let postgres: LocalPostgres;
let proxy: NeonProxy;
let appUrl: string;
let sql: NeonQueryFunction<false, false>;

beforeAll(async () => {
  postgres = await startPostgres({ dataDir: DATA_DIR, port: EMBEDDED_PORT, databaseUrl: process.env.DATABASE_URL });
  await ensureRoles(postgres.superuserUrl);
  await runAsSuperuser(SCHEMA);

  proxy = await startNeonProxy({ port: 0, postgresHost: postgres.host, postgresPort: postgres.port });
  const proxyAddress = new URL(proxy.url).host;
  neonConfig.fetchEndpoint = `${proxy.url}/sql`;
  neonConfig.webSocketConstructor = WebSocket;
  neonConfig.wsProxy = (host, port) => `${proxyAddress}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  // Sending the password unasked needs cleartext `password` auth, which only the embedded
  // server is known to use; an external one may trust or use SCRAM.
  neonConfig.pipelineConnect = postgres.embedded ? 'password' : false;

  const url = new URL(postgres.superuserUrl);
  url.username = APP_ROLE;
  url.password = LOCAL_SECRETS.appRolePassword;
  appUrl = url.toString();
  sql = neon(appUrl);
});

afterAll(async () => {
  await proxy?.close();
  await postgres?.stop();
});

async function runAsSuperuser(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.superuserUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function scope(vendorId: string) {
  return sql`select set_config('app.vendor_id', ${vendorId}, true)`;
}

/** Makes a vendor with the given item names, inserted under its own scope. */
async function vendorWithItems(...names: string[]): Promise<string> {
  const vendorId = randomUUID();
  await sql.transaction([
    scope(vendorId),
    ...names.map((name) => sql`insert into t_items (vendor_id, name, price) values (${vendorId}, ${name}, 100)`),
  ]);
  return vendorId;
}

async function scopedNames(vendorId: string): Promise<string[]> {
  const [, rows] = await sql.transaction([scope(vendorId), sql`select name from t_items order by name`], {
    readOnly: true,
  });
  return (rows as { name: string }[]).map((row) => row.name);
}

async function postSql(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${proxy.url}/sql`, {
    method: 'POST',
    headers: { 'Neon-Connection-String': appUrl, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('HTTP /sql: values', () => {
  it('returns every type the driver parses by type id', async () => {
    const [row] = await sql`
      select 1::int as i, 'x'::text as t, true as b, '2024-01-02T03:04:05Z'::timestamptz as ts,
             '{"a": [1, 2]}'::jsonb as j, 9007199254740993::int8 as big, 12.50::numeric as num,
             null::text as nothing, array[1, 2, 3]::int[] as ints, array['a', 'b c']::text[] as texts`;
    expect(row).toEqual({
      i: 1,
      t: 'x',
      b: true,
      ts: new Date('2024-01-02T03:04:05Z'),
      j: { a: [1, 2] },
      big: '9007199254740993',
      num: '12.50',
      nothing: null,
      ints: [1, 2, 3],
      texts: ['a', 'b c'],
    });
  });

  it('binds parameters of every kind', async () => {
    const rows = await sql.query('select $1::int + $2::int as sum, $3::text as quoted, $4::text as missing', [
      2,
      3,
      "o'brien; drop table t_items",
      null,
    ]);
    expect(rows).toEqual([{ sum: 5, quoted: "o'brien; drop table t_items", missing: null }]);
    const [row] = await sql`select ${[1, 2]}::int[] as ints, ${{ a: 1 }}::jsonb as j, ${new Date(0)}::timestamptz as ts`;
    expect(row).toEqual({ ints: [1, 2], j: { a: 1 }, ts: new Date(0) });
  });

  it('supports fullResults and arrayMode', async () => {
    const full = await sql.query('select 1 as a, $1::text as b', ['two'], { fullResults: true, arrayMode: true });
    expect(full.rows).toEqual([[1, 'two']]);
    expect(full.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['a', 23],
      ['b', 25],
    ]);
    expect(full).toMatchObject({ command: 'SELECT', rowCount: 1, rowAsArray: true });
    const objects = await sql.query('select 1 as a', [], { fullResults: true });
    expect(objects.rows).toEqual([{ a: 1 }]);
  });

  it('answers the raw protocol with text values, all field metadata and object rows without array mode', async () => {
    const { status, body } = await postSql({ query: 'select $1::int as n', params: ['7'] });
    expect(status).toBe(200);
    expect(body).toMatchObject({ command: 'SELECT', rowCount: 1, rows: [{ n: '7' }], rowAsArray: false });
    expect(body.fields).toEqual([
      { name: 'n', dataTypeID: 23, tableID: 0, columnID: 0, dataTypeSize: 4, dataTypeModifier: -1, format: 'text' },
    ]);
  });
});

describe('HTTP /sql: batches', () => {
  it('commits a scoped batch atomically', async () => {
    const vendorId = randomUUID();
    const [, inserted, listed] = await sql.transaction([
      scope(vendorId),
      sql`insert into t_items (vendor_id, name, price, meta, big, num)
          values (${vendorId}, 'hammer', 1200, ${{ tags: ['tool'] }}, 5000000000, 1.25) returning name`,
      sql`select name, price, meta, big, num, created from t_items`,
    ]);
    expect(inserted).toEqual([{ name: 'hammer' }]);
    expect(listed).toEqual([
      { name: 'hammer', price: 1200, meta: { tags: ['tool'] }, big: '5000000000', num: '1.25', created: expect.any(Date) },
    ]);
  });

  it('rolls back every statement when a later one fails', async () => {
    const vendorId = randomUUID();
    const failing = sql.transaction([
      scope(vendorId),
      sql`insert into t_items (vendor_id, name) values (${vendorId}, 'saw')`,
      sql`insert into t_items (vendor_id, name) values (${vendorId}, 'saw')`,
    ]);
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(await scopedNames(vendorId)).toEqual([]);
  });

  it('rejects a write in a read-only batch', async () => {
    const vendorId = randomUUID();
    const write = sql.transaction([scope(vendorId), sql`insert into t_items (vendor_id, name) values (${vendorId}, 'x')`], {
      readOnly: true,
    });
    await expect(write).rejects.toMatchObject({ code: '25006' });
  });

  it('passes isolation level, read-only and deferrable to BEGIN', async () => {
    const settings = sql`select current_setting('transaction_isolation') as iso,
                                current_setting('transaction_read_only') as ro,
                                current_setting('transaction_deferrable') as d`;
    expect(await sql.transaction([settings], { isolationLevel: 'Serializable', readOnly: true, deferrable: true })).toEqual([
      [{ iso: 'serializable', ro: 'on', d: 'on' }],
    ]);
    expect(await sql.transaction([settings], { isolationLevel: 'RepeatableRead' })).toEqual([
      [{ iso: 'repeatable read', ro: 'off', d: 'off' }],
    ]);
    expect(await sql.transaction([settings])).toEqual([[{ iso: 'read committed', ro: 'off', d: 'off' }]]);
  });
});

describe('HTTP /sql: row-level security', () => {
  it('shows nothing without a scope', async () => {
    await vendorWithItems('nail');
    expect(await sql`select count(*)::int as n from t_items`).toEqual([{ n: 0 }]);
  });

  it("never shows vendor B's rows in vendor A's scope", async () => {
    const a = await vendorWithItems('a-1', 'a-2');
    const b = await vendorWithItems('b-1');
    expect(await scopedNames(a)).toEqual(['a-1', 'a-2']);
    const [, rows] = await sql.transaction([scope(a), sql`select name from t_items where vendor_id = ${b}`]);
    expect(rows).toEqual([]);
  });

  it("rejects inserting vendor B's row in vendor A's scope", async () => {
    const a = randomUUID();
    const b = randomUUID();
    const insert = sql.transaction([scope(a), sql`insert into t_items (vendor_id, name) values (${b}, 'smuggled')`]);
    await expect(insert).rejects.toMatchObject({ code: '42501' });
    expect(await scopedNames(b)).toEqual([]);
  });

  it('leaves no scope on the pooled connection after a committed batch', async () => {
    const vendorId = randomUUID();
    const [, , seen] = await sql.transaction([
      scope(vendorId),
      sql`insert into t_items (vendor_id, name) values (${vendorId}, 'drill')`,
      sql`select pg_backend_pid() as pid, count(*)::int as n from t_items`,
    ]);
    const scoped = seen?.[0] as { pid: number; n: number };
    expect(scoped.n).toBe(1);
    const reuse = await sql`select pg_backend_pid() as pid, current_setting('app.vendor_id', true) as setting,
                                   (select count(*)::int from t_items) as n`;
    // Sequential requests get the most recently released connection: the batch's own.
    expect(reuse).toEqual([{ pid: scoped.pid, setting: '', n: 0 }]);
  });
});

describe('HTTP /sql: errors', () => {
  it('throws NeonDbError with Postgres fields, and keeps the pooled connection', async () => {
    const [before] = await sql`select pg_backend_pid() as pid`;
    const error = await sql`selec 1`.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeonDbError);
    expect(error).toMatchObject({ code: '42601', severity: 'ERROR', position: '1' });
    expect(await sql`select pg_backend_pid() as pid`).toEqual([before]);
  });

  it('reports a unique violation with its constraint', async () => {
    const vendorId = await vendorWithItems('clamp');
    const duplicate = sql.transaction([
      scope(vendorId),
      sql`insert into t_items (vendor_id, name) values (${vendorId}, 'clamp')`,
    ]);
    await expect(duplicate).rejects.toMatchObject({ code: '23505', constraint: 't_items_vendor_id_name_key' });
    expect(await scopedNames(vendorId)).toEqual(['clamp']);
  });

  it('refuses several statements in one query, as Neon does', async () => {
    await expect(sql.query('select 1; select 2')).rejects.toMatchObject({ code: '42601' });
  });

  it('answers 400 with a clear message for a bad connection string, body or isolation level', async () => {
    expect(await postSql({ query: 'select 1', params: [] }, { 'Neon-Connection-String': 'nonsense' })).toEqual({
      status: 400,
      body: { message: 'Neon-Connection-String is not a valid URL' },
    });
    const missing = await fetch(`${proxy.url}/sql`, { method: 'POST', body: '{"query":"select 1","params":[]}' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ message: 'missing Neon-Connection-String header' });
    expect((await postSql({ nope: true })).body).toMatchObject({ message: expect.stringMatching(/expected \{query, params\}/) });
    const badLevel = await postSql({ queries: [] }, { 'Neon-Batch-Isolation-Level': 'Chaos' });
    expect(badLevel).toEqual({ status: 400, body: { message: 'invalid isolation level' } });
  });

  it('answers a wrong password with the auth error code', async () => {
    const wrong = new URL(appUrl);
    wrong.password = 'wrong';
    const error = await neon(wrong.toString())`select 1`.catch((e: unknown) => e);
    // A trusting external server lets any password in; the embedded one checks.
    if (postgres.embedded) expect(error).toMatchObject({ code: '28P01' });
  });
});

describe('HTTP /sql: connection hygiene', () => {
  it('discards a connection left inside a transaction by a raw BEGIN', async () => {
    const vendorId = await vendorWithItems('level');
    await sql`begin`;
    // Were the BEGIN connection reused, this scope would stick to the open transaction…
    await sql`select set_config('app.vendor_id', ${vendorId}, true)`;
    // …and this would count the vendor's row inside that old transaction.
    expect(await sql`select count(*)::int as n from t_items`).toEqual([{ n: 0 }]);
  });

  it('keeps working after a batch that committed and reopened a transaction itself', async () => {
    const vendorId = await vendorWithItems('tape');
    await sql.transaction([sql`commit`, sql`begin`, scope(vendorId)]);
    expect(await sql`select count(*)::int as n from t_items`).toEqual([{ n: 0 }]);
  });
});

describe('WebSocket proxy', () => {
  it('carries types and RLS over a Pool connection that is reused after a committed scope', async () => {
    const a = await vendorWithItems('ws-a');
    const b = await vendorWithItems('ws-b');
    const pool = new Pool({ connectionString: appUrl, max: 1 });
    try {
      expect((await pool.query('select count(*)::int as n from t_items')).rows).toEqual([{ n: 0 }]);

      const client = await pool.connect();
      let pid: number;
      try {
        await client.query('BEGIN');
        await client.query(`select set_config('app.vendor_id', $1, true)`, [a]);
        await client.query(`insert into t_items (vendor_id, name, big, created) values ($1, 'ws-a2', 9007199254740993, now())`, [
          a,
        ]);
        const seen = await client.query('select name, big, created, pg_backend_pid() as pid from t_items order by name');
        expect(seen.rows.map((r) => r.name)).toEqual(['ws-a', 'ws-a2']);
        expect(seen.rows[1]).toMatchObject({ big: '9007199254740993', created: expect.any(Date) });
        pid = seen.rows[0].pid;
        expect((await client.query('select count(*)::int as n from t_items where vendor_id = $1', [b])).rows).toEqual([{ n: 0 }]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }

      const reused = await pool.query(
        `select pg_backend_pid() as pid, current_setting('app.vendor_id', true) as setting, (select count(*)::int from t_items) as n`,
      );
      expect(reused.rows).toEqual([{ pid, setting: '', n: 0 }]);
    } finally {
      await pool.end();
    }
  });

  it("rejects vendor B's row in vendor A's interactive transaction", async () => {
    const client = new Client(appUrl);
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`select set_config('app.vendor_id', $1, true)`, [randomUUID()]);
      const insert = client.query('insert into t_items (vendor_id, name) values ($1, $2)', [randomUUID(), 'smuggled']);
      await expect(insert).rejects.toMatchObject({ code: '42501' });
      await client.query('ROLLBACK');
      // The connection survives an error: syntax error, then a normal query.
      await expect(client.query('selec 1')).rejects.toMatchObject({ code: '42601' });
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('refuses any address but the configured Postgres', async () => {
    const proxyAddress = new URL(proxy.url).host;
    const status = await new Promise<number | undefined>((resolve) => {
      const socket = new WebSocket(`ws://${proxyAddress}/v1?address=127.0.0.1:6379`);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.on('open', () => resolve(101));
      socket.on('error', () => resolve(undefined));
    });
    expect(status).toBe(403);

    const redis = new URL(appUrl);
    redis.port = '6379';
    const client = new Client(redis.toString());
    client.on('error', () => {});
    await expect(client.connect()).rejects.toBeDefined();
  });
});
