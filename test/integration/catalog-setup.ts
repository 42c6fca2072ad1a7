import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { outbox } from '../../drizzle/schema';
import { productArchivedV1, productCreatedV1, productPublishedV1, productUpdatedV1 } from '../../src/modules/catalog/events';
import type { Product, ProductPage } from '../../src/modules/catalog/schemas';
import { appDatabase } from '../harness/platform';
import { addTeamMember, createVendorWithOwner, type TeamVendor, teamLogin, vendorApi } from '../harness/team';

/** A fresh vendor with an owner, an editor and a viewer, each signed in. */
export interface CatalogVendor extends TeamVendor {
  tokens: { owner: string; editor: string; viewer: string };
}

/** Makes a vendor of its own for a test that writes (the demo catalogs are not touched). */
export async function catalogVendor(name = 'Catalog Test Vendor'): Promise<CatalogVendor> {
  const vendor = await createVendorWithOwner(name);
  const [editor, viewer] = await Promise.all([addTeamMember(vendor, 'editor'), addTeamMember(vendor, 'viewer')]);
  const [owner, editorSession, viewerSession] = await Promise.all([
    teamLogin(vendor.slug, vendor.owner),
    teamLogin(vendor.slug, editor),
    teamLogin(vendor.slug, viewer),
  ]);
  return { ...vendor, tokens: { owner: owner.token, editor: editorSession.token, viewer: viewerSession.token } };
}

/** A valid create body with two variants (Size S and M); `overrides` replace top-level fields. */
export function productBody(overrides: Record<string, unknown> = {}, skuPrefix = crypto.randomUUID().slice(0, 8)) {
  return {
    title: 'Work Jacket',
    brand: 'Acme Wear',
    descriptionHtml: '<p>Warm <b>and</b> tough.</p><script>alert(1)</script>',
    optionTypes: [{ name: 'Size', values: ['S', 'M'] }],
    attributes: { material: 'Canvas' },
    images: [{ url: 'https://cdn.example.com/jacket.jpg', alt: 'Jacket' }],
    variants: [
      {
        sku: `${skuPrefix}-S`,
        gtin: '4006381333931',
        options: { Size: 'S' },
        priceMinor: 4999,
        compareAtMinor: 5999,
        weightGrams: 900,
      },
      { sku: `${skuPrefix}-M`, options: { Size: 'M' }, priceMinor: 5499 },
    ],
    ...overrides,
  };
}

/** Creates a product through the API as `token` and returns it (expects 201). */
export async function createProductVia(vendor: TeamVendor, token: string, body: unknown): Promise<Product> {
  const response = await vendorApi<Product>(vendor.slug, token, 'POST', '/products', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Lists products with the given query string. */
export async function listVia(vendor: TeamVendor, token: string, query = ''): Promise<ProductPage> {
  const response = await vendorApi<ProductPage>(vendor.slug, token, 'GET', `/products${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const SCHEMAS = {
  [productCreatedV1.topic]: productCreatedV1.schema,
  [productUpdatedV1.topic]: productUpdatedV1.schema,
  [productPublishedV1.topic]: productPublishedV1.schema,
  [productArchivedV1.topic]: productArchivedV1.schema,
} as const;

/** The outbox rows about one product, oldest first, each payload checked against its event schema. */
export async function productEvents(vendorId: string, productId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q
            .select()
            .from(outbox)
            .where(and(eq(outbox.vendorId, vendorId), eq(outbox.aggregateId, productId)))
            .orderBy(asc(outbox.seq)),
        ] as const,
    );
  for (const row of rows) {
    const schema = SCHEMAS[row.topic as keyof typeof SCHEMAS];
    expect(schema, row.topic).toBeDefined();
    schema?.parse(row.payload);
  }
  return rows.map((row) => ({ topic: row.topic, payload: row.payload as Record<string, unknown> }));
}

/** The error body's code and details. */
export function errorOf(body: unknown): { code?: string; details?: unknown; message?: string } {
  return (body as { error?: { code?: string; details?: unknown; message?: string } }).error ?? {};
}

/** The `path`s of VALIDATION_FAILED details. */
export function issuePaths(body: unknown): string[] {
  const details = errorOf(body).details;
  return Array.isArray(details) ? details.map((d: { path: string }) => d.path) : [];
}
