import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import type { TeamActor } from './team-service';

/** The vendor whose host this is: the only vendor a team route ever touches. */
export function hostVendor(c: Context<AppEnv>): { id: string; name: string } {
  const tenant = c.get('tenant');
  if (tenant.kind !== 'vendor') throw new ApiError('NOT_FOUND', 'Not on a vendor host');
  return tenant.vendor;
}

/** The signed-in team member acting on this host's vendor. */
export function teamActor(c: Context<AppEnv>): TeamActor {
  const principal = c.get('principal');
  if (principal?.kind !== 'team') throw new ApiError('FORBIDDEN', 'Only a signed-in team member can do this');
  return { vendorId: hostVendor(c).id, userId: principal.userId };
}
