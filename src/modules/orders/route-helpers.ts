import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { errorSchema } from '../../platform/openapi';
import type { OrderActor } from './order-service';

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
  403: json(errorSchema, 'Not allowed for this caller'),
};

/** The vendor whose host this is: the only vendor an order route ever touches. */
export function vendorId(c: Context<AppEnv>): string {
  const tenant = c.get('tenant');
  if (tenant.kind !== 'vendor') throw new ApiError('NOT_FOUND', 'Not on a vendor host');
  return tenant.vendor.id;
}

/** The signed-in shopper (the `requireCustomer` guard ran before). */
export function customerId(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  if (principal?.kind !== 'customer') throw new ApiError('UNAUTHORIZED', 'Sign in as a customer');
  return principal.customerId;
}

/** Who changes an order on a team route: a team member or an API key. */
export function teamActor(c: Context<AppEnv>): OrderActor {
  const principal = c.get('principal');
  if (principal?.kind === 'team') return { kind: 'team-member', id: principal.userId };
  if (principal?.kind === 'api-key') return { kind: 'api-key', id: principal.keyId };
  throw new ApiError('FORBIDDEN', 'Only the team or an API key can change orders');
}
