import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { createApi } from '../../platform/http';
import { kickRelay } from '../../platform/relay-kick';
import { adminRefused, body, json, security } from '../../platform/route-parts';
import { requireAdmin } from '../access/middleware';
import { domainRoutes } from './domain-routes';
import { adminContext, conflict, invalid, notFound, tags } from './route-helpers';
import {
  createdVendorSchema,
  createVendorSchema,
  listVendorsQuerySchema,
  suspendVendorSchema,
  updateVendorSchema,
  vendorDetailSchema,
  vendorIdParamSchema,
  vendorPageSchema,
  vendorSchema,
  vendorStatsSchema,
} from './schemas';
import { createVendor, normalizeHost } from './service';
import {
  deleteVendor,
  getVendor,
  listVendors,
  reactivateVendor,
  suspendVendor,
  updateVendor,
  vendorStats,
  verifyVendor,
} from './vendor-admin-service';

/** The owner's invitation link on the new shop's host, with this request's scheme and port. */
function acceptUrl(c: Context<AppEnv>, slug: string, token: string): string {
  const url = new URL(c.req.url);
  const port = url.port ? `:${url.port}` : '';
  return `${url.protocol}//${slug}.${normalizeHost(c.env.ROOT_DOMAIN)}${port}/dashboard/invite/${token}`;
}

/** `/api/v1/admin/vendors`: platform admins create, find, change, suspend and delete vendors. */
export const adminVendorRoutes = createApi();
adminVendorRoutes.use('/vendors', requireAdmin());
adminVendorRoutes.use('/vendors/*', requireAdmin());

adminVendorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/vendors',
    tags,
    summary: 'Creates a vendor (and an owner invitation for `ownerEmail`); emits vendor.created.v1',
    security,
    request: body(createVendorSchema),
    responses: { 201: json(createdVendorSchema, 'Created'), ...adminRefused, ...conflict('Slug taken'), ...invalid },
  }),
  async (c) => {
    const ctx = adminContext(c);
    const { ownerInvite, ...vendor } = await createVendor(ctx.db, c.req.valid('json'), { env: ctx.env, actorId: ctx.actorId });
    kickRelay(c.env, c.executionCtx);
    if (!ownerInvite) return c.json(vendor, 201);
    const { email, token, expiresAt } = ownerInvite;
    return c.json(
      { ...vendor, ownerInvite: { email, acceptUrl: acceptUrl(c, vendor.slug, token), expiresAt: expiresAt.toISOString() } },
      201,
    );
  },
);

adminVendorRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vendors',
    tags,
    summary: 'Lists vendors by name: search by name or slug, filter by state, keyset `cursor`',
    security,
    request: { query: listVendorsQuerySchema },
    responses: { 200: json(vendorPageSchema, 'A page of vendors'), ...adminRefused, ...invalid },
  }),
  async (c) => c.json(await listVendors(c.get('db'), c.req.valid('query')), 200),
);

// Before /vendors/{id}, which would otherwise take "stats" for an id.
adminVendorRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vendors/stats',
    tags,
    summary: 'Counts vendors by state, for the admin overview',
    security,
    responses: { 200: json(vendorStatsSchema, 'Counts'), ...adminRefused },
  }),
  async (c) => c.json(await vendorStats(c.get('db')), 200),
);

adminVendorRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vendors/{id}',
    tags,
    summary: 'One vendor (deleted ones too) with its domains and team size',
    security,
    request: { params: vendorIdParamSchema },
    responses: { 200: json(vendorDetailSchema, 'The vendor'), ...adminRefused, ...notFound, ...invalid },
  }),
  async (c) => c.json(await getVendor(c.get('db'), c.req.valid('param').id), 200),
);

adminVendorRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/vendors/{id}',
    tags,
    summary: 'Renames or re-themes a vendor (the slug is immutable); emits vendor.updated.v1',
    security,
    request: { params: vendorIdParamSchema, ...body(updateVendorSchema) },
    responses: {
      200: json(vendorSchema, 'Updated'),
      ...adminRefused,
      ...notFound,
      ...conflict('The vendor was deleted'),
      ...invalid,
    },
  }),
  async (c) => {
    const vendor = await updateVendor(adminContext(c), c.req.valid('param').id, c.req.valid('json'));
    kickRelay(c.env, c.executionCtx);
    return c.json(vendor, 200);
  },
);

adminVendorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/vendors/{id}/verify',
    tags,
    summary: "Marks the vendor's identity as checked; emits vendor.verified.v1",
    security,
    request: { params: vendorIdParamSchema },
    responses: { 200: json(vendorSchema, 'Verified'), ...adminRefused, ...notFound, ...conflict('The vendor was deleted') },
  }),
  async (c) => {
    const vendor = await verifyVendor(adminContext(c), c.req.valid('param').id);
    kickRelay(c.env, c.executionCtx);
    return c.json(vendor, 200);
  },
);

adminVendorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/vendors/{id}/suspend',
    tags,
    summary: 'Closes the shop and its team API (VENDOR_SUSPENDED) at once; emits vendor.suspended.v1',
    security,
    request: {
      params: vendorIdParamSchema,
      body: { required: false, content: { 'application/json': { schema: suspendVendorSchema } } },
    },
    responses: {
      200: json(vendorSchema, 'Suspended'),
      ...adminRefused,
      ...notFound,
      ...conflict('The vendor was deleted'),
      ...invalid,
    },
  }),
  async (c) => {
    const input = c.req.valid('json') as { reason?: string } | undefined;
    const vendor = await suspendVendor(adminContext(c), c.req.valid('param').id, input?.reason);
    kickRelay(c.env, c.executionCtx);
    return c.json(vendor, 200);
  },
);

adminVendorRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/vendors/{id}/reactivate',
    tags,
    summary: 'Reopens a suspended vendor at once; emits vendor.reactivated.v1',
    security,
    request: { params: vendorIdParamSchema },
    responses: { 200: json(vendorSchema, 'Active'), ...adminRefused, ...notFound, ...conflict('The vendor was deleted') },
  }),
  async (c) => {
    const vendor = await reactivateVendor(adminContext(c), c.req.valid('param').id);
    kickRelay(c.env, c.executionCtx);
    return c.json(vendor, 200);
  },
);

adminVendorRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/vendors/{id}',
    tags,
    summary: 'Soft-deletes a vendor: its hosts answer 404 from now on; emits vendor.deleted.v1',
    security,
    request: { params: vendorIdParamSchema },
    responses: { 204: { description: 'Deleted' }, ...adminRefused, ...notFound, ...conflict('Already deleted') },
  }),
  async (c) => {
    await deleteVendor(adminContext(c), c.req.valid('param').id);
    kickRelay(c.env, c.executionCtx);
    return c.body(null, 204);
  },
);

adminVendorRoutes.route('/', domainRoutes);
