import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, hostVendor, json, security } from '../../platform/route-parts';
import { updateCustomerSchema, vendorMeSchema } from './account-schemas';
import { loadAdminAccount, loadCustomerAccount, loadTeamAccount, renameCustomer } from './account-service';
import { requireAdmin, requireCustomer } from './middleware';
import type { Principal } from './principal';
import { userSchema } from './schemas';

const unauthorized = { 401: json(errorSchema, 'Not signed in, or not on this host') };
const forbidden = { 403: json(errorSchema, 'Signed in, but as someone this route is not for') };

/** A team member or an API key of this vendor: whoever speaks for the vendor, not its shoppers. */
function requireTeamOrKey(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const kind = c.get('principal')?.kind;
    if (!kind) throw new ApiError('UNAUTHORIZED', 'Sign in as a member of this team, or use an API key');
    if (kind !== 'team' && kind !== 'api-key') throw new ApiError('FORBIDDEN', 'Only the vendor’s team and its API keys');
    await next();
  };
}

/** The principal a guard has already let through, narrowed to its kind. */
function principalOf<K extends Principal['kind']>(c: Context<AppEnv>, ...kinds: K[]): Extract<Principal, { kind: K }> {
  const principal = c.get('principal');
  if (!principal || !(kinds as string[]).includes(principal.kind)) throw new ApiError('UNAUTHORIZED', 'Not signed in');
  return principal as Extract<Principal, { kind: K }>;
}

/** This host's vendor as `/vendor/me` shows it. */
function vendorOf(c: Context<AppEnv>) {
  const { id, slug, name } = hostVendor(c);
  return { id, slug, name };
}

/** `/api/v1/{admin,vendor,shop}/me`: who the caller is, for pages and scripts; shoppers edit theirs. */
export const accountRoutes = createApi();
accountRoutes.use('/admin/me', requireAdmin());
accountRoutes.use('/vendor/me', requireTeamOrKey());
accountRoutes.use('/shop/me', requireCustomer());

accountRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/admin/me',
    tags: ['admin'],
    summary: 'The signed-in platform admin',
    security,
    responses: { 200: json(userSchema, 'The admin'), ...unauthorized, ...forbidden },
  }),
  async (c) => c.json(await loadAdminAccount(c.get('db'), principalOf(c, 'admin').userId), 200),
);

accountRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/vendor/me',
    tags: ['vendor'],
    summary: 'The signed-in team member with their role, or the API key with its scopes',
    security,
    responses: { 200: json(vendorMeSchema, 'The caller and their vendor'), ...unauthorized, ...forbidden },
  }),
  async (c) => {
    const principal = principalOf(c, 'team', 'api-key');
    const vendor = vendorOf(c);
    if (principal.kind === 'api-key') {
      return c.json({ kind: 'api-key' as const, key: { id: principal.keyId, scopes: principal.scopes }, vendor }, 200);
    }
    const { user, role } = await loadTeamAccount(c.get('db'), vendor.id, principal.userId);
    return c.json({ kind: 'team' as const, user, role, vendor }, 200);
  },
);

accountRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/shop/me',
    tags: ['shop'],
    summary: 'The signed-in shopper',
    security,
    responses: { 200: json(userSchema, 'The shopper'), ...unauthorized, ...forbidden },
  }),
  async (c) => {
    const { vendorId, customerId } = principalOf(c, 'customer');
    return c.json(await loadCustomerAccount(c.get('db'), vendorId, customerId), 200);
  },
);

accountRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/shop/me',
    tags: ['shop'],
    summary: 'Changes the signed-in shopper’s name; emits customer.updated.v1',
    security,
    request: body(updateCustomerSchema),
    responses: {
      200: json(userSchema, 'The updated shopper'),
      ...unauthorized,
      ...forbidden,
      422: json(errorSchema, 'Invalid body'),
    },
  }),
  async (c) => {
    const { vendorId, customerId } = principalOf(c, 'customer');
    const { account, changed } = await renameCustomer(c.get('db'), vendorId, customerId, c.req.valid('json').name);
    if (changed) kickRelay(c.env, c.executionCtx);
    return c.json(account, 200);
  },
);
