import { beforeAll, describe, expect, test } from 'vitest';
import { levelOf, type OrderShop, orderBody, orderShop, place, registerShopper, shopCall, topicsOf } from './order-fixtures';

let shop: OrderShop;

beforeAll(async () => {
  shop = await orderShop();
}, 60_000);

type Order = {
  id: string;
  number: number;
  status: string;
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  totalMinor: number;
  taxBreakdown: { name: string; rateBp: number; grossMinor: number; taxMinor: number }[];
  items: { sku: string; productTitle: string; unitPriceMinor: number; quantity: number; taxRateBp: number; taxMinor: number }[];
  payment: { method: string; instructions: string };
  customerId: string | null;
};
const code = (body: unknown) => (body as { error?: { code?: string } }).error?.code;
const details = (body: unknown) => (body as { error: { details: unknown } }).error.details;

describe('checkout settings as the shop sees them', () => {
  test('shipping and payment methods are public', async () => {
    const shipping = await shopCall<{ data: { name: string; kind: string }[] }>(shop.vendor.slug, 'GET', '/shipping-methods');
    expect(shipping.status).toBe(200);
    expect(shipping.body.data.map((m) => [m.name, m.kind])).toEqual([
      ['Parcel', 'flat'],
      ['Freight', 'weight'],
    ]);
    const payment = await shopCall<{ data: { id: string }[] }>(shop.vendor.slug, 'GET', '/payment-methods');
    expect(payment.body.data.map((m) => m.id)).toEqual(['bank_transfer', 'cash_on_delivery', 'invoice']);
  });
});

describe('quote', () => {
  test('prices from the catalog, VAT extracted per rate, shipping taxed at the standard rate', async () => {
    const quote = await shopCall<Order & { weightGrams: number }>(shop.vendor.slug, 'POST', '/checkout/quote', {
      json: {
        lines: orderBody(shop, [
          ['HAM-1', 2],
          ['BOOK-1', 1],
        ]).lines,
        shippingMethodId: shop.flatId,
      },
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body).toMatchObject({
      subtotalMinor: 5010,
      shippingMinor: 490,
      taxMinor: 679,
      totalMinor: 5500,
      weightGrams: 2000,
      taxBreakdown: [
        { name: 'Standard VAT', rateBp: 1700, grossMinor: 4470, taxMinor: 649 },
        { name: 'Reduced VAT', rateBp: 300, grossMinor: 1030, taxMinor: 30 },
      ],
    });
  });

  test('by weight: the first bracket that holds the parcel; too heavy is VALIDATION_FAILED', async () => {
    const light = await shopCall<Order>(shop.vendor.slug, 'POST', '/checkout/quote', {
      json: { lines: orderBody(shop, [['HAM-1', 2]]).lines, shippingMethodId: shop.weightId },
    });
    expect(light.body.shippingMinor).toBe(590);
    const heavier = await shopCall<Order>(shop.vendor.slug, 'POST', '/checkout/quote', {
      json: {
        lines: orderBody(shop, [
          ['HAM-1', 1],
          ['HOSE-1', 1],
        ]).lines,
        shippingMethodId: shop.weightId,
      },
    });
    expect(heavier.body.shippingMinor).toBe(1290);
    const tooHeavy = await shopCall(shop.vendor.slug, 'POST', '/checkout/quote', {
      json: { lines: orderBody(shop, [['HOSE-1', 5]]).lines, shippingMethodId: shop.weightId },
    });
    expect(tooHeavy.status).toBe(422);
    expect(code(tooHeavy.body)).toBe('VALIDATION_FAILED');
  });

  test('free shipping from the threshold on', async () => {
    const quote = await shopCall<Order>(shop.vendor.slug, 'POST', '/checkout/quote', {
      json: { lines: orderBody(shop, [['BOOK-1', 10]]).lines, shippingMethodId: shop.flatId },
    });
    expect(quote.body).toMatchObject({ subtotalMinor: 10_300, shippingMinor: 0, totalMinor: 10_300 });
  });

  test('a draft product is not sold: VALIDATION_FAILED naming the line', async () => {
    const quote = await shopCall(shop.vendor.slug, 'POST', '/checkout/quote', {
      json: {
        lines: orderBody(shop, [
          ['HAM-1', 1],
          ['PROTO-1', 1],
        ]).lines,
      },
    });
    expect(quote.status).toBe(422);
    expect(details(quote.body)).toEqual([expect.objectContaining({ path: 'lines.1.variantId' })]);
  });
});

describe('placing an order', () => {
  test('a guest places an order: 201, snapshot of items and totals, stock reserved, order.placed.v1', async () => {
    const before = await levelOf(shop.vendor.id, shop.variants['BOOK-1'] as string);
    const placed = await place(
      shop,
      orderBody(
        shop,
        [
          ['HAM-1', 1],
          ['BOOK-1', 2],
          ['HAM-1', 1],
        ],
        { paymentMethod: 'invoice', note: 'Leave at the door' },
      ),
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = placed.body as unknown as Order;
    expect(order).toMatchObject({
      status: 'pending',
      customerId: null,
      subtotalMinor: 6040,
      shippingMinor: 490,
      totalMinor: 6530,
    });
    expect(order.items.map((i) => [i.sku, i.quantity, i.unitPriceMinor, i.taxRateBp])).toEqual([
      ['HAM-1', 2, 1990, 1700],
      ['BOOK-1', 2, 1030, 300],
    ]);
    expect(order.items[0]?.productTitle).toBe('Claw Hammer');
    expect(order.payment.method).toBe('invoice');
    expect(order.payment.instructions).toContain(String(order.number));
    const after = await levelOf(shop.vendor.id, shop.variants['BOOK-1'] as string);
    expect(after.reserved - before.reserved).toBe(2);
    expect(after.onHand).toBe(before.onHand);
    expect(after).toMatchObject({ ledgerOnHand: after.onHand, ledgerReserved: after.reserved });
    expect(await topicsOf(shop.vendor.id, order.id)).toEqual(['order.placed.v1']);
  });

  test('a line spans locations, default location first', async () => {
    const own = await orderShop();
    const placed = await place(own, orderBody(own, [['HOSE-1', 4]]));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(await levelOf(own.vendor.id, own.variants['HOSE-1'] as string)).toMatchObject({ onHand: 5, reserved: 4 });
    const short = await place(own, orderBody(own, [['HOSE-1', 2]]));
    expect(short.status).toBe(409);
    expect(code(short.body)).toBe('INSUFFICIENT_STOCK');
    expect(details(short.body)).toEqual({ lines: [expect.objectContaining({ sku: 'HOSE-1', requested: 2, available: 1 })] });
  });

  test('every line or none: one short line reserves nothing', async () => {
    const own = await orderShop();
    const answer = await place(
      own,
      orderBody(own, [
        ['HAM-1', 3],
        ['HOSE-1', 9],
      ]),
    );
    expect(answer.status).toBe(409);
    expect(code(answer.body)).toBe('INSUFFICIENT_STOCK');
    expect(await levelOf(own.vendor.id, own.variants['HAM-1'] as string)).toMatchObject({ reserved: 0, ledgerReserved: 0 });
  });

  test('Idempotency-Key: required; the same key and body answers the same order; another body is CONFLICT', async () => {
    const body = orderBody(shop, [['HAM-1', 1]]);
    const missing = await shopCall(shop.vendor.slug, 'POST', '/orders', { json: body });
    expect(missing.status).toBe(400);
    expect(code(missing.body)).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const tooShort = await shopCall(shop.vendor.slug, 'POST', '/orders', { json: body, key: 'abc' });
    expect(code(tooShort.body)).toBe('IDEMPOTENCY_KEY_REQUIRED');

    const key = `retry-${crypto.randomUUID()}`;
    const first = await place(shop, body, { key });
    const again = await place(shop, body, { key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect((again.body as unknown as Order).id).toBe((first.body as unknown as Order).id);
    const other = await place(shop, orderBody(shop, [['HAM-1', 2]]), { key });
    expect(other.status).toBe(409);
    expect(code(other.body)).toBe('CONFLICT');
  });

  test('the same key sent twice at once places one order', async () => {
    const own = await orderShop();
    const key = `twin-${crypto.randomUUID()}`;
    const body = orderBody(own, [['HAM-1', 1]]);
    const answers = await Promise.all([place(own, body, { key }), place(own, body, { key }), place(own, body, { key })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => (a.body as unknown as Order).id)).size).toBe(1);
    expect(await levelOf(own.vendor.id, own.variants['HAM-1'] as string)).toMatchObject({ reserved: 1 });
  });

  test('validation errors carry stable codes', async () => {
    const noLines = await place(shop, { ...orderBody(shop, [['HAM-1', 1]]), lines: [] });
    expect([noLines.status, code(noLines.body)]).toEqual([422, 'VALIDATION_FAILED']);
    const badEmail = await place(shop, orderBody(shop, [['HAM-1', 1]], { email: 'nope' }));
    expect([badEmail.status, code(badEmail.body)]).toEqual([422, 'VALIDATION_FAILED']);
    const badPayment = await place(shop, orderBody(shop, [['HAM-1', 1]], { paymentMethod: 'card' }));
    expect([badPayment.status, code(badPayment.body)]).toEqual([422, 'VALIDATION_FAILED']);
    const unknownMethod = await place(shop, orderBody(shop, [['HAM-1', 1]], { shippingMethodId: crypto.randomUUID() }));
    expect([unknownMethod.status, code(unknownMethod.body)]).toEqual([422, 'VALIDATION_FAILED']);
    const badCountry = await place(
      shop,
      orderBody(shop, [['HAM-1', 1]], { shippingAddress: { ...ADDRESS_, country: 'Luxembourg' } }),
    );
    expect([badCountry.status, code(badCountry.body)]).toEqual([422, 'VALIDATION_FAILED']);
  });

  test('order numbers are sequential per vendor, without gaps, under concurrency', async () => {
    const own = await orderShop();
    const answers = await Promise.all(Array.from({ length: 8 }, () => place(own, orderBody(own, [['BOOK-1', 1]]))));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const numbers = answers.map((a) => (a.body as unknown as Order).number).sort((a, b) => a - b);
    expect(numbers).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008]);
  });
});

const ADDRESS_ = { name: 'Ada Lovelace', line1: '1 Rue du Marché', postalCode: 'L-1111', city: 'Luxembourg', country: 'LU' };

describe('customers: their orders and address book', () => {
  test('a signed-in customer sees their own orders; another customer gets NOT_FOUND', async () => {
    const alice = await registerShopper(shop.vendor.slug);
    const bob = await registerShopper(shop.vendor.slug);
    const placed = await place(shop, orderBody(shop, [['BOOK-1', 2]], { email: alice.email }), { token: alice.token });
    expect(placed.status).toBe(201);
    const order = placed.body as unknown as Order;
    expect(order.customerId).toBe(alice.customerId);

    const list = await shopCall<{ data: { number: number; itemCount: number }[] }>(shop.vendor.slug, 'GET', '/account/orders', {
      token: alice.token,
    });
    expect(list.body.data.map((o) => [o.number, o.itemCount])).toEqual([[order.number, 2]]);
    const mine = await shopCall<Order>(shop.vendor.slug, 'GET', `/account/orders/${order.number}`, { token: alice.token });
    expect(mine.status).toBe(200);
    expect(mine.body.id).toBe(order.id);

    const theirs = await shopCall(shop.vendor.slug, 'GET', `/account/orders/${order.number}`, { token: bob.token });
    expect([theirs.status, code(theirs.body)]).toEqual([404, 'NOT_FOUND']);
    const bobs = await shopCall<{ data: unknown[] }>(shop.vendor.slug, 'GET', '/account/orders', { token: bob.token });
    expect(bobs.body.data).toEqual([]);
    const anonymous = await shopCall(shop.vendor.slug, 'GET', '/account/orders');
    expect(anonymous.status).toBe(401);
  });

  test('a guest finds their order by number and email, not by number alone', async () => {
    const placed = await place(shop, orderBody(shop, [['BOOK-1', 1]], { email: 'guest@example.com' }));
    const number = (placed.body as unknown as Order).number;
    const found = await shopCall(shop.vendor.slug, 'POST', '/orders/lookup', { json: { number, email: 'GUEST@example.com' } });
    expect(found.status).toBe(200);
    const wrong = await shopCall(shop.vendor.slug, 'POST', '/orders/lookup', { json: { number, email: 'other@example.com' } });
    expect(wrong.status).toBe(404);
  });

  test('address book: add, a new default replaces the old, change, delete; only your own', async () => {
    const alice = await registerShopper(shop.vendor.slug);
    const bob = await registerShopper(shop.vendor.slug);
    const home = await shopCall<{ id: string; isDefaultShipping: boolean }>(shop.vendor.slug, 'POST', '/account/addresses', {
      token: alice.token,
      json: { ...ADDRESS_, label: 'Home', isDefaultShipping: true },
    });
    expect(home.status, JSON.stringify(home.body)).toBe(201);
    const work = await shopCall<{ id: string }>(shop.vendor.slug, 'POST', '/account/addresses', {
      token: alice.token,
      json: { ...ADDRESS_, label: 'Work', line1: '2 Avenue JFK', isDefaultShipping: true },
    });
    const list = await shopCall<{ data: { id: string; label: string; isDefaultShipping: boolean }[] }>(
      shop.vendor.slug,
      'GET',
      '/account/addresses',
      { token: alice.token },
    );
    expect(list.body.data.map((a) => [a.label, a.isDefaultShipping])).toEqual([
      ['Home', false],
      ['Work', true],
    ]);
    const changed = await shopCall<{ city: string }>(shop.vendor.slug, 'PATCH', `/account/addresses/${work.body.id}`, {
      token: alice.token,
      json: { city: 'Esch-sur-Alzette' },
    });
    expect(changed.body.city).toBe('Esch-sur-Alzette');
    const bobsTry = await shopCall(shop.vendor.slug, 'PATCH', `/account/addresses/${work.body.id}`, {
      token: bob.token,
      json: { city: 'Elsewhere' },
    });
    expect(bobsTry.status).toBe(404);
    const bobsDelete = await shopCall(shop.vendor.slug, 'DELETE', `/account/addresses/${home.body.id}`, { token: bob.token });
    expect(bobsDelete.status).toBe(404);
    const deleted = await shopCall(shop.vendor.slug, 'DELETE', `/account/addresses/${home.body.id}`, { token: alice.token });
    expect(deleted.status).toBe(204);
    const invalid = await shopCall(shop.vendor.slug, 'POST', '/account/addresses', { token: alice.token, json: { name: 'x' } });
    expect([invalid.status, code(invalid.body)]).toEqual([422, 'VALIDATION_FAILED']);
  });
});
