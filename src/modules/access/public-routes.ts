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
  // The cart works for guests (a cart cookie) as for customers; guest writes need this origin.
  'GET /api/v1/shop/cart',
  'GET /api/v1/shop/cart/summary',
  'POST /api/v1/shop/cart/items',
  'PATCH /api/v1/shop/cart/items/:variantId',
  'DELETE /api/v1/shop/cart/items/:variantId',
  'DELETE /api/v1/shop/cart',
  'POST /api/v1/shop/cart/checkout',
  // Checkout works for guests as for signed-in customers.
  'GET /api/v1/shop/shipping-methods',
  'GET /api/v1/shop/payment-methods',
  'POST /api/v1/shop/checkout/quote',
  'POST /api/v1/shop/orders',
  'POST /api/v1/shop/orders/lookup',
]);
