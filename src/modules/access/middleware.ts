import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { isInProcess } from '../../platform/in-process';
import { enforceLimit } from '../../platform/rate-limit';
import { createRedis } from '../../platform/redis';
import { API_KEY_PREFIX, authenticateApiKey } from './api-key-auth';
import { type Permission, roleAllows } from './permissions';
import { ACCESS_COOKIE, type Credential, type Principal } from './principal';
import { isSessionRevoked } from './sessions';
import { verifyAccessToken } from './tokens';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function presentedToken(c: Context<AppEnv>): { token: string; via: Credential } | undefined {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    if (!header.startsWith('Bearer ') || header.length <= 7)
      throw new ApiError('UNAUTHORIZED', 'Use Authorization: Bearer <token>');
    return { token: header.slice(7).trim(), via: 'bearer' };
  }
  const cookie = getCookie(c, ACCESS_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/** The audience a token must carry on this host; the apex signs no one in. */
function hostAudience(c: Context<AppEnv>): string | undefined {
  const tenant = c.get('tenant');
  if (tenant?.kind === 'admin') return 'admin';
  if (tenant?.kind === 'vendor') return `vendor:${tenant.vendor.id}`;
  return undefined;
}

/**
 * Cookies ride along on cross-site requests, so a cookie-authenticated write must come from a
 * page of this same origin (the browser's Origin or Sec-Fetch-Site says so).
 */
export function assertSameOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const sameOrigin = origin ? origin === new URL(c.req.url).origin : site === 'same-origin';
  if (!sameOrigin) throw new ApiError('FORBIDDEN', 'Cross-site request refused (CSRF protection)');
}

async function principalFor(c: Context<AppEnv>, token: string, via: Credential): Promise<Principal> {
  const tenant = c.get('tenant');
  if (token.startsWith(API_KEY_PREFIX)) {
    if (tenant?.kind !== 'vendor' || via !== 'bearer')
      throw new ApiError('UNAUTHORIZED', 'API keys work only as Bearer tokens on their vendor host');
    return authenticateApiKey(c.get('db'), tenant.vendor.id, token, c.executionCtx);
  }
  const audience = hostAudience(c);
  if (!audience) throw new ApiError('UNAUTHORIZED', 'Nobody signs in on this host');
  const claims = await verifyAccessToken(c.env.JWT_SIGNING_KEYS, token, audience);
  if (await isSessionRevoked(createRedis(c.env), claims.sid))
    throw new ApiError('UNAUTHORIZED', 'This session has ended; sign in again');
  if (claims.typ === 'admin') return { kind: 'admin', userId: claims.sub, sessionId: claims.sid, via };
  if (claims.typ === 'team')
    return { kind: 'team', userId: claims.sub, vendorId: claims.vid, role: claims.role, sessionId: claims.sid, via };
  return { kind: 'customer', customerId: claims.sub, vendorId: claims.vid, sessionId: claims.sid, via };
}

/**
 * Reads the bearer token (scripts) or the access cookie (pages), checks it is valid for this host,
 * and puts the principal on the context. No credential means anonymous; a bad bearer token is
 * refused. A cookie that no longer verifies (expired after 15 minutes, revoked) is ignored, since
 * browsers keep sending it: the request goes on anonymous, so protected routes still answer 401
 * while sign-in, refresh and public routes keep working for that browser.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = presentedToken(c);
    if (presented) {
      const principal = await principalFor(c, presented.token, presented.via).catch((error: unknown) => {
        if (presented.via === 'cookie' && error instanceof ApiError) return undefined;
        throw error;
      });
      if (principal?.via === 'cookie' && !SAFE_METHODS.has(c.req.method)) assertSameOrigin(c);
      if (principal) c.set('principal', principal);
    }
    await next();
  };
}

/**
 * For pages: the principal if the access cookie (or `token`, a just-refreshed one) is valid here,
 * else anonymous (never an error).
 */
export async function pagePrincipal(c: Context<AppEnv>, token = getCookie(c, ACCESS_COOKIE)): Promise<Principal | undefined> {
  if (!token) return undefined;
  try {
    return await principalFor(c, token, 'cookie');
  } catch {
    return undefined;
  }
}

function refuse(principal: Principal | undefined, what: string): never {
  if (!principal) throw new ApiError('UNAUTHORIZED', `Sign in ${what}`);
  throw new ApiError('FORBIDDEN', `Your account may not do this (${what})`);
}

/** Platform admins only (admin host). */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal?.kind !== 'admin') refuse(principal, 'as a platform admin');
    await next();
  };
}

/** The vendor's team (by role) or an API key (by scope) holding `permission`. */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    const allowed =
      (principal?.kind === 'team' && roleAllows(principal.role, permission)) ||
      (principal?.kind === 'api-key' && (principal.scopes as readonly string[]).includes(permission));
    if (!allowed) refuse(principal, `needs ${permission}`);
    await next();
  };
}

/** A signed-in shopper of this vendor. */
export function requireCustomer(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal?.kind !== 'customer') refuse(principal, 'as a customer');
    await next();
  };
}

const perVendorLimit = (env: AppEnv['Bindings']) => Number(env.API_RATE_LIMIT_PER_VENDOR) || undefined;

/**
 * A page request on a vendor host counts once against the vendor's request limit, whatever number
 * of API calls the page then makes in-process (those skip `limitApi`).
 */
export async function limitVendorPage(c: Context<AppEnv>): Promise<void> {
  const tenant = c.get('tenant');
  if (tenant?.kind !== 'vendor') return;
  await enforceLimit(createRedis(c.env), 'apiPerVendor', tenant.vendor.id, perVendorLimit(c.env));
}

/**
 * API rate limits on a vendor host: per vendor (every caller of this shop and its team) and, for
 * scripts, per API key. `API_RATE_LIMIT_PER_VENDOR` / `API_RATE_LIMIT_PER_KEY` override the sizes.
 */
export function limitApi(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const tenant = c.get('tenant');
    // A page's own API calls: the page request was counted already (limitVendorPage).
    if (tenant?.kind === 'vendor' && !isInProcess(c.req.raw)) {
      const redis = createRedis(c.env);
      await enforceLimit(redis, 'apiPerVendor', tenant.vendor.id, perVendorLimit(c.env));
      const principal = c.get('principal');
      if (principal?.kind === 'api-key') {
        await enforceLimit(redis, 'apiPerKey', principal.keyId, Number(c.env.API_RATE_LIMIT_PER_KEY) || undefined);
      }
    }
    await next();
  };
}
