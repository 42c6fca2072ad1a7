import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { body, json, security, vendorIdOf } from '../../platform/route-parts';
import { requireCustomer } from '../access/middleware';
import { addAddress, deleteAddress, listAddresses, updateAddress } from './address-service';
import { getCustomerOrder, listOrders } from './order-service';
import { customerId, refused } from './route-helpers';
import {
  addressBookInputSchema,
  addressBookPatchSchema,
  idParamSchema,
  orderNumberParamSchema,
  orderPageSchema,
  orderSchema,
  pageQuerySchema,
  savedAddressListSchema,
  savedAddressSchema,
} from './schemas';

const tags = ['shop'];

const privateCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cache-Control', 'private, no-store');
};

/** `/api/v1/shop/account/*`: a signed-in shopper's address book and orders (only their own). */
export const shopAccountRoutes = createApi();
shopAccountRoutes.use('/account/*', requireCustomer(), privateCache);

shopAccountRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/account/addresses',
    tags,
    security,
    summary: 'Your address book',
    responses: { 200: json(savedAddressListSchema, 'Addresses'), ...refused },
  }),
  async (c) => c.json({ data: await listAddresses(c.get('db'), vendorIdOf(c), customerId(c)) }, 200),
);

shopAccountRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/account/addresses',
    tags,
    security,
    summary: 'Adds an address (a new default replaces the old one)',
    request: body(addressBookInputSchema),
    responses: {
      201: json(savedAddressSchema, 'Added'),
      409: json(errorSchema, 'The address book is full'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => c.json(await addAddress(c.get('db'), vendorIdOf(c), customerId(c), c.req.valid('json')), 201),
);

shopAccountRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/account/addresses/{id}',
    tags,
    security,
    summary: 'Changes one of your addresses',
    request: { params: idParamSchema, ...body(addressBookPatchSchema) },
    responses: {
      200: json(savedAddressSchema, 'Changed'),
      404: json(errorSchema, 'Not in your address book'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => {
    const patch = Object.fromEntries(Object.entries(c.req.valid('json')).filter(([, v]) => v !== undefined));
    return c.json(await updateAddress(c.get('db'), vendorIdOf(c), customerId(c), c.req.valid('param').id, patch), 200);
  },
);

shopAccountRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/account/addresses/{id}',
    tags,
    security,
    summary: 'Removes one of your addresses',
    request: { params: idParamSchema },
    responses: { 204: { description: 'Removed' }, 404: json(errorSchema, 'Not in your address book'), ...refused },
  }),
  async (c) => {
    await deleteAddress(c.get('db'), vendorIdOf(c), customerId(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

shopAccountRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/account/orders',
    tags,
    security,
    summary: 'Your orders, newest first',
    request: { query: pageQuerySchema },
    responses: { 200: json(orderPageSchema, 'A page of your orders'), 422: json(errorSchema, 'Invalid cursor'), ...refused },
  }),
  async (c) => {
    const query = c.req.valid('query');
    return c.json(await listOrders(c.get('db'), vendorIdOf(c), { ...query, customerId: customerId(c) }), 200);
  },
);

shopAccountRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/account/orders/{number}',
    tags,
    security,
    summary: 'One of your orders by its number',
    request: { params: orderNumberParamSchema },
    responses: { 200: json(orderSchema, 'The order'), 404: json(errorSchema, 'Not one of your orders'), ...refused },
  }),
  async (c) => c.json(await getCustomerOrder(c.get('db'), vendorIdOf(c), customerId(c), c.req.valid('param').number), 200),
);
