import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { hostVendor } from '../../platform/route-parts';
import type { TeamActor } from './team-service';

/** The signed-in team member acting on this host's vendor. */
export function teamActor(c: Context<AppEnv>): TeamActor {
  const principal = c.get('principal');
  if (principal?.kind !== 'team') throw new ApiError('FORBIDDEN', 'Only a signed-in team member can do this');
  return { vendorId: hostVendor(c).id, userId: principal.userId };
}
