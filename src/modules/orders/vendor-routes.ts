import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, json, security, vendorIdOf } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { getCustomer, listCustomers } from './customer-service';
import { getTeamOrder, listOrders, transitionOrder } from './order-service';
import { refused, teamActor } from './route-helpers';
import {
  customerDetailSchema,
  customerListQuerySchema,
  customerPageSchema,
  idParamSchema,
  orderIdParamSchema,
  orderListQuerySchema,
  orderPageSchema,
  teamOrderSchema,
  transitionSchema,
} from './schemas';

const tags = ['vendor'];

/** `/api/v1/vendor/{orders,customers}`: the team works through orders and looks up customers. */
export const vendorOrderRoutes = createApi();

vendorOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orders',
    tags,
    security,
    summary: 'Lists orders, newest first: filter by status, placed from/to, customer; search by number',
    middleware: [requirePermission('orders:read')],
    request: { query: orderListQuerySchema },
    responses: { 200: json(orderPageSchema, 'A page of orders'), 422: json(errorSchema, 'Invalid query or cursor'), ...refused },
  }),
  async (c) => c.json(await listOrders(c.get('db'), vendorIdOf(c), c.req.valid('query')), 200),
);

vendorOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orders/{id}',
    tags,
    security,
    summary: 'An order with its items, status history and the transitions it allows',
    middleware: [requirePermission('orders:read')],
    request: { params: orderIdParamSchema },
    responses: { 200: json(teamOrderSchema, 'The order'), 404: json(errorSchema, 'No such order'), ...refused },
  }),
  async (c) => c.json(await getTeamOrder(c.get('db'), vendorIdOf(c), c.req.valid('param').id), 200),
);

vendorOrderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orders/{id}/transitions',
    tags,
    security,
    summary: 'Moves an order on (confirm, process, ship, deliver, cancel, refund) if `version` is current',
    description:
      'Cancelling releases the reserved stock; shipping takes it off the shelf (ledger reason `sold`). ' +
      'Emits order.confirmed/shipped/delivered/cancelled/refunded.v1.',
    middleware: [requirePermission('orders:write')],
    request: { params: orderIdParamSchema, ...body(transitionSchema) },
    responses: {
      200: json(teamOrderSchema, 'The order as it is now'),
      404: json(errorSchema, 'No such order'),
      409: json(errorSchema, 'INVALID_TRANSITION (details.allowed), or CONFLICT (stale version: details.currentVersion)'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => {
    const order = await transitionOrder(c.get('db'), vendorIdOf(c), c.req.valid('param').id, c.req.valid('json'), teamActor(c));
    kickRelay(c.env, c.executionCtx);
    return c.json(order, 200);
  },
);

vendorOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/customers',
    tags,
    security,
    summary: 'Lists the shop’s customers, newest first; `q` searches email and name',
    middleware: [requirePermission('customers:read')],
    request: { query: customerListQuerySchema },
    responses: { 200: json(customerPageSchema, 'A page of customers'), 422: json(errorSchema, 'Invalid query'), ...refused },
  }),
  async (c) => c.json(await listCustomers(c.get('db'), vendorIdOf(c), c.req.valid('query')), 200),
);

vendorOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/customers/{id}',
    tags,
    security,
    summary: 'A customer with their orders and addresses',
    middleware: [requirePermission('customers:read')],
    request: { params: idParamSchema },
    responses: { 200: json(customerDetailSchema, 'The customer'), 404: json(errorSchema, 'No such customer'), ...refused },
  }),
  async (c) => c.json(await getCustomer(c.get('db'), vendorIdOf(c), c.req.valid('param').id), 200),
);
