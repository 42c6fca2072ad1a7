import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { accountRoutes } from './modules/access/account-routes';
import { adminUserRoutes } from './modules/access/admin-user-routes';
import { apiKeyRoutes } from './modules/access/api-key-routes';
import { adminAuthRoutes, shopAuthRoutes, teamAuthRoutes } from './modules/access/auth-routes';
import { authenticate, limitApi } from './modules/access/middleware';
import { teamRoutes } from './modules/access/team-routes';
import { cartRoutes } from './modules/cart/routes';
import { catalogRoutes } from './modules/catalog/routes';
import { shopCatalogRoutes } from './modules/catalog/shop-routes';
import { adminEventRoutes } from './modules/events';
import { healthRoutes } from './modules/health/routes';
import { publishJobRoutes } from './modules/imports/publish-job-routes';
import { importRoutes } from './modules/imports/routes';
import { adminImportRoutes, stagingRoutes } from './modules/imports/staging-routes';
import { createInventoryRoutes } from './modules/inventory/routes';
import { shopOrdersApi, vendorOrdersApi } from './modules/orders/routes';
import { pricingRoutes } from './modules/pricing/routes';
import { stockAlertRoutes } from './modules/stock/routes';
import { lowStockThreshold } from './modules/stock/service';
import { adminVendorRoutes } from './modules/tenancy';
import { settingsRoutes } from './modules/tenancy/settings-routes';
import { webhookRoutes } from './modules/webhooks/routes';
import { renderApiDocs } from './platform/api-docs';
import { ApiError } from './platform/errors';
import { createApi } from './platform/http';

/** Only the named audience's host may call this part of the API; on other hosts it doesn't exist. */
function audience(kind: 'admin' | 'vendor'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('tenant')?.kind !== kind)
      throw new ApiError('NOT_FOUND', `${c.req.method} ${c.req.path} does not exist on this host`);
    await next();
  };
}

const info = {
  title: 'Vitrine API',
  version: '1',
  description:
    'Multi-tenant storefront API. The host decides the tenant: `admin.<root>` for platform admins, ' +
    '`<slug>.<root>` (or a custom domain) for a vendor team (`/vendor/*`) and its shoppers (`/shop/*`). ' +
    'Every non-2xx answer is `{ "error": { "code", "message", "requestId", "details"? } }`.',
};

/** `/api/v1`: every JSON route, each sub-app registered so the OpenAPI document lists it. */
export function createApiApp() {
  const api = createApi();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  api.route('/', healthRoutes);
  api.use('/admin/*', audience('admin'), authenticate());
  api.route('/admin', adminAuthRoutes);
  api.route('/admin', adminVendorRoutes);
  api.route('/admin', adminUserRoutes);
  api.route('/admin', adminEventRoutes);
  api.route('/admin', adminImportRoutes);
  api.use('/vendor/*', audience('vendor'), authenticate(), limitApi());
  api.route('/vendor', teamAuthRoutes);
  api.route('/vendor', teamRoutes);
  api.route('/vendor', apiKeyRoutes);
  api.route('/vendor', catalogRoutes);
  // Inventory's "low" follows the stock engine's threshold; stock depends on inventory, so it is wired here.
  api.route('/vendor', createInventoryRoutes({ lowStockThresholdOf: lowStockThreshold }));
  api.route('/vendor', stockAlertRoutes);
  api.route('/vendor', settingsRoutes);
  api.route('/vendor', vendorOrdersApi);
  api.route('/vendor', webhookRoutes);
  // Before the import job routes: `/imports/staging` and `/imports/publish-jobs` must not be taken for a job id.
  api.route('/vendor', stagingRoutes);
  api.route('/vendor', publishJobRoutes);
  api.route('/vendor', importRoutes);
  api.route('/vendor', pricingRoutes);
  api.use('/shop/*', audience('vendor'), authenticate(), limitApi());
  api.route('/shop', shopAuthRoutes);
  api.route('/shop', shopCatalogRoutes);
  api.route('/shop', shopOrdersApi);
  api.route('/shop', cartRoutes);
  api.route('/', accountRoutes);

  const document = (url: string) =>
    api.getOpenAPI31Document({ openapi: '3.1.0', info, servers: [{ url: `${new URL(url).origin}/api/v1` }] });
  api.get('/openapi.json', (c) => c.json(document(c.req.url)));
  api.get('/docs', (c) => c.html(renderApiDocs(document(c.req.url))));
  return api;
}
