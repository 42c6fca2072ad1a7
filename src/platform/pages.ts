import { cf } from '@astrojs/cloudflare/hono';
import { astro, FetchState } from 'astro/hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
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

/** Hands the request to Astro at the audience's path, with the tenant and request id on locals. */
export function astroPages(loadShops: (c: Context<AppEnv>) => Promise<ShopLink[]>): MiddlewareHandler<AppEnv>[] {
  const prepare: MiddlewareHandler<AppEnv> = async (c, next) => {
    const tenant = c.get('tenant') as Tenant | undefined;
    const url = new URL(c.req.url);
    url.pathname = astroPath(tenant, url.pathname);
    const state = new FetchState(new Request(url, c.req.raw));
    c.set('fetchState' as never, state as never);
    const shops = tenant?.kind === 'apex' ? await loadShops(c) : [];
    Object.assign(state.locals, { requestId: c.get('requestId'), tenant: toTenantView(tenant, shops) });
    await next();
  };
  return [prepare, cf() as unknown as MiddlewareHandler<AppEnv>, astro() as unknown as MiddlewareHandler<AppEnv>];
}
