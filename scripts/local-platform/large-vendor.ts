/**
 * A large vendor for performance work: a wholesaler with 20,000 products (about 30,000 variants,
 * as the comparison catalog in DESIGN.md), stock in two locations and the demo team accounts.
 * `npm run seed:large` runs it against `npm run dev`; benchmarks call it on their own platform.
 */
import { hashPassword } from '../../src/modules/access/passwords';
import type { TenancyEnv } from '../../src/modules/tenancy';
import type { Database } from '../../src/platform/db';
import { LOCAL_SECRETS } from './config';
import { seedCatalog, wholesaleCatalog } from './demo-catalog';
import { ensureDemoAccounts, ensureVendor } from './seed';

export const LARGE_VENDOR = {
  slug: 'grossmarkt',
  name: 'Grossmarkt Wholesale',
  theme: { primary: '#374151', accent: '#dc2626', logoUrl: null },
};

export interface LargeVendorOptions {
  /** Default `grossmarkt`; the name is derived from it unless given. */
  slug?: string;
  name?: string;
  /** Default 20,000. */
  products?: number;
  /** Products per write batch (one transaction each), default 1000. */
  chunk?: number;
  /** Whether initial stock writes inventory.adjusted.v1 events (default true; product events are always written). */
  stockEvents?: boolean;
  /** The Workers' env, so the new shop's host is forgotten in the host cache. */
  env?: TenancyEnv;
  log?: (line: string) => void;
}

export interface LargeVendorResult {
  vendorId: string;
  slug: string;
  /** False when the catalog was complete already (nothing written). */
  seeded: boolean;
  /** Products and variants written by this call. */
  products: number;
  variants: number;
  seconds: number;
}

/**
 * Creates (idempotently) a vendor with `products` generated products, their stock in the `main`
 * and `store` locations, and `<role>@<slug>.test` team accounts (password `vitrine-demo`). Safe
 * to rerun: a complete catalog is left alone, an interrupted one is completed.
 */
export async function seedLargeVendor(db: Database, options: LargeVendorOptions = {}): Promise<LargeVendorResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const slug = options.slug ?? LARGE_VENDOR.slug;
  const vendor = {
    ...LARGE_VENDOR,
    slug,
    name: options.name ?? (slug === LARGE_VENDOR.slug ? LARGE_VENDOR.name : `${LARGE_VENDOR.name} (${slug})`),
  };
  const total = options.products ?? 20_000;
  const vendorId = await ensureVendor(db, vendor, options.env);
  await ensureDemoAccounts(db, vendorId, vendor, await hashPassword(LOCAL_SECRETS.demoPassword));
  const catalog = wholesaleCatalog(total);
  const variants = catalog.items.reduce((sum, item) => sum + item.input.variants.length, 0);
  log(`${slug}: ${total} products, ${variants} variants generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const result = await seedCatalog(db, vendorId, catalog, {
    chunk: options.chunk ?? 1000,
    stockEvents: options.stockEvents ?? true,
    progress: (done) =>
      log(`${slug}: ${done.products} products, ${done.variants} variants (${((Date.now() - started) / 1000).toFixed(1)} s)`),
  });
  if (!result.seeded) log(`${slug}: catalog already complete, nothing written`);
  return { vendorId, slug, ...result, seconds: (Date.now() - started) / 1000 };
}
