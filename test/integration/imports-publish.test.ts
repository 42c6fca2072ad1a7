import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import {
  importJobs,
  inventoryLevels,
  inventoryMovements,
  outbox,
  products,
  stagedProducts,
  variants,
} from '../../drizzle/schema';
import type { FeedItem } from '../../src/modules/imports/feed';
import { request } from '../harness/http';
import { adminAuth, appDatabase, hostUrl } from '../harness/platform';
import { addTeamMember, bearer, createVendorWithOwner, errorCode, type TeamVendor, teamLogin, vendorApi } from '../harness/team';
import { googleFeed, importFile, importVendor } from './imports-fixtures';

/**
 * Publish from staging. Staged rows are written here the way the import worker leaves them (one
 * row per feed item, `data` a FeedItem), so publishing is tested on its own; the browser test
 * goes through the real upload and worker.
 */

interface PublishResult {
  groups: number;
  created: number;
  updated: number;
  unchanged: number;
  variants: number;
  failed: { source: string; groupId: string; code: string; message: string }[];
  remaining: number;
}

interface StagingPage {
  data: {
    source: string;
    groupId: string;
    title: string;
    diffStatus: string;
    pending: boolean;
    variantCount: number;
    changedFields: string[];
    productId: string | null;
    items: {
      externalId: string;
      diffStatus: string;
      pending: boolean;
      changes: { field: string; old: unknown; new: unknown }[];
    }[];
  }[];
  counts: Record<string, number>;
  nextCursor: string | null;
}

function item(overrides: Partial<FeedItem> & Pick<FeedItem, 'externalId' | 'groupId'>): FeedItem {
  return {
    line: 2,
    title: 'Linen shirt',
    descriptionHtml: '<p>Washed linen.</p>',
    brand: 'Atelier',
    link: null,
    imageUrls: ['https://img.example.com/shirt.jpg'],
    priceMinor: 4900,
    currency: 'EUR',
    salePriceMinor: null,
    saleStartsAt: null,
    saleEndsAt: null,
    availability: 'in_stock',
    quantity: 5,
    gtin: null,
    mpn: null,
    sku: null,
    condition: 'new',
    category: 'Apparel > Shirts',
    options: [],
    weightGrams: 300,
    costMinor: null,
    status: null,
    attributes: {},
    ...overrides,
  };
}

const hashOf = (data: FeedItem) => createHash('sha256').update(JSON.stringify(data)).digest('hex');

/** A finished import job of the vendor (what the staged rows point at). */
async function importJob(vendorId: string, source = 'letzshop'): Promise<string> {
  const id = crypto.randomUUID();
  await appDatabase()
    .vendor(vendorId)
    .write(
      (q) =>
        [
          q.insert(importJobs).values({
            id,
            vendorId,
            source,
            format: 'google',
            fileName: 'feed.csv',
            fileKey: `imports/${vendorId}/${id}`,
            status: 'completed',
            rowsRead: 3,
            rowsValid: 3,
            finishedAt: new Date(),
          }),
        ] as const,
    );
  return id;
}

/** Writes items into staging as the worker's apply step would (new items, or a changed version). */
async function stage(vendorId: string, jobId: string, items: FeedItem[], source = 'letzshop'): Promise<void> {
  const db = appDatabase().vendor(vendorId);
  const [existing] = await db.read(
    (q) =>
      [
        q
          .select()
          .from(stagedProducts)
          .where(
            and(
              eq(stagedProducts.vendorId, vendorId),
              eq(stagedProducts.source, source),
              inArray(
                stagedProducts.externalId,
                items.map((i) => i.externalId),
              ),
            ),
          ),
      ] as const,
  );
  const byId = new Map(existing.map((row) => [row.externalId, row]));
  await db.write((q) => {
    const statements = items.map((data) => {
      const before = byId.get(data.externalId);
      const changedFields = before
        ? Object.keys(data).filter(
            (key) =>
              key !== 'line' &&
              JSON.stringify((before.data as Record<string, unknown>)[key]) !== JSON.stringify(data[key as keyof FeedItem]),
          )
        : [];
      const values = {
        vendorId,
        source,
        externalId: data.externalId,
        groupId: data.groupId,
        line: data.line,
        data: data as unknown as Record<string, unknown>,
        contentHash: hashOf(data),
        diffStatus: before ? ('changed' as const) : ('new' as const),
        changedFields,
        previousData: before ? before.data : null,
        lastJobId: jobId,
      };
      return q
        .insert(stagedProducts)
        .values(values)
        .onConflictDoUpdate({
          target: [stagedProducts.vendorId, stagedProducts.source, stagedProducts.externalId],
          set: {
            data: values.data,
            contentHash: values.contentHash,
            diffStatus: values.diffStatus,
            changedFields,
            previousData: values.previousData,
            lastJobId: jobId,
          },
        });
    });
    const [first, ...rest] = statements;
    if (!first) throw new Error('nothing to stage');
    return [first, ...rest] as const;
  });
}

/** A vendor with an editor signed in, and a staged feed: a shirt in two sizes, a mug, a lamp. */
async function stagedVendor(name = 'Publish Co') {
  const vendor = await createVendorWithOwner(name);
  const editor = await teamLogin(vendor.slug, await addTeamMember(vendor, 'editor'));
  const jobId = await importJob(vendor.id);
  const shirtM = item({
    externalId: 'SHIRT-M',
    groupId: 'SHIRT',
    sku: 'SHIRT-M',
    options: [
      { name: 'color', value: 'Blue' },
      { name: 'size', value: 'M' },
    ],
    gtin: '4006381333931',
  });
  const shirtL = item({
    externalId: 'SHIRT-L',
    groupId: 'SHIRT',
    line: 3,
    sku: 'SHIRT-L',
    quantity: null,
    options: [
      { name: 'color', value: 'Blue' },
      { name: 'size', value: 'L' },
    ],
  });
  const mug = item({
    externalId: 'MUG-1',
    groupId: 'MUG-1',
    line: 4,
    title: 'Stoneware mug',
    category: 'Kitchen',
    priceMinor: 1800,
    salePriceMinor: 1500,
    quantity: 12,
    sku: 'MUG 1',
  });
  const lamp = item({
    externalId: 'LAMP-1',
    groupId: 'LAMP-1',
    line: 5,
    title: 'Brass lamp',
    availability: 'out_of_stock',
    quantity: null,
  });
  await stage(vendor.id, jobId, [shirtM, shirtL, mug, lamp]);
  return { vendor, editor, jobId, items: { shirtM, shirtL, mug, lamp } };
}

const publish = (vendor: TeamVendor, token: string, body: unknown) =>
  vendorApi<PublishResult>(vendor.slug, token, 'POST', '/imports/staging/publish', body);

/** The events publish writes (the stock and pricing Workers add their own later, asynchronously). */
const PUBLISH_TOPICS = [
  'product.created.v1',
  'product.published.v1',
  'product.updated.v1',
  'product.archived.v1',
  'inventory.adjusted.v1',
];

async function catalogOf(vendorId: string) {
  const db = appDatabase().vendor(vendorId);
  const [productRows, variantRows, levels, movements, events] = await db.read(
    (q) =>
      [
        q.select().from(products).where(eq(products.vendorId, vendorId)),
        q.select().from(variants).where(eq(variants.vendorId, vendorId)),
        q.select().from(inventoryLevels).where(eq(inventoryLevels.vendorId, vendorId)),
        q.select().from(inventoryMovements).where(eq(inventoryMovements.vendorId, vendorId)),
        q
          .select({ topic: outbox.topic, aggregateId: outbox.aggregateId, payload: outbox.payload })
          .from(outbox)
          .where(and(eq(outbox.vendorId, vendorId), inArray(outbox.topic, PUBLISH_TOPICS))),
      ] as const,
  );
  return { products: productRows, variants: variantRows, levels, movements, events };
}

async function stagedRows(vendorId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read((q) => [q.select().from(stagedProducts).where(eq(stagedProducts.vendorId, vendorId))] as const);
  return new Map(rows.map((row) => [row.externalId, row]));
}

describe('publishing staged feed items', { timeout: 60_000 }, () => {
  test('selected groups become products with variants, stock, ledger entries and events; staged rows are marked', async () => {
    const { vendor, editor } = await stagedVendor();
    const staging = await vendorApi<StagingPage>(vendor.slug, editor.token, 'GET', '/imports/staging?status=new');
    expect(staging.status).toBe(200);
    expect(staging.body.data.map((g) => [g.groupId, g.variantCount, g.diffStatus])).toEqual([
      ['LAMP-1', 1, 'new'],
      ['MUG-1', 1, 'new'],
      ['SHIRT', 2, 'new'],
    ]);
    expect(staging.body.counts).toMatchObject({ new: 4, changed: 0, pending: 4 });

    const result = await publish(vendor, editor.token, { groupIds: ['SHIRT', 'MUG-1'] });
    expect(result.status).toBe(200);
    // `remaining` counts the selection: both selected groups are done; the lamp still waits.
    expect(result.body).toMatchObject({ groups: 2, created: 2, updated: 0, unchanged: 0, variants: 3, failed: [], remaining: 0 });
    const waiting = await vendorApi<StagingPage>(vendor.slug, editor.token, 'GET', '/imports/staging?status=pending');
    expect(waiting.body.data.map((g) => g.groupId)).toEqual(['LAMP-1']);
    expect(waiting.body.counts).toMatchObject({ new: 4, pending: 1 });

    const catalog = await catalogOf(vendor.id);
    expect(catalog.products).toHaveLength(2);
    const shirt = catalog.products.find((p) => p.externalId === 'SHIRT');
    const mug = catalog.products.find((p) => p.externalId === 'MUG-1');
    expect(shirt).toMatchObject({
      title: 'Linen shirt',
      source: 'letzshop',
      status: 'active',
      brand: 'Atelier',
      slug: 'linen-shirt',
    });
    expect(shirt?.optionTypes).toEqual([
      { name: 'color', values: ['Blue'] },
      { name: 'size', values: ['M', 'L'] },
    ]);
    expect(shirt?.categoryId).not.toBeNull();
    const shirtVariants = catalog.variants.filter((v) => v.productId === shirt?.id);
    expect(shirtVariants.map((v) => [v.sku, v.options, v.priceMinor, v.gtin, v.weightGrams]).sort()).toEqual([
      ['SHIRT-L', { color: 'Blue', size: 'L' }, 4900, null, 300],
      ['SHIRT-M', { color: 'Blue', size: 'M' }, 4900, '4006381333931', 300],
    ]);
    // A sale price in effect sells at the sale price, the regular one as compare-at; spaces leave the SKU.
    const mugVariant = catalog.variants.find((v) => v.productId === mug?.id);
    expect(mugVariant).toMatchObject({ sku: 'MUG-1', priceMinor: 1500, compareAtMinor: 1800 });

    // Stock: the feed's quantity, or the documented default for in_stock without one.
    const onHand = new Map(catalog.levels.map((l) => [catalog.variants.find((v) => v.id === l.variantId)?.sku, l.onHand]));
    expect(Object.fromEntries(onHand)).toEqual({ 'SHIRT-M': 5, 'SHIRT-L': 10, 'MUG-1': 12 });
    expect(catalog.movements.map((m) => [m.reason, m.onHandDelta]).sort()).toEqual([
      ['received', 10],
      ['received', 12],
      ['received', 5],
    ]);

    const topics = catalog.events.map((e) => `${e.topic}:${e.aggregateId}`);
    for (const product of [shirt, mug]) {
      expect(topics).toContain(`product.created.v1:${product?.id}`);
      expect(topics).toContain(`product.published.v1:${product?.id}`);
    }
    expect(catalog.events.filter((e) => e.topic === 'inventory.adjusted.v1')).toHaveLength(3);

    const rows = await stagedRows(vendor.id);
    for (const id of ['SHIRT-M', 'SHIRT-L', 'MUG-1']) {
      const row = rows.get(id);
      expect(row?.publishedHash).toBe(row?.contentHash);
      expect(row?.publishedAt).not.toBeNull();
      expect(catalog.variants.find((v) => v.id === row?.variantId)?.productId).toBe(row?.productId);
    }
    expect(rows.get('LAMP-1')?.publishedHash).toBeNull();

    // The lamp is out of stock everywhere: published as a draft with no stock.
    const rest = await publish(vendor, editor.token, { all: true });
    expect(rest.body).toMatchObject({ groups: 1, created: 1, remaining: 0 });
    const lamp = (await catalogOf(vendor.id)).products.find((p) => p.externalId === 'LAMP-1');
    expect(lamp?.status).toBe('draft');

    // The shop finds the published shirt.
    const shop = await request(hostUrl(vendor.slug, '/api/v1/shop/products/linen-shirt'));
    expect(shop.status).toBe(200);
  });

  test('publishing again what is published changes nothing', async () => {
    const { vendor, editor } = await stagedVendor('Republish Co');
    expect((await publish(vendor, editor.token, { all: true })).body).toMatchObject({ created: 3, remaining: 0 });
    const before = await catalogOf(vendor.id);
    const again = await publish(vendor, editor.token, { all: true });
    expect(again.body).toEqual({
      groups: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      variants: 0,
      archived: 0,
      failed: [],
      remaining: 0,
    });
    const selected = await publish(vendor, editor.token, { groupIds: ['SHIRT'] });
    expect(selected.body).toMatchObject({ groups: 0, created: 0, updated: 0 });
    const after = await catalogOf(vendor.id);
    expect(after.products.map((p) => p.version).sort()).toEqual(before.products.map((p) => p.version).sort());
    expect(after.events).toHaveLength(before.events.length);
    expect(after.movements).toHaveLength(before.movements.length);
  });

  test('a changed price and quantity show as a field-level diff and republish update the variant and the stock', async () => {
    const { vendor, editor, items } = await stagedVendor('Reprice Co');
    await publish(vendor, editor.token, { all: true });
    const job = await importJob(vendor.id);
    await stage(vendor.id, job, [{ ...items.shirtM, priceMinor: 5900, quantity: 8 }]);

    const staging = await vendorApi<StagingPage>(vendor.slug, editor.token, 'GET', '/imports/staging?status=changed');
    expect(staging.body.data).toHaveLength(1);
    const group = staging.body.data[0];
    expect(group).toMatchObject({ groupId: 'SHIRT', diffStatus: 'changed', pending: true });
    const changed = group?.items.find((i) => i.externalId === 'SHIRT-M');
    expect(changed?.changes).toEqual([
      { field: 'priceMinor', old: 4900, new: 5900 },
      { field: 'quantity', old: 5, new: 8 },
    ]);
    expect(group?.items.find((i) => i.externalId === 'SHIRT-L')?.pending).toBe(false);

    const before = await catalogOf(vendor.id);
    const result = await publish(vendor, editor.token, { groupIds: ['SHIRT'] });
    expect(result.body).toMatchObject({ groups: 1, created: 0, updated: 1, failed: [], remaining: 0 });
    const after = await catalogOf(vendor.id);
    expect(after.products).toHaveLength(before.products.length);
    const variant = after.variants.find((v) => v.sku === 'SHIRT-M');
    expect(variant?.priceMinor).toBe(5900);
    expect(after.variants.find((v) => v.sku === 'SHIRT-L')?.priceMinor).toBe(4900);
    expect(after.levels.find((l) => l.variantId === variant?.id)?.onHand).toBe(8);
    const newMovements = after.movements.filter((m) => !before.movements.some((b) => b.seq === m.seq));
    expect(newMovements.map((m) => [m.variantId, m.onHandDelta])).toEqual([[variant?.id, 3]]);
    const shirt = after.products.find((p) => p.externalId === 'SHIRT');
    const updates = after.events.filter((e) => e.topic === 'product.updated.v1' && e.aggregateId === shirt?.id);
    expect(updates).toHaveLength(1);
    expect((updates[0]?.payload as { changed?: string[] } | undefined)?.changed).toEqual(['variants']);
    expect((await stagedRows(vendor.id)).get('SHIRT-M')?.publishedHash).toBe(
      hashOf({ ...items.shirtM, priceMinor: 5900, quantity: 8 }),
    );
  });

  test('a group whose SKU another product uses is reported and the others are published', async () => {
    const { vendor, editor } = await stagedVendor('Conflict Co');
    const taken = await vendorApi(vendor.slug, editor.token, 'POST', '/products', {
      title: 'Someone else',
      variants: [{ sku: 'MUG-1', priceMinor: 100 }],
    });
    expect(taken.status).toBe(201);
    const result = await publish(vendor, editor.token, { all: true });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ groups: 3, created: 2, remaining: 1 });
    expect(result.body.failed).toEqual([
      { source: 'letzshop', groupId: 'MUG-1', code: 'CONFLICT', message: 'SKU MUG-1 is already used by another product' },
    ]);
  });

  test('two publishes of the same groups at once make each product once', async () => {
    const { vendor, editor } = await stagedVendor('Race Co');
    const [a, b] = await Promise.all([
      publish(vendor, editor.token, { all: true }),
      publish(vendor, editor.token, { all: true }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.created + b.body.created).toBe(3);
    expect([...a.body.failed, ...b.body.failed]).toEqual([]);
    const catalog = await catalogOf(vendor.id);
    expect(catalog.products.map((p) => p.externalId).sort()).toEqual(['LAMP-1', 'MUG-1', 'SHIRT']);
    expect(catalog.variants).toHaveLength(4);
    expect(catalog.movements).toHaveLength(3);
    const rows = await stagedRows(vendor.id);
    for (const row of rows.values()) expect(catalog.variants.some((v) => v.id === row.variantId)).toBe(true);
    const again = await publish(vendor, editor.token, { all: true });
    expect(again.body).toMatchObject({ groups: 0, remaining: 0 });
  });

  test('invalid requests are refused with exact codes', async () => {
    const { vendor, editor } = await stagedVendor('Invalid Co');
    for (const body of [{}, { all: false }, { groupIds: [] }, { groupIds: ['SHIRT'], all: true }]) {
      const response = await publish(vendor, editor.token, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(errorCode(response.body)).toBe('VALIDATION_FAILED');
    }
    const badStatus = await vendorApi(vendor.slug, editor.token, 'GET', '/imports/staging?status=published');
    expect(badStatus.status).toBe(422);
    const badCursor = await vendorApi(vendor.slug, editor.token, 'GET', '/imports/staging?cursor=nonsense');
    expect(badCursor.status).toBe(422);
    expect(errorCode(badCursor.body)).toBe('VALIDATION_FAILED');
  });

  test('staging pages through groups with a cursor', async () => {
    const { vendor, editor } = await stagedVendor('Pages Co');
    const first = await vendorApi<StagingPage>(vendor.slug, editor.token, 'GET', '/imports/staging?limit=2');
    expect(first.body.data.map((g) => g.groupId)).toEqual(['LAMP-1', 'MUG-1']);
    const second = await vendorApi<StagingPage>(
      vendor.slug,
      editor.token,
      'GET',
      `/imports/staging?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((g) => g.groupId)).toEqual(['SHIRT']);
    expect(second.body.nextCursor).toBeNull();
    const search = await vendorApi<StagingPage>(vendor.slug, editor.token, 'GET', '/imports/staging?q=mug');
    expect(search.body.data.map((g) => g.groupId)).toEqual(['MUG-1']);
  });
});

describe('publishing after the real upload and worker', { timeout: 120_000 }, () => {
  test("a re-imported feed shows the price change against the previous import, publishes it, and leaves a missing item's product alone", async () => {
    const iv = await importVendor();
    const first = await importFile(
      iv,
      googleFeed([
        { id: 'PIPE-1', title: 'Pipe wrench', price: '19.90 EUR' },
        { id: 'PIPE-2', title: 'Pipe cutter', price: '29.90 EUR' },
      ]),
      { query: { source: 'letzshop' } },
    );
    expect(first.status).toBe('completed');
    expect((await publish(iv.vendor, iv.token, { all: true })).body).toMatchObject({ created: 2, failed: [], remaining: 0 });
    // The job's counters say how many of its items are in the catalog now.
    const counted = await vendorApi<{ counts: { published: number } }>(iv.vendor.slug, iv.token, 'GET', `/imports/${first.id}`);
    expect(counted.body.counts.published).toBe(2);

    const second = await importFile(iv, googleFeed([{ id: 'PIPE-1', title: 'Pipe wrench', price: '24.90 EUR' }]), {
      query: { source: 'letzshop' },
    });
    expect(second.counts).toMatchObject({ changed: 1, missing: 1 });
    const staging = await vendorApi<StagingPage>(iv.vendor.slug, iv.token, 'GET', '/imports/staging?status=changed');
    expect(staging.body.data.map((g) => g.groupId)).toEqual(['PIPE-1']);
    expect(staging.body.data[0]?.items[0]?.changes).toEqual([{ field: 'priceMinor', old: 1990, new: 2490 }]);
    const missing = await vendorApi<StagingPage>(iv.vendor.slug, iv.token, 'GET', '/imports/staging?status=missing');
    expect(missing.body.data.map((g) => [g.groupId, g.diffStatus, g.pending])).toEqual([['PIPE-2', 'missing', false]]);

    const result = await publish(iv.vendor, iv.token, { all: true });
    expect(result.body).toMatchObject({ groups: 1, created: 0, updated: 1, failed: [], remaining: 0 });
    const recounted = await vendorApi<{ counts: { published: number } }>(
      iv.vendor.slug,
      iv.token,
      'GET',
      `/imports/${second.id}`,
    );
    expect(recounted.body.counts.published).toBe(1);
    const catalog = await catalogOf(iv.vendor.id);
    expect(catalog.variants.map((v) => [v.sku, v.priceMinor]).sort()).toEqual([
      ['PIPE-1', 2490],
      ['PIPE-2', 2990],
    ]);
    expect(catalog.products.map((p) => p.status)).toEqual(['active', 'active']);

    // Asked to, publish archives the product whose items all left the feed (once).
    const archived = await publish(iv.vendor, iv.token, { all: true, archiveMissing: true });
    expect(archived.body).toMatchObject({ groups: 0, archived: 1, remaining: 0 });
    const after = await catalogOf(iv.vendor.id);
    expect(after.products.map((p) => [p.externalId, p.status]).sort()).toEqual([
      ['PIPE-1', 'active'],
      ['PIPE-2', 'archived'],
    ]);
    const pipe2 = after.products.find((p) => p.externalId === 'PIPE-2');
    expect(after.events.filter((e) => e.topic === 'product.archived.v1').map((e) => e.aggregateId)).toEqual([pipe2?.id]);
    expect((await publish(iv.vendor, iv.token, { all: true, archiveMissing: true })).body).toMatchObject({ archived: 0 });
  });
});

describe('staging and publish security', { timeout: 60_000 }, () => {
  test("another vendor's group ids publish nothing there, and its staging is not visible", async () => {
    const a = await stagedVendor('Isolation A');
    const b = await createVendorWithOwner('Isolation B');
    const bEditor = await teamLogin(b.slug, await addTeamMember(b, 'editor'));
    const result = await publish(b, bEditor.token, { groupIds: ['SHIRT', 'MUG-1'] });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ groups: 0, created: 0 });
    const all = await publish(b, bEditor.token, { all: true });
    expect(all.body).toMatchObject({ groups: 0, created: 0 });
    const staging = await vendorApi<StagingPage>(b.slug, bEditor.token, 'GET', '/imports/staging');
    expect(staging.body.data).toEqual([]);
    expect((await catalogOf(a.vendor.id)).products).toHaveLength(0);
    expect((await catalogOf(b.id)).products).toHaveLength(0);
    // A's token on B's host is not valid there.
    const crossHost = await publish(b, a.editor.token, { all: true });
    expect(crossHost.status).toBe(401);
    expect((await catalogOf(b.id)).products).toHaveLength(0);
  });

  test('a viewer may review but not publish; no token is refused', async () => {
    const { vendor } = await stagedVendor('Roles Co');
    const viewer = await teamLogin(vendor.slug, await addTeamMember(vendor, 'viewer'));
    expect((await vendorApi(vendor.slug, viewer.token, 'GET', '/imports/staging')).status).toBe(200);
    const refused = await publish(vendor, viewer.token, { all: true });
    expect(refused.status).toBe(403);
    expect(errorCode(refused.body)).toBe('FORBIDDEN');
    const anonymous = await publish(vendor, '', { all: true });
    expect(anonymous.status).toBe(401);
    expect((await vendorApi(vendor.slug, undefined, 'GET', '/imports/staging')).status).toBe(401);
    expect((await catalogOf(vendor.id)).products).toHaveLength(0);
  });

  test("the admin lists every vendor's import jobs; vendor hosts and team tokens cannot", async () => {
    const a = await stagedVendor('Admin List A');
    const b = await stagedVendor('Admin List B');
    const response = await request(hostUrl('admin', `/api/v1/admin/imports?vendorId=${a.vendor.id}`), {
      headers: await adminAuth(),
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { data: { id: string; vendorName: string; status: string }[] };
    expect(page.data.map((job) => [job.id, job.vendorName, job.status])).toEqual([[a.jobId, 'Admin List A', 'completed']]);

    // Unfiltered, newest first: both vendors' jobs are there, B's first.
    const all = await request(hostUrl('admin', '/api/v1/admin/imports?limit=100'), { headers: await adminAuth() });
    const ids = ((await all.json()) as { data: { id: string }[] }).data.map((job) => job.id);
    expect(ids.indexOf(b.jobId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(b.jobId)).toBeLessThan(ids.indexOf(a.jobId));

    const paged = await request(hostUrl('admin', '/api/v1/admin/imports?limit=1'), { headers: await adminAuth() });
    const cursor = ((await paged.json()) as { nextCursor: string }).nextCursor;
    const next = await request(hostUrl('admin', `/api/v1/admin/imports?limit=1&cursor=${cursor}`), {
      headers: await adminAuth(),
    });
    expect(next.status).toBe(200);

    const onVendorHost = await request(hostUrl(a.vendor.slug, '/api/v1/admin/imports'), { headers: bearer(a.editor.token) });
    expect(onVendorHost.status).toBe(404);
    const teamOnAdmin = await request(hostUrl('admin', '/api/v1/admin/imports'), { headers: bearer(a.editor.token) });
    expect(teamOnAdmin.status).toBe(401);
    expect((await request(hostUrl('admin', '/api/v1/admin/imports'))).status).toBe(401);
  });
});
