import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { refusedWith } from '../../platform/route-parts';
import type { OrderActor } from './order-service';

export const refused = refusedWith('Not allowed for this caller');

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
