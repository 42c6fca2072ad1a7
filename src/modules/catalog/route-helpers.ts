import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { refusedWith } from '../../platform/route-parts';
import type { CatalogActor } from './events';

export const tags = ['vendor'];
export const refused = refusedWith('Not allowed for this role or key');

/** Who is changing the catalog: a team member or an API key (the permission guard ran before). */
export function catalogActor(c: Context<AppEnv>): CatalogActor {
  const principal = c.get('principal');
  if (principal?.kind === 'team') return { kind: 'user', userId: principal.userId };
  if (principal?.kind === 'api-key') return { kind: 'api-key', keyId: principal.keyId };
  throw new ApiError('FORBIDDEN', 'Only the team or an API key can change the catalog');
}
