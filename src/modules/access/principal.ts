import type { TeamRole } from '../../../drizzle/schema';
import type { ApiKeyScope } from './permissions';

/** Who is calling, once authenticated; always bound to the host the request came in on. */
export type Principal =
  | { kind: 'admin'; userId: string; sessionId: string; via: Credential }
  | { kind: 'team'; userId: string; vendorId: string; role: TeamRole; sessionId: string; via: Credential }
  | { kind: 'customer'; customerId: string; vendorId: string; sessionId: string; via: Credential }
  | { kind: 'api-key'; keyId: string; vendorId: string; scopes: ApiKeyScope[]; via: 'bearer' };

/** How the credential arrived: cookies need CSRF protection on writes, bearer tokens don't. */
export type Credential = 'bearer' | 'cookie';

export const ACCESS_COOKIE = 'vt_access';
export const REFRESH_COOKIE = 'vt_refresh';
