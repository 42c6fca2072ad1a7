import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { json, refusedWith, security, vendorIdOf as vendorId } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { publishJobPageSchema, publishJobQuerySchema, publishJobSchema } from './publish-job-schemas';
import { cancelPublishJob, getPublishJob, listPublishJobs } from './publish-jobs';
import { idParamSchema } from './schemas';

const tags = ['vendor'];
const refused = refusedWith('Not allowed for this caller');
const missing = { 404: json(errorSchema, 'No such publish job here') };

/** `/api/v1/vendor/imports/publish-jobs…`: follow and cancel background publishes (mounted before `/imports/{id}`). */
export const publishJobRoutes = createApi();

publishJobRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/imports/publish-jobs',
    tags,
    security,
    summary: 'Publish jobs, newest first (keyset pages, filter by status)',
    middleware: [requirePermission('imports:read')],
    request: { query: publishJobQuerySchema },
    responses: { 200: json(publishJobPageSchema, 'Publish jobs'), 422: json(errorSchema, 'Invalid query'), ...refused },
  }),
  async (c) => c.json(await listPublishJobs(c.get('db'), vendorId(c), c.req.valid('query')), 200),
);

publishJobRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/imports/publish-jobs/{id}',
    tags,
    security,
    summary: 'One publish job: status, groups done of the total, products created and updated, failures',
    middleware: [requirePermission('imports:read')],
    request: { params: idParamSchema },
    responses: { 200: json(publishJobSchema, 'Publish job'), ...missing, ...refused },
  }),
  async (c) => c.json(await getPublishJob(c.get('db'), vendorId(c), c.req.valid('param').id), 200),
);

publishJobRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/imports/publish-jobs/{id}/cancel',
    tags,
    security,
    summary: 'Stops a publish job after its current batch; what it published stays published',
    middleware: [requirePermission('imports:write')],
    request: { params: idParamSchema },
    responses: {
      202: json(publishJobSchema, 'Cancellation requested'),
      ...missing,
      409: json(errorSchema, 'Already finished'),
      ...refused,
    },
  }),
  async (c) => c.json(await cancelPublishJob(c.get('db'), vendorId(c), c.req.valid('param').id), 202),
);
