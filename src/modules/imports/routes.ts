import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { json, refusedWith, security, vendorIdOf as vendorId } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import {
  type CreateImportFromUrl,
  createImportFromUrlSchema,
  createImportQuerySchema,
  idParamSchema,
  importJobPageSchema,
  importJobQuerySchema,
  importJobSchema,
  rowErrorPageSchema,
  rowErrorQuerySchema,
} from './schemas';
import {
  cancelImportJob,
  createUploadImport,
  createUrlImport,
  getImportJob,
  listImportJobs,
  listRowErrors,
  readTuning,
  rowErrorsCsv,
} from './service';

const tags = ['vendor'];
const read = requirePermission('imports:read');
const write = requirePermission('imports:write');

const refused = refusedWith('Not allowed for this caller');
const missing = { 404: json(errorSchema, 'No such import here') };

/** The JSON body of a feed-URL import, validated like every other body (VALIDATION_FAILED with details). */
async function urlBody(c: Context<AppEnv>): Promise<CreateImportFromUrl> {
  const raw = await c.req.json().catch(() => {
    throw new ApiError('BAD_REQUEST', 'The body is not valid JSON');
  });
  const result = createImportFromUrlSchema.safeParse(raw);
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new ApiError('VALIDATION_FAILED', 'The request is not valid', { details });
  }
  return result.data;
}

/** `/api/v1/vendor/imports…`: start a feed import (upload or URL), follow it, read its errors, cancel it. */
export const importRoutes = createApi();
importRoutes.openAPIRegistry.register('CreateImportFromUrl', createImportFromUrlSchema);

importRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/imports',
    tags,
    security,
    summary: 'Starts an import: a CSV/TSV body, a multipart `file`, or JSON `{ "url" }` of a feed to fetch',
    description:
      'The body streams to storage (never buffered whole): `text/csv`, `text/tab-separated-values`, any raw ' +
      'body, or `multipart/form-data` whose first file part is the feed. A JSON body `{ "url" }` makes the ' +
      'worker fetch the feed. Options go in the query string. Answers 202 with the job to poll.',
    middleware: [write],
    request: {
      query: createImportQuerySchema,
      // Documented, not validated by the route: a zod body here would refuse undeclared content types
      // and buffer multipart bodies. The handler validates the JSON and streams everything else.
      body: {
        required: true,
        content: {
          'text/csv': { schema: { type: 'string', description: 'The feed file' } },
          'text/tab-separated-values': { schema: { type: 'string', description: 'The feed file' } },
          'multipart/form-data': {
            schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
          },
          'application/json': { schema: { $ref: '#/components/schemas/CreateImportFromUrl' } },
        },
      },
    },
    responses: {
      202: json(importJobSchema, 'Queued'),
      400: json(errorSchema, 'Malformed upload'),
      413: json(errorSchema, 'The file is larger than the limit'),
      422: json(errorSchema, 'Invalid options or URL'),
      503: json(errorSchema, 'Storage unavailable'),
      ...refused,
    },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const tuning = readTuning(c.env, c.req.header('x-vitrine-import-tuning'));
    const isJson = /^application\/json\b/i.test(c.req.header('content-type') ?? '');
    const job = isJson
      ? await createUrlImport(c.get('db'), c.env, vendorId(c), c.get('principal'), await urlBody(c), query, tuning)
      : await createUploadImport(c.get('db'), c.env, vendorId(c), c.get('principal'), c.req.raw, query, tuning);
    kickRelay(c.env, c.executionCtx);
    return c.json(job, 202);
  },
);

importRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/imports',
    tags,
    security,
    summary: 'Imports, newest first (keyset pages, filter by status)',
    middleware: [read],
    request: { query: importJobQuerySchema },
    responses: { 200: json(importJobPageSchema, 'Imports'), 422: json(errorSchema, 'Invalid query'), ...refused },
  }),
  async (c) => c.json(await listImportJobs(c.get('db'), vendorId(c), c.req.valid('query')), 200),
);

importRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/imports/{id}',
    tags,
    security,
    summary: 'One import: status, progress through the file, counters, error',
    middleware: [read],
    request: { params: idParamSchema },
    responses: { 200: json(importJobSchema, 'Import'), ...missing, ...refused },
  }),
  async (c) => c.json(await getImportJob(c.get('db'), vendorId(c), c.req.valid('param').id), 200),
);

importRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/imports/{id}/errors',
    tags,
    security,
    summary: "The import's row errors in file order (keyset pages, filter by code)",
    middleware: [read],
    request: { params: idParamSchema, query: rowErrorQuerySchema },
    responses: { 200: json(rowErrorPageSchema, 'Row errors'), ...missing, 422: json(errorSchema, 'Invalid query'), ...refused },
  }),
  async (c) => c.json(await listRowErrors(c.get('db'), vendorId(c), c.req.valid('param').id, c.req.valid('query')), 200),
);

importRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/imports/{id}/errors.csv',
    tags,
    security,
    summary: "The import's row errors as a CSV report (cells that look like formulas are prefixed with ')",
    middleware: [read],
    request: { params: idParamSchema },
    responses: {
      200: { description: 'CSV report', content: { 'text/csv': { schema: z.string() } } },
      ...missing,
      ...refused,
    },
  }),
  async (c) => {
    const id = c.req.valid('param').id;
    const stream = await rowErrorsCsv(c.get('db'), vendorId(c), id);
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="import-${id}-errors.csv"`,
    });
  },
);

importRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/imports/{id}/cancel',
    tags,
    security,
    summary: 'Cancels a queued or running import at its next step; staging stays as it was',
    middleware: [write],
    request: { params: idParamSchema },
    responses: {
      202: json(importJobSchema, 'Cancellation requested'),
      ...missing,
      409: json(errorSchema, 'Already finished'),
      ...refused,
    },
  }),
  async (c) => c.json(await cancelImportJob(c.get('db'), vendorId(c), c.req.valid('param').id), 202),
);
