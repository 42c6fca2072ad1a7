/**
 * `npx tsx test/bench/checkout-race.ts`: checkout throughput through the Worker on a free test slot.
 * 1. The hot-SKU race: 10 units, BUYERS (default 50) buyers at once, ROUNDS times (stock reset
 *    between rounds): exactly 10 orders must succeed each round.
 * 2. Sustained checkouts for SECONDS (default 10) with CONNECTIONS (default 16) clients: every
 *    order takes one unit of one hot SKU (stock enough for all), so all orders queue on one row.
 * 3. The same spread over 50 SKUs (little contention).
 * Prints figures; never fails on time.
 */
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { startPlatform } from '../../scripts/local-platform/platform';
import { type CreateProductInput, createProduct } from '../../src/modules/catalog';
import { ensureDefaultLocations, setStock } from '../../src/modules/inventory';
import { createShippingMethod } from '../../src/modules/orders';
import { Database } from '../../src/platform/db';
import { request } from '../harness/http';
import { claimSlot, slotRedisUrl } from '../harness/slot';

const BUYERS = Number(process.env.BUYERS ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);

const slot = await claimSlot(new URL('../../.data/test', import.meta.url).pathname);
const platform = await startPlatform({
  ports: slot.ports,
  dataDir: slot.dataDir,
  outDir: `${slot.dataDir}/dist`,
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: slotRedisUrl(process.env.REDIS_URL || undefined, slot.slot),
  log: () => {},
});
const db = new Database(platform.workerVars as { DATABASE_URL: string });
const port = slot.ports.worker;
const url = (host: string, path: string) => `http://${host}.localhost:${port}${path}`;

try {
  const login = await request(url('admin', '/api/v1/admin/auth/login'), {
    method: 'POST',
    json: { email: 'admin@vitrine.test', password: LOCAL_SECRETS.demoPassword },
  });
  const { token } = (await login.json()) as { token: string };
  const slug = `bench-${crypto.randomUUID().slice(0, 8)}`;
  const created = await request(url('admin', '/api/v1/admin/vendors'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    json: { name: 'Checkout Bench', slug },
  });
  const vendor = (await created.json()) as { id: string };
  const [main] = await ensureDefaultLocations(db, vendor.id);
  const locationId = main?.id ?? '';
  const method = await createShippingMethod(db, vendor.id, {
    name: 'Parcel',
    kind: 'flat',
    priceMinor: 490,
    brackets: [],
    freeOverMinor: null,
    active: true,
    position: 0,
  });
  const variantIds: string[] = [];
  for (let i = 0; i < 51; i++) {
    const product = await createProduct(
      db,
      vendor.id,
      {
        title: `Bench item ${i}`,
        status: 'active',
        variants: [{ sku: `BENCH-${i}`, priceMinor: 1990 }],
      } as CreateProductInput,
      { kind: 'system', name: 'bench' },
    );
    variantIds.push(product.variants[0]?.id ?? '');
  }
  const hot = variantIds[0] ?? '';
  const place = async (variantId: string) => {
    const response = await request(url(slug, '/api/v1/shop/orders'), {
      method: 'POST',
      headers: { 'idempotency-key': `bench-${crypto.randomUUID()}` },
      json: {
        lines: [{ variantId, quantity: 1 }],
        email: 'bench@example.com',
        shippingAddress: { name: 'Bench', line1: '1 Main Street', postalCode: '1234', city: 'Town', country: 'LU' },
        shippingMethodId: method.id,
        paymentMethod: 'bank_transfer',
      },
    });
    await response.arrayBuffer();
    return response.status;
  };

  console.log(`\nCheckout bench (wrangler dev / workerd on this machine, embedded Postgres)\n`);
  const raceRates: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // 10 available: on hand is what earlier rounds reserved plus 10.
    const reserved = await reservedOf(hot);
    await setStock(db, vendor.id, [{ variantId: hot, locationId, onHand: 10 + reserved }], { events: false });
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: BUYERS }, () => place(hot)));
    const seconds = (performance.now() - started) / 1000;
    const ok = statuses.filter((s) => s === 201).length;
    const refused = statuses.filter((s) => s === 409).length;
    raceRates.push(BUYERS / seconds);
    console.log(
      `race ${round}: ${BUYERS} buyers, 10 units: ${ok} placed, ${refused} INSUFFICIENT_STOCK, ` +
        `${statuses.length - ok - refused} other; ${(seconds * 1000).toFixed(0)} ms → ${(BUYERS / seconds).toFixed(0)} checkouts/s`,
    );
  }
  const median = [...raceRates].sort((a, b) => a - b)[Math.floor(raceRates.length / 2)] ?? 0;
  console.log(`race median: ${median.toFixed(0)} checkouts/s`);

  await setStock(db, vendor.id, [{ variantId: hot, locationId, onHand: 1_000_000 + (await reservedOf(hot)) }], { events: false });
  await setStock(
    db,
    vendor.id,
    variantIds.slice(1).map((variantId) => ({ variantId, locationId, onHand: 1_000_000 })),
    { events: false },
  );
  for (const [name, pick] of [
    ['one hot SKU', () => hot],
    ['50 SKUs', () => variantIds[1 + Math.floor(Math.random() * 50)] ?? hot],
  ] as const) {
    let placed = 0;
    let failed = 0;
    const latencies: number[] = [];
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          const status = await place(pick());
          latencies.push(performance.now() - t);
          if (status === 201) placed++;
          else failed++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const p = (q: number) => (latencies[Math.floor(latencies.length * q)] ?? 0).toFixed(0);
    console.log(
      `sustained, ${name}, ${CONNECTIONS} clients: ${(placed / seconds).toFixed(0)} orders/s ` +
        `(${placed} placed, ${failed} failed), p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`,
    );
  }
} finally {
  await db.close();
  await platform.stop();
}

async function reservedOf(variantId: string): Promise<number> {
  const { sql } = await import('drizzle-orm');
  const [rows] = await db
    .platform()
    .read(
      (q) =>
        [
          q.execute<{ r: number }>(
            sql`select coalesce(sum(reserved), 0)::int as r from inventory_levels where variant_id = ${variantId}`,
          ),
        ] as const,
    );
  return Number(rows.rows[0]?.r ?? 0);
}
