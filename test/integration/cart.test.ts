import { beforeAll, describe, expect, test } from 'vitest';
import type { Cart } from '../../src/modules/cart/schemas';
import { registerShopper } from '../harness/attackers';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';
import { createCartShop, Shopper, setAvailable, setPrice, setProductStatus, testRedis, variantOf } from './cart-fixtures';
import type { ShopFixture } from './shop-fixtures';

let shop: ShopFixture;
let other: ShopFixture;
let small: string; // CW-S: 5 available, 10.00
let large: string; // CW-L: 1000 available, 20.00
let soldOut: string;
let draft: string;
let lamp: string;

beforeAll(async () => {
  [shop, other] = await Promise.all([createCartShop('Cart Shop'), createCartShop('Other Cart Shop')]);
  small = variantOf(shop, 'CW-S');
  large = variantOf(shop, 'CW-L');
  soldOut = variantOf(shop, 'SG-1');
  draft = variantOf(shop, 'DT-1');
  lamp = variantOf(shop, 'DL-1');
}, 120_000);

const guest = () => new Shopper(shop.vendor.slug);
const THIRTY_DAYS = 30 * 24 * 3600;

async function add(shopper: Shopper, variantId: string, quantity: number) {
  return shopper.call<Cart>('POST', '/shop/cart/items', { variantId, quantity });
}

const detailsOf = (answer: { body: unknown }) => (answer.body as { error: { details: unknown } }).error.details;

function expectCode(answer: { status: number; body: unknown }, status: number, code: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect((answer.body as { error: { code: string } }).error.code).toBe(code);
}

describe('a guest cart', () => {
  test('starts empty, without setting a cookie (removing from nothing sets none either)', async () => {
    const shopper = guest();
    const answer = await shopper.call<Cart>('GET', '/shop/cart');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ lines: [], itemCount: 0, subtotalMinor: 0, currency: null, checkoutReady: false });
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    for (const [method, path] of [
      ['DELETE', '/shop/cart'],
      ['DELETE', `/shop/cart/items/${small}`],
    ] as const) {
      const removed = await shopper.call<Cart>(method, path);
      expect(removed.status, `${method} ${path}`).toBe(200);
      expect(removed.headers.getSetCookie()).toEqual([]);
    }
    expect((await shopper.call('DELETE', `/shop/cart/items/${crypto.randomUUID()}`)).status).toBe(404);
  });

  test('adds, sets, removes and empties, answering the whole cart with live facts', async () => {
    const shopper = guest();
    const first = await add(shopper, small, 2);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const [cookie] = first.headers.getSetCookie();
    expect(cookie).toMatch(/^vt_cart=[A-Za-z0-9_-]{22};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(new RegExp(`Max-Age=${THIRTY_DAYS}`));
    expect(cookie).not.toMatch(/Domain=/i);
    expect(first.body.lines).toEqual([
      {
        variantId: small,
        quantity: 2,
        product: { id: shop.products.get('cart-widget')?.id, slug: 'cart-widget', title: 'Cart Widget' },
        sku: 'CW-S',
        options: { Size: 'S' },
        image: { url: 'https://images.example.com/widget.jpg', alt: 'A widget' },
        unitPriceMinor: 1000,
        compareAtMinor: null,
        currency: 'EUR',
        lineTotalMinor: 2000,
        available: 5,
        status: 'ok',
      },
    ]);

    await add(shopper, small, 1);
    const both = await add(shopper, large, 4);
    expect(both.body.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['CW-S', 3],
      ['CW-L', 4],
    ]);
    expect(both.body).toMatchObject({ itemCount: 7, subtotalMinor: 3 * 1000 + 4 * 2000, currency: 'EUR', checkoutReady: true });

    const set = await shopper.call<Cart>('PATCH', `/shop/cart/items/${large}`, { quantity: 1 });
    expect(set.body.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['CW-S', 3],
      ['CW-L', 1],
    ]);
    const zero = await shopper.call<Cart>('PATCH', `/shop/cart/items/${large}`, { quantity: 0 });
    expect(zero.body.lines.map((l) => l.sku)).toEqual(['CW-S']);
    const removed = await shopper.call<Cart>('DELETE', `/shop/cart/items/${small}`);
    expect(removed.status).toBe(200);
    expect(removed.body.lines).toEqual([]);
    // Removing what isn't there (but is sold here) is a no-op.
    expect((await shopper.call('DELETE', `/shop/cart/items/${small}`)).status).toBe(200);

    await add(shopper, large, 2);
    const cleared = await shopper.call<Cart>('DELETE', '/shop/cart');
    expect(cleared.status).toBe(200);
    expect(cleared.body.lines).toEqual([]);
    expect((await shopper.call<Cart>('GET', '/shop/cart')).body.itemCount).toBe(0);
  });

  test('lives in Redis under the vendor and cart id with a 30-day time to live, renewed on change', async () => {
    const shopper = guest();
    await add(shopper, large, 1);
    const cartId = shopper.cookies.get('vt_cart');
    const key = `cart:${shop.vendor.id}:guest:${cartId}`;
    const redis = testRedis();
    expect(await redis.hgetall(key)).toEqual({ [large]: 1 });
    await redis.expire(key, 60);
    await add(shopper, large, 1);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(THIRTY_DAYS - 60);
    expect(ttl).toBeLessThanOrEqual(THIRTY_DAYS);
  });

  test('two adds at once both count', async () => {
    const shopper = guest();
    await add(shopper, large, 1);
    await Promise.all([add(shopper, large, 1), add(shopper, large, 1), add(shopper, large, 1)]);
    expect((await shopper.call<Cart>('GET', '/shop/cart')).body.lines.map((l) => l.quantity)).toEqual([4]);
  });

  test('the pages: an empty cart and an empty checkout say so, with a way back', async () => {
    const shopper = guest();
    const page = async (path: string) => {
      const response = await request(hostUrl(shop.vendor.slug, path), {
        headers: shopper.cookies.size > 0 ? { cookie: shopper.cookieHeader() } : {},
      });
      return { status: response.status, html: await response.text(), headers: response.headers };
    };
    const cart = await page('/cart');
    expect(cart.status).toBe(200);
    expect(cart.html).toContain('Your cart is empty');
    expect(cart.headers.get('cache-control')).toBe('private, no-store');
    const checkout = await page('/checkout');
    expect(checkout.status).toBe(200);
    expect(checkout.html).toContain('Your cart is empty');
    await add(shopper, large, 2);
    const home = await page('/');
    expect(home.html).toMatch(/data-testid="cart-count"[^>]*>2</);
    const filled = await page('/cart');
    expect(filled.html).toContain('€40.00');
  });

  test('counts for the header badge', async () => {
    const shopper = guest();
    await add(shopper, large, 3);
    await add(shopper, small, 1);
    const summary = await shopper.call('GET', '/shop/cart/summary');
    expect(summary.body).toEqual({ itemCount: 4, lineCount: 2 });
  });
});

describe('refusals with exact codes', () => {
  test('invalid bodies and ids are VALIDATION_FAILED', async () => {
    const shopper = guest();
    expectCode(await shopper.call('POST', '/shop/cart/items', { variantId: small, quantity: 0 }), 422, 'VALIDATION_FAILED');
    expectCode(await shopper.call('POST', '/shop/cart/items', { variantId: small, quantity: 1000 }), 422, 'VALIDATION_FAILED');
    expectCode(await shopper.call('POST', '/shop/cart/items', { variantId: small, quantity: 1.5 }), 422, 'VALIDATION_FAILED');
    expectCode(await shopper.call('POST', '/shop/cart/items', { variantId: 'nope', quantity: 1 }), 422, 'VALIDATION_FAILED');
    expectCode(await shopper.call('PATCH', '/shop/cart/items/nope', { quantity: 1 }), 422, 'VALIDATION_FAILED');
    expectCode(await shopper.call('PATCH', `/shop/cart/items/${small}`, { quantity: -1 }), 422, 'VALIDATION_FAILED');
  });

  test('unknown variants and variants of unpublished products are NOT_FOUND', async () => {
    const shopper = guest();
    expectCode(await add(shopper, crypto.randomUUID(), 1), 404, 'NOT_FOUND');
    expectCode(await add(shopper, draft, 1), 404, 'NOT_FOUND');
    expectCode(await shopper.call('PATCH', `/shop/cart/items/${crypto.randomUUID()}`, { quantity: 0 }), 404, 'NOT_FOUND');
    expectCode(await shopper.call('DELETE', `/shop/cart/items/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
  });

  test('more than available is INSUFFICIENT_STOCK with what is left, and changes nothing', async () => {
    const shopper = guest();
    const out = await add(shopper, soldOut, 1);
    expectCode(out, 409, 'INSUFFICIENT_STOCK');
    expect(detailsOf(out)).toEqual({ variantId: soldOut, available: 0, inCart: 0 });
    await add(shopper, small, 4);
    const more = await add(shopper, small, 2);
    expectCode(more, 409, 'INSUFFICIENT_STOCK');
    expect(detailsOf(more)).toEqual({ variantId: small, available: 5, inCart: 4 });
    expectCode(await shopper.call('PATCH', `/shop/cart/items/${small}`, { quantity: 6 }), 409, 'INSUFFICIENT_STOCK');
    expect((await shopper.call<Cart>('GET', '/shop/cart')).body.lines.map((l) => l.quantity)).toEqual([4]);
  });

  test('one line holds at most 999', async () => {
    const shopper = guest();
    expect((await add(shopper, large, 999)).status).toBe(200);
    expectCode(await add(shopper, large, 1), 422, 'VALIDATION_FAILED');
  });
});

describe('prices and availability are live', () => {
  test('a price change, a stock drop and a withdrawn product show on the next read', async () => {
    const fresh = await createCartShop('Live Cart Shop');
    const widget = variantOf(fresh, 'CW-S');
    const deskLamp = variantOf(fresh, 'DL-1');
    const shopper = new Shopper(fresh.vendor.slug);
    await add(shopper, widget, 3);
    await add(shopper, deskLamp, 1);

    await setPrice(fresh, widget, 1250);
    await setAvailable(fresh, widget, 2);
    const changed = await shopper.call<Cart>('GET', '/shop/cart');
    expect(changed.body.lines[0]).toMatchObject({
      unitPriceMinor: 1250,
      lineTotalMinor: 3750,
      available: 2,
      status: 'insufficient_stock',
    });
    expect(changed.body).toMatchObject({ subtotalMinor: 3750 + 3500, checkoutReady: false });

    await setProductStatus(fresh, 'desk-lamp', 'archived');
    const withdrawn = await shopper.call<Cart>('GET', '/shop/cart');
    expect(withdrawn.body.lines[1]).toMatchObject({
      variantId: deskLamp,
      status: 'unavailable',
      lineTotalMinor: 0,
      available: 0,
    });
    expect(withdrawn.body.subtotalMinor).toBe(3750);
    // Lowering is always allowed, even below nothing-available; raising a withdrawn line is not.
    expect((await shopper.call<Cart>('PATCH', `/shop/cart/items/${widget}`, { quantity: 2 })).body.lines[0]?.status).toBe('ok');
    expectCode(await shopper.call('PATCH', `/shop/cart/items/${deskLamp}`, { quantity: 2 }), 404, 'NOT_FOUND');
    expect((await shopper.call<Cart>('DELETE', `/shop/cart/items/${deskLamp}`)).body.checkoutReady).toBe(true);
  });
});

describe('a guest cart is bound to its origin and its vendor', () => {
  test('writes with the cart cookie from another site are FORBIDDEN', async () => {
    const shopper = guest();
    await add(shopper, large, 1);
    const crossSite: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: new URL(hostUrl(other.vendor.slug)).origin },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const attempt = await request(hostUrl(shop.vendor.slug, '/api/v1/shop/cart/items'), {
        method: 'POST',
        headers: { cookie: shopper.cookieHeader(), ...headers },
        json: { variantId: large, quantity: 1 },
      });
      expect(attempt.status, JSON.stringify(headers)).toBe(403);
      expect(((await attempt.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
    const noOrigin = await request(hostUrl(shop.vendor.slug, '/api/v1/shop/cart'), {
      method: 'DELETE',
      headers: { cookie: shopper.cookieHeader() },
    });
    expect(noOrigin.status).toBe(403);
    const sameOrigin = await request(hostUrl(shop.vendor.slug, `/api/v1/shop/cart/items/${large}`), {
      method: 'PATCH',
      headers: { cookie: shopper.cookieHeader(), 'sec-fetch-site': 'same-origin' },
      json: { quantity: 2 },
    });
    expect(sameOrigin.status).toBe(200);
    expect((await shopper.call<Cart>('GET', '/shop/cart')).body.itemCount).toBe(2);
  });

  test("the same cart cookie on another vendor's host names an empty cart there", async () => {
    const shopper = guest();
    await add(shopper, large, 2);
    const elsewhere = new Shopper(other.vendor.slug);
    for (const [name, value] of shopper.cookies) elsewhere.cookies.set(name, value);
    const there = await elsewhere.call<Cart>('GET', '/shop/cart');
    expect(there.body.lines).toEqual([]);
    // This vendor's variant is unknown there, and the cart here is untouched.
    expectCode(await elsewhere.call('PATCH', `/shop/cart/items/${large}`, { quantity: 0 }), 404, 'NOT_FOUND');
    expectCode(await add(elsewhere, large, 1), 404, 'NOT_FOUND');
    expect((await shopper.call<Cart>('GET', '/shop/cart')).body.itemCount).toBe(2);
  });
});

describe('a signed-in customer', () => {
  test('has a cart of their own by bearer token, without the origin check', async () => {
    const customer = await registerShopper(shop.vendor.slug);
    const script = new Shopper(shop.vendor.slug, customer.token);
    const added = await script.call<Cart>(
      'POST',
      '/shop/cart/items',
      { variantId: large, quantity: 2 },
      { origin: 'http://elsewhere.example' },
    );
    expect(added.status).toBe(200);
    expect(added.headers.getSetCookie()).toEqual([]);
    expect(await testRedis().hgetall(`cart:${shop.vendor.id}:customer:${customer.customerId}`)).toEqual({ [large]: 2 });
    // Another customer sees their own (empty) cart.
    const someoneElse = await registerShopper(shop.vendor.slug);
    expect((await new Shopper(shop.vendor.slug, someoneElse.token).call<Cart>('GET', '/shop/cart')).body.lines).toEqual([]);
  });

  test('gets the guest cart merged in at registration, and the guest cookie dropped', async () => {
    const browser = guest();
    await add(browser, small, 2);
    await add(browser, large, 1);
    const guestCookie = browser.cookies.get('vt_cart');
    const email = `merge-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const registered = await browser.call<{ customer: { id: string } }>('POST', '/shop/auth/register', {
      email,
      name: 'Merge Shopper',
      password: 'a-long-password',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(browser.cookies.has('vt_cart')).toBe(false);
    // The browser is now signed in (access cookie): its cart is the customer's.
    const mine = await browser.call<Cart>('GET', '/shop/cart');
    expect(mine.body.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['CW-S', 2],
      ['CW-L', 1],
    ]);
    expect(await testRedis().exists(`cart:${shop.vendor.id}:guest:${guestCookie}`)).toBe(0);
  });

  test('at sign-in, quantities add up, capped by what is available; unsellable lines are dropped', async () => {
    const email = `merge-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = 'a-long-password';
    const first = new Shopper(shop.vendor.slug);
    await first.call('POST', '/shop/auth/register', { email, name: 'Returning Shopper', password });
    await add(first, small, 3);
    await add(first, large, 1);

    const second = guest();
    await add(second, small, 4); // 3 + 4 > 5 available → 5
    await add(second, large, 2); // 1 + 2 = 3
    await add(second, lamp, 1); // new line
    const login = await second.call('POST', '/shop/auth/login', { email, password });
    expect(login.status).toBe(200);
    expect(second.cookies.has('vt_cart')).toBe(false);
    const merged = await second.call<Cart>('GET', '/shop/cart');
    expect(merged.body.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['CW-S', 5],
      ['CW-L', 3],
      ['DL-1', 1],
    ]);
    expect(merged.body.checkoutReady).toBe(true);
    // The first browser (same customer) sees the same cart.
    expect((await first.call<Cart>('GET', '/shop/cart')).body.itemCount).toBe(9);
  });

  test('a sign-in without a guest cart leaves the customer cart as it is', async () => {
    const email = `merge-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = 'a-long-password';
    const first = new Shopper(shop.vendor.slug);
    await first.call('POST', '/shop/auth/register', { email, name: 'Plain Shopper', password });
    await add(first, large, 2);
    const second = guest();
    expect((await second.call('POST', '/shop/auth/login', { email, password })).status).toBe(200);
    expect((await second.call<Cart>('GET', '/shop/cart')).body.itemCount).toBe(2);
  });
});
