import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { prepareLocalDatabase } from '../../scripts/local-platform/migrate';

/**
 * The same migrations must apply to the machine's PostgreSQL 15 as to embedded Postgres 17 (the
 * test platform's). Skipped only where no server listens on PG15_URL's address.
 */
const SERVER_URL = process.env.PG15_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const database = `vitrine_test_${crypto.randomUUID().slice(0, 8)}`;
const databaseUrl = Object.assign(new URL(SERVER_URL), { pathname: `/${database}` }).toString();

async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const reachable = await serverReachable();

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!reachable)(`migrations on the server at ${new URL(SERVER_URL).host}`, () => {
  beforeAll(async () => {
    await admin((c) => c.query(`create database ${database}`));
  });

  afterAll(async () => {
    await admin((c) => c.query(`drop database if exists ${database} with (force)`));
  });

  test('apply cleanly, twice, with RLS forced on every table', async () => {
    const first = await prepareLocalDatabase(databaseUrl);
    await prepareLocalDatabase(databaseUrl);
    const client = new pg.Client({ connectionString: first.ownerUrl });
    await client.connect();
    try {
      const version = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
      expect(Number(version.rows[0]?.v)).toBeGreaterThanOrEqual(150000);
      const tables = await client.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
        `select relname, relrowsecurity, relforcerowsecurity from pg_class
         where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`,
      );
      // Sorted here, by code point: the server's collation may order `order_items` and `orders` either way.
      expect(tables.rows.map((t) => t.relname).sort()).toEqual([
        'api_keys',
        'categories',
        'customer_addresses',
        'customers',
        'dead_letters',
        'import_job_rows',
        'import_jobs',
        'import_row_errors',
        'inventory_levels',
        'inventory_movements',
        'invitations',
        'memberships',
        'order_allocations',
        'order_counters',
        'order_items',
        'order_status_history',
        'orders',
        'outbox',
        'pricing_rules',
        'processed_messages',
        'products',
        'publish_jobs',
        'sessions',
        'shipping_methods',
        'staged_products',
        'stock_alerts',
        'stock_locations',
        'stock_settings',
        'tax_rates',
        'users',
        'variants',
        'vendor_domains',
        'vendors',
        'webhook_deliveries',
        'webhook_endpoints',
      ]);
      for (const table of tables.rows) expect(table).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
      const ledger = await client.query(
        "select has_table_privilege('vitrine_app', 'inventory_movements', 'UPDATE') as u, has_table_privilege('vitrine_app', 'inventory_movements', 'DELETE') as d, has_table_privilege('vitrine_app', 'inventory_movements', 'INSERT') as i",
      );
      expect(ledger.rows[0]).toEqual({ u: false, d: false, i: true });
      const role = await client.query("select rolbypassrls, rolsuper from pg_roles where rolname = 'vitrine_app'");
      expect(role.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
    } finally {
      await client.end();
    }
  });
});
