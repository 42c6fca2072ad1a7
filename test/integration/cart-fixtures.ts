/**
 * A shop for the cart and checkout tests, and a tiny cookie-keeping client: each `Shopper` is one
 * browser on one host (its cookies, its Origin), the way the cart is used from pages.
 */
import { Redis } from '@upstash/redis';
import { and, eq } from 'drizzle-orm';
import { products, variants } from '../../drizzle/schema';
import { ensureDefaultLocations, setStock } from '../../src/modules/inventory';
import { createShippingMethod, createTaxRate } from '../../src/modules/orders';
import { request } from '../harness/http';
import { appDatabase, hostUrl, platform } from '../harness/platform';
import { createShopVendor, type ShopFixture } from './shop-fixtures';

/** Widget (two variants: 5 and 1000 in stock), an out-of-stock gadget, a draft, a lamp to withdraw. */
export function cartCatalog() {
  return {
    products: [
      {
        title: 'Cart Widget',
        slug: 'cart-widget',
        status: 'active' as const,
        images: [{ url: 'https://images.example.com/widget.jpg', alt: 'A widget' }],
        optionTypes: [{ name: 'Size', values: ['S', 'L'] }],
        variants: [
          { sku: 'CW-S', priceMinor: 1000, options: { Size: 'S' }, stock: [5, 0] as [number, number] },
          { sku: 'CW-L', priceMinor: 2000, options: { Size: 'L' }, stock: [1000, 0] as [number, number] },
        ],
      },
      {
        title: 'Sold-out Gadget',
        slug: 'sold-out-gadget',
        status: 'active' as const,
        variants: [{ sku: 'SG-1', priceMinor: 500, stock: [0, 0] as [number, number] }],
      },
      {
        title: 'Draft Thing',
        slug: 'draft-thing',
        status: 'draft' as const,
        variants: [{ sku: 'DT-1', priceMinor: 700, stock: [9, 0] as [number, number] }],
      },
      {
        title: 'Desk Lamp',
        slug: 'desk-lamp',
        status: 'active' as const,
        variants: [{ sku: 'DL-1', priceMinor: 3500, stock: [3, 0] as [number, number] }],
      },
    ],
  };
}

export function createCartShop(name = 'Cart Shop'): Promise<ShopFixture> {
  return createShopVendor(name, cartCatalog());
}

/** The variant id of `sku` in the fixture. */
export function variantOf(shop: ShopFixture, sku: string): string {
  for (const product of shop.products.values()) {
    const id = product.variants.get(sku);
    if (id) return id;
  }
  throw new Error(`no variant ${sku}`);
}

export async function setPrice(shop: ShopFixture, variantId: string, priceMinor: number): Promise<void> {
  const vendorId = shop.vendor.id;
  const db = appDatabase();
  try {
    await db.vendor(vendorId).write(
      (q) =>
        [
          q
            .update(variants)
            .set({ priceMinor })
            .where(and(eq(variants.vendorId, vendorId), eq(variants.id, variantId))),
        ] as const,
    );
  } finally {
    await db.close();
  }
}

export async function setProductStatus(shop: ShopFixture, slug: string, status: 'active' | 'archived'): Promise<void> {
  const vendorId = shop.vendor.id;
  const db = appDatabase();
  try {
    await db.vendor(vendorId).write(
      (q) =>
        [
          q
            .update(products)
            .set({ status })
            .where(and(eq(products.vendorId, vendorId), eq(products.slug, slug))),
        ] as const,
    );
  } finally {
    await db.close();
  }
}

/** Sets the variant's stock to `onHand` in the main warehouse and 0 on the shop floor. */
export async function setAvailable(shop: ShopFixture, variantId: string, onHand: number): Promise<void> {
  const db = appDatabase();
  try {
    const [main, floor] = await ensureDefaultLocations(db, shop.vendor.id);
    if (!main || !floor) throw new Error('no locations');
    await setStock(
      db,
      shop.vendor.id,
      [
        { variantId, locationId: main.id, onHand },
        { variantId, locationId: floor.id, onHand: 0 },
      ],
      { events: false },
    );
  } finally {
    await db.close();
  }
}

/** The local Upstash REST server the Worker uses. */
export function testRedis(): Redis {
  const vars = platform().workerVars;
  return new Redis({ url: vars.UPSTASH_REDIS_REST_URL ?? '', token: vars.UPSTASH_REDIS_REST_TOKEN ?? '' });
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One browser on one shop host: keeps the cookies it is given and sends this origin on writes. */
export class Shopper {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly host: string,
    private readonly token?: string,
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async call<T = unknown>(
    method: string,
    path: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const origin = new URL(hostUrl(this.host)).origin;
    const sent: Record<string, string> = {
      ...(method === 'GET' ? {} : { origin }),
      ...(this.cookies.size > 0 ? { cookie: this.cookieHeader() } : {}),
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      ...headers,
    };
    const response = await request(hostUrl(this.host, `/api/v1${path}`), {
      method,
      headers: sent,
      ...(json === undefined ? {} : { json }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (!value || /max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
  }
}

/** Gives the shop what checkout needs: a 17 % standard VAT rate and a flat 4.90 shipping method. */
export async function openCheckout(shop: ShopFixture): Promise<{ shippingMethodId: string }> {
  const db = appDatabase();
  try {
    await createTaxRate(db, shop.vendor.id, { name: 'Standard VAT', rateBp: 1700, categoryId: null });
    const method = await createShippingMethod(db, shop.vendor.id, {
      name: 'Parcel',
      kind: 'flat',
      priceMinor: 490,
      brackets: [],
      freeOverMinor: null,
      active: true,
      position: 0,
    });
    return { shippingMethodId: method.id };
  } finally {
    await db.close();
  }
}

export const testAddress = {
  name: 'Ada Shopper',
  line1: '1 Rue du Test',
  postalCode: '1234',
  city: 'Luxembourg',
  country: 'LU',
};
