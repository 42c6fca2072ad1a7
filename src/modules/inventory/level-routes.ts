import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { hostVendor, json, security } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { getVariantStock, type LowStockThresholdOf, listLevels, listMovements } from './level-service';
import { invalid, notFound, refused, tags } from './route-parts';
import {
  levelPageSchema,
  levelQuerySchema,
  movementPageSchema,
  movementQuerySchema,
  variantParamSchema,
  variantStockSchema,
} from './schemas';

/**
 * `/api/v1/vendor/inventory` (reads): levels by variant and location, and the movements ledger.
 * "Low" is judged against the vendor's low-stock threshold, read through `thresholdOf`.
 */
export function createLevelRoutes(thresholdOf: LowStockThresholdOf) {
  const levelRoutes = createApi();

  levelRoutes.openapi(
    createRoute({
      method: 'get',
      path: '/inventory',
      tags,
      security,
      summary: 'Stock per variant and location, by SKU; search by SKU or title, filter by location or low stock',
      middleware: [requirePermission('inventory:read')],
      request: { query: levelQuerySchema },
      responses: {
        200: json(levelPageSchema, 'A page of levels (zeros where a variant has no stock at a location yet)'),
        ...notFound('No such location here'),
        ...invalid,
        ...refused,
      },
    }),
    async (c) => {
      const db = c.get('db');
      const vendorId = hostVendor(c).id;
      const lowStockThreshold = await thresholdOf(db, vendorId);
      return c.json(await listLevels(db, vendorId, { ...c.req.valid('query'), lowStockThreshold }), 200);
    },
  );

  levelRoutes.openapi(
    createRoute({
      method: 'get',
      path: '/inventory/variants/{variantId}',
      tags,
      security,
      summary: "A variant's stock at every location, with totals",
      middleware: [requirePermission('inventory:read')],
      request: { params: variantParamSchema },
      responses: {
        200: json(variantStockSchema, 'The variant and its levels'),
        ...notFound('No such variant here'),
        ...invalid,
        ...refused,
      },
    }),
    async (c) => {
      const db = c.get('db');
      const vendorId = hostVendor(c).id;
      const stock = await getVariantStock(db, vendorId, c.req.valid('param').variantId, await thresholdOf(db, vendorId));
      return c.json(stock, 200);
    },
  );

  levelRoutes.openapi(
    createRoute({
      method: 'get',
      path: '/inventory/movements',
      tags,
      security,
      summary: 'The stock ledger, newest first, optionally of one variant and/or location',
      middleware: [requirePermission('inventory:read')],
      request: { query: movementQuerySchema },
      responses: {
        200: json(movementPageSchema, 'A page of ledger entries'),
        ...notFound('No such variant or location here'),
        ...invalid,
        ...refused,
      },
    }),
    async (c) => c.json(await listMovements(c.get('db'), hostVendor(c).id, c.req.valid('query')), 200),
  );
  return levelRoutes;
}
