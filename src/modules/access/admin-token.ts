import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { timingSafeEqual } from '../../platform/http';

/**
 * Interim admin guard until platform sign-in lands (access issue): admin API calls must present
 * `Authorization: Bearer <PLATFORM_ADMIN_TOKEN>`. With no token configured every call is refused.
 */
export function requirePlatformAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const expected = c.env.PLATFORM_ADMIN_TOKEN;
    const header = c.req.header('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!presented) throw new ApiError('UNAUTHORIZED', 'Sign in as a platform admin');
    if (!expected || !timingSafeEqual(presented, expected)) throw new ApiError('UNAUTHORIZED', 'The admin token is not valid');
    await next();
  };
}
