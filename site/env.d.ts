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

declare namespace App {
  interface Locals {
    requestId: string;
    tenant: TenantView;
  }
}
