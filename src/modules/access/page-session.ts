import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import type { Tenant } from '../tenancy';
import type { Account } from './account-schemas';
import { loadAdminAccount, loadCustomerAccount, loadTeamAccount } from './account-service';
import { authContext } from './auth-routes';
import { clearSessionCookies, setSessionCookies } from './cookies';
import { pagePrincipal } from './middleware';
import { LOGIN_PATHS, type PageAudience } from './page-paths';
import { ACCESS_COOKIE, type Principal, REFRESH_COOKIE } from './principal';
import { refreshAdmin, refreshCustomer, refreshTeam } from './service';
import type { IssuedTokens } from './sessions';

/** Pages of the signed-in areas anyone may open: sign-in pages and invitation links. */
const OPEN_PAGES = [/^\/login\/?$/, /^\/dashboard\/login\/?$/, /^\/dashboard\/invite(?:\/.*)?$/];

/**
 * The audience of a page on this host (by its public path), or undefined where nobody signs in:
 * the apex, and a suspended vendor's host, whose every page just says the shop is unavailable.
 */
export function pageAudience(tenant: Tenant | undefined, path: string): PageAudience | undefined {
  if (tenant?.kind === 'admin') return 'admin';
  if (tenant?.kind === 'vendor' && tenant.vendor.status === 'active') return path.startsWith('/dashboard') ? 'team' : 'customer';
  return undefined;
}

/** A signed-in page visitor: the verified principal and their account as it is now. */
export type Visitor = Exclude<Principal, { kind: 'api-key' }> & { account: Account };

export interface PageSession {
  visitor: Visitor | undefined;
  /** The access token in-process API calls carry: the cookie's, or the one just refreshed. */
  accessToken: string | undefined;
  /** What to do with the session cookies on the page's response. */
  cookies: { set: IssuedTokens } | 'clear' | undefined;
}

const ANONYMOUS: PageSession = { visitor: undefined, accessToken: undefined, cookies: undefined };

/**
 * Who is visiting a page. A valid access cookie decides; without one, a refresh cookie renews the
 * session server-side (the page's audience first; on a vendor host also the other, since team and
 * shopper share the host's cookies), so pages stay signed in past the access token's 15 minutes.
 * A refresh token that no longer works clears the cookies and the page renders anonymous.
 */
export async function resolvePageSession(c: Context<AppEnv>, tenant: Tenant | undefined, path: string): Promise<PageSession> {
  const audience = pageAudience(tenant, path);
  if (!tenant || !audience) return ANONYMOUS;
  const cookieToken = getCookie(c, ACCESS_COOKIE);
  const principal = await pagePrincipal(c, cookieToken);
  if (principal) {
    const visitor = await visitorOf(c, principal);
    return { visitor, accessToken: visitor && cookieToken, cookies: undefined };
  }

  const refreshToken = getCookie(c, REFRESH_COOKIE);
  if (!refreshToken) return { ...ANONYMOUS, cookies: cookieToken ? 'clear' : undefined };
  const candidates: PageAudience[] =
    audience === 'admin' ? ['admin'] : audience === 'team' ? ['team', 'customer'] : ['customer', 'team'];
  let tokens: IssuedTokens | undefined;
  try {
    for (const candidate of candidates) {
      tokens = await refreshAs(c, tenant, candidate, refreshToken);
      if (tokens) break;
    }
  } catch (error) {
    // A database or Redis outage is no reason to sign anyone out: render anonymous, keep the cookies.
    warn(c, 'page session refresh failed', error);
    return ANONYMOUS;
  }
  if (!tokens) return { ...ANONYMOUS, cookies: 'clear' };
  // The old refresh token is spent now: whatever happens next, the browser must get the new ones.
  const renewed = await pagePrincipal(c, tokens.token);
  const visitor = renewed && (await visitorOf(c, renewed).catch((error: unknown) => warn(c, 'page visitor not loaded', error)));
  return { visitor, accessToken: visitor && tokens.token, cookies: { set: tokens } };
}

function warn(c: Context<AppEnv>, warning: string, error: unknown): undefined {
  console.warn(JSON.stringify({ requestId: c.get('requestId'), warning, error: String(error) }));
  return undefined;
}

/** Sends the page session's cookie changes with the response (call once the response exists). */
export function writePageSessionCookies(c: Context<AppEnv>, session: PageSession): void {
  if (session.cookies === 'clear') clearSessionCookies(c);
  else if (session.cookies) setSessionCookies(c, session.cookies.set);
}

/**
 * Where a visitor of a signed-in area (the admin host, `/dashboard`) must go to sign in first, or
 * undefined. Shop pages are public; pages that need a shopper guard themselves (site/lib/guard.ts).
 */
export function signInRedirect(tenant: Tenant | undefined, url: URL, visitor: Visitor | undefined): string | undefined {
  const audience = pageAudience(tenant, url.pathname);
  if (audience !== 'admin' && audience !== 'team') return undefined;
  if (visitor?.kind === audience || OPEN_PAGES.some((page) => page.test(url.pathname))) return undefined;
  return `${LOGIN_PATHS[audience]}?next=${encodeURIComponent(url.pathname + url.search)}`;
}

/** The same renewal `/auth/refresh` performs; undefined when the token isn't this audience's. */
async function refreshAs(
  c: Context<AppEnv>,
  tenant: Tenant,
  audience: PageAudience,
  refreshToken: string,
): Promise<IssuedTokens | undefined> {
  const ctx = authContext(c);
  try {
    if (audience === 'admin') return await refreshAdmin(ctx, refreshToken);
    if (tenant.kind !== 'vendor') return undefined;
    const refresh = audience === 'team' ? refreshTeam : refreshCustomer;
    return await refresh(ctx, tenant.vendor.id, refreshToken);
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
}

/** The principal with its account; an account that is gone (removed, disabled) means anonymous. */
async function visitorOf(c: Context<AppEnv>, principal: Principal): Promise<Visitor | undefined> {
  const db = c.get('db');
  try {
    if (principal.kind === 'admin') return { ...principal, account: await loadAdminAccount(db, principal.userId) };
    if (principal.kind === 'team') {
      const { user, role } = await loadTeamAccount(db, principal.vendorId, principal.userId);
      return { ...principal, role, account: user };
    }
    if (principal.kind === 'customer')
      return { ...principal, account: await loadCustomerAccount(db, principal.vendorId, principal.customerId) };
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
}
