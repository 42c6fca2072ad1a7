import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { outbox, pricingRules, processedMessages } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { signDelivery } from '../../scripts/local-platform/qstash-signature';
import { insertPreparedProducts, prepareProduct } from '../../src/modules/catalog';
import type { Product } from '../../src/modules/catalog/schemas';
import type { ShopProduct } from '../../src/modules/catalog/shop-schemas';
import { priceChangedV1 } from '../../src/modules/pricing/events';
import type { PreviewResult, Rule } from '../../src/modules/pricing/schemas';
import { request } from '../harness/http';
import { appDatabase, eventually, hostUrl, platform } from '../harness/platform';
import { errorCode, vendorApi } from '../harness/team';
import { type CatalogVendor, catalogVendor, createProductVia, errorOf, issuePaths } from './catalog-setup';
import { apiKeyHeaders } from './inventory-fixtures';

let shop: CatalogVendor;

const api = <T>(method: string, path: string, json?: unknown, token = shop.tokens.owner, vendor = shop) =>
  vendorApi<T>(vendor.slug, token, method, path, json);

function ruleBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Acme markup',
    kind: 'percent',
    direction: 'markup',
    value: 10,
    scope: 'brand',
    scopeValue: 'Acme',
    ...overrides,
  };
}

async function createRule(body: Record<string, unknown>, vendor = shop): Promise<Rule> {
  const created = await api<Rule>('POST', '/pricing-rules', body, vendor.tokens.owner, vendor);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** An active product with one variant per price (SKUs unique per call). */
async function product(vendor: CatalogVendor, fields: { brand?: string | null; prices: number[]; costs?: (number | null)[] }) {
  const prefix = crypto.randomUUID().slice(0, 8);
  return createProductVia(vendor, vendor.tokens.owner, {
    title: `Product ${prefix}`,
    brand: fields.brand ?? null,
    status: 'active',
    optionTypes: fields.prices.length > 1 ? [{ name: 'Size', values: fields.prices.map((_, i) => `S${i}`) }] : [],
    variants: fields.prices.map((priceMinor, i) => ({
      sku: `${prefix}-${i}`,
      options: fields.prices.length > 1 ? { Size: `S${i}` } : {},
      priceMinor,
      costMinor: fields.costs?.[i] ?? null,
    })),
  });
}

/** The selling prices the shop shows for a product, by SKU. */
async function shopPrices(vendor: CatalogVendor, slug: string): Promise<Record<string, number>> {
  const response = await request(hostUrl(vendor.slug, `/api/v1/shop/products/${slug}`));
  expect(response.status).toBe(200);
  const body = (await response.json()) as ShopProduct;
  return Object.fromEntries(body.variants.map((v) => [v.sku, v.priceMinor]));
}

/** Waits until the shop shows exactly these prices for the product. */
async function shopShows(vendor: CatalogVendor, p: Product, expected: Record<string, number>, timeoutMs = 20_000) {
  return eventually(
    async () => {
      const prices = await shopPrices(vendor, p.slug);
      return JSON.stringify(prices) === JSON.stringify(expected) ? prices : undefined;
    },
    timeoutMs,
    `shop prices ${JSON.stringify(expected)} for ${p.slug}`,
  );
}

async function priceEvents(vendorId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q
            .select()
            .from(outbox)
            .where(and(eq(outbox.vendorId, vendorId), eq(outbox.topic, priceChangedV1.topic)))
            .orderBy(asc(outbox.seq)),
        ] as const,
    );
  return rows.map((row) => priceChangedV1.schema.parse(row.payload));
}

async function deliverToPricing(envelope: Record<string, unknown>): Promise<{ status: number; outcome: unknown }> {
  const url = platform().urls.pricing;
  const body = JSON.stringify(envelope);
  const signature = await signDelivery(LOCAL_SECRETS.qstashCurrentSigningKey, url, new TextEncoder().encode(body));
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'upstash-signature': signature },
    body,
  });
  return { status: response.status, outcome: ((await response.json()) as { outcome?: unknown }).outcome };
}

beforeAll(async () => {
  shop = await catalogVendor('Pricing Test Vendor');
});

describe('pricing rules API', () => {
  test('create, list, get, patch and delete a rule', async () => {
    const rule = await createRule(ruleBody({ name: 'CRUD rule', rounding: '99', minMarginPercent: 12.5, priority: 3 }));
    expect(rule).toMatchObject({
      name: 'CRUD rule',
      kind: 'percent',
      direction: 'markup',
      basis: 'base',
      value: 10,
      scope: 'brand',
      scopeValue: 'Acme',
      rounding: '99',
      minMarginPercent: 12.5,
      startsAt: null,
      endsAt: null,
      priority: 3,
      active: true,
      version: 1,
    });

    const list = await api<{ data: Rule[] }>('GET', '/pricing-rules', undefined, shop.tokens.viewer);
    expect(list.status).toBe(200);
    expect(list.body.data.map((r) => r.id)).toContain(rule.id);

    const got = await api<Rule>('GET', `/pricing-rules/${rule.id}`, undefined, shop.tokens.editor);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(rule);

    const patched = await api<Rule>('PATCH', `/pricing-rules/${rule.id}`, { version: 1, value: 20, scope: 'all' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ value: 20, scope: 'all', scopeValue: null, version: 2, name: 'CRUD rule' });

    const removed = await api('DELETE', `/pricing-rules/${rule.id}`);
    expect(removed.status).toBe(204);
    const gone = await api('GET', `/pricing-rules/${rule.id}`);
    expect(gone.status).toBe(404);
    expect(errorCode(gone.body)).toBe('NOT_FOUND');
  });

  test('invalid rules are VALIDATION_FAILED with the offending fields', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [ruleBody({ scopeValue: null }), 'scopeValue'],
      [ruleBody({ direction: 'markdown', value: 120 }), 'value'],
      [ruleBody({ kind: 'fixed', value: 10.5 }), 'value'],
      [ruleBody({ scope: 'category', scopeValue: 'not-a-uuid' }), 'scopeValue'],
      [ruleBody({ startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }), 'endsAt'],
      [ruleBody({ rounding: '98' }), 'rounding'],
      [ruleBody({ name: '' }), 'name'],
    ];
    for (const [body, path] of cases) {
      const response = await api('POST', '/pricing-rules', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(errorCode(response.body)).toBe('VALIDATION_FAILED');
      expect(issuePaths(response.body)).toContain(path);
    }
    const rule = await createRule(ruleBody({ name: 'Valid', active: false }));
    // The merged rule is checked too: a brand scope without a brand.
    const merged = await api('PATCH', `/pricing-rules/${rule.id}`, { version: 1, scopeValue: null });
    expect(merged.status).toBe(422);
    expect(issuePaths(merged.body)).toContain('scopeValue');
  });

  test('a stale version is CONFLICT with the current version; unknown ids are NOT_FOUND', async () => {
    const rule = await createRule(ruleBody({ name: 'Versioned', active: false }));
    expect((await api('PATCH', `/pricing-rules/${rule.id}`, { version: 1, name: 'First' })).status).toBe(200);
    const stale = await api('PATCH', `/pricing-rules/${rule.id}`, { version: 1, name: 'Second' });
    expect(stale.status).toBe(409);
    expect(errorOf(stale.body)).toMatchObject({ code: 'CONFLICT', details: { currentVersion: 2 } });
    const unknown = crypto.randomUUID();
    for (const [method, json] of [
      ['GET', undefined],
      ['PATCH', { version: 1, name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await api(method, `/pricing-rules/${unknown}`, json);
      expect(response.status, method).toBe(404);
      expect(errorCode(response.body)).toBe('NOT_FOUND');
    }
  });

  test('editors and viewers read rules but cannot write them; no token is UNAUTHORIZED', async () => {
    const rule = await createRule(ruleBody({ name: 'Guarded', active: false }));
    for (const token of [shop.tokens.editor, shop.tokens.viewer]) {
      const attempts = [
        await api('POST', '/pricing-rules', ruleBody(), token),
        await api('PATCH', `/pricing-rules/${rule.id}`, { version: 1, name: 'Hijacked' }, token),
        await api('DELETE', `/pricing-rules/${rule.id}`, undefined, token),
      ];
      for (const attempt of attempts) {
        expect(attempt.status).toBe(403);
        expect(errorCode(attempt.body)).toBe('FORBIDDEN');
      }
      expect((await api('POST', '/pricing-rules/preview', ruleBody(), token)).status).toBe(200);
    }
    const anonymous = await vendorApi(shop.slug, undefined, 'GET', '/pricing-rules');
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous.body)).toBe('UNAUTHORIZED');
    expect((await api<Rule>('GET', `/pricing-rules/${rule.id}`)).body.name).toBe('Guarded');
  });

  test('an API key writes rules with pricing:write and only reads with pricing:read', async () => {
    const writer = await apiKeyHeaders(shop, ['pricing:read', 'pricing:write'], 'Pricing script');
    const reader = await apiKeyHeaders(shop, ['pricing:read'], 'Pricing reader');
    const post = (headers: Record<string, string>) =>
      request(hostUrl(shop.slug, '/api/v1/vendor/pricing-rules'), {
        method: 'POST',
        headers,
        json: ruleBody({ name: 'From a script', active: false }),
      });
    const created = await post(writer.headers);
    expect(created.status).toBe(201);
    const rule = (await created.json()) as Rule;
    const [events] = await appDatabase()
      .vendor(shop.id)
      .read(
        (q) =>
          [
            q
              .select()
              .from(outbox)
              .where(and(eq(outbox.vendorId, shop.id), eq(outbox.aggregateId, rule.id))),
          ] as const,
      );
    expect(events.map((e) => [e.topic, (e.payload as { by?: string }).by])).toEqual([
      ['pricing-rule.created.v1', `api-key:${writer.id}`],
    ]);
    const refused = await post(reader.headers);
    expect(refused.status).toBe(403);
    expect(errorCode(await refused.json())).toBe('FORBIDDEN');
    const listed = await request(hostUrl(shop.slug, '/api/v1/vendor/pricing-rules'), { headers: reader.headers });
    expect(listed.status).toBe(200);
  });

  test("another vendor's rule is NOT_FOUND on this host", async () => {
    const other = await catalogVendor('Pricing Other Vendor');
    const theirs = await createRule(ruleBody({ name: 'Theirs', active: false }), other);
    expect((await api('GET', `/pricing-rules/${theirs.id}`)).status).toBe(404);
    expect((await api('PATCH', `/pricing-rules/${theirs.id}`, { version: 1, name: 'Mine now' })).status).toBe(404);
    expect((await api('DELETE', `/pricing-rules/${theirs.id}`)).status).toBe(404);
    const still = await api<Rule>('GET', `/pricing-rules/${theirs.id}`, undefined, other.tokens.owner, other);
    expect(still.body).toMatchObject({ name: 'Theirs', version: 1 });
  });
});

describe('the pricing engine (relay → QStash → pricing Worker)', () => {
  test('a rule change re-prices the affected products and not the others, with price.changed events', async () => {
    const vendor = await catalogVendor('Pricing Engine Vendor');
    const acme = await product(vendor, { brand: 'Acme', prices: [4999, 1234] });
    const other = await product(vendor, { brand: 'Other', prices: [2000] });
    const [a0, a1] = acme.variants.map((v) => v.sku) as [string, string];
    const o0 = other.variants[0]?.sku as string;

    const rule = await createRule(ruleBody({ name: 'Acme +10 %', rounding: '99' }), vendor);
    // 4999 × 1.1 = 5498.9 → 5499 (ends in .99); 1234 × 1.1 = 1357.4 → 1357 → 13.99
    await shopShows(vendor, acme, { [a0]: 5499, [a1]: 1399 });
    expect(await shopPrices(vendor, other.slug)).toEqual({ [o0]: 2000 });

    const fromVendorApi = await api<Product>('GET', `/products/${acme.id}`, undefined, vendor.tokens.owner, vendor);
    expect(fromVendorApi.body.variants.map((v) => [v.priceMinor, v.sellingPriceMinor, v.priceRuleId])).toEqual([
      [4999, 5499, rule.id],
      [1234, 1399, rule.id],
    ]);
    expect(fromVendorApi.body).toMatchObject({ minPriceMinor: 1399, maxPriceMinor: 5499 });

    await eventually(async () => ((await priceEvents(vendor.id)).length === 2 ? true : undefined), 10_000, 'two price events');
    const events = await priceEvents(vendor.id);
    expect(events.map((e) => [e.sku, e.oldPriceMinor, e.newPriceMinor, e.ruleId, e.productId]).sort()).toEqual(
      [
        [a0, 4999, 5499, rule.id, acme.id],
        [a1, 1234, 1399, rule.id, acme.id],
      ].sort(),
    );

    // Widening the rule to every product re-prices the other one too; its value change re-prices Acme's.
    const widened = await api<Rule>(
      'PATCH',
      `/pricing-rules/${rule.id}`,
      { version: 1, scope: 'all', value: 20, rounding: 'none' },
      vendor.tokens.owner,
      vendor,
    );
    expect(widened.status).toBe(200);
    await shopShows(vendor, other, { [o0]: 2400 });
    await shopShows(vendor, acme, { [a0]: 5999, [a1]: 1481 });

    // Deleting it puts every price back to its base.
    expect((await api('DELETE', `/pricing-rules/${rule.id}`, undefined, vendor.tokens.owner, vendor)).status).toBe(204);
    await shopShows(vendor, other, { [o0]: 2000 });
    await shopShows(vendor, acme, { [a0]: 4999, [a1]: 1234 });
    const after = await api<Product>('GET', `/products/${acme.id}`, undefined, vendor.tokens.owner, vendor);
    expect(after.body.variants.map((v) => v.priceRuleId)).toEqual([null, null]);
  });

  test('the highest-priority rule wins and the minimum margin holds', async () => {
    const vendor = await catalogVendor('Pricing Priority Vendor');
    const p = await product(vendor, { brand: 'Acme', prices: [1000], costs: [800] });
    const sku = p.variants[0]?.sku as string;
    await createRule(ruleBody({ name: 'All +5 %', scope: 'all', scopeValue: null, value: 5, priority: 1 }), vendor);
    await shopShows(vendor, p, { [sku]: 1050 });
    // A deep sale of higher priority, floored at cost + 25 % = 1000, rounded up to .95.
    await createRule(
      ruleBody({ name: 'Sale', direction: 'markdown', value: 50, priority: 5, minMarginPercent: 25, rounding: '95' }),
      vendor,
    );
    await shopShows(vendor, p, { [sku]: 1095 });
  });

  test('a cost change re-prices a cost-based rule; saving the base price never compounds the markup', async () => {
    const vendor = await catalogVendor('Pricing Cost Vendor');
    const p = await product(vendor, { prices: [5000], costs: [2000] });
    const sku = p.variants[0]?.sku as string;
    await createRule(ruleBody({ name: 'Cost +50 %', basis: 'cost', scope: 'all', scopeValue: null, value: 50 }), vendor);
    await shopShows(vendor, p, { [sku]: 3000 });

    const current = await api<Product>('GET', `/products/${p.id}`, undefined, vendor.tokens.owner, vendor);
    const patched = await api<Product>(
      'PATCH',
      `/products/${p.id}`,
      { version: current.body.version, variants: [{ sku, options: {}, priceMinor: 5000, costMinor: 3000 }] },
      vendor.tokens.owner,
      vendor,
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await shopShows(vendor, p, { [sku]: 4500 });
    // Saving what the editor shows (the base price) never compounds the markup.
    const again = await api<Product>('GET', `/products/${p.id}`, undefined, vendor.tokens.owner, vendor);
    expect(again.body.variants[0]).toMatchObject({ priceMinor: 5000, sellingPriceMinor: 4500, costMinor: 3000 });
  });

  test('the preview matches what saving the rule does', async () => {
    const vendor = await catalogVendor('Pricing Preview Vendor');
    const acme = await product(vendor, { brand: 'ACME', prices: [1999, 2999], costs: [1500, null] });
    await product(vendor, { brand: 'Other', prices: [999] });
    const body = ruleBody({ direction: 'markdown', value: 30, minMarginPercent: 10, rounding: '00' });

    const preview = await api<PreviewResult>('POST', '/pricing-rules/preview', body, vendor.tokens.owner, vendor);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.count).toBe(2);
    const bySku = Object.fromEntries(preview.body.data.map((row) => [row.sku, row]));
    const [s0, s1] = acme.variants.map((v) => v.sku) as [string, string];
    // 1999 − 30 % = 1399, below cost 1500 + 10 % = 1650 → 1650 → 17.00; 2999 − 30 % = 2099 → 21.00
    expect(bySku[s0]).toMatchObject({ basePriceMinor: 1999, costMinor: 1500, currentPriceMinor: 1999, previewPriceMinor: 1700 });
    expect(bySku[s1]).toMatchObject({ basePriceMinor: 2999, costMinor: null, currentPriceMinor: 2999, previewPriceMinor: 2100 });
    expect(preview.body.data.every((row) => row.byThisRule)).toBe(true);
    // Nothing was saved.
    expect((await api<{ data: Rule[] }>('GET', '/pricing-rules', undefined, vendor.tokens.owner, vendor)).body.data).toEqual([]);

    await createRule(body, vendor);
    await shopShows(vendor, acme, { [s0]: bySku[s0]?.previewPriceMinor as number, [s1]: bySku[s1]?.previewPriceMinor as number });

    const invalid = await api('POST', '/pricing-rules/preview', { ...body, scopeValue: null }, vendor.tokens.owner, vendor);
    expect(invalid.status).toBe(422);
    expect(errorCode(invalid.body)).toBe('VALIDATION_FAILED');
  });

  test('a sale window changes prices when it opens and again when it closes', async () => {
    const vendor = await catalogVendor('Pricing Window Vendor');
    const p = await product(vendor, { prices: [1000] });
    const sku = p.variants[0]?.sku as string;
    const startsAt = new Date(Date.now() + 4_000);
    const endsAt = new Date(startsAt.getTime() + 5_000);
    const rule = await createRule(
      ruleBody({
        name: 'Flash sale',
        scope: 'all',
        scopeValue: null,
        direction: 'markdown',
        value: 25,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
      }),
      vendor,
    );
    expect(rule.startsAt).toBe(startsAt.toISOString());
    expect(await shopPrices(vendor, p.slug)).toEqual({ [sku]: 1000 });
    await shopShows(vendor, p, { [sku]: 750 }, 20_000);
    expect(Date.now()).toBeGreaterThanOrEqual(startsAt.getTime());
    await shopShows(vendor, p, { [sku]: 1000 }, 20_000);
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt.getTime());
  });

  test('products a feed imports (catalog bulk insert) are priced by their events, scoped by import source', async () => {
    const vendor = await catalogVendor('Pricing Import Vendor');
    await createRule(ruleBody({ name: 'Letzshop +20 %', scope: 'source', scopeValue: 'letzshop', value: 20 }), vendor);
    const db = appDatabase();
    const prefix = crypto.randomUUID().slice(0, 8);
    const actor = { kind: 'system', name: 'import' } as const;
    const input = (sku: string, priceMinor: number) => ({
      title: `Imported ${sku}`,
      status: 'active' as const,
      variants: [{ sku, priceMinor, options: {} }],
    });
    const imported = prepareProduct(vendor.id, input(`${prefix}-L`, 1000), actor, { source: 'letzshop', externalId: 'L1' });
    const manual = prepareProduct(vendor.id, input(`${prefix}-M`, 1000), actor, { source: 'shopify', externalId: 'S1' });
    expect(imported.variants[0]).toMatchObject({ priceMinor: 1000, basePriceMinor: 1000 });
    await insertPreparedProducts(db, vendor.id, [imported, manual]);
    await eventually(
      async () => ((await shopPrices(vendor, imported.product.slug))[`${prefix}-L`] === 1200 ? true : undefined),
      20_000,
      'the imported product priced',
    );
    expect(await shopPrices(vendor, manual.product.slug)).toEqual({ [`${prefix}-M`]: 1000 });
  });

  test('a category rule covers subcategories, and moving a subcategory re-prices its products', async () => {
    const vendor = await catalogVendor('Pricing Category Vendor');
    const category = async (name: string, parentId: string | null = null) => {
      const created = await api<{ id: string }>('POST', '/categories', { name, parentId }, vendor.tokens.owner, vendor);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id;
    };
    const tools = await category('Tools');
    const garden = await category('Garden');
    const drills = await category('Drills', tools);
    const p = await createProductVia(vendor, vendor.tokens.owner, {
      title: 'Cordless drill',
      status: 'active',
      categoryId: drills,
      variants: [{ sku: `${crypto.randomUUID().slice(0, 8)}-D`, priceMinor: 10000, options: {} }],
    });
    const sku = p.variants[0]?.sku as string;
    await createRule(ruleBody({ name: 'Tools +10 %', scope: 'category', scopeValue: tools }), vendor);
    await shopShows(vendor, p, { [sku]: 11000 });
    await createRule(ruleBody({ name: 'Garden −10 %', scope: 'category', scopeValue: garden, direction: 'markdown' }), vendor);
    expect(await shopPrices(vendor, p.slug)).toEqual({ [sku]: 11000 });

    const moved = await api('PATCH', `/categories/${drills}`, { parentId: garden }, vendor.tokens.owner, vendor);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await shopShows(vendor, p, { [sku]: 9000 });
    // Renaming is no move: no event.
    expect((await api('PATCH', `/categories/${drills}`, { name: 'Drills & drivers' }, vendor.tokens.owner, vendor)).status).toBe(
      200,
    );
    const [events] = await appDatabase()
      .vendor(vendor.id)
      .read(
        (q) =>
          [
            q
              .select()
              .from(outbox)
              .where(and(eq(outbox.vendorId, vendor.id), eq(outbox.topic, 'category.moved.v1'))),
          ] as const,
      );
    expect(events.map((e) => e.payload)).toEqual([{ categoryId: drills, parentId: garden }]);
  });

  test('a rule over more variants than one batch re-prices them all', { timeout: 60_000 }, async () => {
    const vendor = await catalogVendor('Pricing Batch Vendor');
    const db = appDatabase();
    const prefix = crypto.randomUUID().slice(0, 8);
    const actor = { kind: 'system', name: 'test' } as const;
    // Written without their events, so only the rule's event re-prices them (1,500 > one batch of 1,000).
    const prepared = Array.from({ length: 1500 }, (_, i) => ({
      ...prepareProduct(
        vendor.id,
        { title: `Bulk ${i}`, variants: [{ sku: `${prefix}-${i}`, priceMinor: 1000 + i, options: {} }] },
        actor,
      ),
      events: [],
    }));
    await insertPreparedProducts(db, vendor.id, prepared);
    const rule = await createRule(
      ruleBody({ name: 'All +1.00', scope: 'all', scopeValue: null, kind: 'fixed', value: 100 }),
      vendor,
    );
    const priced = async () => {
      const [rows] = await db.vendor(vendor.id).read(
        (q) =>
          [
            q.execute<{ priced: number; products: number }>(sql`
              select count(*) filter (where v.price_minor = v.base_price_minor + 100 and v.price_rule_id = ${rule.id})::int as priced,
                count(*) filter (where p.min_price_minor = v.base_price_minor + 100)::int as products
              from variants v join products p on p.id = v.product_id where v.vendor_id = ${vendor.id}`),
          ] as const,
      );
      return rows.rows[0];
    };
    await eventually(async () => ((await priced())?.priced === 1500 ? true : undefined), 40_000, 'all 1,500 priced');
    expect(await priced()).toEqual({ priced: 1500, products: 1500 });
    expect(await priceEvents(vendor.id)).toHaveLength(1500);
  });

  test('a message delivered twice applies once', async () => {
    const vendor = await catalogVendor('Pricing Duplicate Vendor');
    const p = await product(vendor, { prices: [1000, 2000] });
    const db = appDatabase();
    // The product's own events reach the engine first (before any rule exists).
    await eventually(
      async () => {
        const [rows] = await db.vendor(vendor.id).read(
          (q) =>
            [
              q
                .select({ id: outbox.id })
                .from(outbox)
                .innerJoin(
                  processedMessages,
                  and(sql`${processedMessages.messageId} = ${outbox.id}::text`, eq(processedMessages.consumer, 'pricing')),
                )
                .where(and(eq(outbox.vendorId, vendor.id), eq(outbox.aggregateId, p.id))),
            ] as const,
        );
        return rows.length >= 2 ? true : undefined;
      },
      15_000,
      'the product events priced',
    );
    // A rule stored without its event: only the delivery below tells the engine.

    const ruleId = crypto.randomUUID();
    await db.vendor(vendor.id).write(
      (q) =>
        [
          q.insert(pricingRules).values({
            id: ruleId,
            vendorId: vendor.id,
            name: 'Silent',
            kind: 'fixed',
            direction: 'markup',
            value: 100,
          }),
        ] as const,
    );
    const envelope = {
      id: crypto.randomUUID(),
      topic: 'product.updated.v1',
      vendorId: vendor.id,
      aggregateType: 'product',
      aggregateId: p.id,
      payload: {
        productId: p.id,
        slug: p.slug,
        version: p.version,
        by: 'system:test',
        status: 'active',
        changed: ['title'],
        variants: [],
      },
      occurredAt: new Date().toISOString(),
    };
    expect(await deliverToPricing(envelope)).toEqual({ status: 200, outcome: 'applied' });
    expect(await deliverToPricing(envelope)).toEqual({ status: 200, outcome: 'duplicate' });
    expect(await shopPrices(vendor, p.slug)).toEqual(Object.fromEntries(p.variants.map((v) => [v.sku, v.priceMinor + 100])));
    const events = await priceEvents(vendor.id);
    expect(events.map((e) => [e.oldPriceMinor, e.newPriceMinor, e.ruleId]).sort()).toEqual([
      [1000, 1100, ruleId],
      [2000, 2100, ruleId],
    ]);
    const [processed] = await db.vendor(vendor.id).read(
      (q) =>
        [
          q
            .select()
            .from(processedMessages)
            .where(and(eq(processedMessages.consumer, 'pricing'), eq(processedMessages.messageId, envelope.id))),
        ] as const,
    );
    expect(processed).toHaveLength(1);
  });
});
