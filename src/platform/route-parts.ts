import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from './errors';
import { errorSchema } from './openapi';

// What every API route is built from; a module keeps its own tags, guards and wording beside its routes.

/** The `security` of a route that takes a session or API key token. */
export const security = [{ bearer: [] }];

/** A response whose body is `schema` as JSON. */
export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A `request` whose required body is `schema` as JSON (spread it beside `params` or `query`). */
export const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

/** The 401 and 403 of a route behind a sign-in and a permission guard; `forbidden` describes the 403. */
export const refusedWith = (forbidden: string) => ({
  401: json(errorSchema, 'Not signed in'),
  403: json(errorSchema, forbidden),
});

/** The 401 of a route behind `requireAdmin()`. */
export const adminRefused = { 401: json(errorSchema, 'Not signed in as a platform admin') };

/** The vendor whose host this is: the only vendor a vendor or shop route ever touches. */
export function hostVendor(c: Context<AppEnv>) {
  const tenant = c.get('tenant');
  if (tenant.kind !== 'vendor') throw new ApiError('NOT_FOUND', 'Not on a vendor host');
  return tenant.vendor;
}

/** The id of the vendor whose host this is. */
export function vendorIdOf(c: Context<AppEnv>): string {
  return hostVendor(c).id;
}
