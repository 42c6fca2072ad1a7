import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, json } from '../../platform/route-parts';
import { orderSchema } from '../orders/schemas';
import { checkOutCart } from './checkout';
import { cartContext, cartOwner, cartOwnerForWrite, existingCartForWrite } from './owner';
import {
  addItemSchema,
  cartCheckoutSchema,
  cartSchema,
  cartSummarySchema,
  idempotencyHeaderSchema,
  setQuantitySchema,
  variantParamSchema,
} from './schemas';
import { addItem, clearCart, getCart, getCartSummary, removeItem, setQuantity } from './service';

const tags = ['shop'];
const writeErrors = {
  403: json(errorSchema, 'A guest cart changed from another site (FORBIDDEN: CSRF protection)'),
  404: json(errorSchema, 'No such item in this shop (NOT_FOUND)'),
  409: json(errorSchema, 'Fewer available than asked (INSUFFICIENT_STOCK, `details.available`)'),
  422: json(errorSchema, 'Invalid request, or a cart or line limit reached (VALIDATION_FAILED)'),
};

/** A cart is one visitor's: never cached by anyone else. */
const privateCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cache-Control', 'private, no-store');
};

/**
 * `/api/v1/shop/cart`: the shopper's cart, signed in (the customer's) or not (a guest cart named by
 * the `vt_cart` cookie). Every answer is the whole cart with live prices and availability.
 */
export const cartRoutes = createApi();
cartRoutes.use('/cart', privateCache);
cartRoutes.use('/cart/*', privateCache);

cartRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/cart',
    tags,
    summary: 'The cart with today’s prices and availability, each line flagged (ok, insufficient_stock, unavailable)',
    responses: { 200: json(cartSchema, 'The cart (empty when there is none)') },
  }),
  async (c) => c.json(await getCart(cartContext(c), cartOwner(c)), 200),
);

cartRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/cart/summary',
    tags,
    summary: 'How many items the cart holds (no prices; cheap enough for every page)',
    responses: { 200: json(cartSummarySchema, 'Counts') },
  }),
  async (c) => c.json(await getCartSummary(cartContext(c), cartOwner(c)), 200),
);

cartRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/cart/items',
    tags,
    summary: 'Adds units of a variant; more than available is refused with what is left',
    request: body(addItemSchema),
    responses: { 200: json(cartSchema, 'The cart after adding'), ...writeErrors },
  }),
  async (c) => {
    const { variantId, quantity } = c.req.valid('json');
    return c.json(await addItem(cartContext(c), cartOwnerForWrite(c), variantId, quantity), 200);
  },
);

cartRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/cart/items/{variantId}',
    tags,
    summary: 'Sets a line’s quantity (0 removes it); raising it follows the rules of adding',
    request: { params: variantParamSchema, ...body(setQuantitySchema) },
    responses: { 200: json(cartSchema, 'The cart after the change'), ...writeErrors },
  }),
  async (c) => {
    const { variantId } = c.req.valid('param');
    const { quantity } = c.req.valid('json');
    return c.json(await setQuantity(cartContext(c), cartOwnerForWrite(c), variantId, quantity), 200);
  },
);

cartRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/cart/items/{variantId}',
    tags,
    summary: 'Removes a line (a line that isn’t there is a no-op)',
    request: { params: variantParamSchema },
    responses: { 200: json(cartSchema, 'The cart after removing'), ...writeErrors },
  }),
  async (c) => c.json(await removeItem(cartContext(c), existingCartForWrite(c), c.req.valid('param').variantId), 200),
);

cartRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/cart',
    tags,
    summary: 'Empties the cart',
    responses: { 200: json(cartSchema, 'The empty cart'), 403: writeErrors[403] },
  }),
  async (c) => c.json(await clearCart(cartContext(c), existingCartForWrite(c)), 200),
);

cartRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/cart/checkout',
    tags,
    summary: 'Orders what the cart holds (guest or customer); requires Idempotency-Key; the ordered lines leave the cart',
    description:
      'The lines come from the cart; the rest is as for POST /shop/orders. Retrying with the same Idempotency-Key ' +
      'orders the same lines and answers the same order (200), even though the first attempt emptied the cart.',
    request: { headers: idempotencyHeaderSchema, ...body(cartCheckoutSchema) },
    responses: {
      201: json(orderSchema, 'Placed'),
      200: json(orderSchema, 'Placed earlier with this Idempotency-Key'),
      400: json(errorSchema, 'No or a malformed Idempotency-Key (IDEMPOTENCY_KEY_REQUIRED)'),
      403: writeErrors[403],
      409: json(errorSchema, 'INSUFFICIENT_STOCK (details.lines), or CONFLICT (the key was used for another order)'),
      422: json(errorSchema, 'Invalid body, an empty cart, an item no longer sold, an unknown shipping method'),
    },
  }),
  async (c) => {
    const principal = c.get('principal');
    const { order, replayed } = await checkOutCart(cartContext(c), existingCartForWrite(c), c.req.valid('json'), {
      idempotencyKey: c.req.header('idempotency-key'),
      customerId: principal?.kind === 'customer' ? principal.customerId : null,
    });
    if (replayed) return c.json(order, 200);
    kickRelay(c.env, c.executionCtx);
    return c.json(order, 201);
  },
);
