/**
 * The routes anyone may call without signing in, as `METHOD /path` with Hono's `:param` syntax.
 * Every other route must refuse anonymous callers: the security suite enumerates the app's routes
 * and holds it to this list, so making a route public is a visible, reviewed change.
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/health',
  'GET /api/v1/openapi.json',
  'GET /api/v1/docs',
  'POST /api/v1/admin/auth/login',
  'POST /api/v1/admin/auth/refresh',
  'POST /api/v1/vendor/auth/login',
  'POST /api/v1/vendor/auth/refresh',
  'GET /api/v1/vendor/invitations/:token',
  'POST /api/v1/vendor/invitations/:token/accept',
  'POST /api/v1/shop/auth/login',
  'POST /api/v1/shop/auth/refresh',
  'POST /api/v1/shop/auth/register',
  'GET /api/v1/shop/products',
  'GET /api/v1/shop/products/:slug',
  'GET /api/v1/shop/categories',
  'GET /api/v1/shop/categories/:slug',
]);
