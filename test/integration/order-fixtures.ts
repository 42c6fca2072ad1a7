/**
 * Shops for the order tests: a vendor with a small catalog and stock (through the catalog's and
 * inventory's own services), a standard VAT rate of 17 % and a reduced 3 % for books, a flat and a
 * by-weight shipping method, and one signed-in member per role.
 */
import { sql } from 'drizzle-orm';
import { categories } from '../../drizzle/schema';
import { type CreateProductInput, createProduct } from '../../src/modules/catalog';
import { ensureDefaultLocations, setStock } from '../../src/modules/inventory';
import { createShippingMethod, createTaxRate } from '../../src/modules/orders';
import { registerShopper } from '../harness/attackers';
import { request } from '../harness/http';
import { appDatabase, hostUrl } from '../harness/platform';
import { inventoryVendor } from './inventory-fixtures';
import type { ProductSpec } from './shop-fixtures';

export interface OrderShop {
  vendor: { id: string; slug: string; name: string };
  /** Variant ids by SKU. */
  variants: Record<string, string>;
  flatId: string;
  weightId: string;
  tokens: { owner: string; manager: string; editor: string; viewer: string };
  /** Team members' emails by role (the password is the demo password). */
  emails: { owner: string; manager: string; editor: string; viewer: string };
}

const products: ProductSpec[] = [
  {
    title: 'Claw Hammer',
    slug: 'claw-hammer',
    status: 'active',
    variants: [{ sku: 'HAM-1', priceMinor: 1990, weightGrams: 800, stock: [10, 0] }],
  },
  {
    title: 'Garden Hose',
    slug: 'garden-hose',
    status: 'active',
    variants: [{ sku: 'HOSE-1', priceMinor: 2990, weightGrams: 2500, stock: [3, 2] }],
  },
  {
    title: 'Handbook of Tools',
    slug: 'handbook',
    status: 'active',
    category: 'books',
    variants: [{ sku: 'BOOK-1', priceMinor: 1030, weightGrams: 400, stock: [20, 0] }],
  },
  {
    title: 'Secret Prototype',
    slug: 'prototype',
    status: 'draft',
    variants: [{ sku: 'PROTO-1', priceMinor: 100, stock: [5, 0] }],
  },
];

/** A fresh shop for one test file (or one test that needs its own stock). */
export async function orderShop(extra: ProductSpec[] = []): Promise<OrderShop> {
  const team = await inventoryVendor('Order Test');
  const shop = await createShopVendorFor(team, [...products, ...extra]);
  const db = appDatabase();
  await createTaxRate(db, team.id, { name: 'Standard VAT', rateBp: 1700, categoryId: null });
  await createTaxRate(db, team.id, { name: 'Reduced VAT', rateBp: 300, categoryId: shop.categories.get('books') ?? null });
  const flat = await createShippingMethod(db, team.id, {
    name: 'Parcel',
    kind: 'flat',
    priceMinor: 490,
    brackets: [],
    freeOverMinor: 10_000,
    active: true,
    position: 0,
  });
  const weight = await createShippingMethod(db, team.id, {
    name: 'Freight',
    kind: 'weight',
    priceMinor: 0,
    brackets: [
      { upToGrams: 2000, priceMinor: 590 },
      { upToGrams: 10_000, priceMinor: 1290 },
    ],
    freeOverMinor: null,
    active: true,
    position: 1,
  });
  return {
    vendor: { id: team.id, slug: team.slug, name: team.name },
    variants: Object.fromEntries([...shop.products.values()].flatMap((p) => [...p.variants])),
    flatId: flat.id,
    weightId: weight.id,
    tokens: team.tokens,
    emails: team.emails,
  };
}

async function createShopVendorFor(vendor: { id: string }, specs: ProductSpec[]) {
  const db = appDatabase();
  const categoryIds = new Map<string, string>([['books', crypto.randomUUID()]]);
  await db
    .vendor(vendor.id)
    .write(
      (q) =>
        [
          q.insert(categories).values({ id: categoryIds.get('books'), vendorId: vendor.id, slug: 'books', name: 'Books' }),
        ] as const,
    );
  const [main, floor] = await ensureDefaultLocations(db, vendor.id);
  if (!main || !floor) throw new Error('fixture: no stock locations');
  const made = new Map<string, { variants: Map<string, string> }>();
  const stock: { variantId: string; locationId: string; onHand: number }[] = [];
  for (const { category, variants, ...input } of specs) {
    const product = await createProduct(
      db,
      vendor.id,
      {
        ...input,
        categoryId: category ? (categoryIds.get(category) ?? null) : null,
        variants: variants.map(({ stock: _, ...variant }) => variant),
      } as CreateProductInput,
      { kind: 'system', name: 'order-test' },
    );
    const ids = new Map(product.variants.map((v) => [v.sku, v.id]));
    made.set(product.slug, { variants: ids });
    for (const v of variants) {
      const id = ids.get(v.sku);
      if (!id || !v.stock) continue;
      stock.push({ variantId: id, locationId: main.id, onHand: v.stock[0] });
      if (v.stock[1] > 0) stock.push({ variantId: id, locationId: floor.id, onHand: v.stock[1] });
    }
  }
  if (stock.length > 0) await setStock(db, vendor.id, stock, { events: false });
  return { products: made, categories: categoryIds };
}

export const ADDRESS = {
  name: 'Ada Lovelace',
  line1: '1 Rue du Marché',
  postalCode: 'L-1111',
  city: 'Luxembourg',
  country: 'LU',
};

/** A valid order body for these lines. */
export function orderBody(shop: OrderShop, lines: [string, number][], extra: Record<string, unknown> = {}) {
  return {
    lines: lines.map(([sku, quantity]) => ({ variantId: shop.variants[sku], quantity })),
    email: 'ada@example.com',
    shippingAddress: ADDRESS,
    shippingMethodId: shop.flatId,
    paymentMethod: 'bank_transfer',
    ...extra,
  };
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A shop API call on the vendor's host. */
export async function shopCall<T = Record<string, unknown>>(
  slug: string,
  method: string,
  path: string,
  options: { json?: unknown; token?: string; key?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  const response = await request(hostUrl(slug, `/api/v1/shop${path}`), {
    method,
    headers,
    ...(options.json === undefined ? {} : { json: options.json }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Places an order with a fresh Idempotency-Key (or the given one). */
export function place(shop: OrderShop, body: unknown, options: { token?: string; key?: string } = {}) {
  return shopCall(shop.vendor.slug, 'POST', '/orders', {
    json: body,
    key: options.key ?? `key-${crypto.randomUUID()}`,
    ...(options.token ? { token: options.token } : {}),
  });
}

export { registerShopper };

/** A level as stored, with the sums of its ledger entries next to it. */
export async function levelOf(vendorId: string, variantId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q.execute<{ on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number }>(sql`
            select coalesce(sum(l.on_hand), 0)::int as on_hand, coalesce(sum(l.reserved), 0)::int as reserved,
              (select coalesce(sum(on_hand_delta), 0)::int from inventory_movements m where m.vendor_id = ${vendorId} and m.variant_id = ${variantId}) as ledger_on_hand,
              (select coalesce(sum(reserved_delta), 0)::int from inventory_movements m where m.vendor_id = ${vendorId} and m.variant_id = ${variantId}) as ledger_reserved
            from inventory_levels l where l.vendor_id = ${vendorId} and l.variant_id = ${variantId}`),
        ] as const,
    );
  const row = rows.rows[0];
  return {
    onHand: Number(row?.on_hand ?? 0),
    reserved: Number(row?.reserved ?? 0),
    ledgerOnHand: Number(row?.ledger_on_hand ?? 0),
    ledgerReserved: Number(row?.ledger_reserved ?? 0),
  };
}

/** The outbox topics written for one aggregate, in order. */
export async function topicsOf(vendorId: string, aggregateId: string): Promise<string[]> {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q.execute<{ topic: string }>(
            sql`select topic from outbox where vendor_id = ${vendorId} and aggregate_id = ${aggregateId} order by seq`,
          ),
        ] as const,
    );
  return rows.rows.map((r) => r.topic);
}
