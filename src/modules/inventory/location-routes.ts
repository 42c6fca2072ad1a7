import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { kickRelay } from '../../platform/relay-kick';
import { body, hostVendor, json, security } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { createLocation, deleteLocation, listLocations, updateLocation } from './location-service';
import { conflict, invalid, notFound, refused, tags } from './route-parts';
import { createLocationSchema, idParamSchema, locationListSchema, locationSchema, updateLocationSchema } from './schemas';

/** `/api/v1/vendor/locations`: where the vendor keeps stock. */
export const locationRoutes = createApi();

locationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/locations',
    tags,
    security,
    summary: 'Lists the stock locations (the default first) with their stock totals',
    middleware: [requirePermission('inventory:read')],
    responses: { 200: json(locationListSchema, 'Every location of this vendor'), ...refused },
  }),
  async (c) => c.json({ data: await listLocations(c.get('db'), hostVendor(c).id) }, 200),
);

locationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/locations',
    tags,
    security,
    summary: 'Adds a stock location; the first one (or one created with isDefault) is the default',
    middleware: [requirePermission('inventory:write')],
    request: body(createLocationSchema),
    responses: {
      201: json(locationSchema, 'Created'),
      ...conflict('The code is taken, or the vendor has 50 locations'),
      ...invalid,
      ...refused,
    },
  }),
  async (c) => {
    const location = await createLocation(c.get('db'), hostVendor(c).id, c.req.valid('json'));
    kickRelay(c.env, c.executionCtx);
    return c.json(location, 201);
  },
);

locationRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/locations/{id}',
    tags,
    security,
    summary: 'Renames a location and/or makes it the default (the previous default stops being one)',
    middleware: [requirePermission('inventory:write')],
    request: { params: idParamSchema, ...body(updateLocationSchema) },
    responses: {
      200: json(locationSchema, 'The location as it is now'),
      ...notFound('No such location here'),
      ...invalid,
      ...refused,
    },
  }),
  async (c) => {
    const location = await updateLocation(c.get('db'), hostVendor(c).id, c.req.valid('param').id, c.req.valid('json'));
    kickRelay(c.env, c.executionCtx);
    return c.json(location, 200);
  },
);

locationRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/locations/{id}',
    tags,
    security,
    summary: 'Removes a location that holds no stock (not the default while others exist)',
    middleware: [requirePermission('inventory:write')],
    request: { params: idParamSchema },
    responses: {
      204: { description: 'Removed, with its empty levels and their ledger entries' },
      ...notFound('No such location here'),
      ...conflict('Stock is still on hand or reserved there, or it is the default'),
      ...refused,
    },
  }),
  async (c) => {
    await deleteLocation(c.get('db'), hostVendor(c).id, c.req.valid('param').id);
    kickRelay(c.env, c.executionCtx);
    return c.body(null, 204);
  },
);
