import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_TRADES } from '../../scripts/local-platform/demo-catalog';
import { SEED_SOURCE } from '../../scripts/local-platform/demo-catalog/seed-catalog';
import { seedLargeVendor } from '../../scripts/local-platform/large-vendor';
import { DEMO_VENDORS, seedDemo } from '../../scripts/local-platform/seed';
import { isAllowedImageUrl, isValidGtin } from '../../src/modules/catalog';
import type { ShopProductPage } from '../../src/modules/catalog/shop-schemas';
import type { TenancyEnv } from '../../src/modules/tenancy';
import { findVendorBySlug } from '../../src/modules/tenancy/repo';
import type { Database } from '../../src/platform/db';
import { request } from '../harness/http';
import { appDatabase, hostUrl, platform, uniqueSlug } from '../harness/platform';

let db: Database;
const vendorIds = new Map<string, string>();

beforeAll(async () => {
  db = appDatabase();
  for (const { slug } of DEMO_VENDORS) {
    const [[vendor]] = await db.platform().read((q) => [findVendorBySlug(q, slug)] as const);
    if (!vendor) throw new Error(`demo vendor ${slug} is missing`);
    vendorIds.set(slug, vendor.id);
  }
});

afterAll(async () => {
  await db?.close();
});

const idOf = (slug: string) => vendorIds.get(slug) as string;

async function one<T extends Record<string, unknown>>(vendorId: string, query: ReturnType<typeof sql>): Promise<T> {
  const [result] = await db.vendor(vendorId).read((q) => [q.execute<T>(query)] as const);
  return result.rows[0] as T;
}

async function all<T extends Record<string, unknown>>(vendorId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  const [result] = await db.vendor(vendorId).read((q) => [q.execute<T>(query)] as const);
  return result.rows;
}

/** What the seed writes for a vendor: seeded products and everything hanging off them. */
function seededCounts(vendorId: string) {
  return one<Record<string, number>>(
    vendorId,
    sql`with p as (select id from products where vendor_id = ${vendorId} and source = ${SEED_SOURCE}),
      v as (select id from variants where vendor_id = ${vendorId} and product_id in (select id from p))
    select (select count(*) from p)::int as products,
      (select count(*) from v)::int as variants,
      (select count(*) from categories where vendor_id = ${vendorId})::int as categories,
      (select count(*) from stock_locations where vendor_id = ${vendorId})::int as locations,
      (select count(*) from inventory_levels where vendor_id = ${vendorId} and variant_id in (select id from v))::int as levels,
      (select count(*) from inventory_movements where vendor_id = ${vendorId} and variant_id in (select id from v))::int as movements,
      (select count(*) from outbox where vendor_id = ${vendorId} and aggregate_id in (select id::text from p))::int as events`,
  );
}

/** Levels whose on-hand or reserved stock differs from the sum of their ledger entries. */
function ledgerMismatches(vendorId: string) {
  return all(
    vendorId,
    sql`select l.variant_id, l.location_id, l.on_hand, l.reserved, m.on_hand as ledger_on_hand, m.reserved as ledger_reserved
    from inventory_levels l
    left join (
      select variant_id, location_id, sum(on_hand_delta)::int as on_hand, sum(reserved_delta)::int as reserved
      from inventory_movements where vendor_id = ${vendorId} group by 1, 2
    ) m on m.variant_id = l.variant_id and m.location_id = l.location_id
    where l.vendor_id = ${vendorId}
      and (l.on_hand <> coalesce(m.on_hand, 0) or l.reserved <> coalesce(m.reserved, 0))`,
  );
}

async function shopSearch(host: string, q: string): Promise<ShopProductPage> {
  const response = await request(hostUrl(host, `/api/v1/shop/products?q=${encodeURIComponent(q)}&limit=100`));
  expect(response.status).toBe(200);
  return (await response.json()) as ShopProductPage;
}

describe('the demo catalogs', () => {
  test.each(DEMO_VENDORS.map((v) => v.slug))('%s has at least 200 products in a two-level category tree', async (slug) => {
    const vendorId = idOf(slug);
    const stats = await one<Record<string, number>>(
      vendorId,
      sql`select count(*)::int as products,
        count(*) filter (where status = 'active')::int as active,
        count(*) filter (where status = 'draft')::int as draft,
        count(*) filter (where status = 'archived')::int as archived,
        count(*) filter (where featured)::int as featured,
        count(*) filter (where p.category_id is null or c.parent_id is null)::int as outside_subcategories,
        count(*) filter (where jsonb_array_length(images) = 0)::int as without_images
      from products p left join categories c on c.vendor_id = p.vendor_id and c.id = p.category_id
      where p.vendor_id = ${vendorId} and p.source = ${SEED_SOURCE}`,
    );
    expect(stats.products).toBeGreaterThanOrEqual(200);
    expect(stats.active).toBeGreaterThan((stats.products ?? 0) * 0.8);
    expect(stats.draft).toBeGreaterThan(0);
    expect(stats.archived).toBeGreaterThan(0);
    expect(stats.featured).toBeGreaterThanOrEqual(3);
    expect(stats.outside_subcategories).toBe(0);
    expect(stats.without_images).toBe(0);
    const images = await all<{ url: string }>(
      vendorId,
      sql`select distinct i->>'url' as url from products, jsonb_array_elements(images) i where vendor_id = ${vendorId} limit 50`,
    );
    expect(images.every((image) => isAllowedImageUrl(image.url))).toBe(true);
  });

  test.each(DEMO_VENDORS.map((v) => v.slug))('%s has many products with variants, unique SKUs and valid GTINs', async (slug) => {
    const vendorId = idOf(slug);
    const shape = await one<Record<string, number>>(
      vendorId,
      sql`select count(*) filter (where n > 1)::int as with_variants,
        count(*) filter (where n > 1 and jsonb_array_length(option_types) = 2)::int as with_two_options,
        max(n)::int as most_variants
      from (select p.option_types, count(*) as n from products p join variants v on v.vendor_id = p.vendor_id and v.product_id = p.id
        where p.vendor_id = ${vendorId} and p.source = ${SEED_SOURCE} group by p.id) x`,
    );
    expect(shape.with_variants).toBeGreaterThanOrEqual(80);
    const twoOptions = DEMO_TRADES[slug]?.families.some((family) => (family.options ?? []).length === 2);
    if (twoOptions) expect(shape.with_two_options).toBeGreaterThan(0);
    expect(shape.most_variants).toBeGreaterThanOrEqual(4);
    const variants = await all<{ sku: string; gtin: string | null }>(
      vendorId,
      sql`select sku, gtin from variants where vendor_id = ${vendorId}`,
    );
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    const gtins = variants.flatMap((v) => (v.gtin ? [v.gtin] : []));
    expect(gtins.length).toBeGreaterThan(variants.length / 2);
    expect(gtins.filter((gtin) => !isValidGtin(gtin))).toEqual([]);
  });

  test.each(DEMO_VENDORS.map((v) => v.slug))(
    '%s stocks its variants in two locations, and the ledger sums to the levels',
    async (slug) => {
      const vendorId = idOf(slug);
      const byLocation = await all<{ code: string; levels: number; in_stock: number; empty: number; low: number }>(
        vendorId,
        sql`select s.code, count(l.*)::int as levels, count(*) filter (where l.on_hand > 0)::int as in_stock,
        count(*) filter (where l.on_hand = 0)::int as empty, count(*) filter (where l.on_hand between 1 and 5)::int as low
      from stock_locations s left join inventory_levels l on l.vendor_id = s.vendor_id and l.location_id = s.id
      where s.vendor_id = ${vendorId} group by s.code order by s.code`,
      );
      const counts = await seededCounts(vendorId);
      expect(byLocation.map((row) => row.code)).toEqual(['main', 'store']);
      for (const location of byLocation) {
        expect(location.levels).toBeGreaterThanOrEqual(counts.variants ?? 0);
        expect(location.in_stock).toBeGreaterThan(location.levels / 2);
        expect(location.empty).toBeGreaterThan(0);
        expect(location.low).toBeGreaterThan(0);
      }
      expect(await ledgerMismatches(vendorId)).toEqual([]);
    },
  );

  test('seeding again creates nothing new', async () => {
    const before = await Promise.all(DEMO_VENDORS.map((v) => seededCounts(idOf(v.slug))));
    expect(await seedDemo(db)).toEqual({ created: [], catalogs: [] });
    const after = await Promise.all(DEMO_VENDORS.map((v) => seededCounts(idOf(v.slug))));
    expect(after).toEqual(before);
  });

  test.each(DEMO_VENDORS.map((v) => v.slug))('%s can take orders: a VAT rate and two shipping methods', async (slug) => {
    const response = await request(hostUrl(slug, '/api/v1/shop/shipping-methods'));
    const methods = (await response.json()) as { data: { name: string; kind: string }[] };
    expect(methods.data.map((m) => [m.name, m.kind])).toEqual([
      ['Standard delivery', 'flat'],
      ['Freight by weight', 'weight'],
    ]);
    const rates = await all<{ rate_bp: number }>(idOf(slug), sql`select rate_bp from tax_rates where vendor_id = ${idOf(slug)}`);
    expect(rates).toEqual([{ rate_bp: 1700 }]);
  });

  test("a demo shop's search finds its own products only", async () => {
    const slugsOf = async (vendor: string) =>
      new Set(
        (await all<{ slug: string }>(idOf(vendor), sql`select slug from products where vendor_id = ${idOf(vendor)}`)).map(
          (r) => r.slug,
        ),
      );
    const [acme, velo] = await Promise.all([slugsOf('acme'), slugsOf('velo')]);
    // Both trades sell gloves: each shop answers with its own.
    const [acmeGloves, veloGloves] = await Promise.all([shopSearch('acme', 'gloves'), shopSearch('velo', 'gloves')]);
    expect(acmeGloves.data.length).toBeGreaterThan(0);
    expect(veloGloves.data.length).toBeGreaterThan(0);
    expect(acmeGloves.data.filter((p) => !acme.has(p.slug))).toEqual([]);
    expect(veloGloves.data.filter((p) => !velo.has(p.slug))).toEqual([]);
    // A brand only Velo sells is not found on Acme's host.
    const brand = DEMO_TRADES.velo?.brands[0] ?? '';
    expect((await shopSearch('velo', brand)).data.length).toBeGreaterThan(0);
    expect((await shopSearch('acme', brand)).data).toEqual([]);
  });
});

describe('the large vendor for performance work', () => {
  test('seeds a small one with stock in two locations, and a rerun writes nothing', async () => {
    const slug = uniqueSlug('gm');
    const env = platform().workerVars as unknown as TenancyEnv;
    // Without stock events: a thousand fewer outbox rows for the relay while other files run (the boot's seed has them).
    const first = await seedLargeVendor(db, { slug, products: 300, chunk: 120, stockEvents: false, env });
    expect(first).toMatchObject({ slug, seeded: true, products: 300 });
    expect(first.variants).toBeGreaterThan(350);
    const counts = await seededCounts(first.vendorId);
    expect(counts).toMatchObject({ products: 300, variants: first.variants, locations: 2, levels: 2 * first.variants });
    expect(await ledgerMismatches(first.vendorId)).toEqual([]);
    const again = await seedLargeVendor(db, { slug, products: 300, env });
    expect(again).toMatchObject({ vendorId: first.vendorId, seeded: false, products: 0, variants: 0 });
    expect(await seededCounts(first.vendorId)).toEqual(counts);
    // Its shop is up on its own host.
    const page = await shopSearch(slug, 'cordless');
    expect(page.data.length).toBeGreaterThan(0);
  });
});
