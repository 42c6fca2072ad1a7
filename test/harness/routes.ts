import { createApiApp } from '../../src/api';
import { PUBLIC_ROUTES } from '../../src/modules/access/public-routes';

/** Where `/api/v1` is mounted in the Worker (src/app.ts). */
export const API_BASE = '/api/v1';

/**
 * Who a route is for, from its first path segment: `admin` on the admin host, `team` and `shop`
 * on a vendor host (`/vendor/*` for the team, `/shop/*` for shoppers), `any` on every host.
 */
export type Audience = 'admin' | 'team' | 'shop' | 'any';

/** One concrete (method, path) the API answers, ready to be attacked over HTTP. */
export interface ApiRoute {
  method: string;
  /** Hono's syntax, as `PUBLIC_ROUTES` spells it: `/api/v1/vendor/api-keys/:id`. */
  pattern: string;
  /** The pattern with every parameter filled: a random UUID, or a random token for `:token`. */
  path: string;
  params: string[];
  audience: Audience;
  isPublic: boolean;
  /** `METHOD /pattern`, the name a failing case reports. */
  name: string;
}

const PARAM = /:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g;

/** A random value for a path parameter: a token-shaped string for `:token`, else a UUID. */
export function randomParam(name: string): string {
  return /token/i.test(name)
    ? Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
    : crypto.randomUUID();
}

/** The pattern's parameter names, in order. */
export function paramsOf(pattern: string): string[] {
  return [...pattern.matchAll(PARAM)].map((m) => m[1] ?? '');
}

/** Fills each `:param` from `values`, or with a random value. */
export function fillPath(pattern: string, values: Record<string, string> = {}): string {
  return pattern.replace(PARAM, (_, name: string) => encodeURIComponent(values[name] ?? randomParam(name)));
}

/** The audience a path belongs to, from its first segment under `/api/v1`. */
export function audienceOf(pattern: string): Audience {
  const segment = pattern.slice(API_BASE.length).split('/')[1];
  if (segment === 'admin') return 'admin';
  if (segment === 'vendor') return 'team';
  if (segment === 'shop') return 'shop';
  return 'any';
}

let app: ReturnType<typeof createApiApp> | undefined;
const apiApp = () => {
  app ??= createApiApp();
  return app;
};

/**
 * `ALL` entries that look like handlers, not middleware: no wildcard, and no concrete route on the
 * same path for them to guard. `enumerateRoutes` can't attack these method by method.
 */
export function allMethodHandlers(): string[] {
  const entries = apiApp().routes;
  const concrete = new Set(entries.filter((r) => r.method !== 'ALL').map((r) => r.path));
  return [
    ...new Set(entries.filter((r) => r.method === 'ALL' && !r.path.includes('*') && !concrete.has(r.path)).map((r) => r.path)),
  ];
}

/**
 * Every concrete route of the JSON API, read from the Hono app the Worker mounts. `app.routes`
 * also lists middleware: `use()` entries (method `ALL`) are skipped, and the validators
 * `.openapi()` registers under a route's own (method, path) collapse into that route.
 */
export function enumerateRoutes(): ApiRoute[] {
  const seen = new Map<string, ApiRoute>();
  for (const { method, path } of apiApp().routes) {
    if (method === 'ALL') continue;
    const pattern = `${API_BASE}${path === '/' ? '' : path}`;
    const name = `${method} ${pattern}`;
    if (seen.has(name)) continue;
    seen.set(name, {
      method,
      pattern,
      path: fillPath(pattern),
      params: paramsOf(pattern),
      audience: audienceOf(pattern),
      isPublic: PUBLIC_ROUTES.has(name),
      name,
    });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The operations an OpenAPI document lists, named like `ApiRoute.name` (`{id}` → `:id`). */
export function openApiOperations(document: { paths?: Record<string, Record<string, unknown>> }): string[] {
  const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => methods.has(key))
      .map((method) => `${method.toUpperCase()} ${API_BASE}${path.replace(/\{([^}]+)\}/g, ':$1')}`),
  );
}

/** Safe methods: a viewer may call them, and cookies need no CSRF check on them. */
export const isRead = (route: ApiRoute) => route.method === 'GET' || route.method === 'HEAD';
