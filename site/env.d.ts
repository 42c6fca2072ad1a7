/// <reference types="astro/client" />

/** What the Hono entry resolves from the host before Astro renders a page. */
type ThemeView = { primary: string; accent: string; logoUrl: string | null };

type VendorView = {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  theme: ThemeView;
};

type ShopLink = { slug: string; name: string; url: string };

type TenantView = { kind: 'vendor'; vendor: VendorView } | { kind: 'admin' } | { kind: 'apex'; shops: ShopLink[] };

/** Who is signed in on this host (from the session cookie, refreshed if needed), or null. */
type PrincipalView = { name: string; email: string } & (
  | { kind: 'admin'; userId: string }
  | { kind: 'team'; userId: string; role: 'owner' | 'manager' | 'editor' | 'viewer' }
  | { kind: 'customer'; customerId: string }
);

/** The JSON API, called in-process with this request's host and cookies (same rules as over HTTP). */
type ApiCall = <T = unknown>(
  path: string,
  init?: { method?: string; body?: unknown },
) => Promise<{ status: number; ok: boolean; data: T }>;

declare namespace App {
  interface Locals {
    requestId: string;
    tenant: TenantView;
    principal: PrincipalView | null;
    /** `await Astro.locals.api('/vendor/team')` → the same answer a script gets from /api/v1/vendor/team. */
    api: ApiCall;
  }
}
