/**
 * Sign-in for pages. The three audiences sign in on their own pages and land on their own home;
 * a page that needs a signed-in visitor calls `requireSignIn` first thing in its frontmatter:
 *
 *   const signIn = requireSignIn(Astro, 'customer');
 *   if (signIn) return signIn;
 *
 * (The entry already sends anonymous visitors of the admin host and of /dashboard to their sign-in
 * page; calling it there too is harmless and documents the page's need.)
 */
import type { AstroGlobal } from 'astro';
import { HOME_PATHS, LOGIN_PATHS, type PageAudience } from '../../src/modules/access/page-paths';

export type Audience = PageAudience;

/** What the guard needs from `Astro`. */
type PageContext = Pick<AstroGlobal, 'locals' | 'url' | 'redirect'>;

export { HOME_PATHS, LOGIN_PATHS };

/** The JSON API's path segment per audience: `/api/v1/<segment>/auth/login`. */
export const API_SEGMENT: Record<Audience, 'admin' | 'vendor' | 'shop'> = { admin: 'admin', team: 'vendor', customer: 'shop' };

/**
 * `value` if it is a path on this same origin (`/orders?page=2`), else undefined: `//evil.example`,
 * `/\evil.example`, `https://…` and control characters are refused, so `?next=` can't redirect
 * anyone off-site.
 */
export function safeNext(value: string | null | undefined): string | undefined {
  if (!value?.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  // Browsers drop tabs and newlines from URLs ('/\t/evil.example' is '//evil.example'): refuse them all.
  if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return undefined;
  const base = 'http://same-origin.invalid';
  const resolved = new URL(value, base);
  return resolved.origin === base ? `${resolved.pathname}${resolved.search}${resolved.hash}` : undefined;
}

/** The path the browser asked for: Astro sees pages under their audience folder (/shop, /admin). */
export function publicPath(astro: Pick<PageContext, 'locals' | 'url'>): string {
  const { pathname, search } = astro.url;
  const kind = astro.locals.tenant.kind;
  const folder = kind === 'admin' ? '/admin' : kind === 'vendor' && !pathname.startsWith('/dashboard') ? '/shop' : '';
  const path = folder && pathname.startsWith(folder) ? pathname.slice(folder.length) || '/' : pathname;
  return `${path}${search}`;
}

/** Whether the visitor is signed in as `kind` on this host. */
export function isSignedInAs(astro: Pick<PageContext, 'locals'>, kind: Audience): boolean {
  return astro.locals.principal?.kind === kind;
}

/** A redirect to `kind`'s sign-in page (coming back here afterwards) unless signed in as `kind`. */
export function requireSignIn(astro: PageContext, kind: Audience): Response | undefined {
  if (isSignedInAs(astro, kind)) return undefined;
  return astro.redirect(`${LOGIN_PATHS[kind]}?next=${encodeURIComponent(publicPath(astro))}`, 302);
}

/** Where a sign-in page sends its visitor afterwards: a safe `?next=`, else the audience's home. */
export function afterSignIn(astro: Pick<PageContext, 'url'>, kind: Audience): string {
  return safeNext(astro.url.searchParams.get('next')) ?? HOME_PATHS[kind];
}

/** On a sign-in or registration page: a visitor already signed in as `kind` goes straight on. */
export function skipIfSignedIn(astro: PageContext, kind: Audience): Response | undefined {
  return isSignedInAs(astro, kind) ? astro.redirect(afterSignIn(astro, kind), 302) : undefined;
}

/** A team member signed in on this vendor's host: the vendor and who they are. */
export interface TeamPage {
  vendor: VendorView;
  member: Extract<PrincipalView, { kind: 'team' }>;
}

/**
 * The start of every dashboard page: not a vendor host → the 404 page; not signed in as a team
 * member → their sign-in page. Either way a Response to return from the frontmatter.
 *
 *   const signedIn = await teamPage(Astro);
 *   if (signedIn instanceof Response) return signedIn;
 *   const { vendor, member } = signedIn;
 */
export async function teamPage(astro: PageContext & Pick<AstroGlobal, 'rewrite'>): Promise<TeamPage | Response> {
  const { tenant, principal } = astro.locals;
  if (tenant.kind !== 'vendor') return astro.rewrite('/404');
  if (principal?.kind !== 'team') return requireSignIn(astro, 'team') ?? astro.redirect(LOGIN_PATHS.team, 302);
  return { vendor: tenant.vendor, member: principal };
}

/** A platform admin signed in on the admin host. */
export interface AdminPage {
  admin: Extract<PrincipalView, { kind: 'admin' }>;
}

/**
 * The start of every admin page but its sign-in page: not the admin host → the 404 page; not
 * signed in as a platform admin → the sign-in page. Either way a Response to return from the
 * frontmatter.
 *
 *   const signedIn = await adminPage(Astro);
 *   if (signedIn instanceof Response) return signedIn;
 *   const { admin } = signedIn;
 */
export async function adminPage(astro: PageContext & Pick<AstroGlobal, 'rewrite'>): Promise<AdminPage | Response> {
  const { tenant, principal } = astro.locals;
  if (tenant.kind !== 'admin') return astro.rewrite('/404');
  if (principal?.kind !== 'admin') return requireSignIn(astro, 'admin') ?? astro.redirect(LOGIN_PATHS.admin, 302);
  return { admin: principal };
}
