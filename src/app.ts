import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { createApiApp } from './api';
import type { AppEnv } from './env';
import { listActiveVendors, resolveHost } from './modules/tenancy';
import { Database } from './platform/db';
import { renderErrorPage } from './platform/error-page';
import { ApiError, toApiError } from './platform/errors';
import { errorResponse } from './platform/http';
import { astroPages } from './platform/pages';

const isApi = (path: string) => path.startsWith('/api/');

/** Routes that answer on any host, before (and whatever) tenant resolution. */
const HOSTLESS = new Set(['/api/v1/health', '/api/v1/openapi.json', '/api/v1/docs']);

/** Builds the main Worker's app: request id → database → health → tenant → API, then pages. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    const db = new Database(c.env);
    c.set('db', db);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(db.close());
    }
  });

  app.use('*', async (c, next) => {
    // Health answers on every host, so it can still report a broken database.
    if (HOSTLESS.has(c.req.path)) return next();
    try {
      c.set('tenant', await resolveHost(c.get('db'), c.env, c.req.header('host') ?? ''));
    } catch (error) {
      // An unknown host still gets a proper 404 page; its API calls get the error envelope.
      if (!(error instanceof ApiError && error.code === 'VENDOR_NOT_FOUND') || isApi(c.req.path)) throw error;
    }
    const tenant = c.get('tenant');
    if (tenant?.kind === 'vendor' && tenant.vendor.status === 'suspended' && isApi(c.req.path)) {
      throw new ApiError('VENDOR_SUSPENDED', `${tenant.vendor.name} is not available at the moment`);
    }
    await next();
  });

  app.route('/api/v1', createApiApp());
  app.all('/api/*', (c) => errorResponse(c, new ApiError('NOT_FOUND', `${c.req.method} ${c.req.path} does not exist`)));

  app.use(
    '*',
    ...astroPages({
      loadShops: async (c) => {
        const url = new URL(c.req.url);
        const vendors = await listActiveVendors(c.get('db'));
        return vendors.map(({ slug, name }) => ({ slug, name, url: `${url.protocol}//${slug}.${url.host}/` }));
      },
      dispatch: (request, c) => Promise.resolve(app.fetch(request, c.env, c.executionCtx)),
    }),
  );

  app.notFound((c) => errorResponse(c, new ApiError('NOT_FOUND', `${c.req.method} ${c.req.path} does not exist`)));
  app.onError((error, c) => {
    const known = toApiError(error);
    if (!known)
      console.error(JSON.stringify({ requestId: c.get('requestId'), error: String(error), stack: (error as Error).stack }));
    const apiError = known ?? new ApiError('INTERNAL', 'Something went wrong on our side; quote the request id if you report it');
    if (isApi(c.req.path)) return errorResponse(c, apiError);
    return c.html(renderErrorPage(apiError, c.get('requestId') ?? 'unknown'), apiError.status, apiError.headers);
  });

  return app;
}
