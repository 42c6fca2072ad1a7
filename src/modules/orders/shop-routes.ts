import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, json, vendorIdOf } from '../../platform/route-parts';
import { placeOrder, quoteCheckout } from './checkout-service';
import { findGuestOrder } from './order-service';
import { PAYMENT_PROVIDERS } from './payments';
import {
  guestLookupSchema,
  idempotencyHeaderSchema,
  orderSchema,
  paymentMethodListSchema,
  placeOrderSchema,
  quoteRequestSchema,
  quoteSchema,
  shippingMethodListSchema,
} from './schemas';
import { listShippingMethods } from './settings-service';

const tags = ['shop'];

/** `/api/v1/shop/{orders,checkout,shipping-methods,payment-methods}`: checkout for guests and customers. */
export const shopOrderRoutes = createApi();

shopOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/shipping-methods',
    tags,
    summary: 'The shipping methods offered at checkout',
    responses: { 200: json(shippingMethodListSchema, 'Active methods, in order') },
  }),
  async (c) => c.json({ data: await listShippingMethods(c.get('db'), vendorIdOf(c), true) }, 200),
);

shopOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/payment-methods',
    tags,
    summary: 'The ways to pay at checkout',
    responses: { 200: json(paymentMethodListSchema, 'Payment methods') },
  }),
  (c) =>
    c.json({ data: Object.values(PAYMENT_PROVIDERS).map(({ id, label, description }) => ({ id, label, description })) }, 200),
);

shopOrderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/checkout/quote',
    tags,
    summary: 'Prices lines and shipping as an order would be: subtotal, shipping, tax breakdown, total',
    request: body(quoteRequestSchema),
    responses: {
      200: json(quoteSchema, 'The quote (prices are tax-inclusive; nothing is reserved)'),
      422: json(errorSchema, 'Invalid body, an item not sold here, or a method that cannot carry the parcel'),
    },
  }),
  async (c) => c.json(await quoteCheckout(c.get('db'), vendorIdOf(c), c.req.valid('json')), 200),
);

shopOrderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orders',
    tags,
    summary: 'Places an order (guest or signed-in customer); requires Idempotency-Key; emits order.placed.v1',
    description:
      'Stock is reserved atomically with the order. Repeating the same Idempotency-Key with the same body answers ' +
      'the same order (200); with another body, CONFLICT.',
    request: { headers: idempotencyHeaderSchema, ...body(placeOrderSchema) },
    responses: {
      201: json(orderSchema, 'Placed'),
      200: json(orderSchema, 'Placed earlier with this Idempotency-Key'),
      400: json(errorSchema, 'IDEMPOTENCY_KEY_REQUIRED'),
      409: json(errorSchema, 'INSUFFICIENT_STOCK (details.lines: requested and available per variant), or CONFLICT (key reused)'),
      422: json(errorSchema, 'Invalid body, an item not sold here, an unknown shipping method'),
    },
  }),
  async (c) => {
    const principal = c.get('principal');
    const { order, replayed } = await placeOrder(c.get('db'), vendorIdOf(c), c.req.valid('json'), {
      idempotencyKey: c.req.header('idempotency-key'),
      buyer: { customerId: principal?.kind === 'customer' ? principal.customerId : null },
    });
    c.header('Cache-Control', 'private, no-store');
    if (replayed) return c.json(order, 200);
    kickRelay(c.env, c.executionCtx);
    return c.json(order, 201);
  },
);

shopOrderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orders/lookup',
    tags,
    summary: 'A guest finds their order by number and the email it was placed with',
    request: body(guestLookupSchema),
    responses: { 200: json(orderSchema, 'The order'), 404: json(errorSchema, 'No order with this number and email') },
  }),
  async (c) => {
    const { number, email } = c.req.valid('json');
    c.header('Cache-Control', 'private, no-store');
    return c.json(await findGuestOrder(c.get('db'), vendorIdOf(c), number, email), 200);
  },
);
