import { cf } from '@astrojs/cloudflare/hono';
import { astro, FetchState } from 'astro/hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { limitVendorPage } from '../modules/access/middleware';
import {
  type PageSession,
  resolvePageSession,
  signInRedirect,
  type Visitor,
  writePageSessionCookies,
} from '../modules/access/page-session';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../modules/access/principal';
import type { Tenant } from '../modules/tenancy';
import { markInProcess } from './in-process';

const NOT_FOUND_PATH = '/__not-found';

/** Files Astro serves as they are: built assets and root-level public files. */
function isAsset(path: string): boolean {
  return path.startsWith('/_astro/') || /^\/[^/]+\.(?:svg|ico|png|txt|webmanifest|xml)$/.test(path);
}

/**
 * Pages live under one Astro folder per audience; the host decides which: a vendor host serves
 * `/shop/*` (and its team's `/dashboard/*`), the admin host `/admin/*`, the apex `/platform/*`.
 * Every page of a suspended vendor is its shop's home, which then says the shop is unavailable.
 */
export function astroPath(tenant: Tenant | undefined, path: string): string {
  if (isAsset(path)) return path;
  if (!tenant) return NOT_FOUND_PATH;
  // A suspended vendor's host shows only the shop's "unavailable" page, whatever the path.
  if (tenant.kind === 'vendor' && tenant.vendor.status === 'suspended') return '/shop';
  const prefix = { vendor: path.startsWith('/dashboard') ? '' : '/shop', admin: '/admin', apex: '/platform' }[tenant.kind];
  return `${prefix}${path === '/' && prefix ? '' : path}` || '/';
}

function toTenantView(tenant: Tenant | undefined, shops: ShopLink[]): TenantView {
  if (!tenant) return { kind: 'apex', shops: [] };
  if (tenant.kind === 'vendor') {
    const { id, slug, name, status, theme } = tenant.vendor;
    return { kind: 'vendor', vendor: { id, slug, name, status, theme } };
  }
  return tenant.kind === 'admin' ? { kind: 'admin' } : { kind: 'apex', shops };
}

function toPrincipalView(visitor: Visitor | undefined): PrincipalView | null {
  if (!visitor) return null;
  const { name, email } = visitor.account;
  if (visitor.kind === 'admin') return { kind: 'admin', userId: visitor.userId, name, email };
  if (visitor.kind === 'team') return { kind: 'team', userId: visitor.userId, role: visitor.role, name, email };
  return { kind: 'customer', customerId: visitor.customerId, name, email };
}

/**
 * The visitor's cookies for an in-process API call: the session cookies replaced by the access
 * token this page runs with (a refreshed one, or none when the cookie's is no longer valid).
 */
function forwardedCookies(header: string | undefined, accessToken: string | undefined): string | undefined {
  const own = new Set([ACCESS_COOKIE, REFRESH_COOKIE]);
  const kept = (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part && !own.has(part.slice(0, part.indexOf('=')).trim()));
  if (accessToken) kept.push(`${ACCESS_COOKIE}=${accessToken}`);
  return kept.length > 0 ? kept.join('; ') : undefined;
}

/**
 * Lets a page call the JSON API in-process: same host, same cookies, same middleware and rules as
 * a browser's fetch, without a network hop. Pages load their data through it.
 */
function apiCaller(c: Context<AppEnv>, dispatch: Dispatch, session: PageSession): ApiCall {
  return async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const url = new URL(`/api/v1${path.startsWith('/') ? path : `/${path}`}`, c.req.url);
    const headers = new Headers({ accept: 'application/json' });
    for (const name of ['host', 'user-agent']) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    const cookie = forwardedCookies(c.req.header('cookie'), session.accessToken);
    if (cookie) headers.set('cookie', cookie);
    let body: string | undefined;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers.set('content-type', 'application/json');
      headers.set('origin', url.origin);
    }
    const response = await dispatch(markInProcess(new Request(url, { method: init.method ?? 'GET', headers, body })), c);
    const text = await response.text();
    const data = (text ? JSON.parse(text) : null) as T;
    return { status: response.status, ok: response.ok, data };
  };
}

type Dispatch = (request: Request, c: Context<AppEnv>) => Promise<Response>;

export interface PageServices {
  loadShops: (c: Context<AppEnv>) => Promise<ShopLink[]>;
  dispatch: Dispatch;
}

const NO_SESSION: PageSession = { visitor: undefined, accessToken: undefined, cookies: undefined };

/**
 * Hands the request to Astro at the audience's path, with tenant, visitor and the API on locals.
 * Before that, the visitor's session is resolved (silently refreshed when the access cookie has
 * expired) and signed-in areas send anonymous visitors to their sign-in page.
 */
export function astroPages({ loadShops, dispatch }: PageServices): MiddlewareHandler<AppEnv>[] {
  const prepare: MiddlewareHandler<AppEnv> = async (c, next) => {
    const tenant = c.get('tenant') as Tenant | undefined;
    const publicUrl = new URL(c.req.url);
    const asset = isAsset(publicUrl.pathname);
    if (!asset) await limitVendorPage(c);
    const session = asset ? NO_SESSION : await resolvePageSession(c, tenant, publicUrl.pathname);
    const signIn = asset ? undefined : signInRedirect(tenant, publicUrl, session.visitor);
    // The admin host's front door is its sign-in page itself (200), not a redirect to it.
    const frontDoor = Boolean(signIn) && tenant?.kind === 'admin' && publicUrl.pathname === '/';
    if (signIn && !frontDoor) {
      writePageSessionCookies(c, session);
      return c.redirect(signIn, 302);
    }
    const url = new URL(publicUrl);
    url.pathname = astroPath(tenant, frontDoor ? '/login' : url.pathname);
    const state = new FetchState(new Request(url, c.req.raw));
    c.set('fetchState' as never, state as never);
    const shops = tenant?.kind === 'apex' ? await loadShops(c) : [];
    Object.assign(state.locals, {
      requestId: c.get('requestId'),
      tenant: toTenantView(tenant, shops),
      principal: toPrincipalView(session.visitor),
      api: apiCaller(c, dispatch, session),
    } satisfies App.Locals);
    await next();
    // Only now: headers set on the context after the response exists are copied onto it, while
    // ones set before would be dropped when Astro's own Response replaces the context's.
    writePageSessionCookies(c, session);
  };
  return [prepare, cf() as unknown as MiddlewareHandler<AppEnv>, astro() as unknown as MiddlewareHandler<AppEnv>];
}
