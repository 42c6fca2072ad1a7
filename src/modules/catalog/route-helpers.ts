import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { errorSchema } from '../../platform/openapi';
import type { CatalogActor } from './events';

export const tags = ['vendor'];
export const security = [{ bearer: [] }];

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export const refused = {
  401: json(errorSchema, 'Not signed in'),
  403: json(errorSchema, 'Not allowed for this role or key'),
};

/** The vendor whose host this is: the only vendor a catalog route ever touches. */
export function vendorId(c: Context<AppEnv>): string {
  const tenant = c.get('tenant');
  if (tenant.kind !== 'vendor') throw new ApiError('NOT_FOUND', 'Not on a vendor host');
  return tenant.vendor.id;
}

/** Who is changing the catalog: a team member or an API key (the permission guard ran before). */
export function catalogActor(c: Context<AppEnv>): CatalogActor {
  const principal = c.get('principal');
  if (principal?.kind === 'team') return { kind: 'user', userId: principal.userId };
  if (principal?.kind === 'api-key') return { kind: 'api-key', keyId: principal.keyId };
  throw new ApiError('FORBIDDEN', 'Only the team or an API key can change the catalog');
}
