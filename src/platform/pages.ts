import { cf } from '@astrojs/cloudflare/hono';
import { astro, FetchState } from 'astro/hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { pagePrincipal } from '../modules/access/middleware';
import type { Principal } from '../modules/access/principal';
import type { Tenant } from '../modules/tenancy';

const NOT_FOUND_PATH = '/__not-found';

/** Files Astro serves as they are: built assets and root-level public files. */
function isAsset(path: string): boolean {
  return path.startsWith('/_astro/') || /^\/[^/]+\.(?:svg|ico|png|txt|webmanifest|xml)$/.test(path);
}

/**
 * Pages live under one Astro folder per audience; the host decides which: a vendor host serves
 * `/shop/*` (and its team's `/dashboard/*`), the admin host `/admin/*`, the apex `/platform/*`.
 */
export function astroPath(tenant: Tenant | undefined, path: string): string {
  if (isAsset(path)) return path;
  if (!tenant) return NOT_FOUND_PATH;
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

function toPrincipalView(principal: Principal | undefined): PrincipalView | null {
  if (principal?.kind === 'admin') return { kind: 'admin', userId: principal.userId };
  if (principal?.kind === 'team') return { kind: 'team', userId: principal.userId, role: principal.role };
  if (principal?.kind === 'customer') return { kind: 'customer', customerId: principal.customerId };
  return null;
}

/**
 * Lets a page call the JSON API in-process: same host, same cookies, same middleware and rules as
 * a browser's fetch, without a network hop. Pages load their data through it.
 */
function apiCaller(c: Context<AppEnv>, dispatch: Dispatch): ApiCall {
  return async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const url = new URL(`/api/v1${path.startsWith('/') ? path : `/${path}`}`, c.req.url);
    const headers = new Headers({ accept: 'application/json' });
    for (const name of ['cookie', 'host', 'user-agent']) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    let body: string | undefined;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers.set('content-type', 'application/json');
      headers.set('origin', url.origin);
    }
    const response = await dispatch(new Request(url, { method: init.method ?? 'GET', headers, body }), c);
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

/** Hands the request to Astro at the audience's path, with tenant, principal and the API on locals. */
export function astroPages({ loadShops, dispatch }: PageServices): MiddlewareHandler<AppEnv>[] {
  const prepare: MiddlewareHandler<AppEnv> = async (c, next) => {
    const tenant = c.get('tenant') as Tenant | undefined;
    const url = new URL(c.req.url);
    url.pathname = astroPath(tenant, url.pathname);
    const state = new FetchState(new Request(url, c.req.raw));
    c.set('fetchState' as never, state as never);
    const shops = tenant?.kind === 'apex' ? await loadShops(c) : [];
    const principal = tenant ? await pagePrincipal(c) : undefined;
    Object.assign(state.locals, {
      requestId: c.get('requestId'),
      tenant: toTenantView(tenant, shops),
      principal: toPrincipalView(principal),
      api: apiCaller(c, dispatch),
    } satisfies App.Locals);
    await next();
  };
  return [prepare, cf() as unknown as MiddlewareHandler<AppEnv>, astro() as unknown as MiddlewareHandler<AppEnv>];
}
