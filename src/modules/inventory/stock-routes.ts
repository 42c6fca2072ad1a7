import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { kickRelay } from '../../platform/relay-kick';
import { body, hostVendor, json, security } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { actorOf } from './actor';
import { bulkAdjustStock } from './bulk-stock';
import { conflict, invalid, notFound, refused, tags } from './route-parts';
import {
  adjustedLevelSchema,
  adjustmentSchema,
  bulkAdjustmentSchema,
  bulkResultSchema,
  transferResultSchema,
  transferSchema,
} from './schemas';
import { adjustStock, transferStockBetween } from './stock-service';

/** `/api/v1/vendor/inventory` (writes): adjustments and transfers, each recorded in the ledger. */
export const stockRoutes = createApi();

const insufficient = conflict('INSUFFICIENT_STOCK: it would go below zero or below what is reserved; details hold the level');

stockRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/inventory/adjustments',
    tags,
    security,
    summary: 'Adds to, removes from or sets (a count) the on-hand stock of a variant at a location',
    middleware: [requirePermission('inventory:write')],
    request: body(adjustmentSchema),
    responses: {
      200: json(adjustedLevelSchema, 'The level after the adjustment'),
      ...notFound('No such variant or location here'),
      ...insufficient,
      ...invalid,
      ...refused,
    },
  }),
  async (c) => {
    const level = await adjustStock(c.get('db'), hostVendor(c).id, actorOf(c.get('principal')), c.req.valid('json'));
    if (level.movementId !== null) kickRelay(c.env, c.executionCtx);
    return c.json(level, 200);
  },
);

stockRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/inventory/adjustments/bulk',
    tags,
    security,
    summary: 'Up to 500 adjustments, all or none',
    middleware: [requirePermission('inventory:write')],
    request: body(bulkAdjustmentSchema),
    responses: {
      200: json(bulkResultSchema, 'Every level after its adjustment, in the order given'),
      ...notFound('Some variants or locations do not exist here (details.missing)'),
      ...conflict('INSUFFICIENT_STOCK: nothing was changed; details.items names the refused items'),
      ...invalid,
      ...refused,
    },
  }),
  async (c) => {
    const { items } = c.req.valid('json');
    const data = await bulkAdjustStock(c.get('db'), hostVendor(c).id, actorOf(c.get('principal')), items);
    kickRelay(c.env, c.executionCtx);
    return c.json({ data }, 200);
  },
);

stockRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/inventory/transfers',
    tags,
    security,
    summary: 'Moves stock of a variant from one location to another',
    middleware: [requirePermission('inventory:write')],
    request: body(transferSchema),
    responses: {
      201: json(transferResultSchema, 'Both levels after the transfer'),
      ...notFound('No such variant or location here'),
      ...conflict('INSUFFICIENT_STOCK: not that much available at the source; details hold its level'),
      ...invalid,
      ...refused,
    },
  }),
  async (c) => {
    const result = await transferStockBetween(c.get('db'), hostVendor(c).id, actorOf(c.get('principal')), c.req.valid('json'));
    kickRelay(c.env, c.executionCtx);
    return c.json(result, 201);
  },
);
