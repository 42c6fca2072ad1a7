import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { inventoryLevels, inventoryMovements, stockLocations } from '../../drizzle/schema';
import type { Product } from '../../src/modules/catalog/schemas';
import { appDatabase } from '../harness/platform';
import { vendorApi } from '../harness/team';
import {
  type CatalogVendor,
  catalogVendor,
  createProductVia,
  errorOf,
  issuePaths,
  listVia,
  productBody,
  productEvents,
} from './catalog-setup';

let vendor: CatalogVendor;
let other: CatalogVendor;

beforeAll(async () => {
  [vendor, other] = await Promise.all([catalogVendor('Catalog Updates'), catalogVendor('Catalog Other')]);
});

const patch = (v: CatalogVendor, token: string, id: string, body: unknown) =>
  vendorApi<Product>(v.slug, token, 'PATCH', `/products/${id}`, body);

describe('updating a product', () => {
  test('a change bumps the version and emits product.updated.v1 naming the changed fields', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody());
    const response = await patch(vendor, vendor.tokens.editor, product.id, {
      version: 1,
      title: 'Renamed Jacket',
      brand: 'Acme Wear',
      descriptionHtml: '<p onclick="x()">New <a href="javascript:alert(1)">text</a></p>',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      title: 'Renamed Jacket',
      version: 2,
      slug: product.slug,
      descriptionHtml: '<p>New text</p>',
    });
    const read = await vendorApi<Product>(vendor.slug, vendor.tokens.viewer, 'GET', `/products/${product.id}`);
    expect(read.body).toEqual(response.body);

    const events = await productEvents(vendor.id, product.id);
    expect(events.map((e) => e.topic)).toEqual(['product.created.v1', 'product.updated.v1']);
    expect(events[1]?.payload).toMatchObject({ version: 2, changed: ['title', 'descriptionHtml'], status: 'draft' });
  });

  test('variants are replaced by SKU: kept ones keep their id, new ones are added, missing ones deleted', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody({}, 'REP'));
    const [small] = product.variants;
    const response = await patch(vendor, vendor.tokens.editor, product.id, {
      version: 1,
      optionTypes: [{ name: 'Size', values: ['S', 'L'] }],
      variants: [
        { sku: 'REP-S', options: { Size: 'S' }, priceMinor: 3999 },
        { sku: 'REP-L', gtin: '96385074', options: { Size: 'L' }, priceMinor: 6999 },
      ],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const updated = response.body;
    expect(updated.variants.map((v) => v.sku)).toEqual(['REP-S', 'REP-L']);
    expect(updated.variants[0]?.id).toBe(small?.id);
    expect(updated).toMatchObject({ minPriceMinor: 3999, maxPriceMinor: 6999, version: 2 });
    expect((await vendorApi<Product>(vendor.slug, vendor.tokens.viewer, 'GET', `/products/${product.id}`)).body).toEqual(updated);

    // The derived search text follows the variants: the new SKU and GTIN find it, the deleted SKU doesn't.
    expect((await listVia(vendor, vendor.tokens.viewer, '?q=REP-L')).data.map((p) => p.id)).toEqual([product.id]);
    expect((await listVia(vendor, vendor.tokens.viewer, '?q=96385074')).data.map((p) => p.id)).toEqual([product.id]);
    expect((await listVia(vendor, vendor.tokens.viewer, '?q=REP-M')).data).toEqual([]);

    const [, event] = await productEvents(vendor.id, product.id);
    expect(event?.payload).toMatchObject({
      changed: ['optionTypes', 'variants'],
      variants: updated.variants.map((v) => ({ id: v.id, sku: v.sku, priceMinor: v.priceMinor })),
    });
  });

  test('publishing sets publishedAt once and emits product.published.v1; draft again is an update', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody());
    const published = await patch(vendor, vendor.tokens.editor, product.id, { version: 1, status: 'active', featured: true });
    expect(published.body).toMatchObject({ status: 'active', featured: true, version: 2 });
    expect(published.body.publishedAt).not.toBeNull();
    const drafted = await patch(vendor, vendor.tokens.editor, product.id, { version: 2, status: 'draft' });
    const again = await patch(vendor, vendor.tokens.editor, product.id, { version: 3, status: 'active' });
    expect(again.body.publishedAt).toBe(published.body.publishedAt);
    expect(drafted.body.version).toBe(3);
    const events = await productEvents(vendor.id, product.id);
    expect(events.map((e) => [e.topic, e.payload.changed ?? null])).toEqual([
      ['product.created.v1', null],
      ['product.updated.v1', ['featured']],
      ['product.published.v1', null],
      ['product.updated.v1', ['status']],
      ['product.published.v1', null],
    ]);
  });

  test('deleting a variant with stock takes its stock levels and ledger rows with it', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody({}, 'STK'));
    const [small, medium] = product.variants;
    const db = appDatabase().vendor(vendor.id);
    const locationId = crypto.randomUUID();
    await db.write(
      (q) =>
        [
          q
            .insert(stockLocations)
            .values({ id: locationId, vendorId: vendor.id, code: `wh-${locationId.slice(0, 6)}`, name: 'Warehouse' }),
          q.insert(inventoryLevels).values({ vendorId: vendor.id, variantId: small?.id ?? '', locationId, onHand: 5 }),
          q
            .insert(inventoryMovements)
            .values({ vendorId: vendor.id, variantId: small?.id ?? '', locationId, onHandDelta: 5, reason: 'received' }),
        ] as const,
    );
    const response = await patch(vendor, vendor.tokens.editor, product.id, {
      version: 1,
      variants: [{ sku: 'STK-M', options: { Size: 'M' }, priceMinor: 5499 }],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.variants.map((v) => v.id)).toEqual([medium?.id]);
    const [levels, movements] = await db.read(
      (q) =>
        [
          q.select().from(inventoryLevels).where(eq(inventoryLevels.locationId, locationId)),
          q.select().from(inventoryMovements).where(eq(inventoryMovements.locationId, locationId)),
        ] as const,
    );
    expect([levels.length, movements.length]).toEqual([0, 0]);
  });

  test('a PATCH that changes nothing keeps the version and writes no event', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody());
    const same = await patch(vendor, vendor.tokens.editor, product.id, {
      version: 1,
      title: product.title,
      attributes: product.attributes,
    });
    expect(same.body.version).toBe(1);
    expect((await productEvents(vendor.id, product.id)).length).toBe(1);
  });
});

describe('refused updates', () => {
  test('a stale version is CONFLICT with the current version, and changes nothing', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody());
    await patch(vendor, vendor.tokens.editor, product.id, { version: 1, title: 'First' });
    const stale = await patch(vendor, vendor.tokens.editor, product.id, { version: 1, title: 'Second' });
    expect(stale.status).toBe(409);
    expect(errorOf(stale.body)).toMatchObject({ code: 'CONFLICT', details: { currentVersion: 2 } });
    const read = await vendorApi<Product>(vendor.slug, vendor.tokens.viewer, 'GET', `/products/${product.id}`);
    expect(read.body).toMatchObject({ title: 'First', version: 2 });
  });

  test('two PATCHes with the same version at once: exactly one wins', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody({}, 'RACE'));
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((name) =>
        patch(vendor, vendor.tokens.editor, product.id, {
          version: 1,
          title: `Winner ${name}`,
          variants: [{ sku: `RACE-${name}`, options: { Size: 'S' }, priceMinor: 100 }],
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)?.body;
    const read = await vendorApi<Product>(vendor.slug, vendor.tokens.viewer, 'GET', `/products/${product.id}`);
    expect(read.body).toEqual(winner);
    expect(read.body.variants.length).toBe(1);
    const events = await productEvents(vendor.id, product.id);
    expect(events.map((e) => e.topic)).toEqual(['product.created.v1', 'product.updated.v1']);
  });

  test('validation runs on the merged product: variants must fit new option types', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody());
    const response = await patch(vendor, vendor.tokens.editor, product.id, {
      version: 1,
      optionTypes: [{ name: 'Colour', values: ['Red'] }],
    });
    expect(response.status).toBe(422);
    expect(issuePaths(response.body)).toEqual(expect.arrayContaining(['optionTypes']));
    const unknownField = await patch(vendor, vendor.tokens.editor, product.id, { version: 1, price: 5 });
    expect([unknownField.status, errorOf(unknownField.body).code]).toEqual([422, 'VALIDATION_FAILED']);
    const noVersion = await patch(vendor, vendor.tokens.editor, product.id, { title: 'x' });
    expect(issuePaths(noVersion.body)).toEqual(['version']);
  });

  test('a SKU of another product is CONFLICT naming it, and the product stays as it was', async () => {
    const first = await createProductVia(vendor, vendor.tokens.editor, productBody({}, 'OWN'));
    const second = await createProductVia(vendor, vendor.tokens.editor, productBody());
    const response = await patch(vendor, vendor.tokens.editor, second.id, {
      version: 1,
      title: 'Should not stick',
      variants: [{ sku: 'OWN-S', options: { Size: 'S' }, priceMinor: 100 }],
    });
    expect(response.status).toBe(409);
    expect(errorOf(response.body)).toMatchObject({ code: 'CONFLICT', details: { sku: 'OWN-S' } });
    expect((await vendorApi<Product>(vendor.slug, vendor.tokens.viewer, 'GET', `/products/${second.id}`)).body).toEqual(second);
    expect(first.variants[0]?.sku).toBe('OWN-S');
  });

  test("a viewer can't patch; another vendor's product is NOT_FOUND and stays unchanged", async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody());
    const viewer = await patch(vendor, vendor.tokens.viewer, product.id, { version: 1, title: 'Viewer' });
    expect([viewer.status, errorOf(viewer.body).code]).toEqual([403, 'FORBIDDEN']);

    const theirs = await createProductVia(other, other.tokens.editor, productBody());
    const foreign = await patch(vendor, vendor.tokens.owner, theirs.id, { version: 1, title: 'Hijacked' });
    expect([foreign.status, errorOf(foreign.body).code]).toEqual([404, 'NOT_FOUND']);
    const archive = await vendorApi(vendor.slug, vendor.tokens.owner, 'POST', `/products/${theirs.id}/archive`);
    expect([archive.status, errorOf(archive.body).code]).toEqual([404, 'NOT_FOUND']);
    const bulk = await vendorApi(vendor.slug, vendor.tokens.owner, 'POST', '/products/bulk', {
      ids: [theirs.id],
      action: 'archive',
    });
    expect(bulk.body).toEqual({ updated: 0 });
    const read = await vendorApi<Product>(other.slug, other.tokens.viewer, 'GET', `/products/${theirs.id}`);
    expect(read.body).toEqual(theirs);
    expect((await productEvents(other.id, theirs.id)).length).toBe(1);
  });
});

describe('archive and bulk changes', () => {
  test('archive takes a product off the shop once (product.archived.v1); again is a no-op', async () => {
    const product = await createProductVia(vendor, vendor.tokens.editor, productBody({ status: 'active' }));
    const archived = await vendorApi<Product>(vendor.slug, vendor.tokens.editor, 'POST', `/products/${product.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', version: 2 });
    const again = await vendorApi<Product>(vendor.slug, vendor.tokens.editor, 'POST', `/products/${product.id}/archive`);
    expect(again.body.version).toBe(2);
    const topics = (await productEvents(vendor.id, product.id)).map((e) => e.topic);
    expect(topics).toEqual(['product.created.v1', 'product.published.v1', 'product.archived.v1']);
  });

  test('bulk actions change only what differs, in one go, with one event per changed product', async () => {
    const bulkVendor = await catalogVendor('Catalog Bulk');
    const made = await Promise.all(
      [0, 1, 2].map((i) =>
        createProductVia(bulkVendor, bulkVendor.tokens.editor, productBody({ status: i === 0 ? 'active' : 'draft' })),
      ),
    );
    const ids = made.map((p) => p.id);
    const bulk = (action: string, list = ids) =>
      vendorApi<{ updated: number }>(bulkVendor.slug, bulkVendor.tokens.editor, 'POST', '/products/bulk', { ids: list, action });

    expect((await bulk('activate')).body).toEqual({ updated: 2 });
    expect((await bulk('activate')).body).toEqual({ updated: 0 });
    expect((await bulk('feature', ids.slice(0, 2))).body).toEqual({ updated: 2 });
    expect((await bulk('archive')).body).toEqual({ updated: 3 });
    expect((await listVia(bulkVendor, bulkVendor.tokens.viewer, '?status=archived')).data.length).toBe(3);

    const second = await productEvents(bulkVendor.id, ids[1] ?? '');
    expect(second.map((e) => e.topic)).toEqual([
      'product.created.v1',
      'product.published.v1',
      'product.updated.v1',
      'product.archived.v1',
    ]);
    expect(second[2]?.payload).toMatchObject({ changed: ['featured'], version: 3, status: 'active' });
    expect(second[2]?.payload.variants).toHaveLength(2);
    const page = await listVia(bulkVendor, bulkVendor.tokens.viewer, '?status=archived');
    expect(page.data.find((p) => p.id === ids[1])).toMatchObject({ version: 4, featured: true });
    expect(page.data.every((p) => p.publishedAt !== null)).toBe(true);
  });

  test('bulk input is checked: at most 500 ids, each once, a known action; viewers are refused', async () => {
    const tooMany = Array.from({ length: 501 }, () => crypto.randomUUID());
    const id = crypto.randomUUID();
    for (const body of [
      { ids: tooMany, action: 'archive' },
      { ids: [id, id], action: 'archive' },
      { ids: [id], action: 'delete' },
      { ids: [], action: 'archive' },
    ]) {
      const response = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/products/bulk', body);
      expect([response.status, errorOf(response.body).code]).toEqual([422, 'VALIDATION_FAILED']);
    }
    const viewer = await vendorApi(vendor.slug, vendor.tokens.viewer, 'POST', '/products/bulk', { ids: [id], action: 'archive' });
    expect([viewer.status, errorOf(viewer.body).code]).toEqual([403, 'FORBIDDEN']);
  });
});
