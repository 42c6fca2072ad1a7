import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { createRedis } from '../../platform/redis';
import { kickRelay } from '../../platform/relay-kick';
import { body, json, security, vendorIdOf } from '../../platform/route-parts';
import { mergeGuestCartAtSignIn } from '../cart';
import { clearSessionCookies, presentedRefreshToken, setSessionCookies } from './cookies';
import type { Principal } from './principal';
import {
  adminSessionSchema,
  customerSessionSchema,
  loginSchema,
  refreshSchema,
  registerSchema,
  teamSessionSchema,
  tokensSchema,
} from './schemas';
import {
  type AuthContext,
  refreshAdmin,
  refreshCustomer,
  refreshTeam,
  registerCustomer,
  signInAdmin,
  signInCustomer,
  signInTeam,
} from './service';
import { endSession } from './sessions';

export function authContext(c: Context<AppEnv>): AuthContext {
  // Only Cloudflare's header: X-Forwarded-For is whatever the caller wants it to be.
  const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
  const perIp = Number(c.env.LOGIN_RATE_LIMIT_PER_IP);
  const perAccount = Number(c.env.LOGIN_RATE_LIMIT_PER_ACCOUNT);
  return {
    db: c.get('db'),
    redis: createRedis(c.env),
    keys: c.env.JWT_SIGNING_KEYS,
    ip,
    ...(perIp > 0 ? { loginLimitPerIp: perIp } : {}),
    ...(perAccount > 0 ? { loginLimitPerAccount: perAccount } : {}),
  };
}

const errors = {
  401: json(errorSchema, 'Wrong credentials or an invalid token'),
  422: json(errorSchema, 'Invalid body'),
  429: json(errorSchema, 'Too many attempts'),
};

type Audience = 'admin' | 'team' | 'customer';
const TAGS: Record<Audience, string> = { admin: 'admin', team: 'vendor', customer: 'shop' };

/** login, refresh, logout and me for one audience, with cookies for pages and tokens for scripts. */
function authRoutes<S extends z.ZodType>(
  audience: Audience,
  sessionSchema: S,
  signIn: (c: Context<AppEnv>, email: string, password: string) => Promise<z.infer<S>>,
  refresh: (c: Context<AppEnv>, token: string) => Promise<z.infer<typeof tokensSchema>>,
): OpenAPIHono<AppEnv> {
  const tags = [TAGS[audience]];
  const app = createApi();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags,
      summary: `Signs ${audience === 'customer' ? 'a shopper' : audience === 'team' ? 'a team member' : 'an admin'} in`,
      request: body(loginSchema),
      responses: { 200: json(sessionSchema, 'Signed in'), ...errors },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const session = await signIn(c, email, password);
      setSessionCookies(c, session as { token: string; refreshToken: string });
      return c.json(session as never, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/refresh',
      tags,
      summary: 'Trades a refresh token (body or cookie) for new tokens',
      request: { body: { required: false, content: { 'application/json': { schema: refreshSchema } } } },
      responses: { 200: json(tokensSchema, 'New tokens; the old refresh token is spent'), ...errors },
    }),
    async (c) => {
      const input = (await c.req.json().catch(() => ({}))) as { refreshToken?: string };
      const token = presentedRefreshToken(c, input);
      if (!token) throw new ApiError('UNAUTHORIZED', 'No refresh token');
      const tokens = await refresh(c, token);
      setSessionCookies(c, tokens);
      return c.json(tokens, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags,
      summary: 'Ends this sign-in everywhere its tokens went',
      security,
      responses: { 204: { description: 'Signed out' }, ...errors },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (!principal || !matches(principal, audience) || principal.kind === 'api-key')
        throw new ApiError('UNAUTHORIZED', 'Not signed in');
      await endSession(
        c.get('db'),
        createRedis(c.env),
        principal.sessionId,
        principal.kind === 'admin' ? null : principal.vendorId,
      );
      clearSessionCookies(c);
      return c.body(null, 204);
    },
  );
  return app;
}

function matches(principal: Principal, audience: Audience): boolean {
  return principal.kind === audience;
}

/** `/api/v1/admin/auth/*` on the admin host. */
export const adminAuthRoutes = authRoutes(
  'admin',
  adminSessionSchema,
  (c, email, password) => signInAdmin(authContext(c), email, password),
  (c, token) => refreshAdmin(authContext(c), token),
);

/** `/api/v1/vendor/auth/*` on a vendor host, for its team. */
export const teamAuthRoutes = authRoutes(
  'team',
  teamSessionSchema,
  (c, email, password) => signInTeam(authContext(c), vendorIdOf(c), email, password),
  (c, token) => refreshTeam(authContext(c), vendorIdOf(c), token),
);

/** `/api/v1/shop/auth/*` on a vendor host, for its shoppers; shoppers can also register. */
export const shopAuthRoutes = authRoutes(
  'customer',
  customerSessionSchema,
  async (c, email, password) => {
    const session = await signInCustomer(authContext(c), vendorIdOf(c), email, password);
    await mergeGuestCartAtSignIn(c, session.customer.id);
    return session;
  },
  (c, token) => refreshCustomer(authContext(c), vendorIdOf(c), token),
);

shopAuthRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/register',
    tags: ['shop'],
    summary: 'Registers a shopper with this shop and signs them in',
    request: body(registerSchema),
    responses: {
      201: json(customerSessionSchema, 'Registered'),
      409: json(errorSchema, 'Email already registered here'),
      ...errors,
    },
  }),
  async (c) => {
    const session = await registerCustomer(authContext(c), vendorIdOf(c), c.req.valid('json'));
    await mergeGuestCartAtSignIn(c, session.customer.id);
    setSessionCookies(c, session);
    kickRelay(c.env, c.executionCtx);
    return c.json(session, 201);
  },
);
