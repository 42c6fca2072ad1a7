/**
 * `npm run bench`: boots the local platform on a free test slot, seeds the large vendor (20,000
 * products by default) and measures the main Worker's hot paths with keep-alive clients: the
 * catalog reads of DESIGN.md's "bar to beat" through the API and as pages, beside the same SQL sent
 * straight to Postgres in the same run. It prints figures and never fails on time.
 * BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32) and BENCH_PRODUCTS (default 20000)
 * tune the run.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { count, eq } from 'drizzle-orm';
import pg from 'pg';
import { products, variants } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { seedLargeVendor } from '../../scripts/local-platform/large-vendor';
import { startPlatform } from '../../scripts/local-platform/platform';
import type { ShopProductPage } from '../../src/modules/catalog/shop-schemas';
import type { TenancyEnv } from '../../src/modules/tenancy';
import { Database } from '../../src/platform/db';
import { request } from '../harness/http';
import { claimSlot, slotRedisUrl } from '../harness/slot';
import { catalogSqlBaselines } from './catalog-sql';
import { formatTable, type LoadResult, runLoad, type Scenario } from './load';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const productCount = Number(process.env.BENCH_PRODUCTS ?? 20_000);
const LARGE_SLUG = 'grossmarkt';

const slot = await claimSlot(new URL('../../.data/test', import.meta.url).pathname);
const platform = await startPlatform({
  ports: slot.ports,
  dataDir: slot.dataDir,
  outDir: `${slot.dataDir}/dist`,
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: slotRedisUrl(process.env.REDIS_URL || undefined, slot.slot),
  log: () => {},
});

/** Waits (up to 10 minutes) until the relay has published the seed's events, so it doesn't compete with the measurements. */
async function outboxDrained(superuserUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 600_000;
    for (;;) {
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from outbox where published_at is null');
      const backlog = rows[0]?.n ?? 0;
      if (backlog === 0 || Date.now() > deadline) return;
      console.log(`waiting for the relay: ${backlog} outbox rows to publish`);
      await sleep(5_000);
    }
  } finally {
    await client.end();
  }
}

/** Up to `pages` pages of the large shop's products (newest first), for slugs and search words. */
async function sampleCatalog(host: string, base: string, pages: number): Promise<{ slug: string; title: string }[]> {
  const found: { slug: string; title: string }[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < pages; page++) {
    const query = `/api/v1/shop/products?limit=100&sort=title${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await request(`${base}${query}`, { headers: { host } });
    if (!response.ok) throw new Error(`bench: ${query} answered ${response.status}`);
    const body = (await response.json()) as ShopProductPage;
    found.push(...body.data.map(({ slug, title }) => ({ slug, title })));
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return found;
}

/** Distinct lower-case title words of four letters or more, spread over the sample. */
function searchWords(sample: { title: string }[], count: number): string[] {
  const words = new Set<string>();
  for (const { title } of sample)
    for (const word of title.toLowerCase().split(/[^\p{L}]+/u)) if (word.length >= 4) words.add(word);
  const all = [...words];
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, i) => i % step === 0).slice(0, count);
}

try {
  const base = platform.urls.worker;
  const port = slot.ports.worker;
  const started = performance.now();
  const db = new Database(platform.workerVars as { DATABASE_URL: string });
  const large = await seedLargeVendor(db, {
    slug: LARGE_SLUG,
    products: productCount,
    env: platform.workerVars as unknown as TenancyEnv,
  });
  const [[productRows], [variantRows]] = await db
    .vendor(large.vendorId)
    .read(
      (q) =>
        [
          q.select({ n: count() }).from(products).where(eq(products.vendorId, large.vendorId)),
          q.select({ n: count() }).from(variants).where(eq(variants.vendorId, large.vendorId)),
        ] as const,
    );
  await db.close();
  const seedSeconds = (performance.now() - started) / 1000;
  await outboxDrained(platform.postgres.superuserUrl);

  const host = `${LARGE_SLUG}.localhost:${port}`;
  const sample = await sampleCatalog(host, base, 5);
  const slugs = sample.map((p) => p.slug);
  const words = searchWords(sample, 40);

  // The harness client sends the Host header (fetch would drop it).
  const login = await request(`http://acme.localhost:${port}/api/v1/vendor/auth/login`, {
    method: 'POST',
    json: { email: 'viewer@acme.test', password: LOCAL_SECRETS.demoPassword },
  }).catch(() => undefined);
  const token = login?.ok ? ((await login.json()) as { token: string }).token : undefined;

  const api = (path: string) => `${base}/api/v1/shop${path}`;
  const scenarios: Scenario[] = [
    { name: 'API product list (24, newest)', url: api('/products?limit=24'), host },
    {
      name: 'API text search (24, by relevance)',
      url: '',
      urls: words.map((word) => api(`/products?limit=24&q=${encodeURIComponent(word)}`)),
      host,
    },
    { name: 'API product by slug', url: '', urls: slugs.map((slug) => api(`/products/${slug}`)), host },
    { name: 'page: shop home (SSR)', url: `${base}/`, host },
    {
      name: 'page: search results (SSR, with facets)',
      url: '',
      urls: words.map((word) => `${base}/search?q=${encodeURIComponent(word)}`),
      host,
    },
    { name: 'page: product (SSR)', url: '', urls: slugs.map((slug) => `${base}/products/${slug}`), host },
    { name: 'GET /api/v1/health (Postgres+Redis+QStash)', url: `${base}/api/v1/health`, host },
    { name: 'GET /api/v1/nothing (host lookup + 404)', url: `${base}/api/v1/nothing`, host, expect: 404 },
  ];
  if (token) {
    scenarios.push({
      name: 'POST /api/v1/vendor/auth/logout (JWT check)',
      url: `${base}/api/v1/vendor/auth/logout`,
      host: `acme.localhost:${port}`,
      method: 'POST',
      headers: { authorization: `Bearer ${token}x` },
      expect: 401,
    });
  }
  const results: LoadResult[] = [];
  for (const scenario of scenarios) results.push(await runLoad(scenario, connections, seconds));
  results.push(
    ...(await catalogSqlBaselines({
      appUrl: platform.postgres.appUrl,
      vendorId: large.vendorId,
      words,
      slugs,
      connections,
      seconds,
    })),
  );

  console.log(`\nVitrine bench: ${connections} connections, ${seconds} s per scenario, wrangler dev (workerd) on this machine`);
  console.log(
    `Large vendor "${LARGE_SLUG}": ${productRows?.n} products, ${variantRows?.n} variants (${large.seeded ? 'seeded' : 'already there, checked'} in ${seedSeconds.toFixed(1)} s); ${words.length} search words, ${slugs.length} product slugs in rotation\n`,
  );
  console.log(formatTable(results));
  console.log(
    '\nReference (DESIGN.md, same machine kind, same 20,000-product catalog, 32 clients): Medusa list 59 req/s, search 9 req/s, product 82 req/s;',
  );
  console.log(
    'Vendure 24 / 1.2 / 195 req/s. The aims are 20x Medusa on lists (1,180), 100x on search (900), 10x on product pages (820).',
  );
  console.log('A static Hono route in workerd: 5,500 req/s; the Neon HTTP path: 1,450 req/s.');
} finally {
  await platform.stop();
  await slot.release();
}
