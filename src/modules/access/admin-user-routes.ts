import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { createRedis } from '../../platform/redis';
import { kickRelay } from '../../platform/relay-kick';
import { adminRefused, json, security } from '../../platform/route-parts';
import {
  adminUserPageSchema,
  adminUserSchema,
  listUsersQuerySchema,
  userIdParamSchema,
  userStatsSchema,
} from './admin-user-schemas';
import { type AdminUserContext, disableUser, enableUser, listUsers, userStats } from './admin-user-service';
import { requireAdmin } from './middleware';

const tags = ['admin'];

function adminUserContext(c: Context<AppEnv>): AdminUserContext {
  const principal = c.get('principal');
  if (principal?.kind !== 'admin') throw new ApiError('UNAUTHORIZED', 'Sign in as a platform admin');
  return { db: c.get('db'), redis: createRedis(c.env), actorId: principal.userId };
}

/** /api/v1/admin/users: platform admins list, search, disable and enable users. */
export const adminUserRoutes = createApi();
adminUserRoutes.use('/users', requireAdmin());
adminUserRoutes.use('/users/*', requireAdmin());

adminUserRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/users',
    tags,
    summary: 'Lists users by email, searched by email or name, each with their teams',
    security,
    request: { query: listUsersQuerySchema },
    responses: {
      200: json(adminUserPageSchema, 'A page of users'),
      422: json(errorSchema, 'Invalid cursor or limit'),
      ...adminRefused,
    },
  }),
  async (c) => c.json(await listUsers(c.get('db'), c.req.valid('query')), 200),
);

adminUserRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/users/stats',
    tags,
    summary: 'Counts users, platform admins and disabled users, for the admin overview',
    security,
    responses: { 200: json(userStatsSchema, 'Counts'), ...adminRefused },
  }),
  async (c) => c.json(await userStats(c.get('db')), 200),
);

adminUserRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/users/{id}/disable',
    tags,
    summary: 'Disables a user: no sign-in, every session revoked at once; emits user.disabled.v1 per team',
    security,
    request: { params: userIdParamSchema },
    responses: {
      200: json(adminUserSchema, 'Disabled'),
      404: json(errorSchema, 'No such user'),
      409: json(errorSchema, 'Admins cannot disable themselves'),
      422: json(errorSchema, 'Invalid id'),
      ...adminRefused,
    },
  }),
  async (c) => {
    const user = await disableUser(adminUserContext(c), c.req.valid('param').id);
    kickRelay(c.env, c.executionCtx);
    return c.json(user, 200);
  },
);

adminUserRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/users/{id}/enable',
    tags,
    summary: 'Enables a disabled user again; emits user.enabled.v1 per team',
    security,
    request: { params: userIdParamSchema },
    responses: {
      200: json(adminUserSchema, 'Enabled'),
      404: json(errorSchema, 'No such user'),
      422: json(errorSchema, 'Invalid id'),
      ...adminRefused,
    },
  }),
  async (c) => {
    const user = await enableUser(adminUserContext(c), c.req.valid('param').id);
    kickRelay(c.env, c.executionCtx);
    return c.json(user, 200);
  },
);
