import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { errorSchema } from '../../platform/openapi';
import { json } from '../../platform/route-parts';
import type { AdminContext } from './vendor-changes';

export const tags = ['admin'];

/** The answers admin vendor routes may give besides their own (and `adminRefused`). */
export const notFound = { 404: json(errorSchema, 'No vendor (or domain) with this id') };
export const conflict = (description: string) => ({ 409: json(errorSchema, description) });
export const invalid = { 422: json(errorSchema, 'Invalid parameters or body') };

/** The signed-in admin and what their changes need (the routes are behind requireAdmin()). */
export function adminContext(c: Context<AppEnv>): AdminContext {
  const principal = c.get('principal');
  if (principal?.kind !== 'admin') throw new ApiError('UNAUTHORIZED', 'Sign in as a platform admin');
  return { db: c.get('db'), env: c.env, actorId: principal.userId };
}
