import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { outbox, vendors } from '../../drizzle/schema';
import { pgErrorCode } from '../../src/platform/db';
import { appDatabase, createTestVendor, rawAppPool, rawAppSql } from '../harness/platform';

const INSUFFICIENT_PRIVILEGE = '42501';

function outboxRowFor(vendorId: string) {
  return { topic: 'test.probed.v1', vendorId, aggregateType: 'test', aggregateId: vendorId, payload: {} };
}

describe('RLS over the HTTP path (one-shot batches)', () => {
  test('no scope sees zero rows', async () => {
    await createTestVendor();
    const raw = rawAppSql();
    const rows = await raw`select count(*)::int as n from vendors`;
    expect(rows[0]?.n).toBe(0);
    const events = await raw`select count(*)::int as n from outbox`;
    expect(events[0]?.n).toBe(0);
  });

  test("vendor A's scope never sees vendor B's rows", async () => {
    const [a, b] = await Promise.all([createTestVendor('Vendor A'), createTestVendor('Vendor B')]);
    const db = appDatabase();
    const [visibleVendors, visibleEvents] = await db
      .vendor(a.id)
      .read((q) => [q.select().from(vendors), q.select().from(outbox)] as const);
    expect(visibleVendors.map((v) => v.id)).toEqual([a.id]);
    expect(visibleEvents.length).toBeGreaterThan(0);
    expect(new Set(visibleEvents.map((e) => e.vendorId))).toEqual(new Set([a.id]));
    const [bFromA] = await db.vendor(a.id).read((q) => [q.select().from(outbox).where(eq(outbox.vendorId, b.id))] as const);
    expect(bFromA).toEqual([]);
  });

  test("an insert carrying another vendor's id is rejected, and its batch leaves nothing", async () => {
    const [a, b] = await Promise.all([createTestVendor(), createTestVendor()]);
    const db = appDatabase();
    const attempt = db
      .vendor(a.id)
      .write((q) => [q.insert(outbox).values(outboxRowFor(a.id)), q.insert(outbox).values(outboxRowFor(b.id))] as const);
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(pgErrorCode(error)).toBe(INSUFFICIENT_PRIVILEGE);
    const [left] = await db.platform().read((q) => [q.select().from(outbox).where(eq(outbox.topic, 'test.probed.v1'))] as const);
    expect(left.filter((row) => row.vendorId === a.id || row.vendorId === b.id)).toEqual([]);
  });

  test('a read-only batch cannot write', async () => {
    const a = await createTestVendor();
    const db = appDatabase();
    const error = await db
      .vendor(a.id)
      .read((q) => [q.insert(outbox).values(outboxRowFor(a.id))] as const)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(pgErrorCode(error)).toBe('25006');
  });

  test('a pooled connection used by a committed scope carries no scope into the next query', async () => {
    const a = await createTestVendor();
    const db = appDatabase();
    const raw = rawAppSql();
    for (let i = 0; i < 5; i++) {
      await db.vendor(a.id).read((q) => [q.select().from(vendors)] as const);
      const rows = await raw`select current_setting('app.vendor_id', true) as scope, (select count(*)::int from vendors) as n`;
      expect(rows[0]?.n).toBe(0);
      expect(rows[0]?.scope ?? '').toBe('');
    }
  });
});

describe('RLS over the WebSocket path (interactive transactions)', () => {
  test("vendor A's transaction sees only A, and the reused connection afterwards sees nothing", async () => {
    const [a, b] = await Promise.all([createTestVendor(), createTestVendor()]);
    const db = appDatabase();
    try {
      const seen = await db.vendor(a.id).transaction(async (tx) => {
        const rows = await tx.select({ id: vendors.id }).from(vendors);
        const other = await tx.select().from(outbox).where(eq(outbox.vendorId, b.id));
        return { ids: rows.map((r) => r.id), other: other.length };
      });
      expect(seen).toEqual({ ids: [a.id], other: 0 });
      // The same single-connection pool, after the scoped transaction committed.
      const after = await db.websocket().execute(sql`select count(*)::int as n from vendors`);
      expect(after.rows[0]).toEqual({ n: 0 });
    } finally {
      await db.close();
    }
  });

  test('no scope sees zero rows', async () => {
    await createTestVendor();
    const pool = rawAppPool();
    try {
      const result = await pool.query('select count(*)::int as n from vendors');
      expect(result.rows[0]).toEqual({ n: 0 });
    } finally {
      await pool.end();
    }
  });

  test('a cross-vendor insert is rejected and rolls the transaction back', async () => {
    const [a, b] = await Promise.all([createTestVendor(), createTestVendor()]);
    const db = appDatabase();
    try {
      const error = await db
        .vendor(a.id)
        .transaction(async (tx) => {
          await tx.insert(outbox).values(outboxRowFor(a.id));
          await tx.insert(outbox).values(outboxRowFor(b.id));
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(pgErrorCode(error)).toBe(INSUFFICIENT_PRIVILEGE);
      const [mine] = await db
        .vendor(a.id)
        .read((q) => [q.select().from(outbox).where(eq(outbox.topic, 'test.probed.v1'))] as const);
      expect(mine).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('the app role', () => {
  test('cannot bypass RLS and owns no table', async () => {
    const raw = rawAppSql();
    const [role] = await raw`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await raw`select count(*)::int as n from pg_tables where tableowner = current_user`;
    expect(owned[0]?.n).toBe(0);
  });

  test('every table with a vendor column has RLS enabled and forced, with a policy', async () => {
    const raw = rawAppSql();
    const tables = await raw`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policies p where p.tablename = c.relname) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and (exists (select 1 from information_schema.columns col where col.table_name = c.relname and col.column_name = 'vendor_id')
             or c.relname = 'vendors')`;
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const table of tables) expect(table, String(table.name)).toMatchObject({ enabled: true, forced: true });
    for (const table of tables) expect(table.policies, String(table.name)).toBeGreaterThan(0);
  });
});
