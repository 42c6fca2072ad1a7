import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { kickRelay } from '../../platform/relay-kick';
import { adminRefused, body, json, security } from '../../platform/route-parts';
import { addDomain, removeDomain, verifyDomain } from './domain-service';
import { adminContext, conflict, invalid, notFound, tags } from './route-helpers';
import { addDomainSchema, domainParamSchema, domainSchema, vendorIdParamSchema } from './schemas';

/** `/api/v1/admin/vendors/{id}/domains`: a vendor's custom domains (mounted by routes.ts, behind requireAdmin). */
export const domainRoutes = createApi();

domainRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/vendors/{id}/domains',
    tags,
    summary: 'Adds a custom domain, unverified (it serves nothing yet); emits vendor.domain-added.v1',
    security,
    request: { params: vendorIdParamSchema, ...body(addDomainSchema) },
    responses: {
      201: json(domainSchema, 'Added'),
      ...adminRefused,
      ...notFound,
      ...conflict('The domain is in use, or the vendor was deleted'),
      ...invalid,
    },
  }),
  async (c) => {
    const domain = await addDomain(adminContext(c), c.req.valid('param').id, c.req.valid('json').domain);
    kickRelay(c.env, c.executionCtx);
    return c.json(domain, 201);
  },
);

domainRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/vendors/{id}/domains/{domainId}/verify',
    tags,
    summary: 'Verifies a custom domain: the shop answers on it at once; emits vendor.domain-verified.v1',
    security,
    request: { params: domainParamSchema },
    responses: {
      200: json(domainSchema, 'Verified'),
      ...adminRefused,
      ...notFound,
      ...conflict('The vendor was deleted'),
      ...invalid,
    },
  }),
  async (c) => {
    const { id, domainId } = c.req.valid('param');
    const domain = await verifyDomain(adminContext(c), id, domainId);
    kickRelay(c.env, c.executionCtx);
    return c.json(domain, 200);
  },
);

domainRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/vendors/{id}/domains/{domainId}',
    tags,
    summary: 'Removes a custom domain: it stops serving the shop at once; emits vendor.domain-removed.v1',
    security,
    request: { params: domainParamSchema },
    responses: { 204: { description: 'Removed' }, ...adminRefused, ...notFound, ...invalid },
  }),
  async (c) => {
    const { id, domainId } = c.req.valid('param');
    await removeDomain(adminContext(c), id, domainId);
    kickRelay(c.env, c.executionCtx);
    return c.body(null, 204);
  },
);
