import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { json, refusedWith, security, vendorIdOf as vendorId } from '../../platform/route-parts';
import { requireAdmin, requirePermission } from '../access/middleware';
import type { CatalogActor } from '../catalog';
import { countSelected, publishStaged } from './publish';
import { publishJobSchema } from './publish-job-schemas';
import { createPublishJob, readPublishTuning, SYNC_PUBLISH_GROUPS } from './publish-jobs';
import {
  adminImportPageSchema,
  adminImportsQuerySchema,
  publishRequestSchema,
  publishResultSchema,
  stagingPageSchema,
  stagingQuerySchema,
} from './staging-schemas';
import { listAllImports, listStaging } from './staging-service';

const refused = refusedWith('Not allowed for this role or key');

/** Who publishes: a team member or an API key (the permission guards ran before). */
function publisher(c: Context<AppEnv>): CatalogActor {
  const principal = c.get('principal');
  if (principal?.kind === 'team') return { kind: 'user', userId: principal.userId };
  if (principal?.kind === 'api-key') return { kind: 'api-key', keyId: principal.keyId };
  throw new ApiError('FORBIDDEN', 'Only the team or an API key can publish');
}

/** `/api/v1/vendor/imports/staging…`: the staging review and publishing into the catalog. */
export const stagingRoutes = createApi();

stagingRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/imports/staging',
    tags: ['vendor'],
    security,
    summary: 'Staged feed items grouped into the products they become, with field-level diffs; filter by diff status',
    middleware: [requirePermission('imports:read')],
    request: { query: stagingQuerySchema },
    responses: {
      200: json(stagingPageSchema, 'A page of staged groups'),
      422: json(errorSchema, 'Invalid filter or cursor'),
      ...refused,
    },
  }),
  async (c) => c.json(await listStaging(c.get('db'), vendorId(c), c.req.valid('query')), 200),
);

stagingRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/imports/staging/publish',
    tags: ['vendor'],
    security,
    summary:
      'Publishes the given groups, or with `all: true` every group with new or changed items, as catalog products with stock',
    description:
      `Up to ${SYNC_PUBLISH_GROUPS} waiting groups are published in the request (200 with the result). A larger ` +
      'selection, or `background: true`, starts a publish job instead: 202 with the job to poll at ' +
      '`GET /imports/publish-jobs/{id}`.',
    middleware: [requirePermission('imports:write'), requirePermission('catalog:write')],
    request: { body: { required: true, content: { 'application/json': { schema: publishRequestSchema } } } },
    responses: {
      200: json(publishResultSchema, 'What was published, what failed and what is left'),
      202: json(publishJobSchema, 'A publish job was started'),
      400: json(errorSchema, 'Invalid tuning header (local platform only)'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => {
    const db = c.get('db');
    const body = c.req.valid('json');
    const tuning = readPublishTuning(c.env, c.req.header('x-vitrine-import-tuning'));
    const groups = await countSelected(db, vendorId(c), body);
    if (body.background || groups > SYNC_PUBLISH_GROUPS) {
      const job = await createPublishJob(db, vendorId(c), body, groups, publisher(c), tuning);
      kickRelay(c.env, c.executionCtx);
      return c.json(job, 202);
    }
    return c.json(await publishStaged(db, vendorId(c), body, publisher(c)), 200);
  },
);

/** `/api/v1/admin/imports`: every vendor's import jobs, for platform admins. */
export const adminImportRoutes = createApi();
adminImportRoutes.use('/imports', requireAdmin());
adminImportRoutes.use('/imports/*', requireAdmin());

adminImportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/imports',
    tags: ['admin'],
    security,
    summary: "Every vendor's import jobs, newest first, with the vendor; filter by vendor",
    request: { query: adminImportsQuerySchema },
    responses: {
      200: json(adminImportPageSchema, 'A page of import jobs'),
      422: json(errorSchema, 'Invalid filter or cursor'),
      401: json(errorSchema, 'Not signed in'),
      403: json(errorSchema, 'Not a platform admin'),
    },
  }),
  async (c) => c.json(await listAllImports(c.get('db'), c.req.valid('query')), 200),
);
