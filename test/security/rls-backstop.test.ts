import { eq, type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-http';
import { beforeAll, describe, expect, test } from 'vitest';
import { memberships, users, vendors } from '../../drizzle/schema';
import { pgErrorCode, type WsTx } from '../../src/platform/db';
import { insertApiKey, registerShopper } from '../harness/attackers';
import { appDatabase, rawAppSql } from '../harness/platform';
import { createVendorWithOwner, type TeamVendor, teamLogin, vendorApi } from '../harness/team';
import { createShopVendor } from '../integration/shop-fixtures';

/**
 * The last line of defence: a query that forgot `where vendor_id = …` must still see, change and
 * create only the scoped vendor's rows, because row-level security filters every tenant table.
 * Every query below leaves the vendor filter out on purpose.
 */

const INSUFFICIENT_PRIVILEGE = '42501';

interface TenantTable {
  name: string;
  /** The column that names the vendor: `id` on `vendors`, `vendor_id` everywhere else. */
  column: string;
}

/** Every table in `public` with a `vendor_id` column, plus `vendors` itself. */
async function tenantTables(): Promise<TenantTable[]> {
  const rows = (await rawAppSql()`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and (c.relname = 'vendors' or exists (
        select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'vendor_id' and not a.attisdropped))
    order by 1`) as { name: string }[];
  return rows.map(({ name }) => ({ name, column: name === 'vendors' ? 'id' : 'vendor_id' }));
}

const from = (t: TenantTable) => sql.identifier(t.name);
const col = (t: TenantTable) => sql.identifier(t.column);
const scopeTo = (vendorId: string) => sql`select set_config('app.vendor_id', ${vendorId}, true)`;

/** The vendor of every row the scope lets an unfiltered `select` see (null for a vendor-less row). */
async function visibleOwners(vendorId: string, t: TenantTable): Promise<(string | null)[]> {
  const [result] = await appDatabase()
    .vendor(vendorId)
    .read((q) => [q.execute(sql`select ${col(t)}::text as owner from ${from(t)}`)] as const);
  return (result.rows as { owner: string | null }[]).map((row) => row.owner);
}

/** Rows of each table in the vendor's scope, counted without a filter. */
async function countsIn(tx: WsTx, vendorId: string, tables: TenantTable[]): Promise<Record<string, number>> {
  await tx.execute(scopeTo(vendorId));
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const result = await tx.execute(sql`select count(*)::int as n from ${from(t)}`);
    counts[t.name] = (result.rows[0] as { n: number }).n;
  }
  return counts;
}

const FOREIGN_KEY_VIOLATION = '23503';
const NO_PRIVILEGE = /permission denied for table/;

/** Runs one statement under a savepoint: the vendors of the rows it returned, or why it failed. */
async function attempt(tx: WsTx, query: SQL): Promise<{ owners: (string | null)[] } | { code: string; message: string }> {
  try {
    const result = await tx.transaction((sp) => sp.execute(query));
    return { owners: (result.rows as { owner: string | null }[]).map((row) => row.owner) };
  } catch (error) {
    const code = pgErrorCode(error);
    if (!code) throw error;
    return { code, message: String((error as { cause?: unknown }).cause ?? error) };
  }
}

const ownersOtherThan = (vendorId: string, owners: (string | null)[]) => owners.filter((owner) => owner !== vendorId);

class Rollback extends Error {}

/** Runs `work` in a WebSocket transaction in `vendorId`'s scope and always rolls it back. */
async function rolledBack(vendorId: string, work: (tx: WsTx) => Promise<void>): Promise<void> {
  const db = appDatabase();
  try {
    await db
      .vendor(vendorId)
      .transaction(async (tx) => {
        await work(tx);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  } finally {
    await db.close();
  }
}

/** A fresh vendor with rows in as many tenant tables as the API can fill today. */
async function populatedVendor(): Promise<TeamVendor> {
  const vendor = await createVendorWithOwner('RLS Backstop');
  const session = await teamLogin(vendor.slug, vendor.owner);
  await registerShopper(vendor.slug);
  await insertApiKey(vendor);
  const invited = await vendorApi(vendor.slug, session.token, 'POST', '/team/invitations', {
    email: `invitee-${vendor.slug}@example.test`,
    role: 'editor',
  });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  return vendor;
}

let tables: TenantTable[];
let a: TeamVendor;
let b: TeamVendor;

beforeAll(async () => {
  [tables, a, b] = await Promise.all([tenantTables(), populatedVendor(), populatedVendor()]);
  expect(tables.map((t) => t.name)).toEqual(
    expect.arrayContaining(['vendors', 'memberships', 'customers', 'sessions', 'api_keys', 'invitations', 'outbox']),
  );
});

describe('a query without a vendor filter, in vendor A’s scope', () => {
  test("reads only A's rows in every tenant table", async () => {
    const empty: string[] = [];
    for (const t of tables) {
      const [ownersInA, ownersInB] = await Promise.all([visibleOwners(a.id, t), visibleOwners(b.id, t)]);
      expect(new Set(ownersInA), `${t.name} in A's scope`).toEqual(new Set(ownersInA.length ? [a.id] : []));
      expect(new Set(ownersInB), `${t.name} in B's scope`).toEqual(new Set(ownersInB.length ? [b.id] : []));
      if (ownersInB.length === 0) empty.push(t.name);
    }
    // The check means something only where B has rows to leak: most tables must have some.
    expect(tables.length - empty.length, `tables where B has no rows: ${empty.join(', ')}`).toBeGreaterThanOrEqual(6);
  });

  test('reads only its own rows on the seeded demo vendors too', async () => {
    const [[acme]] = await appDatabase()
      .platform()
      .read((q) => [q.select({ id: vendors.id }).from(vendors).where(eq(vendors.slug, 'acme'))] as const);
    if (!acme) throw new Error('the demo vendor acme is missing');
    for (const t of tables) {
      const owners = await visibleOwners(acme.id, t);
      expect(
        owners.filter((owner) => owner !== acme.id),
        t.name,
      ).toEqual([]);
    }
  });

  test("updates only A's rows; B's rows are untouched", async () => {
    await rolledBack(a.id, async (tx) => {
      const before = await countsIn(tx, b.id, tables);
      const mine = await countsIn(tx, a.id, tables);
      for (const t of tables) {
        const updated = await attempt(tx, sql`update ${from(t)} set ${col(t)} = ${col(t)} returning ${col(t)}::text as owner`);
        // A table the app role may not update at all (an append-only ledger) is refused outright.
        if ('code' in updated) {
          expect(updated, t.name).toMatchObject({ code: INSUFFICIENT_PRIVILEGE, message: NO_PRIVILEGE });
          continue;
        }
        expect(updated.owners.length, `${t.name}: rows updated`).toBeLessThanOrEqual(mine[t.name] ?? 0);
        expect(ownersOtherThan(a.id, updated.owners), `${t.name}: foreign rows updated`).toEqual([]);
      }
      expect(await countsIn(tx, b.id, tables)).toEqual(before);
    });
  });

  test("deletes only A's rows; B keeps every row", async () => {
    await rolledBack(a.id, async (tx) => {
      const before = await countsIn(tx, b.id, tables);
      await tx.execute(scopeTo(a.id));
      // Children before parents: a table whose rows others still reference is retried next round.
      let pending = [...tables];
      let deletedRows = 0;
      for (let round = 0; pending.length > 0 && round <= tables.length; round++) {
        const blocked: TenantTable[] = [];
        for (const t of pending) {
          const deleted = await attempt(tx, sql`delete from ${from(t)} returning ${col(t)}::text as owner`);
          if ('code' in deleted) {
            if (deleted.code === FOREIGN_KEY_VIOLATION) blocked.push(t);
            else expect(deleted, t.name).toMatchObject({ code: INSUFFICIENT_PRIVILEGE, message: NO_PRIVILEGE });
            continue;
          }
          deletedRows += deleted.owners.length;
          expect(ownersOtherThan(a.id, deleted.owners), `${t.name}: foreign rows deleted`).toEqual([]);
        }
        pending = blocked;
      }
      expect(pending.map((t) => t.name)).toEqual([]);
      expect(deletedRows, "A's rows deleted").toBeGreaterThan(0);
      expect(await countsIn(tx, b.id, tables)).toEqual(before);
    });
  });

  test("cannot insert a row carrying B's vendor id into any tenant table (42501)", async () => {
    await rolledBack(a.id, async (tx) => {
      for (const t of tables) {
        const insertFor = (vendorId: string) =>
          sql`insert into ${from(t)} (${col(t)}) values (${vendorId}) returning ${col(t)}::text as owner`;
        const foreign = await attempt(tx, insertFor(b.id));
        expect(foreign, t.name).toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
        if (!('code' in foreign) || NO_PRIVILEGE.test(foreign.message)) continue;
        expect(foreign.message, t.name).toMatch(/row-level security/);
        // Control: the same insert with A's own id passes the policy (other constraints may still fail).
        const own = await attempt(tx, insertFor(a.id));
        expect('code' in own ? own.code : 'inserted', `${t.name} with A's own id`).not.toBe(INSUFFICIENT_PRIVILEGE);
      }
    });
  });
});

describe('without a scope', () => {
  test('every tenant table reads zero rows, and so does users', async () => {
    const db = drizzle({ client: rawAppSql() });
    for (const t of [...tables, { name: 'users', column: 'id' }]) {
      const result = await db.execute(sql`select count(*)::int as n from ${from(t)}`);
      expect(result.rows[0], t.name).toEqual({ n: 0 });
    }
  });

  test('a scope left empty (a reused connection) reads zero rows too', async () => {
    const db = drizzle({ client: rawAppSql() });
    for (const t of tables) {
      const [, result] = await db.batch([
        db.execute(sql`select set_config('app.vendor_id', '', true)`),
        db.execute(sql`select count(*)::int as n from ${from(t)}`),
      ]);
      expect(result.rows[0], t.name).toEqual({ n: 0 });
    }
  });
});

describe('users in a vendor scope', () => {
  test("are exactly that vendor's members", async () => {
    for (const vendor of [a, b]) {
      const [visible, members] = await appDatabase()
        .vendor(vendor.id)
        .read((q) => [q.select({ id: users.id }).from(users), q.select({ id: memberships.userId }).from(memberships)] as const);
      expect(new Set(visible.map((u) => u.id))).toEqual(new Set(members.map((m) => m.id)));
      expect(visible.map((u) => u.id)).toContain(vendor.owner.id);
    }
    const [inA] = await appDatabase()
      .vendor(a.id)
      .read((q) => [q.select({ id: users.id, admin: users.isPlatformAdmin }).from(users)] as const);
    expect(inA.map((u) => u.id)).not.toContain(b.owner.id);
    expect(inA.filter((u) => u.admin)).toEqual([]);
  });

  test('cannot be created or changed in a vendor scope', async () => {
    await rolledBack(a.id, async (tx) => {
      const created = await tx
        .transaction((sp) => sp.insert(users).values({ email: `${a.slug}-intruder@example.test`, name: 'Intruder' }))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(pgErrorCode(created)).toBe(INSUFFICIENT_PRIVILEGE);
      const renamed = await tx.update(users).set({ name: 'Renamed in a vendor scope' }).returning({ id: users.id });
      expect(renamed).toEqual([]);
    });
  });
});

describe('catalog_search_ids, the security-definer search function', () => {
  const lantern = (sku: string) => ({
    title: 'Backstop Lantern',
    status: 'active' as const,
    variants: [{ sku, priceMinor: 1000 }],
  });
  const search = sql`select id::text as id from catalog_search_ids(to_tsquery('simple', 'backstop'), 'bsl-') as id`;

  test("finds only the scope vendor's products, and nothing without a vendor scope", async () => {
    const [shopA, shopB] = await Promise.all([
      createShopVendor('Search Backstop A', { products: [lantern('BSL-A1')] }),
      createShopVendor('Search Backstop B', { products: [lantern('BSL-B1')] }),
    ]);
    const idOf = (shop: typeof shopA) => [...shop.products.values()].map((p) => p.id);
    const found = async (vendorId: string) => {
      const [result] = await appDatabase()
        .vendor(vendorId)
        .read((q) => [q.execute(search)] as const);
      return (result.rows as { id: string }[]).map((row) => row.id);
    };
    expect(await found(shopA.vendor.id)).toEqual(idOf(shopA));
    expect(await found(shopB.vendor.id)).toEqual(idOf(shopB));
    const [platform] = await appDatabase()
      .platform()
      .read((q) => [q.execute(search)] as const);
    expect(platform.rows).toEqual([]);
    expect(await drizzle({ client: rawAppSql() }).execute(search)).toMatchObject({ rows: [] });
  });

  test('the app role cannot redefine it', async () => {
    const replaced = await drizzle({ client: rawAppSql() })
      .execute(
        sql.raw(`create or replace function catalog_search_ids(q tsquery, sku_prefix text) returns setof uuid
          language sql security definer as 'select id from products'`),
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(pgErrorCode(replaced)).toBe(INSUFFICIENT_PRIVILEGE);
  });
});
