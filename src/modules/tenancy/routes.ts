import { createRoute, z } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { requireAdmin } from '../access/middleware';
import { createVendorSchema, vendorSchema } from './schemas';
import { createVendor, listActiveVendors } from './service';

const security = [{ bearer: [] }];

/** `/api/v1/admin/vendors`: platform admins create and list vendors. */
export const adminVendorRoutes = createApi();
adminVendorRoutes.use('/vendors', requireAdmin());
adminVendorRoutes.use('/vendors/*', requireAdmin());

adminVendorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/vendors',
    tags: ['admin'],
    summary: 'Creates a vendor and emits vendor.created.v1',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: createVendorSchema } } } },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: vendorSchema } } },
      401: { description: 'Not signed in as admin', content: { 'application/json': { schema: errorSchema } } },
      409: { description: 'Slug taken', content: { 'application/json': { schema: errorSchema } } },
      422: { description: 'Invalid body', content: { 'application/json': { schema: errorSchema } } },
    },
  }),
  async (c) => {
    const vendor = await createVendor(c.get('db'), c.req.valid('json'));
    kickRelay(c.env, c.executionCtx);
    return c.json(vendor, 201);
  },
);

adminVendorRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vendors',
    tags: ['admin'],
    summary: 'Lists active vendors',
    security,
    responses: {
      200: { description: 'Vendors', content: { 'application/json': { schema: z.object({ data: z.array(vendorSchema) }) } } },
      401: { description: 'Not signed in as admin', content: { 'application/json': { schema: errorSchema } } },
    },
  }),
  async (c) => c.json({ data: await listActiveVendors(c.get('db')) }, 200),
);
