import { beforeAll, describe, expect, test } from 'vitest';
import type { Cart } from '../../src/modules/cart/schemas';
import type { Order } from '../../src/modules/orders';
import { registerShopper } from '../harness/attackers';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';
import { createCartShop, openCheckout, Shopper, setAvailable, testAddress, testRedis, variantOf } from './cart-fixtures';
import type { ShopFixture } from './shop-fixtures';

let shop: ShopFixture;
let shippingMethodId: string;

beforeAll(async () => {
  shop = await createCartShop('Cart Checkout Shop');
  ({ shippingMethodId } = await openCheckout(shop));
}, 120_000);

const details = () => ({
  email: 'Guest@Example.com',
  shippingAddress: testAddress,
  shippingMethodId,
  paymentMethod: 'bank_transfer',
});
const key = () => `test-${crypto.randomUUID()}`;

function checkout(shopper: Shopper, idempotencyKey: string | undefined, body: unknown = details()) {
  return shopper.call<Order>('POST', '/shop/cart/checkout', body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
}

function expectCode(answer: { status: number; body: unknown }, status: number, code: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect((answer.body as { error: { code: string } }).error.code).toBe(code);
}

describe('checking out the cart', () => {
  test('a guest orders what the cart holds; the cart empties; a retry with the key answers the same order', async () => {
    const guest = new Shopper(shop.vendor.slug);
    await guest.call('POST', '/shop/cart/items', { variantId: variantOf(shop, 'CW-L'), quantity: 2 });
    await guest.call('POST', '/shop/cart/items', { variantId: variantOf(shop, 'DL-1'), quantity: 1 });
    const attempt = key();
    const placed = await checkout(guest, attempt);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body).toMatchObject({
      email: 'guest@example.com',
      customerId: null,
      subtotalMinor: 2 * 2000 + 3500,
      shippingMinor: 490,
      totalMinor: 2 * 2000 + 3500 + 490,
      status: 'pending',
    });
    expect(placed.body.items.map((item) => [item.sku, item.quantity])).toEqual([
      ['CW-L', 2],
      ['DL-1', 1],
    ]);
    expect((await guest.call<Cart>('GET', '/shop/cart')).body.lines).toEqual([]);

    const again = await checkout(guest, attempt);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.number).toBe(placed.body.number);

    // A new key with the now empty cart orders nothing.
    const empty = await checkout(guest, key());
    expectCode(empty, 422, 'VALIDATION_FAILED');
  });

  test('keeps what was added to the cart after the order was placed', async () => {
    const guest = new Shopper(shop.vendor.slug);
    await guest.call('POST', '/shop/cart/items', { variantId: variantOf(shop, 'CW-L'), quantity: 1 });
    expect((await checkout(guest, key())).status).toBe(201);
    await guest.call('POST', '/shop/cart/items', { variantId: variantOf(shop, 'CW-S'), quantity: 1 });
    expect((await guest.call<Cart>('GET', '/shop/cart')).body.lines.map((l) => l.sku)).toEqual(['CW-S']);
  });

  test('a signed-in customer’s order is theirs and shows in their order history', async () => {
    const customer = await registerShopper(shop.vendor.slug);
    const script = new Shopper(shop.vendor.slug, customer.token);
    await script.call('POST', '/shop/cart/items', { variantId: variantOf(shop, 'CW-L'), quantity: 1 });
    const placed = await checkout(script, key(), { ...details(), email: customer.email, paymentMethod: 'invoice' });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.customerId).toBe(customer.customerId);
    const history = await script.call<{ data: { number: number }[] }>('GET', '/shop/account/orders');
    expect(history.body.data.map((order) => order.number)).toContain(placed.body.number);
    expect(await testRedis().exists(`cart:${shop.vendor.id}:customer:${customer.customerId}`)).toBe(0);
  });

  test('refusals: no key, a cross-site guest, not enough stock (the cart stays as it was)', async () => {
    const guest = new Shopper(shop.vendor.slug);
    const lamp = variantOf(shop, 'DL-1');
    await guest.call('POST', '/shop/cart/items', { variantId: lamp, quantity: 1 });
    expectCode(await checkout(guest, undefined), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expectCode(await checkout(guest, 'short'), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expectCode(await checkout(guest, key(), { ...details(), email: 'not-an-email' }), 422, 'VALIDATION_FAILED');

    const crossSite = await request(hostUrl(shop.vendor.slug, '/api/v1/shop/cart/checkout'), {
      method: 'POST',
      headers: { cookie: guest.cookieHeader(), origin: 'http://evil.example', 'idempotency-key': key() },
      json: details(),
    });
    expect(crossSite.status).toBe(403);

    const other = await createCartShop('Lamp Shortage Shop');
    const { shippingMethodId: otherMethod } = await openCheckout(other);
    const short = new Shopper(other.vendor.slug);
    const otherLamp = variantOf(other, 'DL-1');
    await short.call('POST', '/shop/cart/items', { variantId: otherLamp, quantity: 3 });
    await setAvailable(other, otherLamp, 1);
    const refused = await checkout(short, key(), { ...details(), shippingMethodId: otherMethod });
    expectCode(refused, 409, 'INSUFFICIENT_STOCK');
    const cart = await short.call<Cart>('GET', '/shop/cart');
    expect(cart.body.lines.map((l) => [l.quantity, l.status, l.available])).toEqual([[3, 'insufficient_stock', 1]]);
    // Lowered to what is left, the same attempt's key is free again and orders the cart as it is now.
    await short.call('PATCH', `/shop/cart/items/${otherLamp}`, { quantity: 1 });
    const retried = await checkout(short, key(), { ...details(), shippingMethodId: otherMethod });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body.items.map((item) => item.quantity)).toEqual([1]);
  });
});
